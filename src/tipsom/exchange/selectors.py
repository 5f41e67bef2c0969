"""Reads of data exchange, all through `restrict`."""

from __future__ import annotations

import json
from typing import Any

from django.db.models import QuerySet

from tipsom.cases.models import Case, CaseRole, Person
from tipsom.core.models import Organisation
from tipsom.core.selectors import get_restricted
from tipsom.exchange.models import ImportBatch, ImportRow


def exportable_roles(user: Any, organisation: Organisation | None = None) -> QuerySet[CaseRole]:
    """Every person-in-a-case the user may export (both the case and the person)."""
    cases = Case.objects.restrict(user, "export")
    if organisation is not None:
        cases = cases.filter(organisation=organisation)
    return CaseRole.objects.filter(
        case__in=cases.values("pk"),
        person__in=Person.objects.restrict(user, "export").values("pk"),
    )


def batches(user: Any) -> QuerySet[ImportBatch]:
    return ImportBatch.objects.restrict(user, "view").select_related("organisation", "created_by")


def batch_detail(user: Any, pk: Any, action: str = "view") -> ImportBatch:
    return get_restricted(ImportBatch.objects.select_related("organisation"), user, pk, action)


def quarantine(user: Any, batch: ImportBatch | None = None) -> QuerySet[ImportRow]:
    rows = ImportRow.objects.restrict(user, "view").select_related("batch")
    return rows.filter(batch=batch) if batch is not None else rows


def problems_of(row: ImportRow) -> list[dict[str, Any]]:
    return list(json.loads(row.problems or "[]"))


def values_of(row: ImportRow) -> dict[str, str]:
    return dict(json.loads(row.values or "{}"))
