"""The referral REST API: the service directory, referrals and their state changes, what a
receiver sees of a referred case, and the notification inbox.

Each endpoint gets a good request (body and effect) and bad input, answered with a 4xx that
names the field (and the allowed values where there is a list) and changes nothing. Consent to
referral is checked by the server whatever the client sends.
"""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests import factories, worlds
from tipsom.cases import services as case_services
from tipsom.cases import sharing
from tipsom.cases.choices import SupportType
from tipsom.cases.models import Case
from tipsom.core.models import AuditEntry, Notification
from tipsom.referrals.models import Referral, ServiceOffer

ALL_SECTIONS = list(sharing.SECTIONS)
SERVICES = ", ".join(SupportType.values)


@pytest.fixture
def w(db):
    return worlds.referrals_world()


@pytest.fixture
def api(client):
    return client


def as_(client, w, who):
    return factories.sign_in(client, w[who])


def post(client, url, data):
    response = client.post(url, data, content_type="application/json")
    return response.status_code, response.json()


def patch(client, url, data):
    response = client.patch(url, data, content_type="application/json")
    return response.status_code, response.json()


def get(client, url, params=None):
    response = client.get(url, params or {})
    return response.status_code, response.json()


def message(body, field):
    """All messages for ``field`` as one string (lists and nested dicts flattened)."""
    value = body[field]
    if isinstance(value, dict):
        return " ".join(message(value, k) for k in value)
    if isinstance(value, list):
        return " ".join(v if isinstance(v, str) else str(v) for v in value)
    return str(value)


def referral_url(w, action="detail", key="referral_a"):
    pk = w[key].pk if isinstance(key, str) else key.pk
    return reverse(f"api:referral-{action}", args=[pk])


def fresh(w, key):
    return Referral.objects.get(pk=w[key].pk)


def snapshot():
    """What a refused request must leave as it was."""
    return (
        sorted(Referral.objects.values_list("pk", "state", "version")),
        AuditEntry.objects.filter(object_type="referrals.referral").count(),
        Notification.objects.count(),
    )


def referral_body(w, **change):
    return {
        "case": w["case_a"].pk,
        "receiver": w["org_b"].pk,
        "service": "medical",
        "sections": ["support"],
        **change,
    }


# --- consent, whatever the client sends ----------------------------------------------------


@pytest.fixture
def saima(w):
    """A new case of Alpha's caseworker whose victim has given no consent to referral."""
    return case_services.register_case(
        w["a_caseworker"], w["org_a"], {"first_name": "Saima"}, "trafficking", "victim"
    )


LONG_JUSTIFICATION = "She cannot be asked now and needs a safe place tonight, urgently. " * 2


@pytest.mark.parametrize(
    ("extra", "field"),
    [
        ({}, "consent"),
        ({"consent": True}, "consent"),
        ({"consent_given": True}, "consent_given"),
        ({"skip_consent": True}, "skip_consent"),
        ({"override": True}, "override"),
        ({"force": True}, "force"),
        ({"consent_overridden": True}, "consent_overridden"),
        ({"override_consent": True}, "override_consent"),
        ({"state": "accepted"}, "state"),
        ({"sections": ALL_SECTIONS}, "consent"),
        ({"kind": "transfer"}, "consent"),
        (
            {"consent_overridden": True, "override_justification": LONG_JUSTIFICATION},
            "consent_overridden",
        ),
        ({"override_justification": LONG_JUSTIFICATION}, None),
    ],
    ids=lambda v: "-".join(v) if isinstance(v, dict) else str(v),
)
def test_no_referral_without_recorded_consent_whatever_the_client_sends(
    api, w, saima, extra, field
):
    as_(api, w, "a_caseworker")
    before = snapshot()
    all_audit = AuditEntry.objects.count()
    body = {
        "case": saima.pk,
        "receiver": w["org_c"].pk,
        "service": "shelter",
        "sections": ["support"],
        **extra,
    }
    status, answer = post(api, reverse("api:referral-list"), body)
    if field is None:
        # A justification from a caseworker, who may not proceed without consent.
        assert status == 403, answer
        assert "consent" in answer["detail"]
    else:
        assert status == 400, answer
        assert field in answer, answer
        if field == "consent":
            if extra.get("consent") is True:
                assert message(answer, "consent").startswith("unknown field; allowed: ")
            else:
                assert "no consent to referral in force" in message(answer, "consent")
                assert f"person #{saima.persons.get().pk}" in message(answer, "consent")
        else:
            assert message(answer, field).startswith("unknown field; allowed: ")
            assert "override_justification" in message(answer, field)
    assert snapshot() == before
    assert not Referral.objects.filter(case=saima).exists()
    assert not AuditEntry.objects.filter(
        object_type="referrals.referral", summary__contains=saima.case_number
    ).exists()
    assert AuditEntry.objects.count() == all_audit  # a refused request leaves no trace at all


def test_no_referral_without_consent_through_the_page_either(client, w, saima):
    as_(client, w, "a_caseworker")
    response = client.post(
        reverse("referrals:referral_new", args=[saima.pk]),
        {
            "kind": "referral",
            "receiver": w["org_c"].pk,
            "service": "shelter",
            "sections": ["support"],
            "consent": "on",
            "skip_consent": "1",
            "consent_overridden": "1",
        },
    )
    assert response.status_code == 200
    assert "no consent to referral in force" in response.content.decode()
    assert not Referral.objects.filter(case=saima).exists()


