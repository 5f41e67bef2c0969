"""Sign-in: Argon2, lockout, second factor, session expiry, security headers."""

from __future__ import annotations

import time

import pytest
from django.conf import settings as django_settings
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests import factories
from tipsom.core.choices import AuditAction, Role
from tipsom.core.models import AuditEntry, Membership


@pytest.fixture
def org(db):
    return factories.organisation("Sign-in Org")


def _sign_in(client, username, password=factories.PASSWORD):
    return client.post(reverse("core:login"), {"username": username, "password": password})


def test_production_hasher_is_argon2():
    # The suite swaps in a fast hasher (conftest.py); the settings module itself uses Argon2.
    from tipsom.config import settings as module

    assert module.PASSWORD_HASHERS[0].endswith("Argon2PasswordHasher")
    assert django_settings.AUTH_PASSWORD_VALIDATORS


def test_sign_in_and_out_are_audited(client, org):
    factories.user((org, Role.CASEWORKER), username="kw")
    response = _sign_in(client, "kw")
    assert response.status_code == 302 and response["Location"] == reverse("core:home")
    client.post(reverse("core:logout"))
    actions = list(AuditEntry.objects.order_by("seq").values_list("action", flat=True))
    assert actions[-2:] == [AuditAction.LOGIN, AuditAction.LOGOUT]


def test_account_locks_after_repeated_failures(client, org, settings):
    factories.user((org, Role.CASEWORKER), username="kw")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        response = _sign_in(client, "kw", "wrong password")
    assert response.status_code in (403, 429)
    # Even the right password is refused while locked.
    response = _sign_in(client, "kw")
    assert response.status_code in (403, 429)
    assert "_auth_user_id" not in client.session
    assert AuditEntry.objects.filter(action=AuditAction.LOGIN_FAILED).count() >= 4
    assert AuditEntry.objects.filter(action=AuditAction.LOCKOUT).exists()


def test_lockout_is_per_account(client, org, settings):
    factories.user((org, Role.CASEWORKER), username="kw")
    factories.user((org, Role.CASEWORKER), username="colleague")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _sign_in(client, "kw", "wrong password")
    # A colleague behind the same office address can still sign in.
    assert _sign_in(client, "colleague").status_code == 302


def test_admin_roles_must_set_up_a_second_factor(client, org):
    factories.user((org, Role.ORG_ADMIN), username="admin1")
    _sign_in(client, "admin1")
    response = client.get(reverse("core:user_list"))
    assert response.status_code == 302
    assert response["Location"] == reverse("core:two_factor_setup")
    # Setting it up with a real code from the shared secret turns it on and lets them in.
    client.get(reverse("core:two_factor_setup"))
    device = TOTPDevice.objects.get(user__username="admin1", confirmed=False)
    code = f"{totp(device.bin_key):06d}"
    response = client.post(reverse("core:two_factor_setup"), {"token": code})
    assert response.status_code == 302
    assert client.get(reverse("core:user_list")).status_code == 200
    assert TOTPDevice.objects.get(user__username="admin1").confirmed


def test_second_factor_is_asked_at_every_sign_in_once_set_up(client, org, settings):
    settings.OTP_TOTP_THROTTLE_FACTOR = 0  # django-otp otherwise makes a retry wait a second
    user = factories.user((org, Role.CASEWORKER), username="kw")
    device = TOTPDevice.objects.create(user=user, name="phone", confirmed=True)
    _sign_in(client, "kw")
    response = client.get(reverse("core:organisation_list"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("core:two_factor_verify"))
    bad = client.post(reverse("core:two_factor_verify"), {"token": "000000"})
    assert bad.status_code == 200 and "did not match" in bad.content.decode()
    good = client.post(
        reverse("core:two_factor_verify"),
        {"token": f"{totp(device.bin_key):06d}", "next": "/organisations/"},
    )
    assert good.status_code == 302 and good["Location"] == "/organisations/"
    assert client.get(reverse("core:organisation_list")).status_code == 200


def test_second_factor_is_optional_for_caseworkers(client, org):
    factories.user((org, Role.CASEWORKER), username="kw")
    _sign_in(client, "kw")
    assert client.get(reverse("core:organisation_list")).status_code == 200


def test_verify_page_refuses_open_redirects(client, org):
    user = factories.user((org, Role.CASEWORKER), username="kw")
    device = TOTPDevice.objects.create(user=user, name="phone", confirmed=True)
    _sign_in(client, "kw")
    response = client.post(
        reverse("core:two_factor_verify"),
        {"token": f"{totp(device.bin_key):06d}", "next": "https://evil.example/"},
    )
    assert response["Location"] == "/"


def test_sessions_end_after_their_absolute_lifetime(client, org, settings):
    factories.user((org, Role.CASEWORKER), username="kw")
    _sign_in(client, "kw")
    assert client.get(reverse("core:home")).status_code == 200
    session = client.session
    session["tipsom_signed_in_at"] = time.time() - settings.TIPSOM_SESSION_MAX_HOURS * 3600 - 1
    session.save()
    response = client.get(reverse("core:home"))
    assert response.status_code == 302 and "/sign-in/" in response["Location"]
    assert client.get(reverse("core:home")).status_code == 302


def test_security_headers(client, org):
    factories.user((org, Role.CASEWORKER), username="kw")
    _sign_in(client, "kw")
    response = client.get(reverse("core:home"))
    csp = response["Content-Security-Policy"]
    assert "default-src 'self'" in csp and "frame-ancestors 'none'" in csp
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "no-store" in response["Cache-Control"]
    assert response.cookies["sessionid"]["httponly"]


def test_csrf_is_enforced(org):
    from django.test import Client

    factories.user((org, Role.CASEWORKER), username="kw")
    strict = Client(enforce_csrf_checks=True)
    response = strict.post(
        reverse("core:login"), {"username": "kw", "password": factories.PASSWORD}
    )
    assert response.status_code == 403


def test_an_admin_role_granted_during_a_session_soon_requires_a_second_factor(client, org):
    user = factories.user((org, Role.CASEWORKER), username="kw")
    _sign_in(client, "kw")
    assert client.get(reverse("core:home")).status_code == 200
    Membership.objects.create(user=user, organisation=org, role=Role.ORG_ADMIN)
    session = client.session
    session["tipsom_no_second_factor_until"] = time.time() - 1  # the five minutes are over
    session.save()
    response = client.get(reverse("core:home"))
    assert response.status_code == 302 and response["Location"] == reverse("core:two_factor_setup")


def test_the_session_is_refreshed_at_most_once_a_minute(client, org):
    factories.user((org, Role.CASEWORKER), username="kw")
    _sign_in(client, "kw")
    first = client.get(reverse("core:home"))
    assert "sessionid" in first.cookies  # refreshed: the idle clock restarts
    second = client.get(reverse("core:home"))
    assert "sessionid" not in second.cookies  # within the minute: no rewrite
