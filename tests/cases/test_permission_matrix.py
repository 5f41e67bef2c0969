"""Every case-management page and API endpoint under the four permission conditions.

Permitted: the caseworker who owns the case. No permission: an organisation admin (account
managers see no case data). Other organisation: the same caseworker against the other
organisation's case or person.
"""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests import worlds
from tests.permission_matrix import CONDITIONS, Endpoint, World, static, url


@pytest.fixture
def world(db) -> World:
    return worlds.cases_world()


def case_page(name: str, method: str = "get", **kw) -> Endpoint:
    return Endpoint(
        name,
        url(name, "case_a"),
        "a_caseworker",
        "a_orgadmin",
        other_url=url(name, "case_b"),
        method=method,
        **kw,
    )


def person_page(name: str, **kw) -> Endpoint:
    return Endpoint(
        name,
        url(name, "person_a"),
        "a_caseworker",
        "a_orgadmin",
        other_url=url(name, "person_b"),
        **kw,
    )


def case_api(name: str, data, ok=(201,), method: str = "post") -> Endpoint:
    route = name.split(" ")[0]
    return Endpoint(
        name,
        url(route, "case_a"),
        "a_caseworker",
        "a_orgadmin",
        other_url=url(route, "case_b"),
        method=method,
        api=True,
        data=data,
        ok=ok,
    )


def person_api(name: str, data, ok=(201,), method: str = "post") -> Endpoint:
    route = name.split(" ")[0]
    return Endpoint(
        name,
        url(route, "person_a"),
        "a_caseworker",
        "a_orgadmin",
        other_url=url(route, "person_b"),
        method=method,
        api=True,
        data=data,
        ok=ok,
    )


E = Endpoint
ENDPOINTS = [
    E(
        "cases:case_list",
        static("cases:case_list"),
        "a_caseworker",
        "a_orgadmin",
        own_marker=lambda w: w["case_a"].case_number,
        other_marker=lambda w: w["case_b"].case_number,
    ),
    E("cases:case_register", static("cases:case_register"), "a_caseworker", "a_orgadmin"),
    case_page("cases:case_detail", own_marker=lambda w: "Ayesha"),
    case_page("cases:case_edit"),
    case_page("cases:screening_add"),
    case_page("cases:event_add"),
    case_page("cases:consent_add"),
    case_page("cases:plan_add"),
    case_page("cases:service_add"),
    case_page("cases:followup_add"),
    case_page("cases:comment_add"),
    case_page("cases:case_close"),
    case_page("cases:case_reopen", method="post", ok=(302,)),
    person_page("cases:person_detail", own_marker=lambda w: "Ayesha"),
    person_page("cases:person_edit"),
    person_page("cases:document_add"),
    person_page("cases:phone_add"),
    person_page("cases:address_add"),
    # --- API ---
    E(
        "api:case-list",
        static("api:case-list"),
        "a_caseworker",
        "a_orgadmin",
        api=True,
        own_marker=lambda w: w["case_a"].case_number,
        other_marker=lambda w: w["case_b"].case_number,
    ),
    E(
        "api:case-detail",
        url("api:case-detail", "case_a"),
        "a_caseworker",
        "a_orgadmin",
        api=True,
        other_url=url("api:case-detail", "case_b"),
    ),
    E(
        "api:case-list POST",
        static("api:case-list"),
        "a_caseworker",
        "a_orgadmin",
        method="post",
        api=True,
        ok=(201,),
        data=lambda w: {
            "organisation": w["org_a"].pk,
            "case_type": "smuggling",
            "role": "smuggled_migrant",
            "person": {"first_name": "Imran"},
        },
    ),
    case_api(
        "api:case-detail PATCH",
        lambda w: {"version": 1, "stage": "screening"},
        ok=(200,),
        method="patch",
    ),
    case_api(
        "api:case-screenings",
        lambda w: {
            "person": w["person_a"].pk,
            "trafficking_status": "PossibleVictimOfTrafficking",
            "decided_by": "NGO",
        },
    ),
    case_api("api:case-events", lambda w: {"type": "Recruitment", "country": "PK"}),
    case_api(
        "api:case-consents",
        lambda w: {"person": w["person_a"].pk, "purpose": "referral", "decision": "given"},
    ),
    case_api("api:case-support-plans", lambda w: {"type": "shelter"}),
    case_api("api:case-services", lambda w: {"type": "medical", "provider": w["org_b"].pk}),
    case_api("api:case-follow-ups", lambda w: {"method": "phone"}),
    case_api("api:case-comments", lambda w: {"text": "Called the family."}),
    case_api("api:case-close", lambda w: {"version": 1, "closure_reason": "Reintegrated"}),
    Endpoint(
        "api:case-reopen",
        url("api:case-reopen", "case_a_closed"),
        "a_caseworker",
        "a_orgadmin",
        other_url=url("api:case-reopen", "case_b"),
        method="post",
        api=True,
        data=lambda w: {"version": w["case_a_closed"].version, "reason": "New threats"},
        ok=(201,),
    ),
    E(
        "api:person-list",
        static("api:person-list"),
        "a_caseworker",
        "a_orgadmin",
        api=True,
        own_marker=lambda w: "Ayesha",
        other_marker=lambda w: "Bashir",
    ),
    E(
        "api:person-detail",
        url("api:person-detail", "person_a"),
        "a_caseworker",
        "a_orgadmin",
        api=True,
        other_url=url("api:person-detail", "person_b"),
    ),
    person_api(
        "api:person-detail PATCH",
        lambda w: {"version": 1, "sex": "female"},
        ok=(200,),
        method="patch",
    ),
    person_api("api:person-documents", lambda w: {"type": "cnic", "number": "35202-1234567-1"}),
    person_api("api:person-phones", lambda w: {"number": "+92 300 1234567"}),
    person_api("api:person-addresses", lambda w: {"city": "Gujrat", "province": "PK-PB"}),
]


@pytest.mark.parametrize("condition", list(CONDITIONS))
@pytest.mark.parametrize("endpoint", ENDPOINTS, ids=str)
def test_endpoint(client, world, endpoint, condition):
    CONDITIONS[condition](client, endpoint, world)


def test_supervisor_sees_the_organisations_cases_not_others(client, world):
    from tests import factories

    factories.sign_in(client, world["a_supervisor"])
    assert client.get(reverse("cases:case_detail", args=[world["case_a"].pk])).status_code == 200
    assert client.get(reverse("cases:case_detail", args=[world["case_b"].pk])).status_code == 404


def test_a_colleague_caseworker_does_not_see_anothers_case(client, world):
    from tests import factories
    from tipsom.core.choices import Role

    colleague = factories.user((world["org_a"], Role.CASEWORKER), username="colleague")
    factories.sign_in(client, colleague)
    assert client.get(reverse("cases:case_detail", args=[world["case_a"].pk])).status_code == 404
