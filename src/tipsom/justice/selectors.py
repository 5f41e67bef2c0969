"""Every read of the criminal-justice records, through `restrict`."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from tipsom.cases.models import Case
from tipsom.core.querysets import access_for
from tipsom.core.selectors import can, get_restricted
from tipsom.justice.models import Fir, Offence


def offences() -> QuerySet[Offence]:
    return Offence.objects.filter(is_active=True)


def firs(user: Any) -> QuerySet[Fir]:
    return Fir.objects.restrict(user).select_related("organisation").prefetch_related("offences")


def fir_detail(user: Any, pk: Any) -> Fir:
    return get_restricted(Fir.objects.select_related("organisation"), user, pk)


def proceedings(user: Any, case: Case) -> list[dict[str, Any]] | None:
    """That a case the user sees has criminal proceedings, and how far they have come: the
    agency, the FIR's status and date. Not the file (no suspects, no offences' details).
    None when the user may not know, or there are none."""
    if access_for(user, "proceedings", "view").none or not can(user, case, "view"):
        return None
    found = [
        {
            "agency": fir.organisation.acronym or fir.organisation.name,
            "status": fir.get_status_display(),
            "registered_on": fir.registered_on,
        }
        for fir in Fir.objects.filter(cases=case).select_related("organisation")
    ]
    return found or None
