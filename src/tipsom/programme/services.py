"""Every write of the joint programme's design: the programme, who takes part, the results
framework, targets and reporting periods. One function per act, in a transaction, audited.
Figures entered by the participating organisations (actuals, expenditure, reports,
training) are in `reporting`; money in `finance`.

Each refusal is a ValidationError naming the field and what is allowed, or a
PermissionDenied when the user's roles do not reach the row."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from tipsom.cases import validation as v
from tipsom.core.choices import OrganisationType
from tipsom.core.models import Organisation
from tipsom.core.services import audited_create, audited_update, require, require_row
from tipsom.programme import checks, computations
from tipsom.programme import choices as c
from tipsom.programme.models import (
    Indicator,
    Participation,
    Programme,
    ReportingPeriod,
    Result,
    Target,
    ThematicArea,
)

PROGRAMME_FIELDS = [
    "code",
    "title",
    "description",
    "objectives",
    "target_groups",
    "thematic_area",
    "gcm_objectives",
    "gender_marker",
    "human_rights_marker",
    "status",
    "planned_start",
    "planned_end",
    "actual_start",
    "actual_end",
    "approved_on",
    "currency",
    "indirect_rate",
    "recipient_country",
    "sectors",
    "iati_identifier",
]
REQUIRED = ["code", "title", "description", "thematic_area", "planned_start", "planned_end"]


def _marker(errors: checks.Errors, name: str, value: Any) -> int | None:
    if value in (None, ""):
        errors.add(name, "give the score, 0 to 3")
        return None
    try:
        score = int(value)
    except (TypeError, ValueError):
        score = -1
    if score not in c.MarkerScore.values:
        errors.add(name, f"'{value}' is not a score; allowed: 0, 1, 2, 3")
        return None
    return score


def _thematic_area(errors: checks.Errors, value: Any) -> ThematicArea | None:
    if isinstance(value, ThematicArea):
        return value
    areas = {a.number: a for a in ThematicArea.objects.filter(is_active=True)}
    try:
        return areas[int(value)]
    except (KeyError, TypeError, ValueError):
        errors.add(
            "thematic_area",
            f"'{value}' is not a thematic area of the fund; allowed: "
            + ", ".join(str(n) for n in sorted(areas)),
        )
        return None


def _clean_programme(data: Mapping[str, Any], current: Programme | None) -> dict[str, Any]:
    """The programme's fields checked and converted; every problem raised together."""
    errors = checks.Errors()
    unknown = sorted(set(data) - set(PROGRAMME_FIELDS))
    for name in unknown:
        errors.add(name, f"cannot be set here; allowed: {', '.join(PROGRAMME_FIELDS)}")
    out: dict[str, Any] = {}
    for name in REQUIRED:
        if current is None and data.get(name) in (None, ""):
            errors.add(name, "required")
    for name in ("code", "title", "description", "objectives", "target_groups"):
        if name in data:
            out[name] = str(data[name] or "").strip()
    if out.get("code"):
        taken = Programme.objects.filter(code=out["code"])
        if current is not None:
            taken = taken.exclude(pk=current.pk)
        if taken.exists():
            errors.add("code", f"a programme with the code {out['code']} exists already")
    if data.get("thematic_area") not in (None, ""):
        out["thematic_area"] = _thematic_area(errors, data["thematic_area"])
    if "gcm_objectives" in data or current is None:
        out["gcm_objectives"] = checks.objectives(
            errors, "gcm_objectives", data.get("gcm_objectives")
        )
    for name in ("gender_marker", "human_rights_marker"):
        if name in data or current is None:
            out[name] = _marker(errors, name, data.get(name))
    if "status" in data:
        v.one_of(errors, "status", data["status"], c.ProgrammeStatus, required=True)
        out["status"] = data["status"]
    for name in ("planned_start", "planned_end", "actual_start", "actual_end", "approved_on"):
        if name in data:
            out[name] = checks.day(errors, name, data[name], required=name in REQUIRED)
    for name in ("actual_start", "actual_end", "approved_on"):
        v.not_future(errors, name, out.get(name))
    start = out.get("planned_start", getattr(current, "planned_start", None))
    end = out.get("planned_end", getattr(current, "planned_end", None))
    if start and end and end <= start:
        errors.add("planned_end", f"{end} must come after the planned start ({start})")
    if "currency" in data:
        out["currency"] = v.currency(errors, "currency", str(data["currency"] or "")) or "USD"
    if "indirect_rate" in data:
        rate = checks.amount(errors, "indirect_rate", data["indirect_rate"], most=checks.HUNDRED)
        if rate is not None:
            out["indirect_rate"] = rate
    if "recipient_country" in data:
        out["recipient_country"] = v.country(
            errors, "recipient_country", str(data["recipient_country"] or "PK")
        )
    if "sectors" in data or current is None:
        out["sectors"] = checks.sectors(errors, "sectors", data.get("sectors"))
    if data.get("iati_identifier"):
        identifier = str(data["iati_identifier"]).strip()
        if any(ch.isspace() or ch in "/&|?" for ch in identifier):
            errors.add(
                "iati_identifier",
                f"'{identifier}' must be one word without spaces or / & | ? (e.g. "
                "XI-IATI-UNPF-00135001)",
            )
        out["iati_identifier"] = identifier
    elif "iati_identifier" in data:
        out["iati_identifier"] = ""
    errors.raise_if_any()
    return out


