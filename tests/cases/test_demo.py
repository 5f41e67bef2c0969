"""Synthetic persons and cases (`tipsom demo --persons`): counts, search, encryption, validity."""

from __future__ import annotations

import io
import json
import re
from collections import Counter
from datetime import date

import phonenumbers
import pycountry
import pytest
from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from tipsom.cases import bulk, demo, selectors, services
from tipsom.cases import choices as c
from tipsom.cases.models import (
    Address,
    Case,
    CaseRole,
    Consent,
    IdentityDocument,
    Person,
    PersonNameToken,
    Phone,
    Screening,
    TraffickingEvent,
)
from tipsom.core import audit
from tipsom.core import demo as network
from tipsom.core.crypto import cipher
from tipsom.core.models import AuditEntry, Membership, User
from tipsom.engine.standards import names

N = 200
CNIC = re.compile(r"^[1-8]\d{4}-\d{7}-\d$")
CENTRAL_PUNJAB = {"Gujranwala", "Gujrat", "Sialkot", "Mandi Bahauddin"}
RESPELLINGS = [
    ("Muhammad", "Mohd"),
    ("Ahmed", "Ahmad"),
    ("Chaudhry", "Choudhary"),
    ("Hussain", "Husain"),
    ("ullah", "ulla"),
    ("Yousaf", "Yusuf"),
]


@pytest.fixture
def load(db):
    network.seed()
    before = AuditEntry.objects.count()
    # Small batches: several of them, and a group case may be cut at the end of the load.
    counts = demo.generate(N, seed=7, batch_size=64)
    return counts, before


def test_counts_match_the_rows_written(load):
    counts, _ = load
    assert counts["persons"] == N == Person.objects.count()
    assert counts["cases"] == Case.objects.count() > N // 2
    assert counts["documents"] == IdentityDocument.objects.count()
    assert counts["phones"] == Phone.objects.count()
    assert counts["addresses"] == Address.objects.count() >= N
    assert counts["events"] == TraffickingEvent.objects.count()
    assert counts["screenings"] == Screening.objects.count()
    assert counts["consents"] == Consent.objects.count()
    assert counts["name_tokens"] == PersonNameToken.objects.count()
    assert counts["closed_cases"] == Case.objects.filter(status__in=c.CLOSED_STATUSES).count() > 0
    # Every person is in exactly one case; every case has someone in it.
    assert Counter(CaseRole.objects.values_list("person_id", flat=True)).most_common(1)[0][1] == 1
    assert CaseRole.objects.values("person").distinct().count() == N
    assert not Case.objects.filter(roles__isnull=True).exists()


def test_cases_belong_to_the_demo_caseworkers(load):
    owners = {"caseworker", "caseworker.iom", "investigator"}
    for case in Case.objects.select_related("owner", "organisation"):
        assert case.owner.username in owners
        assert Membership.objects.filter(user=case.owner, organisation=case.organisation).exists()
        assert case.case_number == (
            f"{services._case_prefix(case.organisation)}-{case.opened_on.year}-{case.pk:06d}"
        )
        assert case.type in {c.CaseType.SMUGGLING, c.CaseType.TRAFFICKING, c.CaseType.BOTH}
        for role in case.roles.select_related("person"):
            assert role.person.organisation_id == case.organisation_id
            assert role.role in {"victim", "smuggled_migrant", "returnee"}
    assert set(Case.objects.values_list("owner__username", flat=True)) == owners


