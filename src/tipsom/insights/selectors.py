"""Reads of the statistics: the latest extract, the indicators computed over it with the
user's filters, the population estimate, and the method notes that go with them."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import duckdb
from django.core.exceptions import PermissionDenied, ValidationError

from tipsom.core.querysets import access_for
from tipsom.engine import estimation
from tipsom.engine.indicators import Filters, Report, compute_all, schema
from tipsom.insights.models import Extract

PROVINCES = ("PK-PB", "PK-SD", "PK-KP", "PK-BA", "PK-IS", "PK-JK", "PK-GB")
MSE_LISTS = 5  # the largest registers kept as lists of their own; the rest form one list


def may_view(user: Any) -> bool:
    return not access_for(user, "statistics", "view").none


def may_take(user: Any) -> bool:
    return not access_for(user, "statistics", "add").none


def require_view(user: Any) -> None:
    if not may_view(user):
        raise PermissionDenied("you may not see the statistics")


def latest(user: Any) -> Extract | None:
    require_view(user)
    return Extract.objects.restrict(user).order_by("-pk").first()


def directory(found: Extract) -> Path:
    from tipsom.insights.services import root

    return root() / found.directory


def filters_from(params: Mapping[str, Any]) -> Filters:
    """Filters from a query string; a bad value is refused naming the parameter and what is
    allowed."""
    problems: dict[str, str] = {}
    years: dict[str, int | None] = {}
    for name in ("year_from", "year_to"):
        raw = str(params.get(name) or "").strip()
        years[name] = None
        if raw:
            if raw.isdigit() and 1900 <= int(raw) <= 2100:
                years[name] = int(raw)
            else:
                problems[name] = f"'{raw}' is not a year; give four digits, e.g. 2025"
    if years["year_from"] and years["year_to"] and years["year_from"] > years["year_to"]:
        problems["year_to"] = "the last year comes before the first"
    province = str(params.get("province") or "").strip().upper() or None
    if province and province not in PROVINCES:
        problems["province"] = f"'{province}' is not a province; allowed: {', '.join(PROVINCES)}"
    organisation = str(params.get("organisation") or "").strip() or None
    if problems:
        raise ValidationError(problems)
    return Filters(years["year_from"], years["year_to"], province, organisation)


@dataclass
class Figures:
    """What the dashboard and the reports show: the extract, the indicator tables, the
    estimate (or why there is none) and the method notes."""

    extract: Extract
    report: Report
    estimate: estimation.PopulationEstimate | None
    estimate_refused: str
    notes: list[str]


def figures(user: Any, filters: Filters) -> Figures | None:
    """The indicators of the latest extract under ``filters``; None if no extract exists."""
    found = latest(user)
    if found is None:
        return None
    where = directory(found)
    if filters.organisation:
        known = organisations(found)
        if filters.organisation not in known:
            raise ValidationError(
                {
                    "organisation": f"'{filters.organisation}' holds no records in extract "
                    f"#{found.pk}; allowed: {', '.join(known) or 'none'}"
                }
            )
    report = compute_all(where, filters)
    estimate, refused = _estimate(where, filters)
    return Figures(found, report, estimate, refused, method_notes(found, report, estimate))


def organisations(found: Extract) -> list[str]:
    """The organisations (short names) whose records the extract holds."""
    where = directory(found)
    sql = (
        "SELECT organisation FROM read_parquet($victims) UNION "
        "SELECT organisation FROM read_parquet($suspects) ORDER BY 1"
    )
    with duckdb.connect() as db:
        rows = db.execute(
            sql,
            {
                "victims": str(schema.path(where, "victims")),
                "suspects": str(schema.path(where, "suspects")),
            },
        ).fetchall()
    return [row[0] for row in rows]


def _registers(where: Path, filters: Filters) -> list[tuple[str, str]]:
    """(person, register) pairs of detected victims of trafficking under ``filters``: each
    organisation's register, the smaller ones beyond `MSE_LISTS` merged into one list."""
    sql = """
        SELECT DISTINCT identity_key, organisation FROM read_parquet($victims)
        WHERE role = 'victim' AND case_type IN ('trafficking', 'both')
          AND trafficking_status IS DISTINCT FROM 'NotAVictimOfTrafficking'
          AND ($year_from::INTEGER IS NULL OR year >= $year_from)
          AND ($year_to::INTEGER IS NULL OR year <= $year_to)
          AND ($province::VARCHAR IS NULL OR province = $province)
    """
    params = {
        "victims": str(schema.path(where, "victims")),
        "year_from": filters.year_from,
        "year_to": filters.year_to,
        "province": filters.province,
    }
    with duckdb.connect() as db:
        pairs = db.execute(sql, params).fetchall()
    sizes: dict[str, int] = {}
    for _, organisation in pairs:
        sizes[organisation] = sizes.get(organisation, 0) + 1
    kept = set(sorted(sizes, key=lambda o: (-sizes[o], o))[:MSE_LISTS])
    return [(key, org if org in kept else "other organisations") for key, org in pairs]