@transaction.atomic
def create_programme(actor: Any, data: Mapping[str, Any]) -> Programme:
    """Open a joint programme: code, title, description, the fund's thematic area, GCM
    objectives, gender and human-rights markers, planned dates (programme managers)."""
    require(actor, "programme", "add", None)
    fields = _clean_programme(data, None)
    programme = Programme(created_by=actor, **fields)
    audited_create(actor, programme, organisation_id=None)
    return programme


@transaction.atomic
def update_programme(actor: Any, programme: Programme, data: Mapping[str, Any]) -> dict:
    require_row(actor, programme, "change")
    fields = _clean_programme(data, programme)
    return audited_update(actor, programme, fields, list(fields), organisation_id=None)


def require_manager(actor: Any, programme: Programme) -> None:
    """Designing the programme (participants, framework, targets, periods, budget,
    transfers) is the programme managers'."""
    require_row(actor, programme, "change")


# --- who takes part -------------------------------------------------------------------------

UN_ROLES = (c.PartnerRole.PARTICIPATING_UN, c.PartnerRole.ADMINISTRATIVE_AGENT)


@transaction.atomic
def add_participation(
    actor: Any,
    programme: Programme,
    organisation: Any,
    role: str,
    iati_ref: str = "",
    starts_on: Any = None,
    ends_on: Any = None,
) -> Participation:
    """An organisation's part in the programme: participating UN organisation, government or
    civil-society partner, the fund's administrative agent, or a contributor."""
    require_manager(actor, programme)
    errors = checks.Errors()
    v.one_of(errors, "role", role, c.PartnerRole, required=True)
    if not isinstance(organisation, Organisation):
        errors.add("organisation", "choose an organisation of the directory")
    elif not organisation.is_active:
        errors.add("organisation", f"{organisation} is no longer active")
    elif role in UN_ROLES and organisation.type != OrganisationType.UN_AGENCY:
        errors.add(
            "organisation",
            f"{organisation} is not a UN agency in the directory; a {role.replace('_', ' ')} "
            "must be one",
        )
    elif Participation.objects.filter(
        programme=programme, organisation=organisation, role=role
    ).exists():
        errors.add("organisation", f"{organisation} already takes part in this role")
    if (
        role == c.PartnerRole.ADMINISTRATIVE_AGENT
        and programme.participations.filter(role=role).exists()
    ):
        errors.add("role", "the programme has its administrative agent already")
    ref = str(iati_ref or "").strip()
    if any(ch.isspace() or ch in "/&|?" for ch in ref):
        errors.add("iati_ref", f"'{ref}' must be one word without spaces (e.g. XM-DAC-47066)")
    start = checks.day(errors, "starts_on", starts_on, required=False)
    end = checks.day(errors, "ends_on", ends_on, required=False)
    if start and end and end < start:
        errors.add("ends_on", f"{end} comes before {start}")
    errors.raise_if_any()
    found = Participation(
        programme=programme,
        organisation=organisation,
        role=role,
        iati_ref=ref,
        starts_on=start,
        ends_on=end,
    )
    audited_create(actor, found, organisation_id=organisation.pk)
    return found


def participants(programme: Programme, *roles: str) -> list[Organisation]:
    found = programme.participations.select_related("organisation")
    if roles:
        found = found.filter(role__in=roles)
    return list(dict.fromkeys(p.organisation for p in found))


def require_participant(
    errors: checks.Errors, name: str, programme: Programme, organisation: Any, *roles: str
) -> None:
    allowed = participants(programme, *roles)
    if organisation not in allowed:
        listed = ", ".join(o.label for o in allowed) or "none yet"
        errors.add(
            name,
            f"{organisation} does not take part in {programme.code} in that role; "
            f"allowed: {listed}",
        )