def test_every_document_and_phone_is_findable(load):
    documents = list(IdentityDocument.objects.all())
    assert any(d.type == c.DocumentType.CNIC for d in documents)
    assert any(d.type == c.DocumentType.PASSPORT for d in documents)
    for document in documents:
        assert document.person in selectors.persons_with_document(document.number)
        if document.type == c.DocumentType.CNIC:
            assert CNIC.match(document.number), document.number
            # the last digit is odd for men, even for women
            odd = int(document.number[-1]) % 2 == 1
            assert odd == (document.person.sex == c.Sex.MALE) or document.person.sex not in (
                c.Sex.MALE,
                c.Sex.FEMALE,
            )
        if document.type == c.DocumentType.PASSPORT and document.issuing_country == "PK":
            assert re.fullmatch(r"[A-Z]{2}\d{7}", document.number), document.number
    cnics = [d.number for d in documents if d.type == c.DocumentType.CNIC]
    assert len(cnics) == len(set(cnics))
    phones = list(Phone.objects.all())
    assert phones
    for phone in phones:
        assert phonenumbers.is_valid_number(phonenumbers.parse(phone.number)), phone.number
        assert phone.person in selectors.persons_with_phone(phone.number)
    mobile = next(p for p in phones if p.number.startswith("+923"))
    local = "0" + mobile.number[3:6] + " " + mobile.number[6:]  # 03xx xxxxxxx, as people write it
    assert mobile.person in selectors.persons_with_phone(local)


def test_name_tokens_are_those_the_services_store(load):
    for person in Person.objects.all():
        stored = set(person.name_tokens.values_list("token", flat=True))
        assert stored == services.name_tokens_of(person), person.full_name
        services.refresh_name_tokens(person)
        assert set(person.name_tokens.values_list("token", flat=True)) == stored


def test_search_keys_from_parts_equal_those_of_the_whole_name():
    for components in [
        ("Muhammad Imran", "Muhammad Aslam", "Butt"),
        ("Inam ul Haq", "Abdul Ghafoor", "Qureshi"),
        ("Abdul", "Rehman"),  # "Abdul" joins the next name
        ("Fazal", "ur Rehman"),  # a particle joins the name before it
        ("Saifullah", "Inayat Ullah", "Khan"),
        ("محمد علی",),
    ]:
        assert bulk._search_keys(components) == names.search_keys(" ".join(components))


def test_persons_are_found_by_other_spellings_and_aliases(load):
    persons = list(Person.objects.all())
    respelled = 0
    for person in persons:
        query = f"{person.first_name} {person.family_name}"
        for stored, other in RESPELLINGS:
            query = query.replace(stored, other)
        if query != f"{person.first_name} {person.family_name}":
            respelled += 1
            assert person.pk in set(
                selectors.persons_named(Person.objects.all(), query).values_list("pk", flat=True)
            ), query
    assert respelled >= 10
    with_aliases = [p for p in persons if p.aliases]
    assert len(with_aliases) >= N // 10
    for person in with_aliases:
        for alias in json.loads(person.aliases):
            assert alias != f"{person.first_name} {person.family_name}"
            assert person.pk in set(
                selectors.persons_named(Person.objects.all(), alias).values_list("pk", flat=True)
            ), alias


def test_no_name_or_number_reaches_the_database_in_clear(load):
    prefix = cipher().primary_id + "$"
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT first_name, family_name, father_name, aliases, birth_date FROM cases_person"
        )
        rows = cursor.fetchall()
        cursor.execute("SELECT number, number_index FROM cases_identitydocument")
        documents = cursor.fetchall()
        cursor.execute("SELECT street FROM cases_address WHERE street <> ''")
        streets = [r[0] for r in cursor.fetchall()]
        cursor.execute("SELECT token FROM cases_personnametoken")
        tokens = [r[0] for r in cursor.fetchall()]
    assert len(rows) == N
    for first, family, father, aliases, birth in rows:
        assert first.startswith(prefix) and family.startswith(prefix) and father.startswith(prefix)
        assert all(v == "" or v.startswith(prefix) for v in (aliases, birth))
    assert all(n.startswith(prefix) and re.fullmatch(r"[0-9a-f]{64}", i) for n, i in documents)
    assert streets and all(s.startswith(prefix) for s in streets)
    assert all(re.fullmatch(r"[0-9a-f]{32}", t) for t in tokens)
    # Everything after the key id is base64 of nonce and ciphertext: no readable text is left
    # (a name-substring search would be flaky, since base64 can spell "Bibi" by chance).
    token = re.compile(re.escape(prefix) + r"[A-Za-z0-9+/]+={0,2}")
    assert all(token.fullmatch(v) for row in rows for v in row if v)