def test_a_withdrawn_consent_counts_at_once(api, w):
    case_services.record_consent(
        w["a_caseworker"], w["person_a"], "referral", "withdrawn", None, w["case_a"]
    )
    as_(api, w, "a_caseworker")
    before = snapshot()
    status, body = post(api, reverse("api:referral-list"), referral_body(w))
    assert status == 400
    assert "no consent to referral in force" in message(body, "consent")
    as_(api, w, "c_caseworker")
    status, body = post(api, referral_url(w, "accept"), {"version": 1})
    assert status == 400
    assert "withdrawn" in message(body, "consent")
    assert snapshot() == before


def test_a_supervisor_overrides_with_a_justification(api, w, saima):
    as_(api, w, "a_supervisor")
    url = reverse("api:referral-list")
    body = {"case": saima.pk, "receiver": w["org_c"].pk, "service": "shelter"}
    before = snapshot()
    status, answer = post(
        api, url, {**body, "sections": ["support"], "override_justification": "urgent"}
    )
    assert status == 400
    assert "at least 30 characters" in message(answer, "override_justification")
    assert snapshot() == before
    status, answer = post(
        api, url, {**body, "sections": ["support"], "override_justification": LONG_JUSTIFICATION}
    )
    assert status == 201, answer
    assert answer["consent_overridden"] is True
    assert answer["override_justification"] == LONG_JUSTIFICATION.strip()
    entry = AuditEntry.objects.filter(object_type="referrals.referral").latest("seq")
    assert entry.object_id == str(answer["id"])
    assert "WITHOUT recorded consent" in entry.summary


def test_nothing_to_override_when_consent_is_in_force(api, w):
    as_(api, w, "a_supervisor")
    before = snapshot()
    status, body = post(
        api,
        reverse("api:referral-list"),
        referral_body(w, override_justification=LONG_JUSTIFICATION),
    )
    assert status == 400
    assert "nothing to override" in message(body, "override_justification")
    assert snapshot() == before


# --- POST /api/referrals/ ------------------------------------------------------------------


def test_refer_a_case(api, w):
    as_(api, w, "a_caseworker")
    status, body = post(
        api,
        reverse("api:referral-list"),
        referral_body(w, reason="needs a doctor", details="Tuesday at ten"),
    )
    assert status == 201, body
    referral = Referral.objects.get(pk=body["id"])
    assert (referral.sender, referral.receiver, referral.case) == (
        w["org_a"],
        w["org_b"],
        w["case_a"],
    )
    assert body["case_number"] == w["case_a"].case_number
    assert (body["kind"], body["state"], body["version"]) == ("referral", "pending", 1)
    assert (body["service"], body["sections"]) == ("medical", ["support"])
    assert (body["reason"], body["details"]) == ("needs a doctor", "Tuesday at ten")
    assert (body["consent_overridden"], body["override_justification"]) == (False, "")
    assert body["created_by"] == "alpha-caseworker"
    assert body["decided_by"] is None and body["is_overdue"] is False
    entry = AuditEntry.objects.filter(object_type="referrals.referral").latest("seq")
    assert (entry.object_id, entry.action) == (str(referral.pk), "create")
    told = Notification.objects.filter(kind="referral.new", url__endswith=f"/{referral.pk}/")
    assert {n.recipient for n in told} == {w["b_caseworker"]}


def test_a_transfer_shares_the_whole_case(api, w):
    as_(api, w, "a_caseworker")
    status, body = post(
        api,
        reverse("api:referral-list"),
        {"case": w["case_a"].pk, "kind": "transfer", "receiver": w["org_b"].pk},
    )
    assert status == 201, body
    assert (body["kind"], body["service"]) == ("transfer", "")
    assert set(body["sections"]) == set(ALL_SECTIONS)
    as_(api, w, "b_caseworker")
    status, body = post(api, reverse("api:referral-accept", args=[body["id"]]), {"version": 1})
    assert status == 200, body
    assert body["state"] == "completed"
    case = Case.objects.get(pk=w["case_a"].pk)
    assert (case.organisation, case.owner) == (w["org_b"], w["b_caseworker"])


@pytest.mark.parametrize(
    ("change", "field", "expected"),
    [
        ({"receiver": 999999}, "receiver", 'no organisation with id "999999"'),
        ({"receiver": "beta"}, "receiver", "give an organisation id"),
        ({"receiver": "OWN"}, "receiver", "organisation that holds it"),
        ({"service": "interpretation"}, "service", "does not offer 'interpretation'"),
        ({"service": "spa"}, "service", f'"spa" is not allowed; allowed: {SERVICES}'),
        ({"service": ""}, "service", "choose the service"),
        ({"sections": ["support", "everything"]}, "sections", '"everything" is not allowed'),
        ({"sections": []}, "sections", "share at least one section; allowed: "),
        ({"sections": "support"}, "sections", "list"),
        ({"kind": "transfer_request"}, "kind", "not allowed; allowed: referral, transfer"),
        ({"kind": "gift"}, "kind", '"gift" is not allowed; allowed: referral, transfer'),
        ({"case": "abc"}, "case", "valid integer"),
        ({"receiver": None}, "receiver", "null"),
    ],
)
def test_bad_referrals_name_the_field_and_change_nothing(api, w, change, field, expected):
    if change.get("receiver") == "OWN":
        change["receiver"] = w["org_a"].pk
    as_(api, w, "a_caseworker")
    before = snapshot()
    status, body = post(api, reverse("api:referral-list"), referral_body(w, **change))
    assert status == 400, body
    assert expected in message(body, field), body
    assert snapshot() == before


def test_not_offered_lists_what_the_receiver_offers(api, w):
    as_(api, w, "a_caseworker")
    status, body = post(
        api,
        reverse("api:referral-list"),
        referral_body(w, receiver=w["org_c"].pk, service="legal_aid"),
    )
    assert status == 400
    assert "it offers: medical, psychosocial, shelter" in message(body, "service")


