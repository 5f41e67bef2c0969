"""tipsom settings, driven by the environment.

Defaults give a working development site on SQLite with generated local secrets.
``TIPSOM_ENV=production`` switches on the deployment hardening that
``manage.py check --deploy`` asks for and requires every secret from the environment.
See docs/security.md for the keys and what each protects.
"""

from __future__ import annotations

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.utils.translation import gettext_lazy as _

from tipsom.config import secrets as tipsom_secrets

PACKAGE_DIR = Path(__file__).resolve().parent.parent
BASE_DIR = Path(os.environ.get("TIPSOM_BASE_DIR", PACKAGE_DIR.parent.parent))
DATA_DIR = Path(os.environ.get("TIPSOM_DATA_DIR", BASE_DIR / "var"))


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name)
    return int(value) if value else default


TIPSOM_ENV = os.environ.get("TIPSOM_ENV", "development")
PRODUCTION = TIPSOM_ENV == "production"
DEBUG = env_bool("TIPSOM_DEBUG", default=not PRODUCTION)

SECRETS_FILE = Path(os.environ.get("TIPSOM_SECRETS_FILE", DATA_DIR / "secrets.json"))
_secrets = tipsom_secrets.load(SECRETS_FILE, production=PRODUCTION)
SECRET_KEY = _secrets["TIPSOM_SECRET_KEY"]
# Old secret keys still accepted for sessions and signed values while they expire.
SECRET_KEY_FALLBACKS = [
    k.strip() for k in os.environ.get("TIPSOM_SECRET_KEY_FALLBACKS", "").split(",") if k.strip()
]
# Field encryption keys, "id:key" separated by commas; the first encrypts, all decrypt.
TIPSOM_FIELD_KEYS = _secrets["TIPSOM_FIELD_KEYS"]
TIPSOM_BLIND_INDEX_KEY = _secrets["TIPSOM_BLIND_INDEX_KEY"]
TIPSOM_AUDIT_KEY = _secrets["TIPSOM_AUDIT_KEY"]

ALLOWED_HOSTS = [
    h.strip()
    for h in os.environ.get(
        "TIPSOM_ALLOWED_HOSTS", "" if PRODUCTION else "127.0.0.1,localhost"
    ).split(",")
    if h.strip()
]
# Number of reverse proxies in front of the app whose X-Forwarded-For entries are trusted for
# the client address recorded in the audit log (0: use the connection's address).
TIPSOM_TRUSTED_PROXY_HOPS = env_int("TIPSOM_TRUSTED_PROXY_HOPS", 0)
# The total epsilon each dataset may spend over all its differentially private releases.
TIPSOM_PRIVACY_EPSILON = float(os.environ.get("TIPSOM_PRIVACY_EPSILON", "10"))
CSRF_TRUSTED_ORIGINS = [
    o.strip() for o in os.environ.get("TIPSOM_CSRF_TRUSTED_ORIGINS", "").split(",") if o.strip()
]

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "drf_spectacular",
    "django_htmx",
    "csp",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_tasks",
    "django_tasks_db",
    "tipsom.core",
    "tipsom.cases",
    "tipsom.referrals",
    "tipsom.exchange",
    "tipsom.linkage",
    "tipsom.insights",
    "tipsom.justice",
    "tipsom.network",
    "tipsom.programme",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "tipsom.core.middleware.SessionPolicyMiddleware",
    "tipsom.core.middleware.SecurityHeadersMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "tipsom.config.urls"
WSGI_APPLICATION = "tipsom.config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "tipsom.core.context_processors.navigation",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{DATA_DIR / 'tipsom.sqlite3'}"),
        conn_max_age=env_int("TIPSOM_DB_CONN_MAX_AGE", 0),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the web server read while the job worker writes.
    DATABASES["default"].setdefault("OPTIONS", {})["init_command"] = (
        "PRAGMA journal_mode=WAL; PRAGMA busy_timeout=10000;"
    )
    DATABASES["default"]["OPTIONS"]["transaction_mode"] = "IMMEDIATE"
