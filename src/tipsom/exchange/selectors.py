"""Reads of data exchange, all through `restrict`."""

from __future__ import annotations

import json
from typing import Any

from django.db.models import QuerySet

from tipsom.cases.models import Case, CaseRole, Person
from tipsom.core.models import Organisation
from tipsom.core.querysets import access_for, allows
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


def row_detail(user: Any, pk: Any, action: str = "view") -> ImportRow:
    return get_restricted(ImportRow.objects.select_related("batch"), user, pk, action)


def writes_cases(user: Any, organisation: Organisation) -> bool:
    """Whether ``user`` may add and change ``organisation``'s cases and persons, as an
    import does (besides the ``importbatch`` grant)."""
    return all(
        allows(user, resource, action, organisation)
        for resource in ("case", "person")
        for action in ("add", "change")
    )


def import_organisations(user: Any) -> QuerySet[Organisation]:
    """Active organisations the user may import into (the import grant and case writes)."""
    candidates = Organisation.objects.filter(is_active=True)
    access = access_for(user, "importbatch", "add")
    if not access.network:
        candidates = candidates.filter(pk__in=access.organisation_ids)
    ids = [o.pk for o in candidates if writes_cases(user, o)]
    return Organisation.objects.filter(pk__in=ids)


def export_organisations(user: Any) -> QuerySet[Organisation]:
    access = access_for(user, "case", "export")
    if access.network:
        return Organisation.objects.filter(is_active=True)
    return Organisation.objects.filter(pk__in=access.organisation_ids)