def test_unknown_sections_are_answered_with_the_allowed_ones(api, w):
    as_(api, w, "a_caseworker")
    status, body = post(
        api, reverse("api:referral-list"), referral_body(w, sections=["everything"])
    )
    assert status == 400
    assert f"allowed: {', '.join(ALL_SECTIONS)}" in message(body, "sections")


def test_referral_needs_a_case_and_a_receiver(api, w):
    as_(api, w, "a_caseworker")
    before = snapshot()
    status, body = post(api, reverse("api:referral-list"), {"service": "medical"})
    assert status == 400
    assert set(body) == {"case", "receiver"}
    assert snapshot() == before


def test_a_second_open_referral_to_the_same_receiver_is_refused(api, w):
    as_(api, w, "a_caseworker")
    before = snapshot()
    status, body = post(
        api,
        reverse("api:referral-list"),
        referral_body(w, receiver=w["org_c"].pk, service="shelter"),
    )
    assert status == 400
    assert "already exists" in message(body, "receiver")
    assert snapshot() == before


def test_a_closed_case_is_not_referred(api, w):
    as_(api, w, "a_caseworker")
    case = w["case_a_closed"]  # person_a, who consented to referral, is its victim too
    before = snapshot()
    status, body = post(api, reverse("api:referral-list"), referral_body(w, case=case.pk))
    assert status == 400
    assert "closed; reopen it first" in message(body, "case")
    assert snapshot() == before


@pytest.mark.parametrize("who", ["c_caseworker", "b_caseworker", "a_orgadmin"])
def test_only_the_cases_staff_refer_it(api, w, who):
    as_(api, w, who)
    before = snapshot()
    status, _ = post(api, reverse("api:referral-list"), referral_body(w, receiver=w["org_c"].pk))
    assert status == 404
    assert snapshot() == before


# --- GET /api/referrals/ and /api/referrals/{id}/ ------------------------------------------


def ids(body):
    return {row["id"] for row in body["results"]}


@pytest.mark.parametrize(
    ("who", "params", "expected"),
    [
        ("a_caseworker", {}, {"referral_a"}),
        ("a_caseworker", {"direction": "outgoing"}, {"referral_a"}),
        ("a_caseworker", {"direction": "incoming"}, set()),
        ("c_caseworker", {"direction": "incoming"}, {"referral_a", "referral_b"}),
        ("c_caseworker", {"direction": "outgoing"}, set()),
        ("c_caseworker", {"service": ""}, None),  # unknown filter: see below
        ("c_supervisor", {"state": "pending"}, {"referral_a", "referral_b"}),
        ("c_supervisor", {"state": "accepted"}, set()),
        ("c_dataofficer", {"kind": "referral"}, {"referral_a", "referral_b"}),
        ("b_caseworker", {}, {"referral_b"}),
        ("c_orgadmin", {}, set()),
        ("unit_caseworker", {}, set()),
        ("auditor", {}, set()),
    ],
)
def test_referral_list_and_filters(api, w, who, params, expected):
    as_(api, w, who)
    status, body = get(api, reverse("api:referral-list"), params)
    if expected is None:
        assert status == 400
        assert message(body, "service").startswith("unknown field; allowed: ")
        return
    assert status == 200, body
    assert ids(body) == {w[k].pk for k in expected}


def test_referral_list_by_case(api, w):
    as_(api, w, "c_caseworker")
    status, body = get(api, reverse("api:referral-list"), {"case": w["case_b"].pk})
    assert status == 200
    assert ids(body) == {w["referral_b"].pk}


@pytest.mark.parametrize(
    ("params", "field", "expected"),
    [
        ({"direction": "sideways"}, "direction", "allowed: incoming, outgoing"),
        ({"state": "lost"}, "state", "allowed: pending, accepted, declined, completed, revoked"),
        ({"kind": "gift"}, "kind", "allowed: referral, transfer, transfer_request"),
        ({"case": "abc"}, "case", "valid integer"),
        ({"overdue": "perhaps"}, "overdue", "valid boolean"),
    ],
)
def test_bad_referral_filters_are_named(api, w, params, field, expected):
    as_(api, w, "c_caseworker")
    status, body = get(api, reverse("api:referral-list"), params)
    assert status == 400
    assert expected in message(body, field)


def test_overdue_filter(api, w):
    from datetime import date, timedelta

    Referral.objects.filter(pk=w["referral_b"].pk).update(due_on=date.today() - timedelta(days=2))
    as_(api, w, "c_caseworker")
    status, body = get(api, reverse("api:referral-list"), {"overdue": "true"})
    assert status == 200
    assert ids(body) == {w["referral_b"].pk}
    assert body["results"][0]["is_overdue"] is True


def test_referral_detail_for_both_sides_only(api, w):
    for who in ("a_caseworker", "c_caseworker", "c_supervisor"):
        as_(api, w, who)
        status, body = get(api, referral_url(w))
        assert status == 200
        assert body["reason"] == "needs a safe place tonight"
        assert (body["sender"], body["receiver"]) == (w["org_a"].pk, w["org_c"].pk)
    for who in ("b_caseworker", "a_orgadmin", "c_orgadmin", "nobody"):
        as_(api, w, who)
        assert api.get(referral_url(w)).status_code == 404
    assert api.get(reverse("api:referral-detail", args=[999999])).status_code == 404


def test_referrals_are_read_only_apart_from_their_actions(api, w):
    as_(api, w, "a_caseworker")
    assert api.patch(referral_url(w), {"state": "accepted"}, "application/json").status_code == 405
    assert api.put(referral_url(w), {"state": "accepted"}, "application/json").status_code == 405
    assert api.delete(referral_url(w)).status_code == 405
    assert fresh(w, "referral_a").state == "pending"


