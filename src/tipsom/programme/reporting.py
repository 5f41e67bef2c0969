"""Writes of what the participating organisations report: indicator actuals (entered by hand
or computed), progress reports and their review, and the training register. Their data
officers and supervisors keep their own organisation's rows; programme managers any."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import override

from tipsom.cases import validation as v
from tipsom.core.models import Organisation
from tipsom.core.querysets import allows
from tipsom.core.services import audited_create, audited_update, require, require_row
from tipsom.programme import checks, computations
from tipsom.programme import choices as c
from tipsom.programme.models import (
    Actual,
    Attendance,
    Indicator,
    ProgressReport,
    ReportingPeriod,
    TrainingEvent,
)
from tipsom.programme.services import participants, require_open, require_participant


def require_reporter(actor: Any, indicator: Indicator) -> None:
    """Actuals of an indicator are entered by the organisation that reports it (its data
    officers and supervisors) or by a programme manager."""
    if not allows(actor, "indicatoractual", "add", indicator.organisation):
        raise PermissionDenied(
            f"you may not enter actuals of {indicator.code}: {indicator.organisation.label} "
            "reports it"
        )


def _locked_by_report(errors: checks.Errors, indicator: Indicator, period: ReportingPeriod) -> None:
    report = ProgressReport.objects.filter(
        period=period, organisation=indicator.organisation, status__in=c.LOCKED_REPORT
    ).first()
    if report is not None:
        errors.add(
            "period",
            f"{indicator.organisation.label}'s progress report for {period.title} is "
            f"{report.get_status_display().lower()}: its actuals are held as reported "
            "(a returned report can be changed again)",
        )


def _check_period(errors: checks.Errors, indicator: Indicator, period: ReportingPeriod) -> None:
    if period.programme_id != indicator.result.programme_id:
        errors.add("period", f"{period} is not a period of {indicator.programme.code}")
        return
    require_open(errors, period, "actuals")
    _locked_by_report(errors, indicator, period)


def _save(actor: Any, indicator: Indicator, period: ReportingPeriod, **values: Any) -> Actual:
    split = {k: values.pop(k, "") for k in ("sex", "age_group", "province")}
    found = Actual.objects.filter(indicator=indicator, period=period, **split).first()
    if found is not None:
        audited_update(
            actor, found, values, list(values), organisation_id=indicator.organisation_id
        )
        return found
    actual = Actual(indicator=indicator, period=period, **split, **values)
    audited_create(actor, actual, organisation_id=indicator.organisation_id)
    return actual


@transaction.atomic
def record_actual(
    actor: Any,
    indicator: Indicator,
    period: ReportingPeriod,
    value: Any,
    sex: str = "",
    age_group: str = "",
    province: str = "",
    comment: str = "",
) -> Actual:
    """What a hand-entered indicator reached in an open period, for the whole population or
    one category of a dimension it is disaggregated by."""
    require_reporter(actor, indicator)
    errors = checks.Errors()
    _check_period(errors, indicator, period)
    if indicator.source == c.IndicatorSource.COMPUTED:
        errors.add(
            "value",
            f"{indicator.code} is computed ({indicator.computation}): compute it instead of "
            "typing a figure",
        )
    number = checks.amount(errors, "value", value, most=_cap(indicator))
    sex, age_group, province = checks.split(
        errors, sex, age_group, province, indicator.disaggregations
    )
    errors.raise_if_any()
    return _save(
        actor,
        indicator,
        period,
        value=number,
        comment=str(comment or "").strip(),
        source=c.IndicatorSource.MANUAL,
        computation="",
        definition="",
        parameters={},
        recorded_by=actor,
        sex=sex,
        age_group=age_group,
        province=province,
    )


def _cap(indicator: Indicator) -> Any:
    return checks.HUNDRED if indicator.measure == c.Measure.PERCENTAGE else None


def params_for(indicator: Indicator, period: ReportingPeriod) -> computations.Params:
    """The query a computed indicator runs for a period: its computation, the period's days
    and (scope "programme") the organisations taking part, as ids fixed now."""
    organisations: tuple[int, ...] | None = None
    if indicator.compute_scope == c.ComputeScope.PROGRAMME:
        organisations = tuple(sorted(o.pk for o in participants(indicator.programme)))
    return computations.Params(
        computation=indicator.computation,
        start=period.starts_on,
        end=period.ends_on,
        organisations=organisations,
    )


def definition_of(params: computations.Params) -> str:
    names = None
    if params.organisations is not None:
        names = list(
            Organisation.objects.filter(pk__in=params.organisations)
            .order_by("name")
            .values_list("name", flat=True)
        )
    with override("en"):
        return computations.describe(params, names)


@transaction.atomic
def compute_actual(actor: Any, indicator: Indicator, period: ReportingPeriod) -> list[Actual]:
    """Compute a computed indicator for an open period and keep the figures (the total and
    each category of the dimensions it is disaggregated by) with the definition and the
    query's parameters. Computing again replaces them; categories no longer found fall to 0."""
    require_reporter(actor, indicator)
    errors = checks.Errors()
    if indicator.source != c.IndicatorSource.COMPUTED:
        errors.add("source", f"{indicator.code} is entered by hand; it has no computation")
    _check_period(errors, indicator, period)
    errors.raise_if_any()
    params = params_for(indicator, period)
    figures = computations.run(params)
    common = {
        "source": c.IndicatorSource.COMPUTED,
        "computation": indicator.computation,
        "definition": definition_of(params),
        "parameters": params.as_json(),
        "recorded_by": actor,
        "comment": "",
    }
    saved = [_save(actor, indicator, period, value=figures.total, **common)]
    seen: set[tuple[str, str]] = set()
    for dimension in indicator.disaggregations:
        for category, count in figures.by.get(dimension, {}).items():
            seen.add((dimension, category))
            saved.append(
                _save(actor, indicator, period, value=count, **{dimension: category}, **common)
            )
    for stale in Actual.objects.filter(indicator=indicator, period=period).exclude(
        sex="", age_group="", province=""
    ):
        if stale.dimension not in seen and stale.value != 0:
            audited_update(
                actor,
                stale,
                {"value": 0, **common},
                ["value", *common],
                organisation_id=indicator.organisation_id,
            )
    return saved