elif DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # The web app runs many small queries at once; a parallel worker's start-up costs more
    # than it saves on them and competes for the same cores (measured in docs/performance.md).
    workers = env_int("TIPSOM_DB_PARALLEL_WORKERS", 0)
    options = DATABASES["default"].setdefault("OPTIONS", {})
    options["options"] = (  # kept beside any options the DATABASE_URL gives
        f"{options.get('options', '')} -c max_parallel_workers_per_gather={workers}".strip()
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "core.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "core:login"
LOGIN_REDIRECT_URL = "core:home"
LOGOUT_REDIRECT_URL = "core:login"

# Lockout: per account, so many caseworkers behind one office address are not locked together.
AXES_FAILURE_LIMIT = env_int("TIPSOM_LOCKOUT_FAILURES", 5)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("TIPSOM_LOCKOUT_MINUTES", 30))
AXES_LOCKOUT_PARAMETERS = ["username"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "core/locked_out.html"
AXES_VERBOSE = False

SILENCED_SYSTEM_CHECKS = [
    # Lockout is per account on purpose: caseworkers often share one office or mobile-carrier
    # address, and locking the address would lock a whole shelter out. Address-based rate
    # limiting belongs to the reverse proxy (docs/security.md).
    "axes.W006",
]

# Sessions end after idle time and, whatever the activity, after an absolute lifetime.
SESSION_COOKIE_AGE = 60 * env_int("TIPSOM_SESSION_IDLE_MINUTES", 30)
# The session is refreshed (and its idle clock restarted) at most once a minute, by
# SessionPolicyMiddleware, rather than rewritten on every request.
SESSION_SAVE_EVERY_REQUEST = False
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
TIPSOM_SESSION_MAX_HOURS = env_int("TIPSOM_SESSION_MAX_HOURS", 12)
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True

OTP_TOTP_ISSUER = "tipsom"

SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "base-uri": [SELF],
        "object-src": [NONE],
    }
}

if PRODUCTION:
    SECURE_SSL_REDIRECT = env_bool("TIPSOM_SSL_REDIRECT", True)
    SECURE_HSTS_SECONDS = env_int("TIPSOM_HSTS_SECONDS", 60 * 60 * 24 * 365)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = env_bool("TIPSOM_HSTS_PRELOAD", False)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SILENCED_SYSTEM_CHECKS += [
        # HSTS preload is a commitment for the whole domain; the operator opts in with
        # TIPSOM_HSTS_PRELOAD=1 once every subdomain serves HTTPS.
        "security.W021",
    ]

LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("ur", _("Urdu"))]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
TIME_ZONE = os.environ.get("TIPSOM_TIME_ZONE", "Asia/Karachi")
# Region assumed for phone numbers written without a country code (ISO 3166-1 alpha-2).
TIPSOM_PHONE_REGION = os.environ.get("TIPSOM_PHONE_REGION", "PK")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = DATA_DIR / "static"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
WHITENOISE_USE_FINDERS = not PRODUCTION
if not PRODUCTION:
    STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # WhiteNoise expects it even when empty
# Job result files hold personal data: kept outside any served directory and handed out
# only by a permission-checked view.
MEDIA_ROOT = DATA_DIR / "files"
MEDIA_URL = "/files/"

EMAIL_BACKEND = os.environ.get(
    "TIPSOM_EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend"
    if PRODUCTION
    else "django.core.mail.backends.console.EmailBackend",
)
DEFAULT_FROM_EMAIL = os.environ.get("TIPSOM_FROM_EMAIL", "tipsom@localhost")
# The site's address as users reach it, for links in e-mails.
TIPSOM_SITE_URL = os.environ.get("TIPSOM_SITE_URL", "http://127.0.0.1:8000")
# Largest file the web upload takes, in MB (bigger files go through `tipsom import`).
TIPSOM_MAX_UPLOAD_MB = env_int("TIPSOM_MAX_UPLOAD_MB", 100)
# Uploads stay in memory: an import file holds names and must not touch the disk in clear
# (the import seals it before it is stored). Larger files are refused, not spooled.
FILE_UPLOAD_HANDLERS = ["django.core.files.uploadhandler.MemoryFileUploadHandler"]
FILE_UPLOAD_MAX_MEMORY_SIZE = TIPSOM_MAX_UPLOAD_MB << 20
# Rows an import takes in one transaction (and how far back a killed import resumes).
TIPSOM_IMPORT_CHUNK = env_int("TIPSOM_IMPORT_CHUNK", 2000)
# Days a receiving organisation has to answer a referral before it counts as overdue.
TIPSOM_REFERRAL_RESPONSE_DAYS = env_int("TIPSOM_REFERRAL_RESPONSE_DAYS", 3)

