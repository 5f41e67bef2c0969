"""Writes: validation errors name the field and what is allowed; role grants are limited."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from tests import factories
from tipsom.core import services
from tipsom.core.choices import Role
from tipsom.core.models import AuditEntry, Membership, Organisation, User


@pytest.fixture
def org(db):
    return factories.organisation("Services Org")


@pytest.fixture
def sysadmin(org):
    return factories.user((org, Role.SYSTEM_ADMIN), username="sys")


def test_bad_province_names_the_field_and_the_allowed_codes(sysadmin):
    with pytest.raises(ValidationError) as info:
        services.create_organisation(sysadmin, {"name": "X", "type": "ngo", "province": "PK-ZZ"})
    message = info.value.message_dict["province"][0]
    assert "PK-ZZ" in message and "PK-PB" in message and "PK-SD" in message


def test_bad_type_and_country_are_named(sysadmin):
    with pytest.raises(ValidationError) as info:
        services.create_organisation(sysadmin, {"name": "X", "type": "club", "country": "XX"})
    assert {"type", "country"} <= set(info.value.message_dict)


def test_unknown_fields_are_refused_not_ignored(sysadmin, org):
    with pytest.raises(ValidationError, match="cannot be set here"):
        services.update_organisation(sysadmin, org, {"is_superuser": True})


def test_organisation_cannot_be_its_own_ancestor(sysadmin, org):
    child = services.create_organisation(sysadmin, {"name": "Child", "type": "ngo", "parent": org})
    with pytest.raises(ValidationError, match="under itself"):
        services.update_organisation(sysadmin, org, {"parent": child})


def test_org_admin_creates_users_in_their_organisation_only(org):
    admin = factories.user((org, Role.ORG_ADMIN))
    other = factories.organisation("Other Org")
    user, password = services.create_user(admin, org, username="new.kw", roles=[Role.CASEWORKER])
    assert user.check_password(password)
    assert Membership.objects.filter(user=user, organisation=org, role=Role.CASEWORKER).exists()
    with pytest.raises(PermissionDenied):
        services.create_user(admin, other, username="intruder", roles=[Role.CASEWORKER])
    assert not User.objects.filter(username="intruder").exists()


@pytest.mark.parametrize("role", [Role.AUDITOR, Role.SYSTEM_ADMIN, Role.SECRETARIAT])
def test_org_admin_cannot_grant_network_wide_roles(org, role):
    admin = factories.user((org, Role.ORG_ADMIN))
    with pytest.raises(PermissionDenied, match="system admin"):
        services.create_user(admin, org, username="x", roles=[role])
    kw = factories.user((org, Role.CASEWORKER))
    with pytest.raises(PermissionDenied):
        services.set_roles(admin, kw, org, [Role.CASEWORKER, role])
    assert not kw.memberships.filter(role=role).exists()


def test_role_changes_are_audited_with_before_and_after(org):
    admin = factories.user((org, Role.ORG_ADMIN))
    kw = factories.user((org, Role.CASEWORKER))
    services.set_roles(admin, kw, org, [Role.CASEWORKER, Role.SUPERVISOR])
    entry = AuditEntry.objects.order_by("-seq").first()
    assert entry.changes == {"roles": [["caseworker"], ["caseworker", "supervisor"]]}


def test_weak_passwords_are_refused(org):
    admin = factories.user((org, Role.ORG_ADMIN))
    with pytest.raises(ValidationError):
        services.create_user(admin, org, username="weak", password="password")


def test_form_errors_keep_what_was_typed(client, org):
    admin = factories.user((org, Role.SYSTEM_ADMIN))
    factories.sign_in(client, admin)
    response = client.post(
        reverse("core:organisation_add"),
        {
            "name": "Typed Name",
            "type": "ngo",
            "country": "PK",
            "province": "PK-ZZ",
            "network_status": "member",
        },
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "Typed Name" in body and "PK-ZZ" in body and "is not a subdivision" in body
    assert not Organisation.objects.filter(name="Typed Name").exists()


def test_api_errors_name_the_field(client, org):
    admin = factories.user((org, Role.SYSTEM_ADMIN))
    factories.sign_in(client, admin)
    response = client.post(
        reverse("api:organisation-list"),
        {"name": "Api Org", "type": "ngo", "province": "PK-ZZ"},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert "province" in response.json()


def test_contact_phone_is_validated_and_stored_in_e164(client, org):
    admin = factories.user((org, Role.ORG_ADMIN))
    factories.sign_in(client, admin)
    url = reverse("core:contact_point_add", args=[org.pk])
    bad = client.post(url, {"name": "P", "phone": "12"})
    assert "is not a valid phone number" in bad.content.decode()
    client.post(url, {"name": "P", "phone": "0300 1234567"})
    assert org.contact_points.get().phone == "+923001234567"