# --- progress reports -----------------------------------------------------------------------


@transaction.atomic
def save_report(
    actor: Any,
    period: ReportingPeriod,
    organisation: Any,
    narrative: str,
    challenges: str = "",
) -> ProgressReport:
    """Write or revise a participating organisation's progress report for a period (while
    it is a draft or was returned)."""
    require(actor, "progressreport", "add", organisation)
    errors = checks.Errors()
    require_participant(
        errors, "organisation", period.programme, organisation, c.PartnerRole.PARTICIPATING_UN
    )
    if not str(narrative or "").strip():
        errors.add("narrative", "say what progress was made in the period")
    found = ProgressReport.objects.filter(period=period, organisation=organisation).first()
    if found is not None and found.status in c.LOCKED_REPORT:
        errors.add(
            "status", f"the report is {found.get_status_display().lower()}; it cannot change"
        )
    errors.raise_if_any()
    fields = {
        "narrative": str(narrative).strip(),
        "challenges": str(challenges or "").strip(),
        "prepared_by": actor,
    }
    if found is not None:
        audited_update(actor, found, fields, list(fields), organisation_id=organisation.pk)
        return found
    report = ProgressReport(period=period, organisation=organisation, **fields)
    audited_create(actor, report, organisation_id=organisation.pk)
    return report


@transaction.atomic
def submit_report(actor: Any, report: ProgressReport) -> ProgressReport:
    """Send the report for review: its organisation's actuals for the period are held."""
    require_row(actor, report, "change")
    if report.status not in (c.ReportStatus.DRAFT, c.ReportStatus.RETURNED):
        raise ValidationError({"status": f"the report is {report.get_status_display().lower()}"})
    audited_update(
        actor,
        report,
        {"status": c.ReportStatus.SUBMITTED, "submitted_at": timezone.now(), "prepared_by": actor},
        ["status", "submitted_at", "prepared_by"],
        organisation_id=report.organisation_id,
    )
    return report


