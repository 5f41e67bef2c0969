"""The registry of computed indicators: named, documented counts over the system's own data.

Each computation says in words what it counts (its definition, stored with every value it
produces), which disaggregations it can give, and collects its records for a period and,
optionally, the organisations whose records count. The parameters (computation, first and
last day, organisations) are stored with the value as JSON; `run` with the same parameters
over the same data gives the same figures, so a stored value can be computed again and
compared (selectors.recomputed).

Counts only leave this module, never names. A person counts once per period however many
cases, services or referrals they have; a referral, FIR or attendance counts as one record.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Sum
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tipsom.programme.choices import AgeGroup, Dimension

Record = tuple[int, dict[str, str]]  # (how many it counts for, its categories)


@dataclass(frozen=True)
class Params:
    """What a computation was asked: the period and whose records count (None: all)."""

    computation: str
    start: dt.date
    end: dt.date
    organisations: tuple[int, ...] | None = None

    def as_json(self) -> dict[str, Any]:
        return {
            "computation": self.computation,
            "start": self.start.isoformat(),
            "end": self.end.isoformat(),
            "organisations": list(self.organisations) if self.organisations is not None else None,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Params:
        organisations = data.get("organisations")
        return cls(
            computation=str(data["computation"]),
            start=dt.date.fromisoformat(data["start"]),
            end=dt.date.fromisoformat(data["end"]),
            organisations=tuple(organisations) if organisations is not None else None,
        )


@dataclass(frozen=True)
class Figures:
    """A computation's result: the total and, per dimension, the count of each category."""

    total: int
    by: dict[str, dict[str, int]] = field(default_factory=dict)


@dataclass(frozen=True)
class Computation:
    key: str
    title: Any  # lazily translated
    unit: str
    definition: Any  # lazily translated; stored in English with each value computed
    dimensions: tuple[str, ...]
    collect: Callable[[Params], Iterable[Record]]


def _day_bounds(start: dt.date, end: dt.date) -> tuple[dt.datetime, dt.datetime]:
    """The instants a period of days begins and ends at, in the site's time zone."""
    zone = timezone.get_current_timezone()
    begin = timezone.make_aware(dt.datetime.combine(start, dt.time.min), zone)
    after = timezone.make_aware(dt.datetime.combine(end + dt.timedelta(days=1), dt.time.min), zone)
    return begin, after


def age_group(birth_year: int | None, at: dt.date) -> str:
    if birth_year is None:
        return AgeGroup.UNKNOWN
    return AgeGroup.CHILD if at.year - birth_year < 18 else AgeGroup.ADULT


