"""Computed indicators against hand counts: a small dataset is made through the other apps'
own services (cases and services delivered, referrals, FIRs) and the training register, the
rows that should count are picked out by hand in plain Python, and each computation must
give the same number, split the same way. A computed value keeps its definition and query
parameters, and computing it again from them gives it back."""

from __future__ import annotations

from collections import Counter
from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from tests import factories, worlds
from tipsom.cases import services as cases
from tipsom.core.choices import OrganisationType, Role
from tipsom.justice import offences
from tipsom.justice import services as justice
from tipsom.justice.models import Offence
from tipsom.programme import computations, reporting, selectors, services
from tipsom.programme.models import Actual
from tipsom.referrals import services as referrals
from tipsom.referrals.models import Referral

START, END = date(2026, 7, 1), date(2026, 12, 31)


def within(day: date) -> bool:
    return START <= day <= END


@pytest.fixture
def d(db):
    """The referrals world (Alpha, Beta, Gamma Shelter; Alpha's and Beta's referrals to
    Gamma, both sent today, inside the period) and, on top of it, what each computation
    counts, inside and outside the period."""
    offences.load(Offence)
    w = worlds.referrals_world()
    # a referral of Alpha's case to Beta, sent in May (outside), and a transfer (never counted)
    moved = referrals.refer(
        w["a_caseworker"],
        w["case_a"],
        "referral",
        w["org_b"],
        service="shelter",
        sections=["support"],
    )
    Referral.objects.filter(pk=moved.pk).update(
        created_at=timezone.make_aware(timezone.datetime(2026, 5, 1, 10, 0))
    )
    transfer = referrals.refer(w["b_caseworker"], w["case_b"], "transfer", w["org_c"])
    w["referrals"] = [w["referral_a"], w["referral_b"], moved, transfer]

    # FIRs of two agencies, in Islamabad and Sindh: two in the period, one before
    fia = factories.organisation(
        "FIA circle", type=OrganisationType.LAW_ENFORCEMENT, province="PK-IS"
    )
    police = factories.organisation(
        "Police Sindh", type=OrganisationType.LAW_ENFORCEMENT, province="PK-SD"
    )
    w["fia"], w["police"] = fia, police
    fia_officer = factories.user((fia, Role.INVESTIGATOR))
    police_officer = factories.user((police, Role.INVESTIGATOR))
    w["firs"] = [
        justice.register_fir(
            officer,
            agency,
            {"number": number, "station": "x", "registered_on": on, "offences": ["PTPA-3"]},
        )
        for officer, agency, number, on in (
            (fia_officer, fia, "1/2026", "2026-07-10"),
            (police_officer, police, "2/2026", "2026-09-01"),
            (fia_officer, fia, "3/2026", "2026-03-01"),
        )
    ]

    # services: Ayesha (Alpha) twice in the period, a girl of 14 (Alpha) once, Bashir
    # (Beta) delivered before the period, a planned service for Bashir in the period
    girl = cases.register_case(
        w["a_caseworker"],
        w["org_a"],
        {"first_name": "Sana", "family_name": "Bibi", "sex": "female", "birth_year": 2012},
        "trafficking",
        "victim",
        opened_on=date(2026, 7, 2),
    )
    w["girl"] = girl.roles.get().person
    provided = []
    for user, case, status, on in (
        ("a_caseworker", w["case_a"], "delivered", date(2026, 8, 1)),
        ("a_caseworker", w["case_a"], "delivered", date(2026, 9, 1)),
        ("a_caseworker", girl, "delivered", date(2026, 8, 15)),
        ("b_caseworker", w["case_b"], "delivered", date(2026, 3, 1)),
        ("b_caseworker", w["case_b"], "planned", None),
    ):
        provided.append(
            cases.add_service(
                w[user],
                case,
                {
                    "type": "medical",
                    "provider": w["org_c"],
                    "status": status,
                    "delivered_on": on,
                    "planned_on": date(2026, 8, 1),
                },
            )
        )
    w["services"] = provided

    # the training register: FIA officials and NGO staff in August, FIA officials in February
    iom = factories.organisation("IOM", type=OrganisationType.UN_AGENCY)
    w["iom"] = iom
    trainer = factories.user((iom, Role.DATA_OFFICER))
    w["trainer"] = trainer
    august = reporting.add_training(
        trainer, iom, {"title": "Identification", "starts_on": "2026-08-10", "province": "PK-PB"}
    )
    february = reporting.add_training(
        trainer, iom, {"title": "Identification", "starts_on": "2026-02-10", "province": "PK-PB"}
    )
    w["attendance"] = [
        reporting.record_attendance(trainer, august, fia, female=5, male=7),
        reporting.record_attendance(trainer, august, w["org_a"], female=3),
        reporting.record_attendance(trainer, february, fia, male=4),
    ]

    # a joint programme with one computed indicator per computation, and the period
    manager = factories.user((iom, Role.PROGRAMME_MANAGER))
    w["manager"] = manager
    programme = services.create_programme(
        manager,
        {
            "code": "JP-1",
            "title": "t",
            "description": "d",
            "thematic_area": 3,
            "gcm_objectives": [10],
            "gender_marker": 2,
            "human_rights_marker": 2,
            "planned_start": "2026-01-01",
            "planned_end": "2027-12-31",
        },
    )
    services.add_participation(manager, programme, iom, "participating_un")
    services.add_participation(manager, programme, fia, "government")
    outcome = services.add_result(
        manager, programme, {"level": "outcome", "code": "1", "title": "o"}
    )
    w["period"] = services.add_period(manager, programme, "2026 second half", START, END)
    for key, computation in computations.REGISTRY.items():
        w[key] = services.add_indicator(
            manager,
            outcome,
            {
                "code": key,
                "title": str(computation.title),
                "unit": computation.unit,
                "means_of_verification": "the system's records",
                "organisation": iom,
                "source": "computed",
                "computation": key,
                "disaggregations": list(computation.dimensions),
            },
        )
    return w


