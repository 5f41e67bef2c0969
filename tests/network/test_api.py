"""The network's REST API: bad input answered with 400 (409 for a stale version) naming the
field and what is allowed, and the path a meeting takes: scheduled, its agenda, attendance,
minutes and decisions, an action point set, moved along by its owner and closed, the minutes
approved."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from tests import factories
from tests.network.conftest import days, moment
from tipsom.network.models import ActionPoint, Meeting


def post(client: Any, url: str, data: dict) -> tuple[int, Any]:
    response = client.post(url, data, content_type="application/json")
    return response.status_code, response.json()


def patch(client: Any, url: str, data: dict) -> tuple[int, Any]:
    response = client.patch(url, data, content_type="application/json")
    return response.status_code, response.json()


def get(client: Any, url: str, params: dict | None = None) -> Any:
    response = client.get(url, params or {})
    assert response.status_code == 200, response.content
    return response.json()


@pytest.fixture
def sec(client, world):
    return factories.sign_in(client, world["secretariat"])


ACTIONS = reverse("api:actionpoint-list")


def _action(w: dict, **fields: Any) -> dict:
    return {
        "meeting": w["meeting"].pk,
        "title": "Plan the training",
        "owner": w["org_b"].pk,
        "due_on": days(30).isoformat(),
        **fields,
    }


def test_a_due_date_before_the_meeting_is_refused_naming_both_dates(sec, world):
    code, body = post(sec, ACTIONS, _action(world, due_on=days(-20).isoformat()))
    assert code == 400
    assert body["due_on"] == [
        f"{days(-20).isoformat()} is before the meeting ({world['meeting'].day.isoformat()}); "
        "an action point falls due on or after the meeting that set it"
    ]


def test_an_action_point_without_an_owner_is_refused(sec, world):
    code, body = post(sec, ACTIONS, _action(world, owner=None))
    assert code == 400
    assert body["owner"] == [
        "give the owner organisation: a member or observer organisation of the network"
    ]
    code, body = post(sec, ACTIONS, {"title": "x", "due_on": "soon"})
    assert code == 400
    assert set(body) == {"meeting", "owner", "due_on"}
    assert "'soon' is not a date" in body["due_on"][0]
    code, body = post(sec, ACTIONS, _action(world, owner=99999))
    assert (code, body) == (400, {"owner": ["no organisation #99999"]})


def test_unknown_gcm_objectives_and_malformed_sdg_targets_are_named(sec, world):
    code, body = post(sec, ACTIONS, _action(world, gcm_objectives=[0, 24], sdg_targets=["16-2"]))
    assert code == 400
    assert body["gcm_objectives"][0].startswith("'0', '24' are not GCM objectives; valid: 1–23")
    assert "9 Counter the smuggling of migrants" in body["gcm_objectives"][0]
    assert body["sdg_targets"][0].startswith("'16-2' is not an SDG target; write goal.target")
    code, body = post(sec, ACTIONS, _action(world, gcm_objectives=[9, 10], sdg_targets=["8.7"]))
    assert code == 201
    assert (body["gcm_objectives"], body["sdg_targets"]) == ([9, 10], ["8.7"])


def test_unknown_fields_and_statuses_are_refused_with_what_is_allowed(sec, world):
    code, body = post(sec, ACTIONS, _action(world, priority="high"))
    assert code == 400 and body["priority"][0].startswith("unknown field; allowed: decision,")
    point = world["ap_a"]
    code, body = post(sec, reverse("api:actionpoint-status", args=[point.pk]), {"status": "closed"})
    assert code == 400
    assert body["status"] == [
        '"closed" is not allowed; allowed: open, in_progress, done, cancelled'
    ]


def test_a_meeting_from_scheduling_to_approved_minutes(sec, world):
    code, meeting = post(
        sec,
        reverse("api:networkmeeting-list"),
        {
            "title": "Working group on data",
            "group": world["group"].pk,
            "starts_at": moment(-1, 15).isoformat(),
            "location": "online",
            "gcm_objectives": [1],
        },
    )
    assert code == 201, meeting
    assert (meeting["status"], meeting["group"], meeting["version"]) == (
        "scheduled",
        world["group"].pk,
        1,
    )
    pk = meeting["id"]

    def on(name: str) -> str:
        return reverse(f"api:networkmeeting-{name}", args=[pk])

    code, item = post(sec, on("agenda"), {"title": "HTCDS fields", "presenter": world["org_a"].pk})
    assert (code, item["position"], item["presenter"]) == (201, 1, world["org_a"].pk)
    code, present = post(
        sec,
        on("attendance"),
        {"organisation": world["org_b"].pk, "person": world["b_caseworker"].pk},
    )
    assert (code, present["status"]) == (201, "present")
    code, body = post(sec, on("minutes"), {"minutes": "Fields agreed.", "version": 1})
    assert (code, body["status"], body["version"]) == (200, "held", 3)
    code, decision = post(
        sec,
        reverse("api:networkdecision-list"),
        {"meeting": pk, "text": "Adopt HTCDS 2.0", "agenda_item": item["id"]},
    )
    assert (code, decision["number"]) == (201, 1)
    code, point = post(
        sec,
        ACTIONS,
        {**_action(world, meeting=None), "decision": decision["id"], "owner": world["org_a"].pk},
    )
    assert code == 201 and point["meeting"] == pk and point["status"] == "open"
    # the owner's focal point moves it along and closes it
    factories.sign_in(sec, world["a_caseworker"])
    status_url = reverse("api:actionpoint-status", args=[point["id"]])
    code, body = post(sec, status_url, {"status": "in_progress", "version": point["version"]})
    assert (code, body["status"]) == (200, "in_progress")
    code, body = post(sec, status_url, {"status": "done", "note": "fields mapped"})
    assert (code, body["status"], body["closed_by"]) == (200, "done", world["a_caseworker"].pk)
    assert body["closed_at"] is not None
    # the secretariat approves the minutes; the record closes
    factories.sign_in(sec, world["secretariat"])
    version = Meeting.objects.get(pk=pk).version
    code, body = post(sec, on("approve-minutes"), {"version": version})
    assert code == 200 and body["minutes_approved_by"] == world["secretariat"].pk
    code, body = post(sec, reverse("api:networkdecision-list"), {"meeting": pk, "text": "late"})
    assert code == 400 and "approved" in body["meeting"][0]
    shown = get(sec, reverse("api:networkmeeting-detail", args=[pk]))
    assert [d["text"] for d in shown["decisions"]] == ["Adopt HTCDS 2.0"]
    assert [a["status"] for a in shown["action_points"]] == ["done"]
    assert shown["attendance"][0]["person"] == world["b_caseworker"].pk


def test_a_stale_version_is_a_409_naming_what_changed(sec, world):
    url = reverse("api:networkmeeting-minutes", args=[world["meeting"].pk])
    version = world["meeting"].version
    assert post(sec, url, {"minutes": "v2", "version": version})[0] == 200
    code, body = post(sec, url, {"minutes": "v3", "version": version})
    assert code == 409 and body["changed_fields"]["minutes"][0] == "the-secretariat"
    code, body = patch(
        sec, reverse("api:networkmeeting-detail", args=[world["upcoming"].pk]), {"title": "x"}
    )
    assert code == 400 and "send the version you read" in body["version"][0]


def test_rescheduling_and_cancelling(sec, world):
    upcoming = world["upcoming"]
    url = reverse("api:networkmeeting-detail", args=[upcoming.pk])
    code, body = patch(sec, url, {"starts_at": "2027-02-30T10:00", "version": upcoming.version})
    assert code == 400 and "is not a date and time" in body["starts_at"][0]
    code, body = patch(sec, url, {"starts_at": moment(21).isoformat(), "version": upcoming.version})
    assert code == 200 and body["version"] == upcoming.version + 1
    cancel = reverse("api:networkmeeting-cancel", args=[upcoming.pk])
    code, body = post(sec, cancel, {"reason": "", "version": body["version"]})
    assert code == 400 and "say why" in body["cancel_reason"][0]
    code, body = post(sec, cancel, {"reason": "no quorum", "version": upcoming.version + 1})
    assert (code, body["status"]) == (200, "cancelled")


def test_action_point_filters(client, world):
    factories.sign_in(client, world["b_caseworker"])

    def refs(params: dict) -> set[str]:
        return {p["reference"] for p in get(client, ACTIONS, params)["results"]}

    ap = {k: f"AP-{world[k].pk}" for k in ("ap_a", "ap_b", "ap_late")}
    assert refs({}) == set(ap.values())  # the network's
    assert refs({"mine": "1"}) == {ap["ap_b"]}
    assert refs({"overdue": "1"}) == {ap["ap_late"]}
    assert refs({"owner": world["org_a"].pk}) == {ap["ap_a"], ap["ap_late"]}
    assert refs({"status": "done"}) == set()
    assert refs({"status": "nonsense"}) == set()
    late = get(client, reverse("api:actionpoint-detail", args=[world["ap_late"].pk]))
    assert late["is_overdue"] is True


def test_the_secretariat_rewrites_an_action_point_its_owner_only_moves_it(client, world):
    url = reverse("api:actionpoint-detail", args=[world["ap_a"].pk])
    factories.sign_in(client, world["a_caseworker"])
    code, body = patch(client, url, {"due_on": days(40).isoformat(), "version": 1})
    assert code == 403 and "only the network secretariat" in body["detail"]
    factories.sign_in(client, world["secretariat"])
    code, body = patch(client, url, {"due_on": days(40).isoformat(), "version": 1})
    assert (code, body["due_on"]) == (200, days(40).isoformat())
    assert ActionPoint.objects.get(pk=world["ap_a"].pk).version == 2


def test_members_with_their_focal_points_and_governance(client, world):
    factories.sign_in(client, world["b_caseworker"])
    members = {m["name"]: m for m in get(client, reverse("api:networkmember-list"))["results"]}
    assert set(members) == {"Alpha Shelter", "Beta Legal Aid", "Delta Foundation"}
    alpha = members["Alpha Shelter"]
    assert alpha["network_status"] == "member" and alpha["joined_network_on"] == "2024-05-15"
    assert [f["username"] for f in alpha["focal_points"]] == ["alpha-caseworker"]
    assert [g["role"] for g in alpha["governance"]] == ["chair"]


def test_the_secretariat_admits_an_organisation_and_names_its_focal_point(sec, world):
    org = world["org_out"]
    code, body = post(
        sec, reverse("api:networkmember-status", args=[org.pk]), {"network_status": "guest"}
    )
    assert code == 400 and body["network_status"][0].startswith('"guest" is not allowed')
    code, body = post(
        sec, reverse("api:networkmember-status", args=[org.pk]), {"network_status": "observer"}
    )
    assert code == 200 and body["network_status"] == "observer" and body["focal_points"] == []
    focal = reverse("api:networkmember-focal-points", args=[org.pk])
    code, body = post(sec, focal, {"user": world["a_caseworker"].pk})
    assert (code, body) == (
        400,
        {"user": [f"no user of this organisation #{world['a_caseworker'].pk}"]},
    )
    code, body = post(sec, focal, {"user": world["outsider"].pk})
    assert (code, body["username"], body["kind"]) == (201, "gamma-caseworker", "primary")


def test_a_non_participant_sees_nothing_of_the_network(client, world):
    factories.sign_in(client, world["outsider"])
    for name in ("networkmember", "networkmeeting", "networkdecision", "actionpoint"):
        assert get(client, reverse(f"api:{name}-list"))["results"] == [], name
    assert (
        client.get(reverse("api:networkmeeting-detail", args=[world["meeting"].pk])).status_code
        == 404
    )
