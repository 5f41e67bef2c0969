"""Every page and API endpoint of the referral mechanism under the four permission conditions.

The world is `worlds.referrals_world()` plus one more referral, Alpha → Beta, that the shelter
(Gamma) has no part in: the "other organisation" row for the shelter's staff.

Permitted: the sending caseworker (Alpha) for the sender's actions, the receiving caseworker
(Gamma) for the receiver's, an organisation admin for the service directory, a supervisor for
the referral report. No permission: an organisation admin for referrals (account managers see
no case work), a caseworker for editing the directory and for the report, a user without
roles for reading the directory.
"""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests import factories, worlds
from tests.permission_matrix import CONDITIONS, Endpoint, World, static, url
from tipsom.referrals import services
from tipsom.referrals.models import Referral, ServiceOffer


@pytest.fixture
def world(db) -> World:
    w = worlds.referrals_world()
    # Alpha → Beta: none of Gamma's business.
    w["referral_ab"] = services.refer(
        w["a_caseworker"],
        w["case_a"],
        "referral",
        w["org_b"],
        service="medical",
        sections=["support"],
    )
    # Beta → Gamma, accepted by Gamma: the one that can be completed.
    services.accept(w["c_caseworker"], w["referral_b"], 1)
    w["referral_b"] = Referral.objects.get(pk=w["referral_b"].pk)
    return w


def decide(decision: str, key: str):
    return lambda w: reverse("referrals:referral_decide", args=[w[key].pk, decision])


def referral_action(name: str, permitted: str, forbidden: str, other: str, data) -> Endpoint:
    """A POST on one referral; ``other`` is a referral the permitted user's side is not in."""
    return Endpoint(
        name,
        url(name, "referral_a" if name != "api:referral-complete" else "referral_b"),
        permitted,
        forbidden,
        other_url=url(name, other),
        method="post",
        api=True,
        data=data,
    )