def stored(indicator, period) -> tuple[Decimal, dict]:
    rows = Actual.objects.filter(indicator=indicator, period=period)
    total = next(r.value for r in rows if r.is_total)
    by: dict = {}
    for r in rows:
        if not r.is_total:
            name, value = r.dimension
            by.setdefault(name, {})[value] = int(r.value)
    return total, by


def test_victims_referred_equals_the_referrals_sent_in_the_period(d):
    for r in d["referrals"]:
        r.refresh_from_db()
    counted = [
        r
        for r in d["referrals"]
        if r.kind == "referral" and within(timezone.localdate(r.created_at))
    ]
    assert len(counted) == 2  # Alpha's and Beta's to Gamma; not May's, not the transfer
    reporting.compute_actual(d["trainer"], d["victims_referred"], d["period"])
    total, by = stored(d["victims_referred"], d["period"])
    assert total == len(counted)
    assert by["province"] == dict(Counter(r.sender.province for r in counted))


def test_cases_investigated_equals_the_firs_registered_in_the_period(d):
    counted = [f for f in d["firs"] if within(f.registered_on)]
    reporting.compute_actual(d["trainer"], d["cases_investigated"], d["period"])
    total, by = stored(d["cases_investigated"], d["period"])
    assert total == len(counted) == 2
    assert by["province"] == {"PK-IS": 1, "PK-SD": 1}


def test_persons_assisted_counts_each_client_once(d):
    delivered = [s for s in d["services"] if s.status == "delivered" and within(s.delivered_on)]
    persons = {role.person for s in delivered for role in s.case.roles.all()}
    assert len(delivered) == 3 and len(persons) == 2  # Ayesha twice, the girl once
    reporting.compute_actual(d["trainer"], d["persons_assisted"], d["period"])
    total, by = stored(d["persons_assisted"], d["period"])
    assert total == len(persons)
    assert by["sex"] == dict(Counter(p.sex for p in persons))
    assert by["age_group"] == {"child": 1, "unknown": 1}  # Ayesha has no birth year
    assert by["province"] == {"PK-PB": 2}