def _persons(person_ids: Any, params: Params) -> Iterator[Record]:
    """Each person once: sex, age group at the period's end, the province of the
    organisation that registered them."""
    from tipsom.cases.models import Person

    rows = (
        Person.objects.filter(pk__in=person_ids)
        .values_list("sex", "birth_year", "organisation__province")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for sex, birth_year, province, n in rows:
        yield (
            n,
            {
                "sex": sex or "unknown",
                "age_group": age_group(birth_year, params.end),
                "province": province or "unknown",
            },
        )


def _victims_referred(params: Params) -> Iterator[Record]:
    from tipsom.referrals.choices import ReferralKind
    from tipsom.referrals.models import Referral

    begin, after = _day_bounds(params.start, params.end)
    found = Referral.objects.filter(
        kind=ReferralKind.REFERRAL, created_at__gte=begin, created_at__lt=after
    )
    if params.organisations is not None:
        found = found.filter(sender_id__in=params.organisations)
    rows = found.values_list("sender__province").annotate(n=Count("pk")).order_by()
    for province, n in rows:
        yield n, {"province": province or "unknown"}


def _cases_investigated(params: Params) -> Iterator[Record]:
    from tipsom.justice.models import Fir

    found = Fir.objects.filter(registered_on__gte=params.start, registered_on__lte=params.end)
    if params.organisations is not None:
        found = found.filter(organisation_id__in=params.organisations)
    rows = found.values_list("organisation__province").annotate(n=Count("pk")).order_by()
    for province, n in rows:
        yield n, {"province": province or "unknown"}


def _persons_assisted(params: Params) -> Iterator[Record]:
    from tipsom.cases.choices import CLIENT_ROLES, ServiceStatus
    from tipsom.cases.models import CaseRole, Service

    services = Service.objects.filter(
        status=ServiceStatus.DELIVERED,
        delivered_on__gte=params.start,
        delivered_on__lte=params.end,
    )
    if params.organisations is not None:
        services = services.filter(case__organisation_id__in=params.organisations)
    clients = CaseRole.objects.filter(
        case_id__in=services.values("case_id"), role__in=list(CLIENT_ROLES)
    ).values("person_id")
    yield from _persons(clients, params)


def _victims_registered(params: Params) -> Iterator[Record]:
    from tipsom.cases.choices import CaseRoleType
    from tipsom.cases.models import CaseRole

    roles = CaseRole.objects.filter(
        role=CaseRoleType.VICTIM,
        case__opened_on__gte=params.start,
        case__opened_on__lte=params.end,
    )
    if params.organisations is not None:
        roles = roles.filter(case__organisation_id__in=params.organisations)
    yield from _persons(roles.values("person_id"), params)


def _officials_trained(params: Params) -> Iterator[Record]:
    from tipsom.core.choices import OrganisationType
    from tipsom.programme.models import Attendance

    found = Attendance.objects.filter(
        event__starts_on__gte=params.start,
        event__starts_on__lte=params.end,
        organisation__type__in=[OrganisationType.GOVERNMENT, OrganisationType.LAW_ENFORCEMENT],
    )
    if params.organisations is not None:
        found = found.filter(event__organisation_id__in=params.organisations)
    rows = (
        found.values_list("event__province")
        .annotate(f=Sum("female"), m=Sum("male"), t=Sum("transgender"))
        .order_by()
    )
    for province, female, male, transgender in rows:
        for sex, count in (("female", female), ("male", male), ("transgender", transgender)):
            if count:
                yield count, {"sex": sex, "province": province or "unknown"}


SEX, AGE, PROVINCE = Dimension.SEX.value, Dimension.AGE_GROUP.value, Dimension.PROVINCE.value

REGISTRY: dict[str, Computation] = {
    c.key: c
    for c in (
        Computation(
            key="victims_referred",
            title=_("Victims referred for services"),
            unit="referrals",
            definition=_(
                "Referrals for a service (kind 'referral'; transfers of a case are not "
                "counted) sent in the period, whatever the receiver answered; each referral "
                "counts once. Province: that of the sending organisation."
            ),
            dimensions=(PROVINCE,),
            collect=_victims_referred,
        ),
        Computation(
            key="cases_investigated",
            title=_("Cases investigated"),
            unit="FIRs",
            definition=_(
                "First Information Reports registered in the period by any agency, whatever "
                "became of them; each FIR counts once. Province: that of the registering "
                "agency."
            ),
            dimensions=(PROVINCE,),
            collect=_cases_investigated,
        ),
        Computation(
            key="persons_assisted",
            title=_("Persons assisted"),
            unit="persons",
            definition=_(
                "Clients (victims, smuggled migrants, returnees) of the cases in which a "
                "service was delivered in the period (status 'delivered', delivered on a day "
                "of the period); each person counts once however many services or cases. "
                "Age group: age at the end of the period from the birth year. Province: that "
                "of the organisation that registered the person."
            ),
            dimensions=(SEX, AGE, PROVINCE),
            collect=_persons_assisted,
        ),
        Computation(
            key="victims_registered",
            title=_("Victims registered"),
            unit="persons",
            definition=_(
                "Persons recorded as victims in cases opened in the period; each person "
                "counts once. Age group: age at the end of the period from the birth year. "
                "Province: that of the organisation that registered the person."
            ),
            dimensions=(SEX, AGE, PROVINCE),
            collect=_victims_registered,
        ),
        Computation(
            key="officials_trained",
            title=_("Officials trained"),
            unit="participants",
            definition=_(
                "Participants from government and law-enforcement organisations in the "
                "training events of the training register that began in the period, by sex "
                "as recorded per organisation; a person trained twice counts twice. "
                "Province: where the training was held."
            ),
            dimensions=(SEX, PROVINCE),
            collect=_officials_trained,
        ),
    )
}


def run(params: Params) -> Figures:
    """The figures of ``params.computation`` for its period and organisations."""
    computation = REGISTRY[params.computation]
    total = 0
    by: dict[str, dict[str, int]] = {d: {} for d in computation.dimensions}
    for count, categories in computation.collect(params):
        total += count
        for dimension in computation.dimensions:
            value = categories[dimension]
            by[dimension][value] = by[dimension].get(value, 0) + count
    return Figures(total=total, by={d: dict(sorted(v.items())) for d, v in by.items()})


def describe(params: Params, organisation_names: list[str] | None) -> str:
    """The definition stored with a value: what is counted, over which days, whose records
    (in the active language: callers store it in English)."""
    computation = REGISTRY[params.computation]
    whose = (
        "every organisation in the network"
        if organisation_names is None
        else ", ".join(organisation_names) or "no organisation"
    )
    return (
        f"{computation.definition!s} Period: {params.start.isoformat()} to "
        f"{params.end.isoformat()}. Records of: {whose}."
    )
