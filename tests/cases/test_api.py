"""The case-management REST API: one good request per endpoint (body and effect), and bad
input answered with 400 naming every rejected field and what is allowed."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.urls import reverse

from tests import factories, worlds
from tipsom.cases import services
from tipsom.cases.models import Case, Person

TODAY = date.today()


@pytest.fixture
def w(db):
    return worlds.cases_world()


@pytest.fixture
def api(client, w):
    """The test client, signed in as the caseworker who owns case_a and person_a."""
    return factories.sign_in(client, w["a_caseworker"])


def post(client, url, data):
    response = client.post(url, data, content_type="application/json")
    return response.status_code, response.json()


def patch(client, url, data):
    response = client.patch(url, data, content_type="application/json")
    return response.status_code, response.json()


def get(client, url, params=None):
    response = client.get(url, params or {})
    return response.status_code, response.json()


def case_url(w, action="detail", case="case_a"):
    return reverse(f"api:case-{action}", args=[w[case].pk])


def person_url(w, action="detail", person="person_a"):
    return reverse(f"api:person-{action}", args=[w[person].pk])


def message(body, field):
    """All messages for ``field`` as one string (lists and nested dicts flattened)."""
    value = body[field]
    if isinstance(value, dict):
        return " ".join(message(value, k) for k in value)
    if isinstance(value, list):
        return " ".join(v if isinstance(v, str) else str(v) for v in value)
    return str(value)


# --- /api/cases/ list and filters ----------------------------------------------------------


@pytest.fixture
def imran_case(w):
    """A third case of the caseworker, whose person has a document, a phone and an address
    in Sindh (the organisation itself is in Punjab)."""
    user = w["a_caseworker"]
    case = services.register_case(
        user, w["org_a"], {"first_name": "Imran", "family_name": "Khan"}, "both", "returnee"
    )
    person = case.persons.get()
    services.add_document(user, person, "cnic", "35202-1234567-1")
    services.add_phone(user, person, "+92 300 1234567")
    services.add_address(user, person, {"city": "Karachi", "province": "PK-SD"})
    return case


def test_case_list_shows_the_users_cases_only(api, w):
    status, body = get(api, reverse("api:case-list"))
    assert status == 200
    numbers = {row["case_number"] for row in body["results"]}
    assert numbers == {w["case_a"].case_number, w["case_a_closed"].case_number}
    row = next(r for r in body["results"] if r["id"] == w["case_a"].pk)
    assert row == {
        "id": w["case_a"].pk,
        "case_number": w["case_a"].case_number,
        "organisation": w["org_a"].pk,
        "type": "trafficking",
        "status": "Active",
        "stage": "intake",
        "opened_on": "2026-01-05",
    }


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"q": "Imran Khan"}, {"imran"}),
        ({"q": "Ayesha"}, {"case_a", "case_a_closed"}),
        ({"document": "3520212345671"}, {"imran"}),
        ({"phone": "+923001234567"}, {"imran"}),
        ({"status": "Closed"}, {"case_a_closed"}),
        ({"status": "Active"}, {"case_a", "imran"}),
        ({"stage": "closure"}, {"case_a_closed"}),
        ({"type": "both"}, {"imran"}),
        ({"province": "PK-SD"}, {"imran"}),
        ({"province": "PK-PB"}, {"case_a", "case_a_closed", "imran"}),
        ({"case_number": "CASE_A"}, {"case_a"}),
        ({"organisation": "ORG_A"}, {"case_a", "case_a_closed", "imran"}),
        ({"organisation": "ORG_B"}, set()),
    ],
)
def test_case_list_filters(api, w, imran_case, params, expected):
    w = {**w, "imran": imran_case}
    placeholders = {
        "CASE_A": w["case_a"].case_number,
        "ORG_A": w["org_a"].pk,
        "ORG_B": w["org_b"].pk,
    }
    params = {k: placeholders.get(v, v) for k, v in params.items()}
    status, body = get(api, reverse("api:case-list"), params)
    assert status == 200
    assert {row["id"] for row in body["results"]} == {w[key].pk for key in expected}


def test_case_list_rejects_a_non_numeric_organisation_filter(api, w):
    api.raise_request_exception = False
    response = api.get(reverse("api:case-list"), {"organisation": "alpha"})
    assert response.status_code == 400
    assert "organisation" in response.json()


# --- /api/cases/{id}/ ----------------------------------------------------------------------


def test_case_detail(api, w):
    status, body = get(api, case_url(w))
    assert status == 200
    assert body["case_number"] == w["case_a"].case_number
    assert body["owner"] == "alpha-caseworker"
    assert body["version"] == 1
    assert (body["status"], body["stage"], body["opened_on"]) == ("Active", "intake", "2026-01-05")
    assert body["persons"] == [{"person": w["person_a"].pk, "role": "victim"}]
    for part in ("screenings", "events", "support_plans", "services", "follow_ups", "comments"):
        assert body[part] == []


# --- POST /api/cases/ (register) -----------------------------------------------------------


def test_register_a_case_with_a_new_person(api, w):
    status, body = post(
        api,
        reverse("api:case-list"),
        {
            "organisation": w["org_a"].pk,
            "case_type": "smuggling",
            "role": "smuggled_migrant",
            "opened_on": "2026-01-20",
            "person": {"first_name": "Imran", "family_name": "Khan", "sex": "male"},
            "documents": [{"type": "cnic", "number": "3520212345671"}],
            "phones": [{"number": "0300 1234567"}],
        },
    )
    assert status == 201, body
    assert body["case_number"] == f"ORG{w['org_a'].pk}-2026-{body['id']:06d}"
    assert (body["type"], body["status"], body["stage"]) == ("smuggling", "Active", "intake")
    assert body["opened_on"] == "2026-01-20"
    [role] = body["persons"]
    assert role["role"] == "smuggled_migrant"
    person = Person.objects.get(pk=role["person"])
    assert (person.first_name, person.family_name, person.sex) == ("Imran", "Khan", "male")
    _, shown = get(api, reverse("api:person-detail", args=[person.pk]))
    assert shown["documents"] == [
        {"type": "cnic", "number": "35202-1234567-1", "issuing_country": "PK"}
    ]
    assert shown["phones"] == [{"kind": "mobile", "number": "+923001234567"}]


def test_register_a_case_for_a_known_person(api, w):
    status, body = post(
        api,
        reverse("api:case-list"),
        {
            "organisation": w["org_a"].pk,
            "case_type": "trafficking",
            "role": "witness",
            "person_id": w["person_a"].pk,
        },
    )
    assert status == 201, body
    assert body["persons"] == [{"person": w["person_a"].pk, "role": "witness"}]
    assert Person.objects.filter(organisation=w["org_a"]).count() == 1


def test_register_names_every_bad_field_including_nested_person_fields(api, w):
    status, body = post(
        api,
        reverse("api:case-list"),
        {
            "organisation": w["org_a"].pk,
            "case_type": "kidnapping",
            "role": "victim",
            "person": {
                "first_name": "Imran",
                "birth_date": "yesterday",
                "number_of_children": -1,
            },
        },
    )
    assert status == 400
    assert set(body) == {"case_type", "person"}
    assert "kidnapping" in message(body, "case_type")
    assert set(body["person"]) == {"birth_date", "number_of_children"}
    assert "YYYY-MM-DD" in message(body["person"], "birth_date")
    assert "greater than or equal to 0" in message(body["person"], "number_of_children")


def test_register_refuses_unknown_fields_of_the_new_person(api, w):
    status, body = post(
        api,
        reverse("api:case-list"),
        {
            "organisation": w["org_a"].pk,
            "case_type": "trafficking",
            "role": "victim",
            "person": {"first_name": "A", "is_admin": True},
        },
    )
    assert status == 400
    assert set(body) == {"person"} and set(body["person"]) == {"is_admin"}
    text = message(body["person"], "is_admin")
    assert text.startswith("unknown field; allowed: ")
    assert "first_name" in text and "number_of_children" in text


@pytest.mark.parametrize(
    "who",
    [{}, {"person": {"first_name": "Imran"}, "person_id": 1}],
    ids=["neither", "both"],
)
def test_register_needs_exactly_one_of_person_and_person_id(api, w, who):
    data = {"organisation": w["org_a"].pk, "case_type": "trafficking", "role": "victim", **who}
    status, body = post(api, reverse("api:case-list"), data)
    assert status == 400
    assert body == {"person": ["give either a new person or person_id"]}


def test_register_with_a_bad_cnic_explains_the_format_and_creates_nothing(api, w):
    cases, persons = Case.objects.count(), Person.objects.count()
    status, body = post(
        api,
        reverse("api:case-list"),
        {
            "organisation": w["org_a"].pk,
            "case_type": "trafficking",
            "role": "victim",
            "person": {"first_name": "Imran"},
            "documents": [{"type": "cnic", "number": "123"}],
        },
    )
    assert status == 400
    assert "13 digits, as 12345-1234567-1" in str(body)
    assert (Case.objects.count(), Person.objects.count()) == (cases, persons)


def test_register_reports_a_bad_document_and_a_bad_phone_together(api, w):
    status, body = post(
        api,
        reverse("api:case-list"),
        {
            "organisation": w["org_a"].pk,
            "case_type": "trafficking",
            "role": "victim",
            "person": {"first_name": "Imran"},
            "documents": [{"type": "cnic", "number": "123"}],
            "phones": [{"number": "12"}],
        },
    )
    assert status == 400
    assert {"documents", "phones"} <= set(body)


# --- PATCH /api/cases/{id}/ ----------------------------------------------------------------


def test_patch_case(api, w):
    status, body = patch(api, case_url(w), {"version": 1, "stage": "screening", "type": "both"})
    assert status == 200, body
    assert (body["version"], body["stage"], body["type"]) == (2, "screening", "both")
    case = Case.objects.get(pk=w["case_a"].pk)
    assert (case.version, case.stage, case.type) == (2, "screening", "both")


def test_patch_case_names_bad_and_unknown_fields(api, w):
    status, body = patch(api, case_url(w), {"version": 1, "case_number": "X-1"})
    assert status == 400
    assert message(body, "case_number").startswith("unknown field; allowed: ")
    assert "stage" in message(body, "case_number")

    status, body = patch(api, case_url(w), {"version": 1, "status": "Closed"})
    assert status == 400
    assert "closure step" in message(body, "status")


def test_patch_case_needs_the_version(api, w):
    status, body = patch(api, case_url(w), {"stage": "screening"})
    assert status == 400
    assert set(body) == {"version"}
    assert Case.objects.get(pk=w["case_a"].pk).stage == "intake"


def test_patch_case_with_a_stale_version_is_a_conflict_naming_the_changed_fields(api, w):
    assert patch(api, case_url(w), {"version": 1, "stage": "screening"})[0] == 200
    status, body = patch(api, case_url(w), {"version": 1, "type": "both"})
    assert status == 409
    assert "version 1 → 2" in message(body, "version")
    assert "stage" in message(body, "version")
    assert set(body["changed_fields"]) == {"stage"}
    assert body["changed_fields"]["stage"][0] == "alpha-caseworker"
    assert Case.objects.get(pk=w["case_a"].pk).type == "trafficking"


def test_stale_edit_reports_the_current_version_as_a_number(api, w):
    patch(api, case_url(w), {"version": 1, "stage": "screening"})
    status, body = patch(api, case_url(w), {"version": 1, "type": "both"})
    assert status == 409
    assert body["current_version"] == 2


# --- POST /api/cases/{id}/screenings/ ------------------------------------------------------


def test_screening_is_recorded_and_advances_the_stage(api, w):
    status, body = post(
        api,
        case_url(w, "screenings"),
        {
            "person": w["person_a"].pk,
            "screened_on": "2026-01-10",
            "trafficking_status": "PossibleVictimOfTrafficking",
            "decided_by": "NGO",
            "exploitation_types": ["ForcedLabour"],
            "forced_labour_industries": ["F_Construction"],
            "methods_of_control": ["DebtBondage", "WithholdsDocuments"],
            "ilo_indicators": ["debt_bondage"],
            "age_when_trafficked": 16,
            "smuggling_amount_paid": "150000.00",
            "smuggling_currency": "pkr",
        },
    )
    assert status == 201, body
    assert body["stage"] == "screening"
    [screening] = body["screenings"]
    assert screening["person_id"] == w["person_a"].pk
    assert screening["screened_on"] == "2026-01-10"
    assert screening["trafficking_status"] == "PossibleVictimOfTrafficking"
    assert screening["decided_by"] == "NGO"
    assert screening["forced_labour_industries"] == ["F_Construction"]
    assert screening["methods_of_control"] == ["DebtBondage", "WithholdsDocuments"]
    assert screening["age_when_trafficked"] == 16
    assert float(screening["smuggling_amount_paid"]) == 150000
    assert screening["smuggling_currency"] == "PKR"
    assert Case.objects.get(pk=w["case_a"].pk).stage == "screening"


def test_screening_names_wrong_codes_and_wrong_types_together(api, w):
    status, body = post(
        api,
        case_url(w, "screenings"),
        {
            "person": w["person_a"].pk,
            "trafficking_status": "Maybe",
            "methods_of_control": ["DebtBondage", "Bogus"],
            "age_when_trafficked": 500,
            "screened_on": "yesterday",
            "smuggling_currency": "RUPEES",
        },
    )
    assert status == 400
    # A status was given without saying who decided it: reported too, in the same answer.
    assert set(body) == {
        "trafficking_status",
        "decided_by",
        "methods_of_control",
        "age_when_trafficked",
        "screened_on",
        "smuggling_currency",
    }
    assert "Maybe" in message(body, "trafficking_status")
    assert "Bogus" in message(body, "methods_of_control")
    assert "less than or equal to 120" in message(body, "age_when_trafficked")
    assert "YYYY-MM-DD" in message(body, "screened_on")
    assert not w["case_a"].screenings.exists()


def test_screening_cross_field_rules_are_all_reported(api, w):
    status, body = post(
        api,
        case_url(w, "screenings"),
        {
            "person": w["person_a"].pk,
            "trafficking_status": "ActualVictimOfTrafficking",
            "exploitation_types": ["SexualExploitation"],
            "forced_labour_industries": ["F_Construction"],
            "smuggling_amount_paid": "1000",
            "smuggling_currency": "ZZZ",
        },
    )
    assert status == 400
    assert set(body) == {"decided_by", "forced_labour_industries", "smuggling_currency"}
    assert "allowed: Police, NGO" in message(body, "decided_by")
    assert "add ForcedLabour" in message(body, "forced_labour_industries")
    assert "ISO 4217" in message(body, "smuggling_currency")


def test_screening_amount_paid_needs_a_currency(api, w):
    status, body = post(
        api,
        case_url(w, "screenings"),
        {"person": w["person_a"].pk, "smuggling_amount_paid": "1000"},
    )
    assert status == 400
    assert body == {"smuggling_currency": ["give the currency of the amount paid (e.g. PKR)"]}


def test_screening_of_a_person_not_in_the_case(api, w, imran_case):
    other = imran_case.persons.get()
    status, body = post(api, case_url(w, "screenings"), {"person": other.pk})
    assert status == 400
    assert body == {"person": [f"person {other.pk} is not in this case"]}
    assert not w["case_a"].screenings.exists()


def test_screening_a_closed_case_is_refused(api, w):
    status, body = post(
        api, case_url(w, "screenings", "case_a_closed"), {"person": w["person_a"].pk}
    )
    assert status == 400
    assert "reopen it first" in message(body, "case")


def test_screening_keeps_an_age_of_zero(api, w):
    status, body = post(
        api,
        case_url(w, "screenings"),
        {"person": w["person_a"].pk, "age_when_trafficked": 0},
    )
    assert status == 201
    assert body["screenings"][0]["age_when_trafficked"] == 0


# --- POST /api/cases/{id}/events/ ----------------------------------------------------------


def test_event_is_recorded(api, w):
    status, body = post(
        api,
        case_url(w, "events"),
        {
            "type": "Recruitment",
            "country": "pk",
            "province": "pk-pb",
            "district": "Gujrat",
            "city": "Kharian",
            "date": "2025-06-01",
            "date_precision": "month",
        },
    )
    assert status == 201, body
    [event] = body["events"]
    assert {k: event[k] for k in ("type", "country", "province", "city", "date")} == {
        "type": "Recruitment",
        "country": "PK",
        "province": "PK-PB",
        "city": "Kharian",
        "date": "2025-06-01",
    }
    assert event["date_precision"] == "month"


def test_event_country_province_and_date_are_checked(api, w):
    status, body = post(api, case_url(w, "events"), {"type": "Transit", "country": "XX"})
    assert status == 400
    assert "'XX' is not an ISO 3166-1 country code" in message(body, "country")

    future = (TODAY + timedelta(days=3)).isoformat()
    status, body = post(
        api,
        case_url(w, "events"),
        {"type": "Transit", "country": "PK", "province": "PK-ZZ", "date": future},
    )
    assert status == 400
    assert set(body) == {"province", "date"}
    assert "'PK-ZZ' is not a province of PK; allowed:" in message(body, "province")
    assert "PK-PB" in message(body, "province") and "PK-SD" in message(body, "province")
    assert "in the future" in message(body, "date")
    assert not w["case_a"].traffickingevents.exists()


def test_event_type_is_required(api, w):
    status, body = post(api, case_url(w, "events"), {"country": "PK"})
    assert status == 400
    assert set(body) == {"type"}


# --- POST /api/cases/{id}/consents/ --------------------------------------------------------


def test_consent_is_recorded_and_the_newest_decision_is_in_force(api, w):
    url = case_url(w, "consents")
    person = w["person_a"].pk
    data = {"person": person, "purpose": "referral", "decided_on": "2026-01-06"}
    assert post(api, url, {**data, "decision": "given"})[0] == 201
    status, _ = post(api, url, {**data, "decision": "withdrawn", "decided_on": "2026-01-07"})
    assert status == 201
    _, shown = get(api, person_url(w))
    assert shown["consents"] == {
        "assistance": None,
        "referral": "withdrawn",
        "data_sharing": None,
        "research": None,
    }


def test_consent_rejects_unknown_purpose_and_a_person_outside_the_case(api, w):
    status, body = post(
        api,
        case_url(w, "consents"),
        {"person": w["person_a"].pk, "purpose": "marketing", "decision": "given"},
    )
    assert status == 400
    assert set(body) == {"purpose"}
    assert "marketing" in message(body, "purpose")

    status, body = post(
        api,
        case_url(w, "consents"),
        {"person": w["person_b"].pk, "purpose": "referral", "decision": "given"},
    )
    assert status == 400
    assert body == {"person": [f"person {w['person_b'].pk} is not in this case"]}


# --- wrong codes name what is allowed ------------------------------------------------------


@pytest.mark.parametrize(
    ("action", "data", "field", "an_allowed_code"),
    [
        (
            "screenings",
            {"trafficking_status": "Maybe"},
            "trafficking_status",
            "ActualVictimOfTrafficking",
        ),
        ("screenings", {"methods_of_control": ["Bogus"]}, "methods_of_control", "DebtBondage"),
        ("consents", {"purpose": "marketing", "decision": "given"}, "purpose", "referral"),
        ("events", {"type": "Kidnap", "country": "PK"}, "type", "Recruitment"),
    ],
    ids=["trafficking_status", "methods_of_control", "consent_purpose", "event_type"],
)
def test_a_wrong_code_is_answered_with_the_allowed_codes(
    api, w, action, data, field, an_allowed_code
):
    if action in ("screenings", "consents"):
        data = {"person": w["person_a"].pk, **data}
    status, body = post(api, case_url(w, action), data)
    assert status == 400
    assert "allowed" in message(body, field)
    assert an_allowed_code in message(body, field)


def test_a_wrong_sex_is_answered_with_the_allowed_values(api, w):
    status, body = patch(api, person_url(w), {"version": 1, "sex": "x"})
    assert status == 400
    assert "female" in message(body, "sex")


def test_a_wrong_currency_is_explained_as_an_iso_code(api, w):
    status, body = post(
        api,
        case_url(w, "screenings"),
        {"person": w["person_a"].pk, "smuggling_amount_paid": "10", "smuggling_currency": "RUPEES"},
    )
    assert status == 400
    assert "ISO 4217" in message(body, "smuggling_currency")


# --- POST /api/cases/{id}/support-plans/ and services/ -------------------------------------


def test_support_plan_is_added_and_advances_the_stage(api, w):
    status, body = post(
        api,
        case_url(w, "support-plans"),
        {"type": "shelter", "objectives": "Safe housing", "planned_end": "2026-06-30"},
    )
    assert status == 201, body
    [plan] = body["support_plans"]
    assert (plan["type"], plan["objectives"], plan["planned_end"]) == (
        "shelter",
        "Safe housing",
        "2026-06-30",
    )
    assert body["stage"] == "assistance"


def test_support_plan_rejects_unknown_fields_and_codes(api, w):
    status, body = post(api, case_url(w, "support-plans"), {"type": "shelter", "budget": 10})
    assert status == 400
    assert message(body, "budget").startswith("unknown field; allowed: action_plan, objectives")

    status, body = post(api, case_url(w, "support-plans"), {"type": "holiday"})
    assert status == 400
    assert "holiday" in message(body, "type")


def test_service_is_added_under_its_plan(api, w):
    _, body = post(api, case_url(w, "support-plans"), {"type": "medical"})
    plan_id = body["support_plans"][0]["id"]
    status, body = post(
        api,
        case_url(w, "services"),
        {
            "type": "medical",
            "provider": w["org_b"].pk,
            "support_plan": plan_id,
            "status": "delivered",
            "delivered_on": "2026-01-20",
            "outcome": "Treated",
        },
    )
    assert status == 201, body
    [service] = body["services"]
    assert service["support_plan_id"] == plan_id
    assert service["provider_id"] == w["org_b"].pk
    assert (service["status"], service["delivered_on"], service["outcome"]) == (
        "delivered",
        "2026-01-20",
        "Treated",
    )
    assert body["stage"] == "assistance"


def test_delivered_service_needs_its_delivery_date(api, w):
    status, body = post(
        api,
        case_url(w, "services"),
        {"type": "medical", "provider": w["org_b"].pk, "status": "delivered"},
    )
    assert status == 400
    assert body == {"delivered_on": ["give the date the service was delivered"]}
    assert not w["case_a"].services.exists()


def test_service_names_a_bad_type_and_provider_together(api, w):
    status, body = post(api, case_url(w, "services"), {"type": "spa", "provider": 999999})
    assert status == 400
    assert set(body) == {"type", "provider"}
    assert "999999" in message(body, "provider")


def test_service_with_another_cases_support_plan_is_refused(api, w):
    other_plan = services.add_support_plan(w["b_caseworker"], w["case_b"], {"type": "shelter"})
    status, body = post(
        api,
        case_url(w, "services"),
        {"type": "shelter", "provider": w["org_a"].pk, "support_plan": other_plan.pk},
    )
    assert status == 400
    assert body == {"support_plan": [f"no plan {other_plan.pk} in this case"]}
    assert not w["case_a"].services.exists()


# --- POST /api/cases/{id}/follow-ups/ and comments/ ----------------------------------------


def test_follow_up_moves_the_case_to_follow_up(api, w):
    status, body = post(
        api,
        case_url(w, "follow-ups"),
        {"date": "2026-02-01", "method": "visit", "notes": "Well", "next_due": "2026-03-01"},
    )
    assert status == 201, body
    assert (body["status"], body["stage"]) == ("FollowUp", "follow_up")
    [follow_up] = body["follow_ups"]
    assert (follow_up["date"], follow_up["method"], follow_up["next_due"]) == (
        "2026-02-01",
        "visit",
        "2026-03-01",
    )
    assert Case.objects.get(pk=w["case_a"].pk).status == "FollowUp"


def test_follow_up_next_due_cannot_be_before_it(api, w):
    status, body = post(
        api,
        case_url(w, "follow-ups"),
        {"date": "2026-02-01", "method": "phone", "next_due": "2026-01-01"},
    )
    assert status == 400
    assert body == {"next_due": ["the next follow-up cannot be before this one"]}
    assert Case.objects.get(pk=w["case_a"].pk).status == "Active"


def test_follow_up_method_is_required_and_unknown_fields_are_refused(api, w):
    status, body = post(api, case_url(w, "follow-ups"), {"notes": "x"})
    assert status == 400
    assert set(body) == {"method"}

    status, body = post(api, case_url(w, "follow-ups"), {"method": "phone", "mood": "good"})
    assert status == 400
    assert message(body, "mood") == "unknown field; allowed: date, method, next_due, notes"
    assert not w["case_a"].followups.exists()


def test_a_follow_up_makes_an_older_version_of_the_case_stale(api, w):
    assert post(api, case_url(w, "follow-ups"), {"method": "phone"})[0] == 201
    status, body = patch(api, case_url(w), {"version": 1, "status": "Active"})
    assert status == 409
    assert "status" in body["changed_fields"]


def test_comment_is_added(api, w):
    status, body = post(api, case_url(w, "comments"), {"text": "  Called the family.  "})
    assert status == 201, body
    [comment] = body["comments"]
    assert comment["text"] == "Called the family."

    status, body = post(api, case_url(w, "comments"), {"text": "   "})
    assert status == 400
    assert set(body) == {"text"}


# --- POST /api/cases/{id}/close/ and reopen/ -----------------------------------------------


@pytest.mark.parametrize(("referred", "expected"), [(False, "Closed"), (True, "ClosedReferred")])
def test_close_case(api, w, referred, expected):
    status, body = post(
        api,
        case_url(w, "close"),
        {"version": 1, "closure_reason": "Reintegrated", "referred": referred},
    )
    assert status == 201, body
    assert (body["status"], body["stage"]) == (expected, "closure")
    assert (body["closed_on"], body["closure_reason"]) == (TODAY.isoformat(), "Reintegrated")
    assert body["version"] == 2


def test_close_before_the_case_opened_is_refused(api, w):
    status, body = post(
        api,
        case_url(w, "close"),
        {"version": 1, "closure_reason": "Moved away", "closed_on": "2025-12-31"},
    )
    assert status == 400
    assert body == {"closed_on": ["a case cannot close before it opened"]}
    assert Case.objects.get(pk=w["case_a"].pk).status == "Active"


def test_close_names_every_missing_field(api, w):
    status, body = post(api, case_url(w, "close"), {"referred": "maybe"})
    assert status == 400
    assert set(body) == {"version", "closure_reason", "referred"}


def test_closing_a_closed_case_is_refused(api, w):
    status, body = post(
        api,
        case_url(w, "close", "case_a_closed"),
        {"version": w["case_a_closed"].version, "closure_reason": "Again"},
    )
    assert status == 400
    assert "is already closed" in message(body, "status")


def test_close_with_a_stale_version_is_a_conflict(api, w):
    patch(api, case_url(w), {"version": 1, "stage": "assistance"})
    status, body = post(api, case_url(w, "close"), {"version": 1, "closure_reason": "Done"})
    assert status == 409
    assert set(body["changed_fields"]) == {"stage"}
    assert Case.objects.get(pk=w["case_a"].pk).status == "Active"


def test_reopen_case(api, w):
    closed = w["case_a_closed"]
    status, body = post(
        api,
        case_url(w, "reopen", "case_a_closed"),
        {"version": closed.version, "reason": "New threats"},
    )
    assert status == 201, body
    assert (body["status"], body["stage"], body["closed_on"]) == ("Active", "assistance", None)
    assert body["version"] == closed.version + 1
    assert [c["text"] for c in body["comments"]] == ["Reopened: New threats"]


def test_a_closed_case_cannot_be_reopened_by_patch(api, w):
    closed = w["case_a_closed"]
    status, body = patch(
        api, case_url(w, "detail", "case_a_closed"), {"version": closed.version, "status": "Active"}
    )
    assert status == 400
    assert "status" in body
    assert Case.objects.get(pk=closed.pk).status == "Closed"


def test_reopening_an_open_case_is_refused(api, w):
    status, body = post(api, case_url(w, "reopen"), {"version": 1, "reason": "Why not"})
    assert status == 400
    assert body == {"status": ["the case is not closed"]}


# --- /api/persons/ -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({}, {"person_a", "imran"}),
        ({"q": "Imraan Khan"}, {"imran"}),
        ({"q": "Ayesha"}, {"person_a"}),
        ({"q": "Bashir"}, set()),
        ({"document": "35202-1234567-1"}, {"imran"}),
        ({"document": "35202-1234567-2"}, set()),
        ({"phone": "+92 300 1234567"}, {"imran"}),
    ],
)
def test_person_list_and_filters(api, w, imran_case, params, expected):
    w = {**w, "imran": imran_case.persons.get()}
    status, body = get(api, reverse("api:person-list"), params)
    assert status == 200
    assert {row["id"] for row in body["results"]} == {w[key].pk for key in expected}


def test_person_search_finds_a_phone_written_the_local_way(api, w):
    services.add_phone(w["a_caseworker"], w["person_a"], "0300 1234567")
    _, body = get(api, reverse("api:person-list"), {"phone": "0300 1234567"})
    assert [row["id"] for row in body["results"]] == [w["person_a"].pk]


def test_person_detail(api, w):
    status, body = get(api, person_url(w))
    assert status == 200
    assert (body["id"], body["version"], body["organisation"]) == (
        w["person_a"].pk,
        1,
        w["org_a"].pk,
    )
    assert (body["first_name"], body["family_name"]) == ("Ayesha", "Bibi")
    assert body["documents"] == body["phones"] == body["addresses"] == []
    assert set(body["consents"]) == {"assistance", "referral", "data_sharing", "research"}


def test_patch_person(api, w):
    status, body = patch(
        api,
        person_url(w),
        {
            "version": 1,
            "sex": "female",
            "birth_date": "1998-04-02",
            "aliases": ["Aisha"],
            "citizenships": ["pak"],
            "languages": ["urd", "pa"],
            "number_of_children": 2,
        },
    )
    assert status == 200, body
    assert body["version"] == 2
    assert (body["sex"], body["birth_date"], body["birth_year"]) == ("female", "1998-04-02", 1998)
    assert body["aliases"] == ["Aisha"]
    assert body["citizenships"] == ["PK"]
    assert body["languages"] == ["ur", "pa"]
    assert Person.objects.get(pk=w["person_a"].pk).number_of_children == 2


def test_patch_person_refuses_unknown_fields(api, w):
    status, body = patch(api, person_url(w), {"version": 1, "first_name": "A", "is_admin": True})
    assert status == 400
    assert set(body) == {"is_admin"}
    text = message(body, "is_admin")
    assert text.startswith("unknown field; allowed: ")
    assert "first_name" in text and "version" in text
    assert Person.objects.get(pk=w["person_a"].pk).first_name == "Ayesha"


def test_patch_person_reports_several_bad_fields_at_once(api, w):
    status, body = patch(
        api,
        person_url(w),
        {"version": 1, "sex": "x", "birth_date": "yesterday", "number_of_children": -1},
    )
    assert status == 400
    assert set(body) == {"sex", "birth_date", "number_of_children"}
    assert "YYYY-MM-DD" in message(body, "birth_date")
    assert "greater than or equal to 0" in message(body, "number_of_children")


def test_patch_person_checks_codes_and_birth_dates(api, w):
    future = (TODAY + timedelta(days=1)).isoformat()
    status, body = patch(
        api,
        person_url(w),
        {"version": 1, "citizenships": ["XX"], "languages": ["zz"], "birth_date": future},
    )
    assert status == 400
    assert set(body) == {"citizenships", "languages", "birth_date"}
    assert "ISO 3166-1" in message(body, "citizenships")
    assert "ISO 639" in message(body, "languages")
    assert "in the future" in message(body, "birth_date")


def test_patch_person_reports_an_unknown_field_with_the_other_bad_fields(api, w):
    status, body = patch(
        api, person_url(w), {"version": 1, "is_admin": True, "sex": "x", "birth_date": "y"}
    )
    assert status == 400
    assert set(body) == {"is_admin", "sex", "birth_date"}


def test_patch_person_reports_serializer_and_service_errors_together(api, w):
    status, body = patch(api, person_url(w), {"version": 1, "sex": "x", "citizenships": ["XX"]})
    assert status == 400
    assert set(body) == {"sex", "citizenships"}


def test_patch_person_needs_the_version(api, w):
    status, body = patch(api, person_url(w), {"first_name": "Aisha"})
    assert status == 400
    assert body == {"version": ["send the version you read (for no lost updates)"]}


def test_patch_person_with_a_stale_version_is_a_conflict(api, w):
    assert patch(api, person_url(w), {"version": 1, "first_name": "Aisha"})[0] == 200
    status, body = patch(api, person_url(w), {"version": 1, "sex": "female"})
    assert status == 409
    assert set(body["changed_fields"]) == {"first_name"}
    assert "first_name" in message(body, "version")
    assert Person.objects.get(pk=w["person_a"].pk).sex != "female"


def test_clearing_the_birth_date(api, w):
    assert patch(api, person_url(w), {"version": 1, "birth_date": "1998-04-02"})[0] == 200
    status, body = patch(api, person_url(w), {"version": 2, "birth_date": None})
    assert status == 200, body
    assert (body["birth_date"], body["birth_year"]) == ("", 1998)


def test_add_document(api, w):
    status, body = post(
        api, person_url(w, "documents"), {"type": "passport", "number": "ab1234567"}
    )
    assert status == 201, body
    assert body["documents"] == [{"type": "passport", "number": "AB1234567", "issuing_country": ""}]


def test_add_document_explains_the_number_format(api, w):
    status, body = post(api, person_url(w, "documents"), {"type": "cnic", "number": "123"})
    assert status == 400
    assert body == {"number": ["'123' is not a CNIC number: 13 digits, as 12345-1234567-1"]}

    status, body = post(
        api,
        person_url(w, "documents"),
        {"type": "passport", "number": "A1", "issuing_country": "XX"},
    )
    assert status == 400
    assert set(body) == {"number", "issuing_country"}
    assert "5 to 12 letters and digits" in message(body, "number")
    assert "ISO 3166-1" in message(body, "issuing_country")


def test_add_phone(api, w):
    status, body = post(api, person_url(w, "phones"), {"number": "0300-1234567", "kind": "family"})
    assert status == 201, body
    assert body["phones"] == [{"kind": "family", "number": "+923001234567"}]


def test_add_phone_explains_the_format(api, w):
    status, body = post(api, person_url(w, "phones"), {"number": "12"})
    assert status == 400
    assert set(body) == {"number"}
    assert "'12' is not" in message(body, "number")
    assert "e.g. +92 300 1234567" in message(body, "number")
    assert not w["person_a"].phones.exists()


def test_add_address(api, w):
    status, body = post(
        api,
        person_url(w, "addresses"),
        {"street": "Main Bazaar", "city": "Gujrat", "province": "pk-pb"},
    )
    assert status == 201, body
    assert body["addresses"] == [
        {
            "street": "Main Bazaar",
            "city": "Gujrat",
            "district": "",
            "province": "PK-PB",
            "country": "PK",
            "is_current": True,
        }
    ]


def test_add_address_lists_the_allowed_provinces(api, w):
    status, body = post(api, person_url(w, "addresses"), {"city": "X", "province": "PK-ZZ"})
    assert status == 400
    assert set(body) == {"province"}
    text = message(body, "province")
    assert "'PK-ZZ' is not a province of PK; allowed:" in text
    assert "PK-PB" in text and "PK-SD" in text and "PK-KP" in text

    status, body = post(api, person_url(w, "addresses"), {"country": "XX"})
    assert status == 400
    assert body == {"country": ["'XX' is not an ISO 3166-1 country code (e.g. PK, AF, IR)"]}

    status, body = post(api, person_url(w, "addresses"), {"city": "X", "floor": 3})
    assert status == 400
    assert message(body, "floor").startswith("unknown field; allowed: city, country, district")
    assert not w["person_a"].addresses.exists()
