"""The generator: one case at a time, with its persons, route and story."""

from __future__ import annotations

import json
import random
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from tipsom.cases import choices as c
from tipsom.cases.demo.people import (
    FAMILIES,
    FATHERS,
    FATHERS_OF,
    FEMALE,
    FEMALE_SURNAMES,
    FIRST_DAY,
    MALE,
    MALE_OF,
    OWNERS,
    SPELLINGS,
    URDU,
)
from tipsom.cases.demo.places import (
    AFGHAN_HOMES,
    ATHENS,
    BEGGING,
    CHILD_SERVANT,
    CITIES,
    DISTRICTS,
    DOMESTIC_SERVITUDE,
    FIELDS_SINDH,
    FORCED_MARRIAGE,
    GATEWAYS,
    GREECE_ENTRY,
    GREECE_LABOUR,
    GULF,
    GULF_MEN,
    GULF_WOMEN,
    HARI,
    IRAN_ENTRY,
    IRAN_EXIT,
    IRAN_INLAND,
    ISTANBUL_WORKSHOP,
    ITALY,
    KILN,
    KILNS,
    LIBYA,
    LIBYA_LABOUR,
    MAND,
    MANOLADA,
    MOHALLAS,
    RECRUITERS,
    SEX_TRADE,
    TAFTAN,
    TURKEY_ENTRY,
    TURKEY_EXIT,
    TURKEY_LABOUR,
    District,
    E,
    Exploitation,
    Place,
)
from tipsom.cases.models import (
    Address,
    IdentityDocument,
    Person,
    Phone,
)
from tipsom.core import demo as network
from tipsom.core.models import Organisation, User

# --- generated structure ---------------------------------------------------------------------


@dataclass
class _Event:
    type: str
    place: Place
    when: date
    description: str
    precision: str = c.DatePrecision.DAY


@dataclass
class _Plan:
    """One case and everything in it, before it is written."""

    route: str
    case_type: str
    owner: User
    organisation: Organisation
    opened_on: date
    persons: list[Person] = field(default_factory=list)
    roles: list[str] = field(default_factory=list)
    events: list[_Event] = field(default_factory=list)
    exploitation: Exploitation | None = None
    recruited_on: date = FIRST_DAY
    # documents, phones and addresses of the persons, as (model, values)
    children: list[tuple[type[Any], dict[str, Any]]] = field(default_factory=list)
    spellings: list[list[tuple[str, ...]]] = field(default_factory=list)  # names, per person


