"""The joint programme as an IATI 2.03 activity, through `engine.iati`.

Reported by the fund's administrative agent (its IATI organisation identifier is the
reporting organisation's ref, which the programme's IATI identifier begins with). Written:
the participating organisations in their IATI roles, status and dates, recipient country,
sectors (DAC purpose codes with shares), the GCM objectives as tags, the gender and
human-rights markers, a budget per calendar year, the transactions (incoming funds: the
fund's transfers to each participating UN organisation; commitments: each one's approved
budget, on the day the fund approved the programme; disbursements: their transfers on to
implementing partners; expenditure: each one's expenditure per reporting period), and the
results framework with baselines, targets and actuals per period, disaggregated where the
indicator is. Every file is validated against the official schema before it is handed out.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Max
from django.utils import timezone

from tipsom.core.choices import OrganisationType
from tipsom.engine import iati
from tipsom.engine.iati.codes import ActivityScope, TransactionType
from tipsom.engine.iati.codes import OrganisationType as IatiOrgType
from tipsom.programme import choices as c
from tipsom.programme import finance
from tipsom.programme.models import Actual, Expenditure, Participation, Programme, Target

MPTF_MARKERS = "https://mptf.undp.org/fund/mig00"
ORG_TYPES: dict[str, str] = {
    OrganisationType.UN_AGENCY: IatiOrgType.MULTILATERAL,
    OrganisationType.GOVERNMENT: IatiOrgType.GOVERNMENT,
    OrganisationType.LAW_ENFORCEMENT: IatiOrgType.GOVERNMENT,
    OrganisationType.NGO: IatiOrgType.NATIONAL_NGO,
    OrganisationType.ACADEMIA: IatiOrgType.ACADEMIC,
    OrganisationType.PRIVATE_SECTOR: IatiOrgType.PRIVATE_SECTOR,
    OrganisationType.MEDIA: IatiOrgType.OTHER,
    OrganisationType.DONOR: IatiOrgType.GOVERNMENT,
}


class NotPublishable(ValueError):
    """What the programme lacks to be published (each as ``field: problem``)."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        super().__init__("; ".join(problems))


@dataclass(frozen=True)
class Export:
    xml: bytes
    errors: list[str]  # engine.iati.validate's answer: empty when valid
    left_out: list[str]  # parts of the programme IATI cannot carry yet (no indicator...)


def _org(participation: Participation) -> iati.Organisation:
    organisation = participation.organisation
    return iati.Organisation(
        iati.text(organisation.name),
        ref=participation.iati_ref or None,
        type=ORG_TYPES.get(organisation.type, IatiOrgType.OTHER),
    )


def _money(value: Decimal) -> Decimal:
    return value.quantize(finance.CENT)


def _figure(value: Decimal | None) -> Decimal | int | None:
    """An indicator's figure as written: 40, not 40.00; 62.5, not 62.50."""
    if value is None:
        return None
    return int(value) if value == value.to_integral_value() else value.normalize()


def build(programme: Programme, today: dt.date) -> tuple[iati.Programme, list[str]]:
    """The engine's Programme for ``programme``, and what was left out. Raises
    NotPublishable naming what is missing (the identifier, the administrative agent's
    ref)."""
    problems: list[str] = []
    left_out: list[str] = []
    parts = list(programme.participations.select_related("organisation"))
    agent = next((p for p in parts if p.role == c.PartnerRole.ADMINISTRATIVE_AGENT), None)
    if agent is None or not agent.iati_ref:
        problems.append(
            "participations: the fund's administrative agent, with its IATI organisation "
            "identifier (e.g. XI-IATI-UNPF for the MPTF Office), reports the programme"
        )
    if not programme.iati_identifier:
        problems.append(
            "iati_identifier: give the programme's IATI identifier: the administrative "
            "agent's ref, a hyphen and the programme's number (e.g. XI-IATI-UNPF-00135001)"
        )
    if problems:
        raise NotPublishable(problems)
    assert agent is not None
    reporter = _org(agent)
    orgs = {p.organisation_id: _org(p) for p in parts}
    participating = tuple(
        iati.ParticipatingOrg(orgs[p.organisation_id], role)
        for p in parts
        for role in c.IATI_ROLES[c.PartnerRole(p.role)]
    )
    return (
        iati.Programme(
            identifier=programme.iati_identifier,
            reporting_org=reporter,
            title=iati.text(programme.title),
            description=iati.text(programme.description),
            objectives=iati.text(programme.objectives) if programme.objectives else None,
            target_groups=iati.text(programme.target_groups) if programme.target_groups else None,
            status=c.IATI_STATUS[c.ProgrammeStatus(programme.status)],
            planned_start=programme.planned_start,
            planned_end=programme.planned_end,
            actual_start=programme.actual_start,
            actual_end=programme.actual_end,
            scope=ActivityScope.NATIONAL,
            participating_orgs=participating,
            recipient_countries=(iati.RecipientCountry(programme.recipient_country, 100),),
            sectors=tuple(
                iati.Sector(s["code"], Decimal(str(s["percentage"]))) for s in programme.sectors
            ),
            tags=tuple(iati.gcm_objective(n) for n in programme.gcm_objectives),
            policy_markers=_markers(programme),
            budgets=_budgets(programme),
            transactions=_transactions(programme, orgs, reporter, today),
            results=_results(programme, left_out),
            default_currency=programme.currency,
            last_updated=_last_updated(programme),
        ),
        left_out,
    )


