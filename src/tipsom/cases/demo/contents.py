"""What a planned case holds: events, screening, consents, support."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from typing import Any

from tipsom.cases import choices as c
from tipsom.cases.demo.people import DECIDED_BY
from tipsom.cases.demo.places import CLOSURE_REASONS, VIOLENT_ILO, VIOLENT_METHODS, E
from tipsom.cases.demo.plan import _Generator, _Plan
from tipsom.cases.models import (
    Case,
    CaseRole,
    Consent,
    Person,
    Screening,
    TraffickingEvent,
)

# --- case contents ---------------------------------------------------------------------------


def _case_contents(gen: _Generator, plan: _Plan, case: Case) -> dict[type[Any], list[Any]]:
    """Roles, events, screenings and consents of one planned case (as values), and its closure."""
    out: dict[type[Any], list[Any]] = {CaseRole: [], TraffickingEvent: [], Screening: [],
                                       Consent: []}  # fmt: skip
    owner_id = plan.owner.pk
    main = plan.persons[0] if len(plan.persons) == 1 else None  # else the events are the group's
    for person, role in zip(plan.persons, plan.roles, strict=True):
        out[CaseRole].append({"case": case, "person": person, "role": role})
    for event in plan.events:
        month = event.precision == c.DatePrecision.MONTH
        out[TraffickingEvent].append(
            {
                "case": case,
                "recorded_by_id": owner_id,
                "person": main,
                "type": event.type,
                "country": event.place.country,
                "province": event.place.province,
                "district": event.place.district,
                "city": event.place.city,
                "date": event.when.replace(day=1) if month else event.when,
                "date_precision": event.precision,
                "description": event.description,
            }
        )
    last_day = plan.opened_on
    if gen.chance(0.7):
        for person in plan.persons:
            screening = _screening(gen, plan, case, person)
            out[Screening].append(screening)
            last_day = max(last_day, screening["screened_on"])
        case.stage = c.CaseStage.SCREENING
    for person in plan.persons:
        for purpose, p in CONSENTS:
            if not gen.chance(p):
                continue
            given = {"person": person, "case": case, "purpose": purpose,
                     "decision": c.ConsentDecision.GIVEN, "decided_on": plan.opened_on,
                     "recorded_by_id": owner_id}  # fmt: skip
            out[Consent].append(given)
            if gen.chance(0.03):
                withdrawn = given | {"decision": c.ConsentDecision.WITHDRAWN,
                                     "decided_on": gen.after(plan.opened_on, 10, 300)}  # fmt: skip
                out[Consent].append(withdrawn)
    age_days = (gen.today - plan.opened_on).days
    if age_days > 60 and gen.chance(min(0.4, age_days / 4000)):
        case.closed_on = gen.day(last_day + timedelta(days=30), last_day + timedelta(days=600))
        referred = gen.chance(0.3)
        case.status = c.CaseStatus.CLOSED_REFERRED if referred else c.CaseStatus.CLOSED
        case.stage = c.CaseStage.CLOSURE
        case.closure_reason = gen.pick(CLOSURE_REASONS[2:3] if referred else CLOSURE_REASONS)
    return out


CONSENTS = (
    (c.ConsentPurpose.ASSISTANCE, 0.92),
    (c.ConsentPurpose.DATA_SHARING, 0.6),
    (c.ConsentPurpose.REFERRAL, 0.5),
    (c.ConsentPurpose.RESEARCH, 0.2),
)


def _screening(gen: _Generator, plan: _Plan, case: Case, person: Person) -> dict[str, Any]:
    """A screening that obeys `services.record_screening`'s rules."""
    trafficking = plan.case_type in (c.CaseType.TRAFFICKING, c.CaseType.BOTH)
    if trafficking and plan.exploitation is not None:
        status = gen.weighted(
            (
                (c.TraffickingStatus.ACTUAL, 45),
                (c.TraffickingStatus.POSSIBLE, 45),
                (c.TraffickingStatus.NOT_A_VICTIM, 10),
            )
        )
    elif trafficking:
        status = gen.weighted(
            ((c.TraffickingStatus.POSSIBLE, 70), (c.TraffickingStatus.NOT_A_VICTIM, 30))
        )
    else:
        status = gen.weighted(
            (("", 25), (c.TraffickingStatus.NOT_A_VICTIM, 55), (c.TraffickingStatus.POSSIBLE, 20))
        )
    screening: dict[str, Any] = {
        "case": case,
        "recorded_by_id": plan.owner.pk,
        "person": person,
        "screened_on": gen.after(plan.opened_on, 0, 30),
        "trafficking_status": status,
        # record_screening: a status needs the kind of organisation that decided it
        "decided_by": DECIDED_BY.get(plan.organisation.acronym, c.DecisionMakingOrg.POLICE)
        if status
        else "",
    }
    what = plan.exploitation
    if what is not None and status in (c.TraffickingStatus.ACTUAL, c.TraffickingStatus.POSSIBLE):
        # record_screening: industries only with ForcedLabour, sexual types only with
        # SexualExploitation: each profile's lists follow its types.
        screening["exploitation_types"] = list(what.types)
        if E.FORCED_LABOUR in what.types:
            screening["forced_labour_industries"] = gen.some(what.industries, 1, 1)
        if E.SEXUAL_EXPLOITATION in what.types:
            screening["sexual_exploitation_types"] = gen.some(what.sexual, 1, 2)
        screening["methods_of_control"] = gen.some(what.methods, 2, 4)
        screening["ilo_indicators"] = gen.some(what.indicators, 2, 4)
        methods = gen.some(RECRUITMENT_METHODS, 1, 2)
        screening["recruitment_methods"] = methods
        if c.MethodOfRecruitment.ONLINE_SOCIAL_NETWORKS in methods:
            screening["recruitment_platforms"] = gen.some(PLATFORMS, 1, 2)
        screening["relationship_to_recruiter"] = gen.weighted(
            (
                (c.RelationshipToTrafficker.FAMILIAL, 20),
                (c.RelationshipToTrafficker.ACQUAINTED, 55),
                (c.RelationshipToTrafficker.UNACQUAINTED, 25),
            )
        )
        if person.birth_year:
            age = max(0, plan.recruited_on.year - person.birth_year)
            screening["age_when_trafficked"] = age
    elif status == c.TraffickingStatus.POSSIBLE:
        screening["methods_of_control"] = gen.some(VIOLENT_METHODS, 1, 3)
        screening["ilo_indicators"] = gen.some(VIOLENT_ILO, 1, 2)
    if plan.case_type in (c.CaseType.SMUGGLING, c.CaseType.BOTH):
        if gen.chance(0.85):  # record_screening: an amount needs its currency
            if gen.chance(0.88):
                low, high = (12, 30) if plan.route == "east_med" else (20, 40)
                amount = Decimal(100_000 * int(low + gen.rng.random() * (high - low)))
                screening["smuggling_currency"] = "PKR"
            else:
                amount = Decimal(500 * int(10 + gen.rng.random() * 16))
                screening["smuggling_currency"] = "USD" if gen.chance(0.6) else "EUR"
            screening["smuggling_amount_paid"] = amount
        screening["smuggling_arranged_by"] = gen.weighted(
            (
                (c.SmugglingArrangedBy.AGENT, 70),
                (c.SmugglingArrangedBy.FAMILY, 24),
                (c.SmugglingArrangedBy.SELF, 6),
            )
        )
        screening["smuggler_roles"] = gen.some(SMUGGLER_ROLES, 1, 4)
    return screening


RECRUITMENT_METHODS = (
    c.MethodOfRecruitment.FAMILY,
    c.MethodOfRecruitment.FRIENDS,
    c.MethodOfRecruitment.FRIENDS,
    c.MethodOfRecruitment.ONLINE_SOCIAL_NETWORKS,
    c.MethodOfRecruitment.PLACE_OF_BUSINESS,
    c.MethodOfRecruitment.AT_WORK,
)
PLATFORMS = (c.Platform.FACEBOOK, c.Platform.WHATSAPP, c.Platform.TIKTOK, c.Platform.INSTAGRAM)
SMUGGLER_ROLES = (
    c.SmugglerRole.RECRUITER,
    c.SmugglerRole.ORGANISER,
    c.SmugglerRole.TRANSPORTER,
    c.SmugglerRole.GUIDE,
    c.SmugglerRole.MONEY_HANDLER,
    c.SmugglerRole.DOCUMENT_FORGER,
)