def _estimate(where: Path, filters: Filters) -> tuple[estimation.PopulationEstimate | None, str]:
    """Multiple systems estimation over the organisations' registers (not filtered by
    organisation: the lists are the organisations)."""
    try:
        return estimation.estimate_from_registers(_registers(where, filters), criterion="bic"), ""
    except estimation.EstimationRefused as refused:
        return None, str(refused)


def method_notes(found: Extract, report: Report, estimate: Any) -> list[str]:
    """What every report states: the data period, sources, deduplication and the model."""
    linked = (
        f"Persons are deduplicated through record linkage run #{found.linkage_run}: "
        "'persons' columns count each identity once, 'records' columns count registrations."
        if found.linkage_run
        else "No record linkage had run when the extract was taken: each person record counts "
        "as its own person, so 'persons' may count one person several times."
    )
    notes = [
        f"Data period: {report.period or 'no records'}. Filters: "
        f"{report.filters.describe() or 'none'}.",
        f"Source: statistics extract #{found.pk} of the tipsom database, taken "
        f"{found.taken_at:%Y-%m-%d %H:%M} UTC ({found.victims} victim records, "
        f"{found.suspects} suspect records, {found.offences} offences).",
        linked,
        "Population: Pakistan Bureau of Statistics, 7th Population and Housing Census 2023.",
    ]
    if estimate is not None:
        notes.append(estimate.method_note())
    return notes


def record_download(user: Any, found: Figures, kind: str) -> None:
    """Audit a download of the figures (counts only, but the whole network's)."""
    from tipsom.core import audit
    from tipsom.core.choices import AuditAction

    audit.record(
        AuditAction.EXPORT,
        actor=user,
        instance=found.extract,
        summary=f"statistics downloaded as {kind} ({found.report.filters.describe() or 'all'})",
    )


# --- releases -------------------------------------------------------------------------------


def releases(user: Any) -> Any:
    from tipsom.insights.models import Release

    return Release.objects.restrict(user).select_related("prepared_by", "decided_by")


def release_for(user: Any, pk: Any) -> Any:
    from tipsom.core.selectors import get_restricted
    from tipsom.insights.models import Release

    return get_restricted(Release.objects.select_related("prepared_by", "decided_by"), user, pk)


def may_view_releases(user: Any) -> bool:
    return not access_for(user, "release", "view").none


def may_prepare(user: Any) -> bool:
    return not access_for(user, "release", "add").none


def may_decide(user: Any, release: Any) -> bool:
    """May approve or reject: the grant, a release waiting, and not its own preparer."""
    from tipsom.insights.models import ReleaseStatus

    return (
        not access_for(user, "release", "change").none
        and release.status == ReleaseStatus.PREPARED
        and release.prepared_by_id != getattr(user, "pk", None)
    )


def budgets() -> list[dict[str, Any]]:
    """Each dataset's privacy budget and what releases spent of it."""
    from tipsom.insights.models import PrivacyBudget

    return [
        {
            "dataset": b.dataset,
            "epsilon": b.epsilon,
            "spent": round(sum(s.epsilon for s in b.spends.all()), 6),
        }
        for b in PrivacyBudget.objects.prefetch_related("spends").order_by("dataset")
    ]


def published() -> Any:
    """What the public page shows: approved releases only."""
    from tipsom.insights.models import Release, ReleaseStatus

    return Release.objects.filter(status=ReleaseStatus.PUBLISHED).order_by("-decided_at", "-pk")


def published_release(pk: Any) -> Any:
    from django.http import Http404

    found = published().filter(pk=pk).first() if str(pk).isdigit() else None
    if found is None:
        raise Http404
    return found