# --- accept, decline, revoke, complete -----------------------------------------------------


def test_accept(api, w):
    as_(api, w, "c_caseworker")
    status, body = post(api, referral_url(w, "accept"), {"version": 1})
    assert status == 200, body
    assert (body["state"], body["version"]) == ("accepted", 2)
    assert (body["decided_by"], body["assigned_to"]) == ("gamma-caseworker", "gamma-caseworker")
    assert body["decided_at"] is not None
    assert Notification.objects.filter(
        kind="referral.accepted", recipient=w["a_caseworker"]
    ).exists()


def test_decline(api, w):
    as_(api, w, "c_supervisor")
    status, body = post(api, referral_url(w, "decline"), {"version": 1, "reason": "no bed free"})
    assert status == 200, body
    assert (body["state"], body["state_reason"], body["decided_by"]) == (
        "declined",
        "no bed free",
        "gamma-supervisor",
    )


def test_revoke(api, w):
    as_(api, w, "a_caseworker")
    status, body = post(api, referral_url(w, "revoke"), {"version": 1, "reason": "went home"})
    assert status == 200, body
    assert (body["state"], body["state_reason"]) == ("revoked", "went home")
    assert body["closed_at"] is not None
    told = Notification.objects.filter(kind="referral.revoked")
    assert {n.recipient for n in told} == {w["c_caseworker"], w["c_supervisor"]}


@pytest.mark.parametrize("who", ["c_caseworker", "a_caseworker"])
def test_complete_by_either_side(api, w, who):
    as_(api, w, "c_caseworker")
    post(api, referral_url(w, "accept"), {"version": 1})
    as_(api, w, who)
    status, body = post(api, referral_url(w, "complete"), {"version": 2, "outcome": "Placed"})
    assert status == 200, body
    assert (body["state"], body["outcome"], body["version"]) == ("completed", "Placed", 3)


@pytest.mark.parametrize("action", ["accept", "decline"])
def test_stale_answer_is_a_conflict_with_the_current_version(api, w, action):
    as_(api, w, "c_caseworker")
    assert post(api, referral_url(w, "accept"), {"version": 1})[0] == 200
    before = snapshot()
    as_(api, w, "c_supervisor")
    data = {"version": 1} | ({"reason": "no room"} if action == "decline" else {})
    status, body = post(api, referral_url(w, action), data)
    assert status == 409, body
    assert body["current_version"] == 2
    assert "version 1 → 2" in message(body, "version")
    assert "state" in body["changed_fields"]
    assert snapshot() == before


@pytest.mark.parametrize("action", ["accept", "decline", "revoke", "complete"])
def test_a_version_from_the_future_is_a_conflict_too(api, w, action):
    who = "a_caseworker" if action == "revoke" else "c_caseworker"
    if action == "complete":
        as_(api, w, who)
        post(api, referral_url(w, "accept"), {"version": 1})
    as_(api, w, who)
    before = snapshot()
    data = {"version": 7, "reason": "x", "outcome": "x"}
    data = {k: v for k, v in data.items() if k == "version" or _needs(action, k)}
    status, body = post(api, referral_url(w, action), data)
    assert status == 409
    assert body["current_version"] == fresh(w, "referral_a").version
    assert snapshot() == before


def _needs(action, field):
    return {"decline": "reason", "revoke": "reason", "complete": "outcome"}.get(action) == field


@pytest.mark.parametrize(
    ("setup", "who", "action", "data", "allowed"),
    [
        (None, "c_caseworker", "complete", {"version": 1, "outcome": "done"}, ["accepted"]),
        ("accept", "c_caseworker", "accept", {"version": 2}, ["pending"]),
        ("accept", "c_caseworker", "decline", {"version": 2, "reason": "full"}, ["pending"]),
        ("decline", "c_caseworker", "accept", {"version": 2}, ["pending"]),
        (
            "decline",
            "a_caseworker",
            "revoke",
            {"version": 2, "reason": "x"},
            ["pending", "accepted"],
        ),
        (
            "revoke",
            "a_caseworker",
            "revoke",
            {"version": 2, "reason": "x"},
            ["pending", "accepted"],
        ),
        ("revoke", "c_caseworker", "complete", {"version": 2, "outcome": "x"}, ["accepted"]),
    ],
)
def test_a_state_change_from_the_wrong_state_names_the_allowed_states(
    api, w, setup, who, action, data, allowed
):
    if setup == "accept":
        as_(api, w, "c_caseworker")
        post(api, referral_url(w, "accept"), {"version": 1})
    elif setup == "decline":
        as_(api, w, "c_caseworker")
        post(api, referral_url(w, "decline"), {"version": 1, "reason": "full"})
    elif setup == "revoke":
        as_(api, w, "a_caseworker")
        post(api, referral_url(w, "revoke"), {"version": 1, "reason": "went home"})
    state = fresh(w, "referral_a").state
    before = snapshot()
    as_(api, w, who)
    status, body = post(api, referral_url(w, action), data)
    assert status == 400, body
    text = message(body, "state")
    assert f"this referral is {state}" in text
    for name in allowed:
        assert name in text
    assert snapshot() == before