def _last_updated(programme: Programme) -> dt.datetime:
    """When the programme's data last changed: the programme itself or what is reported."""
    found = [
        programme.updated_at,
        Actual.objects.filter(indicator__result__programme=programme).aggregate(
            at=Max("recorded_at")
        )["at"],
        Expenditure.objects.filter(period__programme=programme).aggregate(at=Max("recorded_at"))[
            "at"
        ],
        programme.transfers.aggregate(at=Max("created_at"))["at"],
    ]
    return max(at for at in found if at is not None)


def _markers(programme: Programme) -> tuple[iati.PolicyMarker, ...]:
    return (
        iati.gender_equality_marker(c.DAC_GENDER[programme.gender_marker]),
        iati.PolicyMarker(
            "GM",
            significance=str(programme.gender_marker),
            vocabulary="99",
            vocabulary_uri=MPTF_MARKERS,
            name=iati.text("Migration MPTF gender marker"),
        ),
        iati.PolicyMarker(
            "HRM",
            significance=str(programme.human_rights_marker),
            vocabulary="99",
            vocabulary_uri=MPTF_MARKERS,
            name=iati.text("Migration MPTF human rights marker"),
        ),
    )


def _budgets(programme: Programme) -> tuple[iati.Budget, ...]:
    """One budget per calendar year of the plan (IATI budgets cover at most a year)."""
    by_year: dict[int, Decimal] = {}
    for line in programme.budget_lines.all():
        by_year[line.year] = by_year.get(line.year, Decimal(0)) + line.amount
    found = []
    for year, direct in sorted(by_year.items()):
        start = max(dt.date(year, 1, 1), programme.planned_start)
        end = min(dt.date(year, 12, 31), programme.planned_end)
        value = _money(finance.with_indirect(programme, direct))
        found.append(iati.Budget(start, end, value, start))
    return tuple(found)


def _transactions(
    programme: Programme,
    orgs: dict[int, iati.Organisation],
    reporter: iati.Organisation,
    today: dt.date,
) -> tuple[iati.Transaction, ...]:
    found: list[iati.Transaction] = []
    if programme.approved_on and programme.approved_on <= today:
        budgets: dict[int, Decimal] = {}
        for line in programme.budget_lines.all():
            budgets[line.organisation_id] = (
                budgets.get(line.organisation_id, Decimal(0)) + line.amount
            )
        for org_id, direct in sorted(budgets.items()):
            found.append(
                iati.Transaction(
                    type=TransactionType.OUTGOING_COMMITMENT,
                    date=programme.approved_on,
                    value=_money(finance.with_indirect(programme, direct)),
                    value_date=programme.approved_on,
                    description=iati.text("Budget approved by the fund"),
                    provider=reporter,
                    receiver=orgs.get(org_id),
                )
            )
    for transfer in programme.transfers.all():
        incoming = transfer.kind == c.TransferKind.FROM_FUND
        found.append(
            iati.Transaction(
                type=TransactionType.INCOMING_FUNDS if incoming else TransactionType.DISBURSEMENT,
                date=transfer.transferred_on,
                value=_money(transfer.amount),
                value_date=transfer.transferred_on,
                description=iati.text(
                    "Transfer from the fund's administrative agent"
                    if incoming
                    else "Disbursement to an implementing partner"
                ),
                provider=reporter if incoming else orgs.get(transfer.organisation_id),
                receiver=orgs.get(
                    transfer.organisation_id if incoming else transfer.partner_id or 0
                ),
                ref=transfer.reference or None,
            )
        )
    spent: dict[tuple[int, Any], Decimal] = {}
    for row in Expenditure.objects.filter(period__programme=programme).select_related("period"):
        key = (row.organisation_id, row.period)
        spent[key] = spent.get(key, Decimal(0)) + row.amount
    for (org_id, period), direct in sorted(
        spent.items(), key=lambda i: (i[0][1].starts_on, i[0][0])
    ):
        if not direct:
            continue
        on = min(period.ends_on, today)
        found.append(
            iati.Transaction(
                type=TransactionType.EXPENDITURE,
                date=on,
                value=_money(finance.with_indirect(programme, direct)),
                value_date=on,
                description=iati.text(f"Expenditure, {period.title}"),
                provider=orgs.get(org_id),
            )
        )
    return tuple(found)