def test_persons_are_plausible(load):
    persons = list(Person.objects.all())
    for person in persons:
        assert 1965 <= person.birth_year <= 2012
        assert not (person.age_is_estimated and person.birth_date)
        if person.birth_date:
            assert date.fromisoformat(person.birth_date).year == person.birth_year
        assert person.citizenships and all(
            pycountry.countries.get(alpha_2=code) for code in person.citizenships
        )
        for code in person.languages:
            found = (
                pycountry.languages.get(alpha_2=code)
                if len(code) == 2
                else pycountry.languages.get(alpha_3=code)
            )
            assert found is not None, code
        services.clean_person({"sex": person.sex, "languages": person.languages,
                               "citizenships": person.citizenships})  # fmt: skip
    sexes = Counter(p.sex for p in persons)
    assert sexes[c.Sex.MALE] > sexes[c.Sex.FEMALE] > 0
    assert Counter(code for p in persons for code in p.citizenships)["PK"] > 0.85 * N
    addresses = list(Address.objects.filter(is_current=True))
    provinces = {s.code for s in pycountry.subdivisions.get(country_code="PK")}
    assert all(a.province in provinces and a.country == "PK" for a in addresses)
    central = sum(a.district in CENTRAL_PUNJAB for a in addresses)
    assert central > 0.25 * len(addresses)


def test_events_form_routes_in_valid_places(load):
    today = timezone.localdate()
    routes = Counter()
    for case in Case.objects.prefetch_related("traffickingevents"):
        events = sorted(case.traffickingevents.all(), key=lambda e: (e.date, e.pk))
        assert events
        assert events[0].type == c.EventType.RECRUITMENT and events[0].country == "PK"
        for event in events:
            assert pycountry.countries.get(alpha_2=event.country), event.country
            if event.province:
                subdivisions = pycountry.subdivisions.get(country_code=event.country)
                assert event.province in {s.code for s in subdivisions}, event.province
            assert date(2019, 1, 1) <= event.date <= min(case.opened_on, today)
            assert event.description.strip()
        countries = [e.country for e in events]
        if "GR" in countries or "TR" in countries:
            assert "IR" in countries
            routes["Iran-Turkey-Greece"] += 1
        elif "IT" in countries or "LY" in countries:
            assert set(countries) & {"AE", "EG"}
            routes["Libya-Italy"] += 1
        elif events[-1].type == c.EventType.EXPLOITATION and events[-1].country != "PK":
            assert events[-1].country in {"SA", "AE", "QA", "OM"}
            routes["Gulf"] += 1
        elif set(countries) & {"AE", "EG"}:  # flew out, turned back before Libya
            assert set(countries) <= {"PK", "AE", "EG"}
            routes["turned back"] += 1
        elif "IR" in countries:
            routes["Iran"] += 1
        else:
            assert set(countries) == {"PK"}
            routes["Pakistan"] += 1
    assert routes["Iran-Turkey-Greece"] and routes["Libya-Italy"] and routes["Gulf"]


def test_screenings_obey_the_rules_of_record_screening(load):
    screenings = list(Screening.objects.select_related("case"))
    screened_cases = {s.case_id for s in screenings}
    assert 0.5 < len(screened_cases) / Case.objects.count() < 0.9
    lists = {
        "ilo_indicators": c.IloIndicator,
        "methods_of_control": c.MethodOfControl,
        "exploitation_types": c.TypeOfExploitation,
        "forced_labour_industries": c.Industry,
        "sexual_exploitation_types": c.TypeOfSexExploitation,
        "recruitment_methods": c.MethodOfRecruitment,
        "recruitment_platforms": c.Platform,
        "smuggler_roles": c.SmugglerRole,
    }
    for s in screenings:
        assert CaseRole.objects.filter(case=s.case, person_id=s.person_id).exists()
        assert s.case.opened_on <= s.screened_on <= timezone.localdate()
        for name, choices in lists.items():
            assert set(getattr(s, name)) <= set(choices.values), name
        if s.trafficking_status:
            assert s.trafficking_status in c.TraffickingStatus.values
            assert s.decided_by in c.DecisionMakingOrg.values
        if s.forced_labour_industries:
            assert "ForcedLabour" in s.exploitation_types
        if s.sexual_exploitation_types:
            assert "SexualExploitation" in s.exploitation_types
        if s.smuggling_amount_paid is not None:
            assert s.smuggling_currency and s.smuggling_amount_paid > 0
        if s.case.type == c.CaseType.TRAFFICKING:
            assert s.smuggling_amount_paid is None and not s.smuggler_roles
        if s.trafficking_status == c.TraffickingStatus.NOT_A_VICTIM:
            assert not s.exploitation_types
    assert any(s.exploitation_types for s in screenings)
    assert any(s.smuggling_amount_paid for s in screenings)


