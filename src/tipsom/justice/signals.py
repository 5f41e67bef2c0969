"""Every person created one by one (forms, API, suspects) is checked against the watchlist
in the same transaction. Bulk loads (imports' fast path, demo data) write rows without
signals; their persons are not checked here."""

from __future__ import annotations

from typing import Any


def person_created(sender: Any, instance: Any, created: bool, raw: bool = False, **_: Any) -> None:
    if created and not raw:
        from tipsom.justice.services import check_person

        check_person(instance)


def document_added(sender: Any, instance: Any, created: bool, raw: bool = False, **_: Any) -> None:
    """A document added later may be the wanted person's."""
    if created and not raw:
        from tipsom.justice.services import check_person

        check_person(instance.person)