# --- the results framework ------------------------------------------------------------------


@transaction.atomic
def add_result(actor: Any, programme: Programme, data: Mapping[str, Any]) -> Result:
    """An outcome, or an output under one of the programme's outcomes."""
    require_manager(actor, programme)
    errors = checks.Errors()
    level = str(data.get("level") or "")
    v.one_of(errors, "level", level, c.ResultLevel, required=True)
    code = str(data.get("code") or "").strip()
    title = str(data.get("title") or "").strip()
    if not code:
        errors.add("code", "give the result's code, e.g. 1 or 1.2")
    elif programme.results.filter(code=code).exists():
        errors.add("code", f"{programme.code} has a result {code} already")
    if not title:
        errors.add("title", "required")
    parent = data.get("parent")
    if level == c.ResultLevel.OUTPUT:
        if not isinstance(parent, Result):
            outcomes = ", ".join(r.code for r in programme.results.filter(level="outcome"))
            errors.add("parent", f"an output sits under an outcome; outcomes: {outcomes or 'none'}")
        elif parent.programme_id != programme.pk or parent.level != c.ResultLevel.OUTCOME:
            errors.add("parent", "the outcome must be one of this programme's outcomes")
    elif parent is not None:
        errors.add("parent", "an outcome sits under no other result")
    errors.raise_if_any()
    result = Result(
        programme=programme,
        level=level,
        parent=parent if level == c.ResultLevel.OUTPUT else None,
        code=code,
        title=title,
        description=str(data.get("description") or "").strip(),
    )
    audited_create(actor, result, organisation_id=None)
    return result


INDICATOR_FIELDS = [
    "code",
    "title",
    "description",
    "unit",
    "measure",
    "ascending",
    "baseline_value",
    "baseline_year",
    "baseline_note",
    "means_of_verification",
    "organisation",
    "source",
    "computation",
    "compute_scope",
    "disaggregations",
]


@transaction.atomic
def add_indicator(actor: Any, result: Result, data: Mapping[str, Any]) -> Indicator:
    """An indicator of a result: its unit (required), measure, baseline, means of
    verification, the organisation that reports it, and whether it is entered by hand or
    computed by a computation of the registry."""
    programme = result.programme
    require_manager(actor, programme)
    errors = checks.Errors()
    for name in sorted(set(data) - set(INDICATOR_FIELDS)):
        errors.add(name, f"cannot be set here; allowed: {', '.join(INDICATOR_FIELDS)}")
    code = str(data.get("code") or "").strip()
    if not code:
        errors.add("code", "give the indicator's code, e.g. 1.1.a")
    elif result.indicators.filter(code=code).exists():
        errors.add("code", f"result {result.code} has an indicator {code} already")
    for name in ("title", "means_of_verification"):
        if not str(data.get(name) or "").strip():
            errors.add(name, "required")
    unit = str(data.get("unit") or "").strip()
    if not unit:
        errors.add(
            "unit",
            "give the unit the indicator is counted in (e.g. persons, FIRs, officials, %): "
            "an indicator without a unit cannot be reported",
        )
    measure = str(data.get("measure") or c.Measure.NUMBER)
    v.one_of(errors, "measure", measure, c.Measure)
    baseline = checks.amount(errors, "baseline_value", data.get("baseline_value"), required=False)
    year = data.get("baseline_year")
    if year not in (None, ""):
        try:
            year = int(year)
        except (TypeError, ValueError):
            year = 0
        if not 1990 <= year <= timezone.localdate().year:
            errors.add("baseline_year", f"'{data.get('baseline_year')}' is not a plausible year")
    else:
        year = None
    if baseline is not None and year is None:
        errors.add("baseline_year", "give the year the baseline was measured in")
    organisation = data.get("organisation")
    require_participant(errors, "organisation", programme, organisation)
    source = str(data.get("source") or c.IndicatorSource.MANUAL)
    v.one_of(errors, "source", source, c.IndicatorSource)
    key = str(data.get("computation") or "")
    scope = str(data.get("compute_scope") or c.ComputeScope.NETWORK)
    v.one_of(errors, "compute_scope", scope, c.ComputeScope)
    offered = checks.ALL_DIMENSIONS
    if source == c.IndicatorSource.COMPUTED:
        if key not in computations.REGISTRY:
            errors.add(
                "computation",
                f"'{key}' is not a computation; allowed: {', '.join(computations.REGISTRY)}",
            )
        else:
            offered = computations.REGISTRY[key].dimensions
            if measure != c.Measure.NUMBER:
                errors.add("measure", "a computed indicator counts: its measure is number")
    elif key:
        errors.add("computation", "only a computed indicator names a computation")
    chosen = checks.dimensions(errors, "disaggregations", data.get("disaggregations"), offered)
    errors.raise_if_any()
    assert isinstance(organisation, Organisation)  # a participant: an error above otherwise
    indicator = Indicator(
        result=result,
        code=code,
        title=str(data["title"]).strip(),
        description=str(data.get("description") or "").strip(),
        unit=unit,
        measure=measure,
        ascending=bool(data.get("ascending", True)),
        baseline_value=baseline,
        baseline_year=year,
        baseline_note=str(data.get("baseline_note") or "").strip(),
        means_of_verification=str(data["means_of_verification"]).strip(),
        organisation=organisation,
        source=source,
        computation=key if source == c.IndicatorSource.COMPUTED else "",
        compute_scope=scope,
        disaggregations=chosen,
    )
    audited_create(actor, indicator, organisation_id=organisation.pk)
    return indicator