class _Generator:
    def __init__(self, rng: random.Random, first_number: int, today: date) -> None:
        self.rng = rng
        self.number = first_number  # a counter that makes document and phone numbers unique
        self.today = today
        users = {u.username: u for u in User.objects.filter(username__in=[o for o, _ in OWNERS])}
        acronyms = {d.username: d.organisation for d in network.USERS}
        orgs = {o.acronym: o for o in Organisation.objects.filter(acronym__in=acronyms.values())}
        missing = [name for name, _ in OWNERS if name not in users]
        if missing:
            raise ValueError(
                f"the demo network is not seeded (no user {', '.join(missing)}): run `tipsom demo`"
            )
        self.owners = [(users[name], orgs[acronyms[name]]) for name, _ in OWNERS]
        self.owner_weights = [w for _, w in OWNERS]
        self.district_weights = [d.weight for d in DISTRICTS]
        self.afghan_homes = [d for d in DISTRICTS if d.name in AFGHAN_HOMES]

    # helpers: every draw uses random() or a fixed-size choice, so a seed replays exactly

    def chance(self, p: float) -> bool:
        return self.rng.random() < p

    def pick(self, items: Sequence[Any]) -> Any:
        return items[int(self.rng.random() * len(items))]

    def weighted(self, pairs: Sequence[tuple[Any, float]]) -> Any:
        return self.rng.choices([v for v, _ in pairs], [w for _, w in pairs])[0]

    def some(self, items: Sequence[str], low: int, high: int) -> list[str]:
        k = min(len(items), low + int(self.rng.random() * (high - low + 1)))
        return sorted(self.rng.sample(list(items), k))

    def day(self, low: date, high: date) -> date:
        high = min(high, self.today)
        if high <= low:
            return min(low, self.today)
        return low + timedelta(days=int(self.rng.random() * ((high - low).days + 1)))

    def after(self, start: date, low: int, high: int) -> date:
        return self.day(start + timedelta(days=low), start + timedelta(days=high))

    # cases

    def plan(self) -> _Plan:
        route = self.weighted(
            (("east_med", 40), ("central_med", 25), ("gulf", 25), ("domestic", 10))
        )
        case_type = {
            "east_med": lambda: c.CaseType.BOTH if self.chance(0.2) else c.CaseType.SMUGGLING,
            "central_med": lambda: c.CaseType.BOTH if self.chance(0.35) else c.CaseType.SMUGGLING,
            "gulf": lambda: c.CaseType.BOTH if self.chance(0.1) else c.CaseType.TRAFFICKING,
            "domestic": lambda: c.CaseType.TRAFFICKING,
        }[route]()
        owner, organisation = self.rng.choices(self.owners, self.owner_weights)[0]
        plan = _Plan(route, case_type, owner, organisation, FIRST_DAY)
        sex = self.sex(route)
        district = self.pick(self.afghan_homes) if self.chance(0.06) else None
        afghan = district is not None
        district = district or self.rng.choices(DISTRICTS, self.district_weights)[0]
        getattr(self, f"route_{route}")(plan, district, sex)
        opened_from = plan.events[-1].when if plan.events else plan.recruited_on
        plan.opened_on = self.after(opened_from, 3, 150)
        for event in plan.events:  # nothing is recorded before the case knew of it
            event.when = min(event.when, plan.opened_on)
        age = self.age(route, sex, plan.exploitation)
        main = self.person(plan, district, sex, age, afghan)
        plan.persons.append(main)
        plan.roles.append(self.role(case_type, route))
        if route in ("east_med", "central_med") and self.chance(0.12):  # relatives travelling
            for _ in range(1 if self.chance(0.75) else 2):
                plan.persons.append(
                    self.person(
                        plan,
                        district,
                        c.Sex.MALE,
                        17 + int(self.rng.random() * 15),
                        afghan,
                        family=main.family_name,
                    )
                )
                plan.roles.append(plan.roles[0])
        return plan

    def sex(self, route: str) -> str:
        if route in ("east_med", "central_med"):
            return c.Sex.MALE if self.chance(0.97) else c.Sex.FEMALE
        if route == "gulf":
            return c.Sex.MALE if self.chance(0.7) else c.Sex.FEMALE
        return self.weighted(((c.Sex.MALE, 45), (c.Sex.FEMALE, 51), (c.Sex.TRANSGENDER, 4)))

    def age(self, route: str, sex: str, exploitation: Exploitation | None) -> int:
        if exploitation is CHILD_SERVANT or (route == "domestic" and self.chance(0.25)):
            return 8 + int(self.rng.random() * 10)
        if route == "gulf":
            return 20 + int(self.rng.random() * 28)
        if route == "domestic":
            return 12 + int(self.rng.random() * 45)
        return (
            16 + int(self.rng.random() * 22)
            if sex == c.Sex.MALE
            else 20 + int(self.rng.random() * 20)
        )

    def role(self, case_type: str, route: str) -> str:
        if case_type == c.CaseType.SMUGGLING:
            return self.weighted(
                ((c.CaseRoleType.SMUGGLED_MIGRANT, 60), (c.CaseRoleType.RETURNEE, 40))
            )
        if route == "domestic":
            return c.CaseRoleType.VICTIM
        return self.weighted(((c.CaseRoleType.VICTIM, 70), (c.CaseRoleType.RETURNEE, 30)))

    def recruitment(self, plan: _Plan, district: District) -> date:
        plan.recruited_on = self.day(FIRST_DAY, self.today - timedelta(days=60))
        city = self.pick(district.cities)
        who = self.pick(RECRUITERS)
        plan.events.append(
            _Event(
                c.EventType.RECRUITMENT,
                Place("PK", district.province, district.name, city),
                plan.recruited_on,
                f"{who} in {city} offered work abroad against a fee",
                c.DatePrecision.MONTH if self.chance(0.3) else c.DatePrecision.DAY,
            )
        )
        return plan.recruited_on

    def transit(self, plan: _Plan, place: Place, when: date, text: str) -> date:
        plan.events.append(_Event(c.EventType.TRANSIT, place, when, text))
        return when

    def exploited(self, plan: _Plan, place: Place, when: date, what: Exploitation) -> date:
        plan.exploitation = what
        text = ", ".join(str(E(t).label).lower() for t in what.types)
        plan.events.append(
            _Event(c.EventType.EXPLOITATION, place, when, f"{text.capitalize()} in {place.city}")
        )
        return when

    def route_east_med(self, plan: _Plan, district: District, sex: str) -> None:
        when = self.recruitment(plan, district)
        border = TAFTAN if self.chance(0.7) else MAND
        when = self.transit(plan, border, self.after(when, 7, 60), "Crossed into Iran by road")
        when = self.transit(
            plan, self.pick(IRAN_ENTRY), self.after(when, 1, 3), "Handed to a new group"
        )
        when = self.transit(
            plan, self.pick(IRAN_INLAND), self.after(when, 2, 20), "Kept in a safe house"
        )
        if self.chance(0.25):
            self.transit(
                plan, self.pick(IRAN_EXIT), self.after(when, 3, 30), "Arrested and deported"
            )
            return
        when = self.transit(
            plan, self.pick(IRAN_EXIT), self.after(when, 3, 30), "Walked over the mountains"
        )
        when = self.transit(
            plan, self.pick(TURKEY_ENTRY), self.after(when, 1, 4), "Entered Turkey on foot"
        )
        when = self.transit(
            plan, self.pick(TURKEY_EXIT), self.after(when, 5, 60), "Waited for the next leg"
        )
        if plan.case_type == c.CaseType.BOTH and self.chance(0.5):
            when = self.exploited(plan, ISTANBUL_WORKSHOP, self.after(when, 3, 30), TURKEY_LABOUR)
        if self.chance(0.4):
            self.transit(
                plan, self.pick(TURKEY_EXIT), self.after(when, 10, 200), "Apprehended and deported"
            )
            return
        when = self.transit(
            plan, self.pick(GREECE_ENTRY), self.after(when, 1, 20), "Crossed into Greece"
        )
        when = self.transit(plan, ATHENS, self.after(when, 5, 40), "Reached Athens")
        if plan.case_type == c.CaseType.BOTH and plan.exploitation is None:
            self.exploited(plan, MANOLADA, self.after(when, 10, 90), GREECE_LABOUR)

    def route_central_med(self, plan: _Plan, district: District, sex: str) -> None:
        when = self.recruitment(plan, district)
        gateway = self.pick(GATEWAYS)
        when = self.transit(plan, gateway, self.after(when, 14, 90), "Flew out on a visit visa")
        if self.chance(0.08):
            self.transit(
                plan, gateway, self.after(when, 1, 20), "Refused onward travel and returned"
            )
            return
        libya = self.pick(LIBYA[:2])
        when = self.transit(plan, libya, self.after(when, 2, 30), "Flown to Libya by the network")
        if plan.case_type == c.CaseType.BOTH:
            when = self.exploited(plan, libya, self.after(when, 5, 60), LIBYA_LABOUR)
        when = self.transit(
            plan,
            self.pick(LIBYA[2:]),
            self.after(when, 10, 120),
            "Held in a warehouse near the coast",
        )
        if self.chance(0.3):
            self.transit(
                plan, LIBYA[1], self.after(when, 10, 180), "Detained and returned home with IOM"
            )
            return
        self.transit(plan, self.pick(ITALY), self.after(when, 1, 6), "Crossed the sea by boat")

    def route_gulf(self, plan: _Plan, district: District, sex: str) -> None:
        when = self.recruitment(plan, district)
        place = self.weighted(GULF)
        if place.country in ("OM", "QA") and self.chance(0.3):
            when = self.transit(
                plan, GATEWAYS[0], self.after(when, 20, 90), "Arrived on a visit visa"
            )
        work = self.weighted(GULF_MEN if sex == c.Sex.MALE else GULF_WOMEN)
        self.exploited(plan, place, self.after(when, 20, 120), work)

    def route_domestic(self, plan: _Plan, district: District, sex: str) -> None:
        when = self.recruitment(plan, district)
        plan.events[-1].description = "Offered an advance against work"
        options: list[tuple[tuple[Place, ...], Exploitation, float]] = [
            (KILNS, KILN, 35),
            (FIELDS_SINDH, HARI, 15),
            (CITIES, DOMESTIC_SERVITUDE if sex == c.Sex.FEMALE else BEGGING, 20),
            (CITIES, CHILD_SERVANT, 10),
            (CITIES, SEX_TRADE if sex != c.Sex.MALE else BEGGING, 12),
            (CITIES, FORCED_MARRIAGE if sex == c.Sex.FEMALE else KILN, 8),
        ]
        places, what, _ = self.rng.choices(options, [w for _, _, w in options])[0]
        self.exploited(plan, self.pick(places), self.after(when, 3, 60), what)

    # persons

    def person(
        self, plan: _Plan, district: District, sex: str, age: int, afghan: bool, family: str = ""
    ) -> Person:
        rng, self.number = self.rng, self.number + 1
        people = "afghan" if afghan else district.people
        female = sex == c.Sex.FEMALE or (sex == c.Sex.TRANSGENDER and self.chance(0.7))
        first = self.first_name(people, female)
        father = self.pick(FATHERS_OF.get(people, FATHERS) if self.chance(0.6) else FATHERS)
        if not family:
            family = self.pick(FAMILIES[people])
            if female and self.chance(0.4):
                family = self.pick(FEMALE_SURNAMES)
        year = min(2012, max(1965, plan.opened_on.year - age))
        estimated = self.chance(0.2)
        birth = ""
        if not estimated and self.chance(0.6):
            birth = self.day(date(year, 1, 1), date(year, 12, 31)).isoformat()
        languages = (
            list(district.languages) if not afghan else ["ps" if self.chance(0.6) else "prs"]
        )
        if not afghan and self.chance(0.06):
            languages.append("en")
        married = age >= 18 and self.chance(min(0.9, (age - 15) / 20))
        aliases = self.aliases(first, family)
        person = Person(
            organisation_id=plan.organisation.pk,
            created_by_id=plan.owner.pk,
            first_name=first,
            father_name=father,
            family_name=family,
            aliases=json.dumps([" ".join(a) for a in aliases], ensure_ascii=False)
            if aliases
            else "",
            sex=sex,
            gender=c.Gender.TRANSGENDER_FEMININE if sex == c.Sex.TRANSGENDER else "",
            birth_date=birth,
            birth_year=year,
            age_is_estimated=estimated,
            citizenships=["AF"] if afghan else (["PK", "AF"] if self.chance(0.003) else ["PK"]),
            languages=languages,
            education=self.weighted(EDUCATION) if age >= 10 else c.Education.PRIMARY,
            marital_status=(c.MaritalStatus.MARRIED if married else c.MaritalStatus.SINGLE)
            if self.chance(0.85)
            else "",
            number_of_children=int(rng.random() * 6) if married and self.chance(0.8) else None,
        )
        # The names `services.refresh_name_tokens` makes tokens of, as components.
        plan.spellings.append([(first, father, family), (first, family), *aliases])
        plan.children.extend(self.contacts(person, district, female, age, afghan, plan))
        return person

    def first_name(self, people: str, female: bool) -> str:
        if female:
            return self.pick(FEMALE)
        pool = MALE_OF.get(people)
        name = self.pick(pool if pool and self.chance(0.5) else MALE)
        if " " not in name and self.chance(0.35):
            name = f"Muhammad {name}"
        return name

    def aliases(self, first: str, family: str) -> list[tuple[str, ...]]:
        """Other spellings of the name, each as (first, family) or one Urdu-script name."""
        if not self.chance(0.35):
            return []
        out: list[tuple[str, ...]] = []
        for _ in range(1 if self.chance(0.7) else 2):
            if self.chance(0.1):
                words = f"{first} {family}".split()
                if all(w in URDU for w in words):
                    out.append((" ".join(URDU[w] for w in words),))
                    continue
            alias = (self.respell(first), self.respell(family))
            if alias != (first, family) and alias not in out:
                out.append(alias)
        return out

    def respell(self, name: str) -> str:
        if name in SPELLINGS and self.chance(0.8):
            return self.pick(SPELLINGS[name])
        words = []
        for word in name.split():
            if word in SPELLINGS and self.chance(0.7):
                word = self.pick(SPELLINGS[word])
            elif word.endswith("ullah") and self.chance(0.7):
                word = self.pick((word[:-1], word[:-5] + "-ullah", word[:-4] + "ula"))
            words.append(word)
        return " ".join(words)

    def contacts(
        self, person: Person, district: District, female: bool, age: int, afghan: bool, plan: _Plan
    ) -> list[tuple[type[Any], dict[str, Any]]]:
        """Identity documents, phones and addresses of ``person``, as (model, values)."""
        rng, n = self.rng, self.number  # n is unique per person: so are the numbers made of it
        rows: list[tuple[type[Any], dict[str, Any]]] = []

        def document(kind: str, number: str, country: str) -> None:
            values = {"person": person, "type": kind, "number": number, "issuing_country": country}
            rows.append((IdentityDocument, values))

        def phone(kind: str, number: str) -> None:
            rows.append((Phone, {"person": person, "kind": kind, "number": number}))

        if afghan:
            if self.chance(0.5):  # Proof of Registration card
                document(c.DocumentType.OTHER, f"POR{(n * 7_654_321 + 11) % 10**8:08d}", "PK")
            if self.chance(0.4):
                document(c.DocumentType.PASSPORT, f"P{(n * 2_718_281 + 3) % 10**8:08d}", "AF")
        else:
            # CNIC: district prefix, a serial, and a last digit odd for men, even for women.
            middle = f"{(n * 3_141_593 + 1_234_567) % 10**7:07d}"
            last = self.pick("2468" if female else "13579")
            number = f"{district.cnic_prefix}-{middle}-{last}"
            if age >= 18 and self.chance(0.92):
                document(c.DocumentType.CNIC, number, "PK")
            elif age < 18 and self.chance(0.5):  # B-form (child registration certificate)
                document(c.DocumentType.OTHER, number, "PK")
            if self.chance({"gulf": 0.95, "domestic": 0.05}.get(plan.route, 0.65)):
                letters = chr(65 + int(rng.random() * 26)) + chr(65 + int(rng.random() * 26))
                passport = f"{letters}{(n * 2_718_281 + 7) % 10**7:07d}"
                document(c.DocumentType.PASSPORT, passport, "PK")
        if age >= 14 and self.chance(0.9):
            serial = f"{(n * 1_618_033 + 5) % 10**7:07d}"
            if afghan and self.chance(0.3):
                phone(c.PhoneKind.MOBILE, f"+937{self.pick('0236789')}{serial}")
            else:
                phone(c.PhoneKind.MOBILE, f"+92{self.pick(MOBILE_PREFIXES)}{serial}")
        if self.chance(0.3):
            serial = f"{(n * 4_398_047 + 9) % 10**7:07d}"
            phone(c.PhoneKind.FAMILY, f"+92{self.pick(MOBILE_PREFIXES)}{serial}")
        city = self.pick(district.cities)
        if self.chance(0.6):
            street = (
                f"House {1 + int(rng.random() * 900)}, Street {1 + int(rng.random() * 40)}, "
                f"{self.pick(MOHALLAS)}"
            )
        else:
            street = f"Village Chak No. {1 + int(rng.random() * 300)}, P.O. {city}"
        home = {"person": person, "street": street, "city": city, "district": district.name,
                "province": district.province, "country": "PK", "is_current": True}  # fmt: skip
        rows.append((Address, home))
        if self.chance(0.08):  # where the person lived before
            other = self.rng.choices(DISTRICTS, self.district_weights)[0]
            before = {"person": person, "city": self.pick(other.cities), "district": other.name,
                      "province": other.province, "country": "PK", "is_current": False}  # fmt: skip
            rows.append((Address, before))
        return rows


EDUCATION = (
    ("", 20),
    (c.Education.PRIMARY, 25),
    (c.Education.LOWER_SECONDARY, 22),
    (c.Education.UPPER_SECONDARY, 18),
    (c.Education.POST_SECONDARY, 5),
    (c.Education.SHORT_TERTIARY, 3),
    (c.Education.BACHELORS, 6),
    (c.Education.MASTERS, 1),
)
# Mobile network prefixes (Jazz, Zong, Warid, Ufone, Telenor, SCO).
MOBILE_PREFIXES = tuple(
    str(p)
    for p in [
        *range(300, 310),
        *range(310, 319),
        *range(320, 326),
        *range(330, 337),
        *range(340, 348),
        355,
    ]
)