def _results(programme: Programme, left_out: list[str]) -> tuple[iati.Result, ...]:
    periods = {p.pk: p for p in programme.periods.all()}
    targets: dict[int, list[Target]] = {}
    for target in Target.objects.filter(indicator__result__programme=programme):
        targets.setdefault(target.indicator_id, []).append(target)
    actuals: dict[int, list[Actual]] = {}
    for actual in Actual.objects.filter(indicator__result__programme=programme):
        actuals.setdefault(actual.indicator_id, []).append(actual)
    found = []
    for result in programme.results.prefetch_related("indicators").order_by("code"):
        indicators = []
        for indicator in result.indicators.all():
            indicators.append(
                _indicator(
                    indicator, periods, targets.get(indicator.pk, []), actuals.get(indicator.pk, [])
                )
            )
        if not indicators:
            left_out.append(f"result {result.code}: it has no indicator yet")
            continue
        found.append(
            iati.Result(
                type=c.IATI_RESULT[c.ResultLevel(result.level)],
                title=iati.text(result.title),
                description=iati.text(result.description) if result.description else None,
                indicators=tuple(indicators),
            )
        )
    return tuple(found)


def _indicator(
    indicator: Any, periods: dict[int, Any], targets: list[Any], actuals: list[Any]
) -> iati.Indicator:
    per: dict[int, dict[str, Any]] = {}
    for kind, rows in (("target", targets), ("actual", actuals)):
        for row in rows:
            slot = per.setdefault(row.period_id, {"splits": {}})
            if row.is_total:
                slot[kind] = _figure(row.value)
            else:
                name, value = row.dimension
                slot["splits"].setdefault((name, value), {})[kind] = _figure(row.value)
            if kind == "actual" and row.is_total and row.definition:
                slot["comment"] = row.definition
    iati_periods = []
    for period_id, slot in sorted(per.items(), key=lambda i: periods[i[0]].starts_on):
        period = periods[period_id]
        splits = tuple(
            iati.Disaggregation(
                (iati.Dimension(name, value),),
                target=values.get("target"),
                actual=values.get("actual"),
            )
            for (name, value), values in sorted(slot["splits"].items())
        )
        iati_periods.append(
            iati.Period(
                start=period.starts_on,
                end=period.ends_on,
                target=slot.get("target"),
                actual=slot.get("actual"),
                disaggregations=splits,
                actual_comment=iati.text(slot["comment"]) if slot.get("comment") else None,
            )
        )
    baseline = None
    if indicator.baseline_value is not None and indicator.baseline_year:
        baseline = iati.Baseline(
            year=indicator.baseline_year,
            value=_figure(indicator.baseline_value),
            comment=iati.text(indicator.baseline_note) if indicator.baseline_note else None,
        )
    description = (
        f"Unit: {indicator.unit}. Means of verification: {indicator.means_of_verification}"
    )
    return iati.Indicator(
        title=iati.text(f"{indicator.code} {indicator.title}"),
        measure=c.IATI_MEASURE[c.Measure(indicator.measure)],
        ascending=indicator.ascending,
        description=iati.text(description),
        baseline=baseline,
        periods=tuple(iati_periods),
    )


def export(programme: Programme, generated: dt.datetime | None = None) -> Export:
    """The programme's IATI 2.03 file and the official schema's verdict on it. Raises
    NotPublishable when something the file needs is missing, with every problem named
    (including those engine.iati's checks find: codes, shares, dates)."""
    generated = generated or timezone.now()
    model, left_out = build(programme, generated.date())
    try:
        xml = iati.to_xml(model, generated)
    except iati.InvalidProgramme as refused:
        raise NotPublishable(list(refused.problems)) from refused
    except iati.InvalidDocument as refused:  # the writer's own safety net
        raise NotPublishable(list(refused.errors)) from refused
    return Export(xml=xml, errors=iati.validate(xml), left_out=left_out)