def test_consents_and_closures_are_consistent(load):
    for consent in Consent.objects.select_related("case"):
        assert consent.case.opened_on <= consent.decided_on <= timezone.localdate()
        assert CaseRole.objects.filter(case=consent.case, person=consent.person).exists()
    for case in Case.objects.filter(status__in=c.CLOSED_STATUSES):
        assert case.stage == c.CaseStage.CLOSURE and case.closure_reason
        assert case.opened_on <= case.closed_on <= timezone.localdate()
    assert not Case.objects.filter(status=c.CaseStatus.ACTIVE, closed_on__isnull=False).exists()


def test_one_audit_entry_per_load_and_the_chain_holds(load):
    counts, before = load
    assert AuditEntry.objects.count() == before + 1
    entry = AuditEntry.objects.order_by("-seq").first()
    assert entry.action == "create" and entry.object_type == "cases.person"
    assert entry.summary.startswith(f"demo data: {N} persons in {counts['cases']} cases")
    assert entry.changes["persons"] == N
    assert audit.verify()[1] == []


def test_cases_opened_afterwards_get_their_own_numbers(load):
    user = User.objects.get(username="caseworker")
    organisation = Membership.objects.get(user=user).organisation
    case = services.register_case(
        user, organisation, {"first_name": "Test", "family_name": "Person"}, "trafficking", "victim"
    )
    assert case.pk > Case.objects.exclude(pk=case.pk).order_by("-pk").first().pk
    assert Case.objects.filter(case_number=case.case_number).count() == 1
    person = case.persons.get()
    assert person.pk == Person.objects.order_by("-pk").first().pk


@pytest.mark.django_db
def test_the_same_seed_gives_the_same_persons():
    network.seed()
    demo.generate(30, seed=11)
    demo.generate(30, seed=11)
    demo.generate(30, seed=12)
    persons = list(Person.objects.order_by("pk"))
    first, second, third = persons[:30], persons[30:60], persons[60:]

    def described(group):
        return [(p.full_name, p.aliases, p.sex, p.birth_date, p.birth_year) for p in group]

    assert described(first) == described(second)
    assert described(first) != described(third)
    # Numbers are unique across loads: a second load with the same seed is no copy.
    numbers = [d.number for d in IdentityDocument.objects.filter(type=c.DocumentType.CNIC)]
    assert len(numbers) == len(set(numbers))


@pytest.mark.django_db
def test_the_command_seeds_once_and_adds_persons_on_each_call():
    out = io.StringIO()
    call_command("demo", "--persons", "20", stdout=out, stderr=io.StringIO())
    assert "demo network seeded" in out.getvalue()
    assert "added 20 persons" in out.getvalue()
    out = io.StringIO()
    call_command("demo", "--persons", stdout=out, stderr=io.StringIO())
    assert "demo data already present" in out.getvalue()
    assert f"added {demo_default()} persons" in out.getvalue()
    assert Person.objects.count() == 20 + demo_default()
    call_command("demo", stdout=io.StringIO())
    assert Person.objects.count() == 20 + demo_default()
    # The second load drew another seed: its names are not the first load's again.
    persons = list(Person.objects.order_by("pk"))
    assert [p.full_name for p in persons[:20]] != [p.full_name for p in persons[20:40]]


def demo_default() -> int:
    from tipsom.core.management.commands.demo import DEFAULT_PERSONS

    return DEFAULT_PERSONS


@pytest.mark.django_db
def test_generate_needs_the_demo_network():
    with pytest.raises(ValueError, match="not seeded"):
        demo.generate(5)