@pytest.mark.parametrize(
    ("action", "who", "data", "field", "expected"),
    [
        ("decline", "c_caseworker", {"version": 1}, "reason", "required"),
        ("decline", "c_caseworker", {"version": 1, "reason": "   "}, "reason", "say why"),
        ("revoke", "a_caseworker", {"version": 1, "reason": ""}, "reason", "say why"),
        ("accept", "c_caseworker", {}, "version", "required"),
        ("accept", "c_caseworker", {"version": "one"}, "version", "valid integer"),
        ("decline", "c_caseworker", {"reason": "full"}, "version", "required"),
        ("accept", "c_caseworker", {"version": 1, "force": True}, "force", "unknown field"),
        ("accept", "c_caseworker", {"version": 1, "state": "completed"}, "state", "unknown field"),
        ("revoke", "a_caseworker", {"version": 1, "reason": "x", "to": 3}, "to", "unknown field"),
        ("complete", "c_caseworker", {"version": 1}, "outcome", "required"),
    ],
)
def test_bad_answers_name_the_field_and_change_nothing(api, w, action, who, data, field, expected):
    as_(api, w, who)
    before = snapshot()
    status, body = post(api, referral_url(w, action), data)
    assert status == 400, body
    assert expected in message(body, field), body
    assert snapshot() == before


def test_complete_without_an_outcome(api, w):
    as_(api, w, "c_caseworker")
    post(api, referral_url(w, "accept"), {"version": 1})
    before = snapshot()
    status, body = post(api, referral_url(w, "complete"), {"version": 2, "outcome": " "})
    assert status == 400
    assert "say what came of the referral" in message(body, "outcome")
    assert snapshot() == before


@pytest.mark.parametrize(
    ("who", "action", "data"),
    [
        ("a_caseworker", "accept", {"version": 1}),  # the sender cannot answer its own referral
        ("a_caseworker", "decline", {"version": 1, "reason": "x"}),
        ("c_caseworker", "revoke", {"version": 1, "reason": "x"}),  # only the asker revokes
        ("c_dataofficer", "accept", {"version": 1}),  # sees referrals, does not work them
    ],
)
def test_the_wrong_side_is_refused(api, w, who, action, data):
    as_(api, w, who)
    before = snapshot()
    status, body = post(api, referral_url(w, action), data)
    assert status == 403, body
    assert snapshot() == before


@pytest.mark.parametrize("action", ["accept", "decline", "revoke", "complete"])
def test_outsiders_do_not_learn_the_referral_exists(api, w, action):
    before = snapshot()
    for who in ("b_caseworker", "a_orgadmin", "nobody"):
        as_(api, w, who)
        status, _ = post(api, referral_url(w, action), {"version": 1, "reason": "x"})
        assert status == 404
    assert snapshot() == before


# --- transfer requests ---------------------------------------------------------------------


def test_transfer_request(api, w):
    as_(api, w, "c_caseworker")
    status, body = post(
        api,
        reverse("api:referral-transfer-requests"),
        {
            "case_number": w["case_b"].case_number.lower(),
            "requester": w["org_c"].pk,
            "reason": "She lives near us now",
        },
    )
    assert status == 201, body
    assert (body["kind"], body["state"]) == ("transfer_request", "pending")
    assert (body["sender"], body["receiver"]) == (w["org_b"].pk, w["org_c"].pk)
    assert Notification.objects.filter(
        kind="referral.new", recipient=w["b_caseworker"], url__endswith=f"/{body['id']}/"
    ).exists()
    as_(api, w, "b_caseworker")
    status, body = post(api, reverse("api:referral-accept", args=[body["id"]]), {"version": 1})
    assert status == 200, body
    assert body["state"] == "completed"
    assert Case.objects.get(pk=w["case_b"].pk).organisation == w["org_c"]


def test_a_transfer_request_alone_shows_nothing_of_the_case(api, w):
    as_(api, w, "a_caseworker")
    post(api, referral_url(w, "revoke"), {"version": 1, "reason": "asking for the whole case"})
    as_(api, w, "c_caseworker")
    status, _ = post(
        api,
        reverse("api:referral-transfer-requests"),
        {"case_number": w["case_a"].case_number, "requester": w["org_c"].pk, "reason": "near us"},
    )
    assert status == 201
    assert api.get(reverse("api:case-detail", args=[w["case_a"].pk])).status_code == 404


@pytest.mark.parametrize(
    ("data", "field", "expected"),
    [
        ({"case_number": "NO-SUCH-1"}, "case_number", "no case numbered 'NO-SUCH-1'"),
        ({"reason": "  "}, "reason", "say why"),
        ({"requester": 999999}, "requester", 'no organisation with id "999999"'),
        ({"case_number": "CASE_C_OWN"}, "case_number", "already held by"),
        ({"urgent": True}, "urgent", "unknown field; allowed: case_number, reason, requester"),
    ],
)
def test_bad_transfer_requests_name_the_field(api, w, data, field, expected):
    as_(api, w, "c_caseworker")
    body = {
        "case_number": w["case_a"].case_number,
        "requester": w["org_c"].pk,
        "reason": "near us",
        **data,
    }
    if body["case_number"] == "CASE_C_OWN":
        own = case_services.register_case(
            w["c_caseworker"], w["org_c"], {"first_name": "Zara"}, "trafficking", "victim"
        )
        body["case_number"] = own.case_number
    before = snapshot()
    status, answer = post(api, reverse("api:referral-transfer-requests"), body)
    assert status == 400, answer
    assert expected in message(answer, field), answer
    assert snapshot() == before


def test_a_transfer_request_is_made_once(api, w):
    as_(api, w, "c_caseworker")
    url = reverse("api:referral-transfer-requests")
    body = {"case_number": w["case_b"].case_number, "requester": w["org_c"].pk, "reason": "x"}
    assert post(api, url, body)[0] == 201
    before = snapshot()
    status, answer = post(api, url, body)
    assert status == 400
    assert "already asked" in message(answer, "case_number")
    assert snapshot() == before


def test_a_transfer_request_needs_the_referral_grant_in_the_requester(api, w):
    for who, requester in (("c_orgadmin", "org_c"), ("c_caseworker", "org_b")):
        as_(api, w, who)
        before = snapshot()
        status, _ = post(
            api,
            reverse("api:referral-transfer-requests"),
            {"case_number": w["case_a"].case_number, "requester": w[requester].pk, "reason": "x"},
        )
        assert status == 403
        assert snapshot() == before