E = Endpoint
ENDPOINTS = [
    # --- pages ---
    E(
        "referrals:referral_list",
        static("referrals:referral_list"),
        "a_caseworker",
        "a_orgadmin",
        own_marker=lambda w: w["case_a"].case_number,
        other_marker=lambda w: w["case_b"].case_number,
    ),
    E(
        "referrals:referral_detail",
        url("referrals:referral_detail", "referral_a"),
        "a_caseworker",
        "a_orgadmin",
        other_url=url("referrals:referral_detail", "referral_b"),
        own_marker=lambda w: "needs a safe place tonight",
    ),
    E(
        "referrals:referral_decide",
        decide("revoke", "referral_a"),
        "a_caseworker",
        "a_orgadmin",
        other_url=decide("revoke", "referral_b"),
        method="post",
        data=lambda w: {"version": 1, "reason": "the person went home"},
        ok=(302,),
    ),
    E(
        "referrals:referral_new",
        url("referrals:referral_new", "case_a"),
        "a_caseworker",
        "a_orgadmin",
        other_url=url("referrals:referral_new", "case_b"),
    ),
    E(
        "referrals:referral_new POST",
        url("referrals:referral_new", "case_a"),
        "a_caseworker",
        "a_orgadmin",
        other_url=url("referrals:referral_new", "case_b"),
        method="post",
        data=lambda w: {
            "kind": "referral",
            "receiver": w["org_b"].pk,
            "service": "psychosocial",
            "sections": ["support"],
        },
        ok=(302,),
    ),
    E(
        "referrals:transfer_request",
        static("referrals:transfer_request"),
        "c_caseworker",
        "c_orgadmin",
    ),
    E(
        "referrals:directory",
        static("referrals:directory"),
        "a_caseworker",
        "nobody",
        own_marker=lambda w: "Gamma Shelter",
    ),
    E(
        "referrals:report",
        static("referrals:report"),
        "a_supervisor",
        "a_caseworker",
        own_marker=lambda w: w["case_a"].case_number,
        other_marker=lambda w: w["case_b"].case_number,
    ),
    E("referrals:offer_new", static("referrals:offer_new"), "c_orgadmin", "c_caseworker"),
    E(
        "referrals:offer_new POST",
        static("referrals:offer_new"),
        "c_orgadmin",
        "c_caseworker",
        method="post",
        data=lambda w: {"organisation": w["org_c"].pk, "service": "legal_aid", "is_active": "on"},
        ok=(302,),
    ),
    E(
        "referrals:offer_edit",
        url("referrals:offer_edit", "offer_c"),
        "c_orgadmin",
        "c_caseworker",
        other_url=url("referrals:offer_edit", "offer_b"),
    ),
    E(
        "referrals:offer_edit POST",
        url("referrals:offer_edit", "offer_c"),
        "c_orgadmin",
        "c_caseworker",
        other_url=url("referrals:offer_edit", "offer_b"),
        method="post",
        data=lambda w: {"provinces": "PK-PB;PK-SD", "capacity": "12", "is_active": "on"},
        ok=(302,),
    ),
    # --- API: the service directory ---
    E(
        "api:serviceoffer-list",
        static("api:serviceoffer-list"),
        "a_caseworker",
        "nobody",
        api=True,
        own_marker=lambda w: f'"id":{w["offer_c"].pk},',
    ),
    E(
        "api:serviceoffer-detail",
        url("api:serviceoffer-detail", "offer_c"),
        "a_caseworker",
        "nobody",
        api=True,
    ),
    E(
        "api:serviceoffer-list POST",
        static("api:serviceoffer-list"),
        "c_orgadmin",
        "c_caseworker",
        method="post",
        api=True,
        ok=(201,),
        data=lambda w: {"organisation": w["org_c"].pk, "service": "legal_aid"},
    ),
    E(
        "api:serviceoffer-detail PATCH",
        url("api:serviceoffer-detail", "offer_c"),
        "c_orgadmin",
        "c_caseworker",
        method="patch",
        api=True,
        data=lambda w: {"capacity": 12},
        other_url=url("api:serviceoffer-detail", "offer_b"),
    ),
    # --- API: referrals ---
    E(
        "api:referral-list",
        static("api:referral-list"),
        "a_caseworker",
        "a_orgadmin",
        api=True,
        own_marker=lambda w: f'"id":{w["referral_a"].pk},',
        other_marker=lambda w: f'"id":{w["referral_b"].pk},',
    ),
    E(
        "api:referral-detail",
        url("api:referral-detail", "referral_a"),
        "a_caseworker",
        "a_orgadmin",
        api=True,
        other_url=url("api:referral-detail", "referral_b"),
    ),
    E(
        "api:referral-list POST",
        static("api:referral-list"),
        "a_caseworker",
        "a_orgadmin",
        method="post",
        api=True,
        ok=(201,),
        data=lambda w: {
            "case": w["case_a"].pk,
            "receiver": w["org_b"].pk,
            "service": "psychosocial",
            "sections": ["support"],
        },
    ),
    E(
        "api:referral-transfer-requests",
        static("api:referral-transfer-requests"),
        "c_caseworker",
        "c_orgadmin",
        method="post",
        api=True,
        ok=(201,),
        data=lambda w: {
            "case_number": w["case_a"].case_number,
            "requester": w["org_c"].pk,
            "reason": "She lives near our shelter now",
        },
    ),
    E(
        "api:referral-report",
        static("api:referral-report"),
        "a_supervisor",
        "a_caseworker",
        api=True,
        own_marker=lambda w: f'"case_number":"{w["case_a"].case_number}"',
        other_marker=lambda w: f'"case_number":"{w["case_b"].case_number}"',
    ),
    referral_action(
        "api:referral-accept",
        "c_caseworker",
        "c_orgadmin",
        "referral_ab",
        lambda w: {"version": 1},
    ),
    referral_action(
        "api:referral-decline",
        "c_caseworker",
        "c_orgadmin",
        "referral_ab",
        lambda w: {"version": 1, "reason": "no place free"},
    ),
    referral_action(
        "api:referral-revoke",
        "a_caseworker",
        "a_orgadmin",
        "referral_b",
        lambda w: {"version": 1, "reason": "the person went home"},
    ),
    referral_action(
        "api:referral-complete",
        "c_caseworker",
        "c_orgadmin",
        "referral_ab",
        lambda w: {"version": w["referral_b"].version, "outcome": "Seen by the doctor"},
    ),
]


