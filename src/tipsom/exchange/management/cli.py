"""What the import and export commands share: who acts, for which organisation."""

from __future__ import annotations

from typing import Any

from django.core.management.base import CommandError

from tipsom.core.models import Organisation, User


def user_named(username: str) -> Any:
    user = User.objects.filter(username=username, is_active=True).first()
    if user is None:
        raise CommandError(f"no active user {username!r}: --user names the person acting")
    return user


def organisation_named(value: str | None) -> Organisation | None:
    if not value:
        return None
    lookup = {"pk": int(value)} if value.isdigit() else {"acronym__iexact": value}
    organisation = Organisation.objects.filter(**lookup).first()
    if organisation is None:
        raise CommandError(f"no organisation {value!r}: give its acronym or id")
    return organisation
