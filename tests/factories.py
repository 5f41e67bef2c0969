"""Small factories for synthetic test data (no real personal data anywhere)."""

from __future__ import annotations

import itertools
from typing import Any

from django_otp.plugins.otp_totp.models import TOTPDevice

from tipsom.core.choices import ROLES_REQUIRING_2FA, OrganisationType
from tipsom.core.models import ContactPoint, Membership, Organisation, User

_counter = itertools.count(1)
PASSWORD = "correct horse battery staple"


def organisation(name: str | None = None, **fields: Any) -> Organisation:
    n = next(_counter)
    fields.setdefault("type", OrganisationType.NGO)
    fields.setdefault("province", "PK-PB")
    return Organisation.objects.create(name=name or f"Organisation {n}", **fields)


def user(
    *memberships: tuple[Organisation, str],
    username: str | None = None,
    password: str = PASSWORD,
    **fields: Any,
) -> User:
    """A user holding each (organisation, role) given."""
    u = User(username=username or f"user{next(_counter)}", **fields)
    u.set_password(password)
    u.save()
    for org, role in memberships:
        Membership.objects.create(user=u, organisation=org, role=role)
    return u


def contact_point(org: Organisation, **fields: Any) -> ContactPoint:
    n = next(_counter)
    fields.setdefault("name", f"Test Person {n}")
    fields.setdefault("email", f"person{n}@example.org")
    fields.setdefault("phone", f"+92300{1000000 + n}")
    return ContactPoint.objects.create(organisation=org, **fields)


def needs_second_factor(u: User) -> bool:
    return u.is_superuser or u.memberships.filter(role__in=ROLES_REQUIRING_2FA).exists()


def sign_in(client: Any, u: User) -> Any:
    """Log the test client in as ``u``, with a verified second factor where the role needs one."""
    client.force_login(u)
    if needs_second_factor(u):
        device = TOTPDevice.objects.filter(
            user=u, confirmed=True
        ).first() or TOTPDevice.objects.create(user=u, name="test", confirmed=True)
        session = client.session
        session["otp_device_id"] = device.persistent_id
        session.save()
    return client
