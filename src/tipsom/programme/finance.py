"""The programme's money: budget lines in the UN harmonised categories, transfers from the
fund's administrative agent (and on to implementing partners), expenditure reported per
period, organisation and category; and the figures made of them.

Budgets and expenditure are entered in the seven direct-cost categories. Indirect support
costs are never typed: they are the programme's rate (7 % by default) of the direct costs,
rounded to the cent, and appear as the eighth category everywhere. Delivery rate is
expenditure (direct and indirect) over the transfers received from the fund; burn rate
compares the expenditure per month so far with the budget per month of the plan."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Sum

from tipsom.cases import validation as v
from tipsom.core.models import Organisation
from tipsom.core.services import audited_create, audited_update, require
from tipsom.programme import checks
from tipsom.programme import choices as c
from tipsom.programme.models import BudgetLine, Expenditure, Programme, ReportingPeriod, Transfer
from tipsom.programme.services import require_manager, require_open, require_participant

CENT = Decimal("0.01")
DAYS_PER_MONTH = Decimal("30.4375")  # 365.25 / 12
PUNO = c.PartnerRole.PARTICIPATING_UN
PARTNERS = (c.PartnerRole.GOVERNMENT, c.PartnerRole.CIVIL_SOCIETY)


def indirect(programme: Programme, direct: Decimal) -> Decimal:
    return (direct * programme.indirect_rate / 100).quantize(CENT, rounding=ROUND_HALF_UP)


def with_indirect(programme: Programme, direct: Decimal) -> Decimal:
    return direct + indirect(programme, direct)


def _direct(errors: checks.Errors, category: str) -> None:
    if category == c.BudgetCategory.INDIRECT:
        errors.add(
            "category",
            "indirect support costs are not entered: they are computed as the programme's "
            "rate of the direct costs; allowed: " + ", ".join(c.DIRECT_CATEGORIES),
        )
    else:
        v.one_of(errors, "category", category, c.DIRECT_CATEGORIES, required=True)


@transaction.atomic
def set_budget_line(
    actor: Any, programme: Programme, organisation: Any, category: str, year: Any, amount: Any
) -> BudgetLine:
    """A participating UN organisation's budget for a year in a direct-cost category;
    setting it again replaces the amount."""
    require_manager(actor, programme)
    errors = checks.Errors()
    require_participant(errors, "organisation", programme, organisation, PUNO)
    _direct(errors, category)
    try:
        year = int(year)
    except (TypeError, ValueError):
        year = 0
    first, last = programme.planned_start.year, programme.planned_end.year
    if not first <= year <= last:
        errors.add("year", f"'{year}' is outside the programme's years ({first} to {last})")
    number = checks.amount(errors, "amount", amount)
    errors.raise_if_any()
    assert number is not None  # required: an error above otherwise
    found = BudgetLine.objects.filter(
        programme=programme, organisation=organisation, category=category, year=year
    ).first()
    if found is not None:
        audited_update(
            actor, found, {"amount": number}, ["amount"], organisation_id=organisation.pk
        )
        return found
    line = BudgetLine(
        programme=programme, organisation=organisation, category=category, year=year, amount=number
    )
    audited_create(actor, line, organisation_id=organisation.pk)
    return line


@transaction.atomic
def record_transfer(actor: Any, programme: Programme, data: dict[str, Any]) -> Transfer:
    """Money from the fund's administrative agent to a participating UN organisation
    (``from_fund``), or from that organisation to an implementing partner (``to_partner``)."""
    require_manager(actor, programme)
    errors = checks.Errors()
    kind = str(data.get("kind") or c.TransferKind.FROM_FUND)
    v.one_of(errors, "kind", kind, c.TransferKind)
    organisation = data.get("organisation")
    require_participant(errors, "organisation", programme, organisation, PUNO)
    partner = data.get("partner")
    if kind == c.TransferKind.TO_PARTNER:
        require_participant(errors, "partner", programme, partner, *PARTNERS)
    elif partner is not None:
        errors.add("partner", "a transfer from the fund goes to a participating UN organisation")
    when = checks.day(errors, "transferred_on", data.get("transferred_on"))
    v.not_future(errors, "transferred_on", when)
    number = checks.amount(errors, "amount", data.get("amount"))
    if number is not None and number <= 0:
        errors.add("amount", "a transfer moves more than 0")
    errors.raise_if_any()
    assert isinstance(organisation, Organisation) and when is not None and number is not None
    transfer = Transfer(
        programme=programme,
        kind=kind,
        organisation=organisation,
        partner=partner if kind == c.TransferKind.TO_PARTNER else None,
        transferred_on=when,
        amount=number,
        reference=str(data.get("reference") or "").strip(),
        recorded_by=actor,
    )
    audited_create(actor, transfer, organisation_id=organisation.pk)
    return transfer


def transferred(programme: Programme, organisation: Organisation | None = None) -> Decimal:
    """What the fund has transferred to the organisation (or to all of them)."""
    found = programme.transfers.filter(kind=c.TransferKind.FROM_FUND)
    if organisation is not None:
        found = found.filter(organisation=organisation)
    return found.aggregate(total=Sum("amount"))["total"] or Decimal(0)


def spent_direct(programme: Programme, organisation: Organisation | None = None) -> Decimal:
    found = Expenditure.objects.filter(period__programme=programme)
    if organisation is not None:
        found = found.filter(organisation=organisation)
    return found.aggregate(total=Sum("amount"))["total"] or Decimal(0)


@transaction.atomic
def record_expenditure(
    actor: Any,
    period: ReportingPeriod,
    organisation: Any,
    category: str,
    amount: Any,
    justification: str = "",
) -> Expenditure:
    """A participating UN organisation's expenditure in an open period in a direct-cost
    category (recording it again replaces the amount). Expenditure that would take the
    organisation's total, with indirect support costs, above what the fund transferred to it
    needs a justification (pre-financing from its own resources, a transfer on its way)."""
    require(actor, "expenditure", "add", organisation)
    programme = period.programme
    errors = checks.Errors()
    require_participant(errors, "organisation", programme, organisation, PUNO)
    require_open(errors, period, "expenditure")
    _direct(errors, category)
    number = checks.amount(errors, "amount", amount)
    errors.raise_if_any()
    assert number is not None  # required: an error above otherwise
    found = Expenditure.objects.filter(
        period=period, organisation=organisation, category=category
    ).first()
    before = spent_direct(programme, organisation) - (found.amount if found else 0)
    total = with_indirect(programme, before + number)
    received = transferred(programme, organisation)
    reason = str(justification or "").strip()
    if total > received and not reason:
        raise ValidationError(
            {
                "justification": (
                    f"with this, {organisation.label}'s expenditure reaches {programme.currency} "
                    f"{total:,.2f} (indirect support costs included), above the "
                    f"{programme.currency} {received:,.2f} the fund has transferred to it: say "
                    "why in the justification (e.g. pre-financed from own resources)"
                )
            }
        )
    fields = {"amount": number, "justification": reason, "recorded_by": actor}
    if found is not None:
        audited_update(actor, found, fields, list(fields), organisation_id=organisation.pk)
        return found
    expenditure = Expenditure(period=period, organisation=organisation, category=category, **fields)
    audited_create(actor, expenditure, organisation_id=organisation.pk)
    return expenditure


# --- the figures ----------------------------------------------------------------------------


def ratio(part: Decimal, whole: Decimal) -> Decimal | None:
    return (part / whole).quantize(Decimal("0.0001")) if whole else None


def percent(rate: Decimal | None) -> Decimal | None:
    return (rate * 100).quantize(Decimal("0.1")) if rate is not None else None


@dataclass
class Ledger:
    """One organisation's money (or the programme's, ``organisation`` None), by category,
    indirect support costs included."""

    organisation: Organisation | None
    budget: dict[str, Decimal] = field(default_factory=dict)
    spent: dict[str, Decimal] = field(default_factory=dict)
    transferred: Decimal = Decimal(0)
    disbursed: Decimal = Decimal(0)  # passed on to implementing partners

    @property
    def budget_total(self) -> Decimal:
        return sum(self.budget.values(), Decimal(0))

    @property
    def spent_total(self) -> Decimal:
        return sum(self.spent.values(), Decimal(0))

    @property
    def delivery_rate(self) -> Decimal | None:
        """Expenditure over the transfers received from the fund."""
        return ratio(self.spent_total, self.transferred)

    @property
    def delivery_percent(self) -> Decimal | None:
        return percent(self.delivery_rate)

    @property
    def balance(self) -> Decimal:
        return self.transferred - self.spent_total


@dataclass(frozen=True)
class Burn:
    """Expenditure per month so far against the budget per month of the plan."""

    months_elapsed: Decimal
    months_planned: Decimal
    actual_per_month: Decimal | None
    planned_per_month: Decimal | None

    @property
    def rate(self) -> Decimal | None:
        if self.actual_per_month is None or not self.planned_per_month:
            return None
        return ratio(self.actual_per_month, self.planned_per_month)

    @property
    def percent(self) -> Decimal | None:
        return percent(self.rate)


def months(start: dt.date, end: dt.date) -> Decimal:
    """Months between two days, inclusive of both, to two decimals."""
    days = Decimal((end - start).days + 1)
    return (days / DAYS_PER_MONTH).quantize(CENT) if days > 0 else Decimal(0)


def ledgers(
    programme: Programme, budget_lines: Any, expenditures: Any, transfers: Any
) -> tuple[list[Ledger], Ledger]:
    """Each participating organisation's ledger and the programme's total, from the rows
    the reader may see (their querysets, already restricted)."""
    by_org: dict[int, Ledger] = {}

    def ledger(organisation: Organisation) -> Ledger:
        return by_org.setdefault(organisation.pk, Ledger(organisation))

    for line in budget_lines.select_related("organisation"):
        row = ledger(line.organisation)
        row.budget[line.category] = row.budget.get(line.category, Decimal(0)) + line.amount
    for spent in expenditures.select_related("organisation"):
        row = ledger(spent.organisation)
        row.spent[spent.category] = row.spent.get(spent.category, Decimal(0)) + spent.amount
    for transfer in transfers.select_related("organisation"):
        row = ledger(transfer.organisation)
        if transfer.kind == c.TransferKind.FROM_FUND:
            row.transferred += transfer.amount
        else:
            row.disbursed += transfer.amount
    total = Ledger(None)
    rows = sorted(by_org.values(), key=lambda r: r.organisation.label if r.organisation else "")
    for row in rows:
        for part in (row.budget, row.spent):
            direct = sum(part.values(), Decimal(0))
            if direct:
                part[c.BudgetCategory.INDIRECT] = indirect(programme, direct)
        for name in ("budget", "spent"):
            mine, all_ = getattr(row, name), getattr(total, name)
            for category, value in mine.items():
                all_[category] = all_.get(category, Decimal(0)) + value
        total.transferred += row.transferred
        total.disbursed += row.disbursed
    return rows, total


def burn(programme: Programme, total: Ledger, expenditures: Any) -> Burn:
    """Months elapsed run from the (actual, else planned) start to the end of the last
    period with expenditure (of ``expenditures``, the rows the reader may see)."""
    planned = months(programme.planned_start, programme.planned_end)
    reported = list(expenditures.values_list("period__ends_on", flat=True))
    start = programme.actual_start or programme.planned_start
    elapsed = months(start, max(reported)) if reported else Decimal(0)
    return Burn(
        months_elapsed=elapsed,
        months_planned=planned,
        actual_per_month=(total.spent_total / elapsed).quantize(CENT) if elapsed else None,
        planned_per_month=(total.budget_total / planned).quantize(CENT) if planned else None,
    )