# --- what the receiver sees of the case ----------------------------------------------------


def case_url(w, action="detail", case="case_a"):
    return reverse(f"api:case-{action}", args=[w[case].pk])


def test_the_receiver_sees_only_the_shared_sections(api, w):
    as_(api, w, "c_caseworker")
    status, body = get(api, case_url(w))
    assert status == 200, body
    assert body["shared_sections"] == ["support"]
    for hidden in ("persons", "screenings", "events", "comments"):
        assert hidden not in body
    for shown in ("support_plans", "services", "follow_ups"):
        assert body[shown] == []
    assert "Ayesha" not in api.get(case_url(w)).content.decode()
    # The sender's staff see the whole case.
    as_(api, w, "a_caseworker")
    status, body = get(api, case_url(w))
    assert body["shared_sections"] == ALL_SECTIONS
    assert body["persons"] == [{"person": w["person_a"].pk, "role": "victim"}]


def test_identity_shared_shows_the_persons(api, w):
    as_(api, w, "c_caseworker")
    status, body = get(api, case_url(w, case="case_b"))
    assert status == 200
    assert body["shared_sections"] == ["identity", "support"]
    assert body["persons"] == [{"person": w["person_b"].pk, "role": "victim"}]
    for hidden in ("screenings", "events", "comments"):
        assert hidden not in body


@pytest.mark.parametrize("who", ["c_orgadmin", "c_dataofficer", "unit_caseworker", "b_caseworker"])
def test_nobody_else_sees_the_referred_case(api, w, who):
    as_(api, w, who)
    assert api.get(case_url(w)).status_code == 404


@pytest.mark.parametrize("end", ["complete", "revoke", "decline"])
def test_the_receivers_view_ends_with_the_referral(api, w, end):
    as_(api, w, "c_caseworker")
    assert api.get(case_url(w)).status_code == 200
    if end == "complete":
        post(api, referral_url(w, "accept"), {"version": 1})
        status, _ = post(api, referral_url(w, "complete"), {"version": 2, "outcome": "Placed"})
    elif end == "decline":
        status, _ = post(api, referral_url(w, "decline"), {"version": 1, "reason": "full"})
    else:
        as_(api, w, "a_caseworker")
        status, _ = post(api, referral_url(w, "revoke"), {"version": 1, "reason": "home"})
        as_(api, w, "c_caseworker")
    assert status == 200
    assert api.get(case_url(w)).status_code == 404
    assert (
        api.post(
            case_url(w, "services"),
            {"type": "shelter", "provider": w["org_c"].pk},
            content_type="application/json",
        ).status_code
        == 404
    )
    # The referral itself stays readable to both sides, with its outcome.
    assert api.get(referral_url(w)).status_code == 200


def test_the_receiver_records_a_service_only_once_accepted(api, w):
    as_(api, w, "c_caseworker")
    service = {"type": "shelter", "provider": w["org_c"].pk, "outcome": "placed"}
    response = api.post(case_url(w, "services"), service, content_type="application/json")
    assert response.status_code == 404
    assert not w["case_a"].services.exists()
    post(api, referral_url(w, "accept"), {"version": 1})
    status, body = post(api, case_url(w, "services"), service)
    assert status == 201, body
    assert body["shared_sections"] == ["support"]
    assert "persons" not in body
    [row] = body["services"]
    assert (row["type"], row["provider_id"], row["outcome"]) == ("shelter", w["org_c"].pk, "placed")
    assert list(w["case_a"].services.values_list("provider", flat=True)) == [w["org_c"].pk]
    # Follow-ups are in the shared support section too; comments and the case itself are not.
    assert post(api, case_url(w, "follow-ups"), {"method": "phone"})[0] == 201
    for action, data in (("comments", {"text": "x"}), ("events", {"type": "Recruitment"})):
        response = api.post(case_url(w, action), data, content_type="application/json")
        assert response.status_code == 404
    response = api.patch(case_url(w), {"version": 1, "stage": "closure"}, "application/json")
    assert response.status_code == 404


def test_a_pending_referrals_receiver_cannot_record(api, w):
    as_(api, w, "c_caseworker")
    for action, data in (
        ("services", {"type": "shelter", "provider": w["org_c"].pk}),
        ("follow-ups", {"method": "phone"}),
        ("support-plans", {"type": "shelter"}),
    ):
        response = api.post(case_url(w, action), data, content_type="application/json")
        assert response.status_code == 404
    assert not w["case_a"].followups.exists() and not w["case_a"].supportplans.exists()


# --- the service directory -----------------------------------------------------------------


def offer_ids(body):
    return {row["id"] for row in body["results"]}


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"service": "shelter"}, {("org_b", "shelter"), ("org_c", "shelter")}),
        ({"service": "shelter", "province": "PK-PB"}, {("org_b", "shelter"), ("org_c", "shelter")}),
        ({"province": "PK-SD"}, set()),
        ({"service": "legal_aid"}, set()),
        ({"service": "medical", "organisation": "ORG_C"}, {("org_c", "medical")}),
        (
            {"target_group": "women", "service": "medical"},
            {("org_b", "medical"), ("org_c", "medical")},
        ),
    ],
)
def test_directory_list_and_filters(api, w, params, expected):
    params = {k: (w["org_c"].pk if v == "ORG_C" else v) for k, v in params.items()}
    as_(api, w, "a_caseworker")
    status, body = get(api, reverse("api:serviceoffer-list"), params)
    assert status == 200, body
    found = {(r["organisation_name"], r["service"]) for r in body["results"]}
    names = {"org_b": w["org_b"].name, "org_c": w["org_c"].name}
    assert found == {(names[o], s) for o, s in expected}