def _decide(actor: Any, report: ProgressReport, status: str, note: str) -> ProgressReport:
    require_row(actor, report.period.programme, "change")  # programme managers review
    if report.status != c.ReportStatus.SUBMITTED:
        raise ValidationError(
            {"status": f"only a submitted report is reviewed; this one is {report.status}"}
        )
    if report.prepared_by_id == getattr(actor, "pk", None):
        raise ValidationError(
            {"status": "a second person must review a progress report: you prepared this one"}
        )
    audited_update(
        actor,
        report,
        {
            "status": status,
            "decided_by": actor,
            "decided_at": timezone.now(),
            "decision_note": note,
        },
        ["status", "decided_by", "decided_at", "decision_note"],
        organisation_id=report.organisation_id,
    )
    return report


@transaction.atomic
def approve_report(actor: Any, report: ProgressReport, note: str = "") -> ProgressReport:
    return _decide(actor, report, c.ReportStatus.APPROVED, str(note or "").strip())


@transaction.atomic
def return_report(actor: Any, report: ProgressReport, note: str) -> ProgressReport:
    """Send the report back for changes: it and its actuals can be changed again."""
    if not str(note or "").strip():
        raise ValidationError({"note": "say what must change"})
    return _decide(actor, report, c.ReportStatus.RETURNED, str(note).strip())


# --- the training register ------------------------------------------------------------------


@transaction.atomic
def add_training(actor: Any, organisation: Any, data: dict[str, Any]) -> TrainingEvent:
    """A training the organisation held: title, days, province and place, and optionally
    the joint programme it belongs to."""
    require(actor, "training", "add", organisation)
    errors = checks.Errors()
    title = str(data.get("title") or "").strip()
    if not title:
        errors.add("title", "required")
    start = checks.day(errors, "starts_on", data.get("starts_on"))
    end = checks.day(errors, "ends_on", data.get("ends_on") or start, required=False)
    v.not_future(errors, "starts_on", start)
    if start and end and end < start:
        errors.add("ends_on", f"{end} comes before the first day ({start})")
    province = v.subdivision(errors, "province", str(data.get("province") or ""), "PK")
    programme = data.get("programme")
    if programme is not None:
        require_row(actor, programme, "view")
    errors.raise_if_any()
    assert start is not None  # required: an error above otherwise
    event = TrainingEvent(
        organisation=organisation,
        programme=programme,
        title=title,
        starts_on=start,
        ends_on=end or start,
        province=province,
        place=str(data.get("place") or "").strip(),
        recorded_by=actor,
    )
    audited_create(actor, event)
    return event


@transaction.atomic
def record_attendance(
    actor: Any,
    event: TrainingEvent,
    organisation: Any,
    female: Any = 0,
    male: Any = 0,
    transgender: Any = 0,
) -> Attendance:
    """How many of an organisation's staff attended, by sex; recording again replaces it."""
    require_row(actor, event, "change")
    errors = checks.Errors()
    if not isinstance(organisation, Organisation):
        errors.add("organisation", "choose the participants' organisation")
    counts: dict[str, int] = {}
    for name, value in (("female", female), ("male", male), ("transgender", transgender)):
        number = checks.amount(errors, name, value if value not in (None, "") else 0)
        if number is not None and number % 1:
            errors.add(name, f"{value} is not a whole number of persons")
        counts[name] = int(number or 0)
    if not errors.errors and not any(counts.values()):
        errors.add("female", "give how many attended (women, men or transgender persons)")
    errors.raise_if_any()
    found = Attendance.objects.filter(event=event, organisation=organisation).first()
    if found is not None:
        audited_update(actor, found, counts, list(counts), organisation_id=event.organisation_id)
        return found
    attendance = Attendance(event=event, organisation=organisation, **counts)
    audited_create(actor, attendance, organisation_id=event.organisation_id)
    return attendance
