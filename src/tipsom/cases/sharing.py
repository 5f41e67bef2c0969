"""Parts of a case shared with people outside the owning organisation's reach.

The permission matrix decides who sees a case as a whole. Another app (referrals) can grant a
user some *sections* of a case on top of that: the receiver of a referral sees what the
referrer chose to share, and may record services while the referral is accepted. Such apps
register a provider here; the case pages and the API ask `access()` and show nothing else.
The cases app never imports its providers, so it stays below them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext_lazy as _

# The parts of a case, in the order the case page shows them. The summary (case number, type,
# status, stage, dates) is always visible to anyone who has any access to the case.
SECTIONS: dict[str, Any] = {
    "identity": _("Identity: names, documents, phones, addresses"),
    "screening": _("Screening"),
    "route": _("Route: recruitment, transit, exploitation"),
    "consent": _("Consent"),
    "support": _("Assistance: support plans, services, follow-ups"),
    "comments": _("Comments"),
}
ALL_SECTIONS = frozenset(SECTIONS)
# Sections a receiver may add records to (services, follow-ups) while a referral is accepted.
WRITABLE_SECTIONS = frozenset({"support"})


@dataclass(frozen=True)
class Share:
    readable: frozenset[str] = frozenset()
    writable: frozenset[str] = frozenset()

    def __or__(self, other: Share) -> Share:
        return Share(self.readable | other.readable, self.writable | other.writable)


Provider = Callable[[Any, Any], Share]
_PROVIDERS: list[Provider] = []


def register(provider: Provider) -> None:
    """Add ``provider(user, case) -> Share``; called from an app's ``ready()``."""
    if provider not in _PROVIDERS:
        _PROVIDERS.append(provider)


def shared(user: Any, case: Any) -> Share:
    """What every provider grants ``user`` in ``case`` (nothing for anonymous users)."""
    share = Share()
    if user is None or not user.is_authenticated:
        return share
    for provider in _PROVIDERS:
        share |= provider(user, case)
    return share


def section_choices() -> list[tuple[str, Any]]:
    return list(SECTIONS.items())


# Panels other apps add to the case page: ``panel(user, case) -> (template, context) | None``.
Panel = Callable[[Any, Any], tuple[str, dict[str, Any]] | None]
_PANELS: list[Panel] = []


def register_panel(panel: Panel) -> None:
    if panel not in _PANELS:
        _PANELS.append(panel)


def panels(user: Any, case: Any) -> list[tuple[str, dict[str, Any]]]:
    return [made for panel in _PANELS if (made := panel(user, case)) is not None]