def test_directory_hides_inactive_offers_unless_asked(api, w):
    ServiceOffer.objects.filter(pk=w["offer_c"].pk).update(is_active=False)
    as_(api, w, "a_caseworker")
    _, body = get(api, reverse("api:serviceoffer-list"), {"service": "shelter"})
    assert offer_ids(body) == {w["offer_b"].pk}
    _, body = get(
        api, reverse("api:serviceoffer-list"), {"service": "shelter", "include_inactive": "true"}
    )
    assert offer_ids(body) == {w["offer_b"].pk, w["offer_c"].pk}


@pytest.mark.parametrize(
    ("params", "field", "expected"),
    [
        ({"service": "spa"}, "service", f"allowed: {SERVICES}"),
        ({"target_group": "aliens"}, "target_group", "allowed: women, men, girls, boys"),
        ({"organisation": "gamma"}, "organisation", "valid integer"),
        ({"colour": "blue"}, "colour", "unknown field; allowed: "),
    ],
)
def test_bad_directory_filters_are_named(api, w, params, field, expected):
    as_(api, w, "a_caseworker")
    status, body = get(api, reverse("api:serviceoffer-list"), params)
    assert status == 400
    assert expected in message(body, field)


def test_directory_entry(api, w):
    as_(api, w, "b_caseworker")
    status, body = get(api, reverse("api:serviceoffer-detail", args=[w["offer_c"].pk]))
    assert status == 200
    assert body == {
        "id": w["offer_c"].pk,
        "organisation": w["org_c"].pk,
        "organisation_name": "Gamma Shelter",
        "service": "shelter",
        "provinces": ["PK-PB"],
        "districts": [],
        "target_groups": [],
        "capacity": None,
        "contact_point": None,
        "notes": "",
        "is_active": True,
    }
    assert api.get(reverse("api:serviceoffer-detail", args=[999999])).status_code == 404


def test_list_a_service(api, w):
    contact = factories.contact_point(w["org_c"])
    as_(api, w, "c_orgadmin")
    status, body = post(
        api,
        reverse("api:serviceoffer-list"),
        {
            "organisation": w["org_c"].pk,
            "service": "legal_aid",
            "provinces": ["PK-PB", "PK-SD"],
            "districts": ["Lahore"],
            "target_groups": ["women", "girls"],
            "capacity": 4,
            "contact_point": contact.pk,
            "notes": "Tuesdays",
        },
    )
    assert status == 201, body
    offer = ServiceOffer.objects.get(pk=body["id"])
    assert (offer.organisation, offer.service, offer.capacity) == (w["org_c"], "legal_aid", 4)
    assert (offer.provinces, offer.target_groups, offer.contact_point) == (
        ["PK-PB", "PK-SD"],
        ["women", "girls"],
        contact,
    )
    assert AuditEntry.objects.filter(
        object_type="referrals.serviceoffer", object_id=str(offer.pk), action="create"
    ).exists()


@pytest.mark.parametrize(
    ("data", "field", "expected"),
    [
        ({"service": "shelter"}, "service", "already lists this service"),
        ({"service": "spa"}, "service", f"allowed: {SERVICES}"),
        ({"provinces": ["PK-XX"]}, "provinces", "PK-XX"),
        ({"target_groups": ["aliens"]}, "target_groups", '"aliens" is not allowed; allowed: '),
        ({"capacity": -1}, "capacity", "greater than or equal to 0"),
        ({"organisation": None}, "organisation", "null"),
        ({"organisation": 999999}, "organisation", 'no organisation with id "999999"'),
        ({"contact_point": "OTHER"}, "contact_point", "choose a contact point of Gamma Shelter"),
        ({"featured": True}, "featured", "unknown field; allowed: "),
    ],
)
def test_bad_offers_name_the_field_and_change_nothing(api, w, data, field, expected):
    body = {"organisation": w["org_c"].pk, "service": "legal_aid", **data}
    if body.get("contact_point") == "OTHER":
        body["contact_point"] = factories.contact_point(w["org_a"]).pk
    as_(api, w, "c_orgadmin")
    before = sorted(ServiceOffer.objects.values_list("pk", "service", "organisation"))
    status, answer = post(api, reverse("api:serviceoffer-list"), body)
    assert status == 400, answer
    assert expected in message(answer, field), answer
    assert sorted(ServiceOffer.objects.values_list("pk", "service", "organisation")) == before


def test_an_offer_needs_its_organisation(api, w):
    as_(api, w, "c_orgadmin")
    status, body = post(api, reverse("api:serviceoffer-list"), {"service": "legal_aid"})
    assert status == 400
    assert "choose the organisation" in message(body, "organisation")


@pytest.mark.parametrize(("who", "org"), [("c_caseworker", "org_c"), ("c_orgadmin", "org_a")])
def test_only_an_organisations_admin_lists_its_services(api, w, who, org):
    as_(api, w, who)
    before = ServiceOffer.objects.count()
    status, _ = post(
        api, reverse("api:serviceoffer-list"), {"organisation": w[org].pk, "service": "legal_aid"}
    )
    assert status == 403
    assert ServiceOffer.objects.count() == before


def test_secretariat_lists_services_for_any_organisation(api, w):
    as_(api, w, "secretariat")
    status, body = post(
        api,
        reverse("api:serviceoffer-list"),
        {"organisation": w["org_a"].pk, "service": "legal_aid"},
    )
    assert status == 201, body
    assert body["organisation"] == w["org_a"].pk


