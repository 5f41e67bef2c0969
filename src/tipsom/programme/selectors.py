"""Every read of the joint programme, through `restrict`: the programme and its framework
for the organisations taking part, each organisation's figures for itself, everything for
programme managers, the secretariat and auditors."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch, QuerySet
from django.http import Http404

from tipsom.core import audit
from tipsom.core.choices import AuditAction
from tipsom.core.models import Organisation
from tipsom.core.querysets import access_for, allows
from tipsom.core.selectors import can, get_restricted
from tipsom.programme import choices as c
from tipsom.programme import computations, finance
from tipsom.programme.models import (
    Actual,
    BudgetLine,
    Expenditure,
    Indicator,
    Participation,
    Programme,
    ProgressReport,
    ReportingPeriod,
    Result,
    Target,
    ThematicArea,
    TrainingEvent,
    Transfer,
)
from tipsom.programme.services import participants

# An indicator is on track when its actual reaches 90 % of the period's target (or, when
# less is better, stays within 110 % of it).
ON_TRACK = Decimal("0.9")


def programmes(user: Any, only: str = "") -> QuerySet[Programme]:
    """The programmes the user sees (``only``: the one with this id, if they see it)."""
    found = Programme.objects.restrict(user).select_related("thematic_area")
    if only:
        found = found.filter(pk=int(only) if only.isdigit() else 0)
    return found


def programme_detail(user: Any, pk: Any) -> Programme:
    return get_restricted(Programme.objects.select_related("thematic_area"), user, pk)


def thematic_areas() -> QuerySet[ThematicArea]:
    return ThematicArea.objects.filter(is_active=True)


def directory() -> QuerySet[Organisation]:
    """Organisations that can be named as participants, partners or attendees."""
    return Organisation.objects.filter(is_active=True).order_by("name")


def participations_of(programme: Programme) -> QuerySet[Participation]:
    return programme.participations.select_related("organisation").order_by("role", "pk")


def period_for(user: Any, pk: Any) -> ReportingPeriod:
    """A period of a programme the user sees, else 404."""
    return get_restricted(ReportingPeriod.objects.select_related("programme"), user, pk)


def organisations_in(programme: Programme, *roles: str) -> list[Organisation]:
    return participants(programme, *roles)


def results_of(programme: Programme) -> list[Result]:
    """The framework: outcomes, each with its outputs; every result with its indicators."""
    indicators = Prefetch(
        "indicators", queryset=Indicator.objects.select_related("organisation").order_by("code")
    )
    outputs = Prefetch(
        "outputs", queryset=Result.objects.prefetch_related(indicators).order_by("code")
    )
    return list(
        programme.results.filter(level=c.ResultLevel.OUTCOME).prefetch_related(indicators, outputs)
    )


def indicators_of(programme: Programme) -> QuerySet[Indicator]:
    return (
        Indicator.objects.filter(result__programme=programme)
        .select_related("result", "organisation")
        .order_by("result__code", "code")
    )


def all_results(programme: Programme) -> QuerySet[Result]:
    return programme.results.order_by("code")


def result_of(programme: Programme, pk: Any) -> Result:
    found = programme.results.filter(pk=pk).first() if str(pk).isdigit() else None
    if found is None:
        raise Http404
    return found


def indicator_detail(user: Any, pk: Any) -> Indicator:
    return get_restricted(
        Indicator.objects.select_related("result__programme", "organisation"), user, pk
    )


def periods_of(programme: Programme) -> QuerySet[ReportingPeriod]:
    return programme.periods.order_by("starts_on")


def period_of(programme: Programme, pk: Any) -> ReportingPeriod:
    found = programme.periods.filter(pk=pk).first() if str(pk).isdigit() else None
    if found is None:
        raise Http404
    return found


def pick(rows: list[Any], pk: Any) -> Any:
    """The row of ``rows`` (already read through `restrict`) with this id, else 404."""
    found = next((o for o in rows if str(o.pk) == str(pk)), None)
    if found is None:
        raise Http404
    return found


# --- who may do what (for pages, which show only the forms a user may use) ----------------


def can_manage(user: Any, programme: Programme) -> bool:
    return can(user, programme, "change")


def may_enter_actuals(user: Any, indicator: Indicator) -> bool:
    return allows(user, "indicatoractual", "add", indicator.organisation)


def may_see_actuals(user: Any, indicator: Indicator) -> bool:
    return allows(user, "indicatoractual", "view", indicator.organisation)


def expenditure_organisations(user: Any, programme: Programme) -> list[Organisation]:
    """Participating UN organisations whose expenditure the user may report."""
    return [
        o
        for o in participants(programme, c.PartnerRole.PARTICIPATING_UN)
        if allows(user, "expenditure", "add", o)
    ]


def report_organisations(user: Any, programme: Programme) -> list[Organisation]:
    return [
        o
        for o in participants(programme, c.PartnerRole.PARTICIPATING_UN)
        if allows(user, "progressreport", "add", o)
    ]


def training_organisations(user: Any) -> list[Organisation]:
    access = access_for(user, "training", "add")
    if access.network:
        return list(directory())
    return list(directory().filter(pk__in=access.organisation_ids))


def may_download(user: Any) -> bool:
    return not access_for(user, "donorreport", "view").none


def require_download(user: Any) -> None:
    if not may_download(user):
        raise PermissionDenied("you may not download the programme's donor reports")


# --- indicators, period by period -----------------------------------------------------------


def track(ascending: bool, target: Decimal | None, actual: Decimal | None) -> str:
    if target is None or actual is None:
        return c.Track.NO_DATA
    if ascending:
        return c.Track.ON if actual >= target * ON_TRACK else c.Track.OFF
    return c.Track.ON if actual <= target * (2 - ON_TRACK) else c.Track.OFF


@dataclass
class Split:
    dimension: str
    category: str
    target: Decimal | None = None
    actual: Decimal | None = None


@dataclass
class PeriodRow:
    period: ReportingPeriod
    target: Decimal | None = None
    actual: Actual | None = None
    splits: list[Split] = field(default_factory=list)
    live: computations.Figures | None = None  # computed now, for an open period

    @property
    def actual_value(self) -> Decimal | None:
        return self.actual.value if self.actual is not None else None

    def track(self, ascending: bool) -> str:
        return track(ascending, self.target, self.actual_value)


def indicator_rows(user: Any, indicator: Indicator, live: bool = True) -> list[PeriodRow]:
    """Each reporting period of the programme with the indicator's target and actual (the
    actual only where the user may see the reporting organisation's figures), each split by
    the dimensions it is disaggregated by; for a computed indicator and an open period, the
    value the computation gives now."""
    rows = {p.pk: PeriodRow(p) for p in periods_of(indicator.programme)}
    splits: dict[tuple[int, str, str], Split] = {}

    def split(period_id: int, row: Any) -> Split:
        name, value = row.dimension
        key = (period_id, name, value)
        if key not in splits:
            splits[key] = Split(name, value)
            rows[period_id].splits.append(splits[key])
        return splits[key]

    for target in Target.objects.filter(indicator=indicator):
        if target.is_total:
            rows[target.period_id].target = target.value
        else:
            split(target.period_id, target).target = target.value
    for actual in Actual.objects.restrict(user).filter(indicator=indicator):
        if actual.is_total:
            rows[actual.period_id].actual = actual
        else:
            split(actual.period_id, actual).actual = actual.value
    if live and indicator.source == c.IndicatorSource.COMPUTED and may_see_actuals(user, indicator):
        from tipsom.programme.reporting import params_for

        for row in rows.values():
            if row.period.is_open:
                row.live = computations.run(params_for(indicator, row.period))
    for row in rows.values():
        row.splits.sort(key=lambda s: (s.dimension, s.category))
    return list(rows.values())


def recomputed(actual: Actual) -> computations.Figures | None:
    """A computed actual's figures computed again from its stored parameters (None for a
    hand-entered one): equal to the stored value unless the data changed since."""
    if actual.source != c.IndicatorSource.COMPUTED or not actual.parameters:
        return None
    return computations.run(computations.Params.from_json(actual.parameters))


@dataclass
class IndicatorStatus:
    indicator: Indicator
    row: PeriodRow | None
    track: str


def indicator_statuses(user: Any, programme: Programme) -> list[IndicatorStatus]:
    """Each indicator against the target of its latest period with both a target and an
    actual (else: no data)."""
    found = []
    for indicator in indicators_of(programme):
        rows = indicator_rows(user, indicator, live=False)
        measured = [r for r in rows if r.target is not None and r.actual is not None]
        latest = measured[-1] if measured else None
        status = latest.track(indicator.ascending) if latest else c.Track.NO_DATA
        found.append(IndicatorStatus(indicator, latest, status))
    return found


# --- money ----------------------------------------------------------------------------------


def budget_lines(user: Any, programme: Programme) -> QuerySet[BudgetLine]:
    return BudgetLine.objects.restrict(user).filter(programme=programme)


def transfers(user: Any, programme: Programme) -> QuerySet[Transfer]:
    return (
        Transfer.objects.restrict(user)
        .filter(programme=programme)
        .select_related("organisation", "partner")
    )


def expenditures(user: Any, programme: Programme) -> QuerySet[Expenditure]:
    return (
        Expenditure.objects.restrict(user)
        .filter(period__programme=programme)
        .select_related("organisation", "period")
    )


def all_expenditures(user: Any, programme: str = "") -> QuerySet[Expenditure]:
    """Expenditure the user may see in the programmes they see (or in one of them)."""
    found = Expenditure.objects.restrict(user).filter(period__programme__in=programmes(user))
    if programme:
        found = found.filter(period__programme_id=int(programme) if programme.isdigit() else 0)
    return found.select_related("period", "organisation").order_by("period__starts_on", "pk")


@dataclass
class Money:
    ledgers: list[finance.Ledger]
    total: finance.Ledger
    burn: finance.Burn
    categories: list[tuple[str, Any]]

    def rows(self) -> list[dict[str, Any]]:
        """Each organisation's (and the total's) budget and expenditure by category, in the
        categories' order, for tables."""
        return [
            {
                "ledger": ledger,
                "budget": [ledger.budget.get(k, Decimal(0)) for k, _ in self.categories],
                "spent": [ledger.spent.get(k, Decimal(0)) for k, _ in self.categories],
            }
            for ledger in [*self.ledgers, self.total]
        ]