TASKS = {
    "default": {
        "BACKEND": os.environ.get("TIPSOM_TASK_BACKEND", "django_tasks_db.DatabaseBackend"),
        "QUEUES": ["default"],
    }
}

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.LimitOffsetPagination",
    "PAGE_SIZE": 50,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "tipsom API",
    "DESCRIPTION": "Case management, referral and statistics for TIP and SOM networks.",
    "VERSION": "0.1.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_PERMISSIONS": ["rest_framework.permissions.IsAuthenticated"],
    # One schema enum per code list, named after it.
    "ENUM_NAME_OVERRIDES": {
        "OrganisationTypeEnum": "tipsom.core.choices.OrganisationType",
        "NetworkStatusEnum": "tipsom.core.choices.NetworkStatus",
        "RoleEnum": "tipsom.core.choices.Role",
        "ActionEnum": "tipsom.core.choices.Action",
        "AuditActionEnum": "tipsom.core.choices.AuditAction",
        "JobStatusEnum": "tipsom.core.choices.JobStatus",
        "LinkageRunKindEnum": "tipsom.linkage.choices.RunKind",
        "LinkageDecisionKindEnum": "tipsom.linkage.choices.DecisionKind",
        "LinkageRunStatusEnum": "tipsom.linkage.choices.RunStatus",
        "MatchPairStatusEnum": "tipsom.linkage.choices.PairStatus",
        "ChargeOutcomeEnum": "tipsom.justice.choices.Outcome",
        "FirStatusEnum": "tipsom.justice.choices.FirStatus",
        "WatchlistHitStatusEnum": "tipsom.justice.choices.HitStatus",
        "LawEnum": "tipsom.justice.choices.Law",
        "RoleInProcessEnum": "tipsom.justice.choices.RoleInProcess",
        "FirShareAccessEnum": "tipsom.justice.choices.ShareAccess",
        "HearingKindEnum": "tipsom.justice.choices.HearingKind",
        "NetworkMeetingStatusEnum": "tipsom.network.choices.MeetingStatus",
        "ActionPointStatusEnum": "tipsom.network.choices.ActionStatus",
        "MeetingAttendanceStatusEnum": "tipsom.network.choices.AttendanceStatus",
        "FocalPointKindEnum": "tipsom.network.choices.FocalPointKind",
        "GovernanceRoleEnum": "tipsom.network.choices.GovernanceRole",
        "ProgrammeStatusEnum": "tipsom.programme.choices.ProgrammeStatus",
        "ReportingPeriodStatusEnum": "tipsom.programme.choices.PeriodStatus",
        "ProgressReportStatusEnum": "tipsom.programme.choices.ReportStatus",
        "PartnerRoleEnum": "tipsom.programme.choices.PartnerRole",
        "TransferKindEnum": "tipsom.programme.choices.TransferKind",
        "MarkerScoreEnum": "tipsom.programme.choices.MarkerScore",
        "SexEnum": "tipsom.cases.choices.Sex",
        "GenderEnum": "tipsom.cases.choices.Gender",
        "MaritalStatusEnum": "tipsom.cases.choices.MaritalStatus",
        "EducationEnum": "tipsom.cases.choices.Education",
        "DocumentTypeEnum": "tipsom.cases.choices.DocumentType",
        "PhoneKindEnum": "tipsom.cases.choices.PhoneKind",
        "ReferralKindEnum": "tipsom.referrals.choices.ReferralKind",
        "ReferralStateEnum": "tipsom.referrals.choices.ReferralState",
        "TargetGroupEnum": "tipsom.referrals.choices.TargetGroup",
        "CaseTypeEnum": "tipsom.cases.choices.CaseType",
        "CaseRoleTypeEnum": "tipsom.cases.choices.CaseRoleType",
        "CaseStatusEnum": "tipsom.cases.choices.CaseStatus",
        "CaseStageEnum": "tipsom.cases.choices.CaseStage",
        "TraffickingStatusEnum": "tipsom.cases.choices.TraffickingStatus",
        "DecisionMakingOrgEnum": "tipsom.cases.choices.DecisionMakingOrg",
        "RelationshipToTraffickerEnum": "tipsom.cases.choices.RelationshipToTrafficker",
        "IloIndicatorEnum": "tipsom.cases.choices.IloIndicator",
        "MethodOfControlEnum": "tipsom.cases.choices.MethodOfControl",
        "TypeOfExploitationEnum": "tipsom.cases.choices.TypeOfExploitation",
        "TypeOfSexExploitationEnum": "tipsom.cases.choices.TypeOfSexExploitation",
        "MethodOfRecruitmentEnum": "tipsom.cases.choices.MethodOfRecruitment",
        "PlatformEnum": "tipsom.cases.choices.Platform",
        "IndustryEnum": "tipsom.cases.choices.Industry",
        "SmugglingArrangedByEnum": "tipsom.cases.choices.SmugglingArrangedBy",
        "SmugglerRoleEnum": "tipsom.cases.choices.SmugglerRole",
        "EventTypeEnum": "tipsom.cases.choices.EventType",
        "DatePrecisionEnum": "tipsom.cases.choices.DatePrecision",
        "ConsentPurposeEnum": "tipsom.cases.choices.ConsentPurpose",
        "ConsentDecisionEnum": "tipsom.cases.choices.ConsentDecision",
        "SupportTypeEnum": "tipsom.cases.choices.SupportType",
        "ServiceStatusEnum": "tipsom.cases.choices.ServiceStatus",
        "FollowUpMethodEnum": "tipsom.cases.choices.FollowUpMethod",
    },
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("TIPSOM_LOG_LEVEL", "INFO")},
    "loggers": {
        # Request logs carry URLs only; no request bodies (which may hold names) are logged.
        "django.request": {"level": "WARNING"},
    },
}