def test_change_an_offer(api, w):
    as_(api, w, "c_orgadmin")
    url = reverse("api:serviceoffer-detail", args=[w["offer_c"].pk])
    status, body = patch(api, url, {"capacity": 12, "is_active": False, "districts": ["Lahore"]})
    assert status == 200, body
    assert (body["capacity"], body["is_active"], body["districts"]) == (12, False, ["Lahore"])
    offer = ServiceOffer.objects.get(pk=w["offer_c"].pk)
    assert (offer.capacity, offer.is_active) == (12, False)


@pytest.mark.parametrize(
    ("data", "field", "expected"),
    [
        ({"service": "medical"}, "service", "cannot change"),
        ({"organisation": "ORG_A"}, "organisation", "cannot change"),
        ({"target_groups": ["aliens"]}, "target_groups", "allowed: "),
        ({"provinces": ["PK-XX"]}, "provinces", "PK-XX"),
        ({"capacity": "many"}, "capacity", "valid integer"),
        ({"version": 1}, "version", "unknown field"),
    ],
)
def test_bad_offer_changes_name_the_field_and_change_nothing(api, w, data, field, expected):
    data = {k: (w["org_a"].pk if v == "ORG_A" else v) for k, v in data.items()}
    as_(api, w, "c_orgadmin")
    url = reverse("api:serviceoffer-detail", args=[w["offer_c"].pk])
    status, body = patch(api, url, data)
    assert status == 400, body
    assert expected in message(body, field), body
    offer = ServiceOffer.objects.get(pk=w["offer_c"].pk)
    assert (offer.organisation, offer.service, offer.provinces, offer.target_groups) == (
        w["org_c"],
        "shelter",
        ["PK-PB"],
        [],
    )


@pytest.mark.parametrize(("who", "offer"), [("c_caseworker", "offer_c"), ("c_orgadmin", "offer_b")])
def test_only_an_organisations_admin_changes_its_offers(api, w, who, offer):
    as_(api, w, who)
    status, _ = patch(api, reverse("api:serviceoffer-detail", args=[w[offer].pk]), {"capacity": 1})
    assert status == 403
    assert ServiceOffer.objects.get(pk=w[offer].pk).capacity is None


def test_offers_are_not_deleted_or_replaced(api, w):
    as_(api, w, "c_orgadmin")
    url = reverse("api:serviceoffer-detail", args=[w["offer_c"].pk])
    assert api.delete(url).status_code == 405
    assert api.put(url, {"capacity": 1}, "application/json").status_code == 405
    assert ServiceOffer.objects.filter(pk=w["offer_c"].pk).exists()


# --- notifications -------------------------------------------------------------------------


def test_notifications_list_only_the_users_own(api, w):
    mine = set(
        Notification.objects.filter(recipient=w["c_caseworker"]).values_list("pk", flat=True)
    )
    assert len(mine) == 2  # the two new referrals
    assert Notification.objects.exclude(recipient=w["c_caseworker"]).exists()
    as_(api, w, "c_caseworker")
    status, body = get(api, reverse("api:notification-list"))
    assert status == 200
    assert ids(body) == mine
    row = body["results"][0]
    assert set(row) == {"id", "kind", "subject", "body", "url", "created_at", "read_at"}
    assert row["kind"] == "referral.new" and row["read_at"] is None
    # No names in the messages: the case number and organisations only.
    for r in body["results"]:
        assert "Ayesha" not in r["body"] and "Bashir" not in r["body"]


def test_a_colleagues_notification_is_not_found(api, w):
    theirs = Notification.objects.filter(recipient=w["c_supervisor"]).first()
    as_(api, w, "c_caseworker")
    assert api.get(reverse("api:notification-detail", args=[theirs.pk])).status_code == 404
    mine = Notification.objects.filter(recipient=w["c_caseworker"]).first()
    status, body = get(api, reverse("api:notification-detail", args=[mine.pk]))
    assert (status, body["id"]) == (200, mine.pk)


def test_mark_read_marks_only_the_users_own(api, w):
    everyone = list(Notification.objects.values_list("pk", flat=True))
    mine = set(
        Notification.objects.filter(recipient=w["c_caseworker"]).values_list("pk", flat=True)
    )
    as_(api, w, "c_caseworker")
    status, body = post(api, reverse("api:notification-mark-read"), {"ids": everyone})
    assert (status, body) == (200, {"marked": len(mine)})
    read = set(Notification.objects.filter(read_at__isnull=False).values_list("pk", flat=True))
    assert read == mine
    # Marking again marks nothing; the unread filter now shows nothing.
    assert post(api, reverse("api:notification-mark-read"), {"ids": everyone})[1] == {"marked": 0}
    status, body = get(api, reverse("api:notification-list"), {"unread": "1"})
    assert (status, body["results"]) == (200, [])
    status, body = get(api, reverse("api:notification-list"))
    assert all(r["read_at"] for r in body["results"]) and ids(body) == mine


@pytest.mark.parametrize(
    ("data", "expected"),
    [({}, "required"), ({"ids": []}, "empty"), ({"ids": ["x"]}, "valid integer")],
)
def test_mark_read_names_bad_input(api, w, data, expected):
    as_(api, w, "c_caseworker")
    status, body = post(api, reverse("api:notification-mark-read"), data)
    assert status == 400
    assert expected in message(body, "ids")
    assert not Notification.objects.filter(read_at__isnull=False).exists()


def test_notifications_are_read_only(api, w):
    mine = Notification.objects.filter(recipient=w["c_caseworker"]).first()
    as_(api, w, "c_caseworker")
    url = reverse("api:notification-detail", args=[mine.pk])
    assert api.patch(url, {"read_at": None}, "application/json").status_code == 405
    assert api.delete(url).status_code == 405
    assert Notification.objects.filter(pk=mine.pk).exists()