# --- reporting periods and targets ----------------------------------------------------------


@transaction.atomic
def add_period(
    actor: Any, programme: Programme, title: str, starts_on: Any, ends_on: Any
) -> ReportingPeriod:
    """A reporting period (open until a programme manager closes it)."""
    require_manager(actor, programme)
    errors = checks.Errors()
    if not str(title or "").strip():
        errors.add("title", "name the period, e.g. 2026 first half")
    start = checks.day(errors, "starts_on", starts_on)
    end = checks.day(errors, "ends_on", ends_on)
    if start and end:
        if end <= start:
            errors.add("ends_on", f"{end} must come after the start ({start})")
        overlapping = programme.periods.filter(starts_on__lte=end, ends_on__gte=start).first()
        if overlapping is not None:
            errors.add(
                "starts_on",
                f"overlaps the period {overlapping.title} ({overlapping.starts_on} to "
                f"{overlapping.ends_on})",
            )
    errors.raise_if_any()
    assert start is not None and end is not None  # required: an error above otherwise
    period = ReportingPeriod(
        programme=programme, title=str(title).strip(), starts_on=start, ends_on=end
    )
    audited_create(actor, period, organisation_id=None)
    return period


@transaction.atomic
def close_period(actor: Any, period: ReportingPeriod) -> ReportingPeriod:
    """Close a period: its actuals and expenditure can no longer be entered or changed."""
    require_manager(actor, period.programme)
    if not period.is_open:
        raise ValidationError({"status": f"the period {period.title} is closed already"})
    audited_update(
        actor,
        period,
        {"status": c.PeriodStatus.CLOSED, "closed_by": actor, "closed_at": timezone.now()},
        ["status", "closed_by", "closed_at"],
        organisation_id=None,
    )
    return period


def require_open(errors: checks.Errors, period: ReportingPeriod, what: str) -> None:
    if not period.is_open:
        when = timezone.localtime(period.closed_at).date() if period.closed_at else "now"
        errors.add(
            "period",
            f"the reporting period {period.title} is closed (since {when}): {what} can no "
            "longer be entered or changed; only open periods take them",
        )


def percentage_cap(indicator: Indicator) -> Any:
    return checks.HUNDRED if indicator.measure == c.Measure.PERCENTAGE else None


@transaction.atomic
def set_target(
    actor: Any,
    indicator: Indicator,
    period: ReportingPeriod,
    value: Any,
    sex: str = "",
    age_group: str = "",
    province: str = "",
) -> Target:
    """The indicator's target for a period, for the whole population or one category."""
    programme = indicator.programme
    require_manager(actor, programme)
    errors = checks.Errors()
    if period.programme_id != programme.pk:
        errors.add("period", f"{period} is not a period of {programme.code}")
    else:
        require_open(errors, period, "targets")
    number = checks.amount(errors, "value", value, most=percentage_cap(indicator))
    sex, age_group, province = checks.split(
        errors, sex, age_group, province, indicator.disaggregations
    )
    errors.raise_if_any()
    assert number is not None  # required: an error above otherwise
    found = Target.objects.filter(
        indicator=indicator, period=period, sex=sex, age_group=age_group, province=province
    ).first()
    if found is not None:
        audited_update(actor, found, {"value": number}, ["value"], organisation_id=None)
        return found
    target = Target(
        indicator=indicator,
        period=period,
        value=number,
        sex=sex,
        age_group=age_group,
        province=province,
    )
    audited_create(actor, target, organisation_id=None)
    return target