def test_officials_trained_counts_government_and_police_participants_by_sex(d):
    counted = [
        a
        for a in d["attendance"]
        if within(a.event.starts_on)
        and a.organisation.type in (OrganisationType.GOVERNMENT, OrganisationType.LAW_ENFORCEMENT)
    ]
    reporting.compute_actual(d["trainer"], d["officials_trained"], d["period"])
    total, by = stored(d["officials_trained"], d["period"])
    assert total == sum(a.total for a in counted) == 12
    assert by["sex"] == {"female": 5, "male": 7}


def test_victims_registered_counts_victims_of_cases_opened_in_the_period(d):
    reporting.compute_actual(d["trainer"], d["victims_registered"], d["period"])
    total, by = stored(d["victims_registered"], d["period"])
    assert total == 1  # the girl; the world's cases were opened in January and February
    assert by["sex"] == {"female": 1}


def test_a_computed_value_keeps_its_definition_and_parameters_and_recomputes(d):
    indicator, period = d["cases_investigated"], d["period"]
    reporting.compute_actual(d["trainer"], indicator, period)
    actual = Actual.objects.get(
        indicator=indicator, period=period, sex="", age_group="", province=""
    )
    assert actual.source == "computed" and actual.computation == "cases_investigated"
    assert actual.definition.startswith("First Information Reports registered in the period")
    assert "Period: 2026-07-01 to 2026-12-31. Records of: every organisation" in actual.definition
    assert actual.parameters == {
        "computation": "cases_investigated",
        "start": "2026-07-01",
        "end": "2026-12-31",
        "organisations": None,
    }
    assert selectors.recomputed(actual).total == actual.value == 2
    # new data: the stored value stands, computing again from its parameters shows the change
    officer = factories.user((d["police"], Role.INVESTIGATOR))
    justice.register_fir(
        officer,
        d["police"],
        {"number": "9/2026", "station": "x", "registered_on": "2026-10-01", "offences": ["PTPA-3"]},
    )
    actual.refresh_from_db()
    assert actual.value == 2 and selectors.recomputed(actual).total == 3
    reporting.compute_actual(d["trainer"], indicator, period)
    assert stored(indicator, period) == (3, {"province": {"PK-IS": 1, "PK-SD": 2}})


def test_a_category_no_longer_found_falls_to_zero_when_computed_again(d):
    indicator, period = d["cases_investigated"], d["period"]
    reporting.compute_actual(d["trainer"], indicator, period)
    d["firs"][0].__class__.objects.filter(pk=d["firs"][0].pk).update(registered_on=date(2026, 1, 5))
    reporting.compute_actual(d["trainer"], indicator, period)
    assert stored(indicator, period) == (1, {"province": {"PK-IS": 0, "PK-SD": 1}})


def test_programme_scope_counts_only_the_programmes_organisations(d):
    indicator = d["cases_investigated"]
    indicator.compute_scope = "programme"
    indicator.save(update_fields=["compute_scope"])
    reporting.compute_actual(d["trainer"], indicator, d["period"])
    actual = Actual.objects.get(
        indicator=indicator, period=d["period"], sex="", age_group="", province=""
    )
    assert actual.value == 1  # the FIA's FIR; the police of Sindh take no part
    assert actual.parameters["organisations"] == sorted([d["iom"].pk, d["fia"].pk])
    assert "Records of: FIA circle, IOM." in actual.definition


def test_the_indicator_page_shows_the_definition_and_the_live_value(client, d):
    reporting.compute_actual(d["trainer"], d["officials_trained"], d["period"])
    factories.sign_in(client, d["trainer"])
    page = client.get(reverse("programme:indicator_detail", args=[d["officials_trained"].pk]))
    html = page.content.decode()
    assert 'data-testid="definition"' in html
    assert "Participants from government and law-enforcement organisations" in html
    assert 'data-testid="actual-definition"' in html and "Records of: every organisation" in html
    assert 'data-testid="live-value"' in html and "now: 12" in html
    assert 'data-testid="recomputed"' in html
    assert 'data-testid="compute-actual"' in html
