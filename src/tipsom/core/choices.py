"""Code lists of the core app: organisation types, roles, scopes and actions."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class OrganisationType(models.TextChoices):
    UN_AGENCY = "un_agency", _("UN agency")
    GOVERNMENT = "government", _("Government ministry or department")
    LAW_ENFORCEMENT = "law_enforcement", _("Law enforcement")
    NGO = "ngo", _("NGO / civil-society organisation")
    MEDIA = "media", _("Media")
    PRIVATE_SECTOR = "private_sector", _("Private sector")
    ACADEMIA = "academia", _("Academia")
    DONOR = "donor", _("Donor")


class NetworkStatus(models.TextChoices):
    MEMBER = "member", _("Member")
    OBSERVER = "observer", _("Observer")
    NON_MEMBER = "non_member", _("Not a member")


class Role(models.TextChoices):
    CASEWORKER = "caseworker", _("Caseworker")
    SUPERVISOR = "supervisor", _("Supervisor")
    INVESTIGATOR = "investigator", _("Investigator")
    PROSECUTOR = "prosecutor", _("Prosecutor")
    DATA_OFFICER = "data_officer", _("Data officer")
    SECRETARIAT = "secretariat", _("Network secretariat")
    PROGRAMME_MANAGER = "programme_manager", _("Programme manager")
    ORG_ADMIN = "org_admin", _("Organisation admin")
    SYSTEM_ADMIN = "system_admin", _("System admin")
    AUDITOR = "auditor", _("Auditor")


# Roles whose holders must sign in with a second factor.
ROLES_REQUIRING_2FA = frozenset({Role.ORG_ADMIN, Role.SYSTEM_ADMIN, Role.AUDITOR})

# Roles an organisation admin may grant inside their own organisation. Network-wide roles
# (secretariat, auditor, system admin) are granted by a system admin only.
ROLES_GRANTABLE_BY_ORG_ADMIN = frozenset(
    {
        Role.CASEWORKER,
        Role.SUPERVISOR,
        Role.INVESTIGATOR,
        Role.PROSECUTOR,
        Role.DATA_OFFICER,
        Role.PROGRAMME_MANAGER,
        Role.ORG_ADMIN,
    }
)


class Scope(models.IntegerChoices):
    """How far a permission reaches. Ordered: a wider scope includes the narrower ones."""

    OWN = 1, _("Own records")
    ORGANISATION = 2, _("Organisation")
    NETWORK = 3, _("Network-wide")


class Action(models.TextChoices):
    VIEW = "view", _("View")
    ADD = "add", _("Add")
    CHANGE = "change", _("Change")
    DELETE = "delete", _("Delete")
    EXPORT = "export", _("Export")


class AuditAction(models.TextChoices):
    CREATE = "create", _("Create")
    UPDATE = "update", _("Update")
    DELETE = "delete", _("Delete")
    VIEW = "view", _("View")
    EXPORT = "export", _("Export")
    LOGIN = "login", _("Sign-in")
    LOGIN_FAILED = "login_failed", _("Failed sign-in")
    LOGOUT = "logout", _("Sign-out")
    LOCKOUT = "lockout", _("Account locked")
    SYSTEM = "system", _("System action")


class JobStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Running")
    SUCCEEDED = "succeeded", _("Succeeded")
    FAILED = "failed", _("Failed")