@pytest.mark.parametrize("condition", list(CONDITIONS))
@pytest.mark.parametrize("endpoint", ENDPOINTS, ids=str)
def test_endpoint(client, world, endpoint, condition):
    CONDITIONS[condition](client, endpoint, world)


# --- what the status codes above do not show ----------------------------------------------


def _post(client, name, data, *args):
    return client.post(reverse(name, args=args), data, content_type="application/json")


def test_the_permitted_state_changes_take_effect(client, world):
    factories.sign_in(client, world["c_caseworker"])
    response = _post(client, "api:referral-accept", {"version": 1}, world["referral_a"].pk)
    assert response.json()["state"] == "accepted"
    factories.sign_in(client, world["a_caseworker"])
    client.post(
        reverse("referrals:referral_decide", args=[world["referral_ab"].pk, "revoke"]),
        {"version": 1, "reason": "not needed"},
    )
    assert Referral.objects.get(pk=world["referral_ab"].pk).state == "revoked"


def test_a_refused_page_decision_changes_nothing(client, world):
    """The decide page always redirects back; a refused decision must still change nothing."""
    referral = world["referral_a"]
    # The sender may not accept its own referral; the org admin may not even see it.
    for who, decision in (("a_caseworker", "accept"), ("c_orgadmin", "accept")):
        factories.sign_in(client, world[who])
        client.post(
            reverse("referrals:referral_decide", args=[referral.pk, decision]), {"version": 1}
        )
    assert Referral.objects.get(pk=referral.pk).state == "pending"


def test_an_unknown_decision_is_not_found(client, world):
    factories.sign_in(client, world["c_caseworker"])
    response = client.post(
        reverse("referrals:referral_decide", args=[world["referral_a"].pk, "approve"]),
        {"version": 1},
    )
    assert response.status_code == 404


def test_nobody_refers_another_organisations_case(client, world):
    factories.sign_in(client, world["a_caseworker"])
    response = _post(
        client,
        "api:referral-list",
        {
            "case": world["case_b"].pk,
            "receiver": world["org_c"].pk,
            "service": "psychosocial",
            "sections": ["support"],
        },
    )
    assert response.status_code == 404
    # A receiver that may read a shared section may not refer the case onwards either.
    factories.sign_in(client, world["c_caseworker"])
    response = _post(
        client,
        "api:referral-list",
        {
            "case": world["case_a"].pk,
            "receiver": world["org_b"].pk,
            "service": "psychosocial",
            "sections": ["support"],
        },
    )
    assert response.status_code == 404
    assert not Referral.objects.filter(service="psychosocial").exists()


def test_a_transfer_request_only_for_ones_own_organisation(client, world):
    factories.sign_in(client, world["c_caseworker"])
    before = Referral.objects.count()
    response = _post(
        client,
        "api:referral-transfer-requests",
        {
            "case_number": world["case_b"].case_number,
            "requester": world["org_a"].pk,
            "reason": "asking in Alpha's name",
        },
    )
    assert response.status_code == 403
    assert Referral.objects.count() == before


def test_directory_entries_only_for_ones_own_organisation(client, world):
    factories.sign_in(client, world["c_orgadmin"])
    response = _post(
        client, "api:serviceoffer-list", {"organisation": world["org_a"].pk, "service": "legal_aid"}
    )
    assert response.status_code == 403
    response = client.post(
        reverse("referrals:offer_new"),
        {"organisation": world["org_a"].pk, "service": "legal_aid", "is_active": "on"},
    )
    assert response.status_code == 200  # the form again: Alpha is not a choice
    assert "organisation" in response.context["form"].errors
    assert not ServiceOffer.objects.filter(service="legal_aid").exists()


def test_the_transfer_request_page_lists_only_the_users_organisations(client, world):
    factories.sign_in(client, world["c_caseworker"])
    form = client.get(reverse("referrals:transfer_request")).context["form"]
    assert list(form.fields["requester"].queryset) == [world["org_c"]]