def money(user: Any, programme: Programme) -> Money:
    spent = expenditures(user, programme)
    rows, total = finance.ledgers(
        programme, budget_lines(user, programme), spent, transfers(user, programme)
    )
    return Money(
        ledgers=rows,
        total=total,
        burn=finance.burn(programme, total, spent),
        categories=list(c.BudgetCategory.choices),
    )


# --- reports and training -------------------------------------------------------------------


def reports_of(user: Any, programme: Programme) -> QuerySet[ProgressReport]:
    return (
        ProgressReport.objects.restrict(user)
        .filter(period__programme=programme)
        .select_related("period", "organisation", "prepared_by", "decided_by")
    )


def all_reports(user: Any) -> QuerySet[ProgressReport]:
    return ProgressReport.objects.restrict(user).select_related("period", "organisation")


def report_detail(user: Any, pk: Any) -> ProgressReport:
    return get_restricted(
        ProgressReport.objects.select_related("period__programme", "organisation"), user, pk
    )


def report_actuals(user: Any, report: ProgressReport) -> QuerySet[Actual]:
    """The actuals the report carries: its organisation's, in its period."""
    return (
        Actual.objects.restrict(user)
        .filter(period=report.period, indicator__organisation=report.organisation)
        .select_related("indicator")
        .order_by("indicator__code", "sex", "age_group", "province")
    )


def trainings(user: Any) -> QuerySet[TrainingEvent]:
    return TrainingEvent.objects.restrict(user).select_related("organisation", "programme")


def training_detail(user: Any, pk: Any) -> TrainingEvent:
    return get_restricted(TrainingEvent.objects.select_related("organisation"), user, pk)


def attendance_of(event: TrainingEvent) -> QuerySet[Any]:
    return event.attendance.select_related("organisation")


def record_download(user: Any, programme: Programme, kind: str) -> None:
    """Audit a download of the programme's donor report or IATI file."""
    audit.record(
        AuditAction.EXPORT,
        actor=user,
        instance=programme,
        summary=f"joint programme {programme.code} downloaded as {kind}",
    )
