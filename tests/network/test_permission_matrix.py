"""Every page and API endpoint of the network under the four permission conditions.

The world is `conftest.network_world()`. Reading is for the network's participants: the
permitted reader is Alpha's caseworker (Alpha's focal point), the user without permission
Gamma's caseworker (``outsider``, of an organisation outside the network), who is refused
the pages (403), shown empty lists and no rows (404), like the user without roles. Writing is
the secretariat's: refused (403) to Alpha's caseworker, who reads the same meeting. An action
point's status is its owner's: Alpha's focal point (or supervisor, or admin) moves ``ap_a``
and is refused Beta's ``ap_b`` (403: he reads it, he may not change it); Beta's focal point
is refused ``ap_a``, so is a caseworker of Alpha's unit who is not a focal point. Documents
are read up to one's access level: the secretariat's document is 404 to Alpha's caseworker.
The public documents page needs no sign-in (``public`` below): anonymous visitors see the
public document and no other.

A page's POST redirects (302) whether the service took the write or told the user why not,
so tests below also check that each permitted write took effect and each refused one wrote
nothing.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tests import factories
from tests.network.conftest import days, moment, pdf
from tests.permission_matrix import CONDITIONS, Endpoint, World, static, url
from tipsom.core.choices import Role
from tipsom.core.models import Organisation
from tipsom.network.models import (
    ActionPoint,
    AgendaItem,
    Attendance,
    Decision,
    Document,
    FocalPoint,
    GovernanceTerm,
    GroupMember,
    Meeting,
    WorkingGroup,
)


def version(key: str) -> Any:
    """The row's version now (the world's writes moved it on)."""
    return lambda w: type(w[key]).objects.get(pk=w[key].pk).version


def marker(text: str) -> Any:
    return lambda w: text


def ref(key: str) -> Any:
    return lambda w: f'"reference":"AP-{w[key].pk}"'


def row_of(key: str) -> Any:
    return lambda w: f'data-reference="AP-{w[key].pk}"'


def kw(name: str, **keys: str) -> Any:
    return lambda w: reverse(name, kwargs={k: w[v].pk for k, v in keys.items()})


# --- what the writes send ---------------------------------------------------------------------


def _membership(w: World) -> dict:
    return {"organisation": w["org_out"].pk, "network_status": "observer"}


def _focal(w: World) -> dict:
    return {"user": w["a_supervisor"].pk, "kind": "alternate"}


def _term(w: World) -> dict:
    return {"role": "executive", "starts_on": days(0).isoformat()}


def _group(w: World) -> dict:
    return {"name": "Protection", "kind": "workstream", "terms_of_reference": "Shelters"}


def _group_member(w: World) -> dict:
    return {"organisation": w["org_b"].pk, "role": "co_lead"}


def _meeting_form(w: World) -> dict:
    return {"title": "Extraordinary meeting", "starts_at": moment(5).strftime("%Y-%m-%dT%H:%M")}


def _meeting_edit(w: World) -> dict:
    return {
        "title": "Annual meeting",
        "starts_at": moment(15).strftime("%Y-%m-%dT%H:%M"),
        "location": "Serena, Islamabad",
        "version": Meeting.objects.get(pk=w["upcoming"].pk).version,
    }


def _cancel(w: World) -> dict:
    return {"reason": "no quorum", "version": version("upcoming")(w)}


def _agenda(w: World) -> dict:
    return {"title": "Any other business"}


def _attendance(w: World) -> dict:
    return {"organisation": w["org_b"].pk, "status": "present"}


def _minutes(w: World) -> dict:
    return {"minutes": "Revised: the members adopted the SOP.", "version": version("meeting")(w)}


def _approve(w: World) -> dict:
    return {"version": version("meeting")(w)}


def _decision(w: World) -> dict:
    return {"text": "Hold a training on the SOP"}


def _action(w: World) -> dict:
    return {"title": "Plan the training", "owner": w["org_b"].pk, "due_on": days(30).isoformat()}


def _done(w: World) -> dict:
    return {"status": "done", "version": version("ap_a")(w)}


def _upload(w: World) -> dict:
    return {"title": "Annual report", "access_level": "members", "file": pdf("annual.pdf")}


def prefixed(prefix: str, data: Any) -> Any:
    """A form of the meeting's page: its fields carry the form's prefix."""
    return lambda w: {f"{prefix}-{k}": v for k, v in data(w).items()}


# --- the API's bodies ---------------------------------------------------------------------------


def _api_meeting(w: World) -> dict:
    return {"title": "Extraordinary meeting", "starts_at": moment(5).isoformat()}


def _api_patch(w: World) -> dict:
    return {"location": "online", "version": version("upcoming")(w)}


def _api_attendance(w: World) -> dict:
    return {"organisation": w["org_b"].pk, "person": w["b_caseworker"].pk}


def _api_decision(w: World) -> dict:
    return {
        "meeting": w["meeting"].pk,
        "text": "Hold a training on the SOP",
        "gcm_objectives": [10],
    }


def _api_action(w: World) -> dict:
    return {
        "meeting": w["meeting"].pk,
        "title": "Plan the training",
        "owner": w["org_b"].pk,
        "due_on": days(30).isoformat(),
        "sdg_targets": ["8.7"],
    }


def _api_action_patch(w: World) -> dict:
    return {"due_on": days(40).isoformat(), "version": version("ap_a")(w)}


E = Endpoint
PAGES = [
    E(
        "network:home",
        static("network:home"),
        "a_caseworker",
        "outsider",
        own_marker=row_of("ap_a"),
    ),
    E("network:home unit", static("network:home"), "unit_caseworker", "nobody"),
    E(
        "network:members",
        static("network:members"),
        "a_caseworker",
        "outsider",
        own_marker=marker("Alpha Shelter"),
        other_marker=marker("Gamma Traders"),  # not in the network
    ),
    E(
        "network:member_status",
        static("network:member_status"),
        "secretariat",
        "a_caseworker",
        method="post",
        data=_membership,
        ok=(302,),
    ),
    E(
        "network:focal_point_add",
        url("network:focal_point_add", "org_a"),
        "secretariat",
        "a_caseworker",
        method="post",
        data=_focal,
        ok=(302,),
    ),
    E(
        "network:focal_point_remove",
        kw("network:focal_point_remove", pk="org_b", focal_point="focal_b"),
        "secretariat",
        "b_caseworker",  # the focal point himself
        method="post",
        ok=(302,),
    ),
    E(
        "network:governance_add",
        url("network:governance_add", "org_b"),
        "secretariat",
        "a_orgadmin",
        method="post",
        data=_term,
        ok=(302,),
    ),
    E(
        "network:governance_end",
        url("network:governance_end", "chair"),
        "secretariat",
        "a_caseworker",
        method="post",
        ok=(302,),
    ),
    E(
        "network:group_list",
        static("network:group_list"),
        "a_caseworker",
        "outsider",
        own_marker=marker("Data and research"),
    ),
    E(
        "network:group_list POST",
        static("network:group_list"),
        "secretariat",
        "a_caseworker",
        method="post",
        data=_group,
        ok=(302,),
    ),
    E(
        "network:group_detail",
        url("network:group_detail", "group"),
        "a_caseworker",
        "outsider",
        own_marker=marker("Harmonise the members"),
    ),
    E(
        "network:group_detail POST",
        url("network:group_detail", "group"),
        "secretariat",
        "a_caseworker",
        method="post",
        data=lambda w: {**_group(w), "name": "Data, research and statistics"},
        ok=(302,),
    ),
    E(
        "network:group_member_add",
        url("network:group_member_add", "group"),
        "secretariat",
        "a_caseworker",
        method="post",
        data=lambda w: {"organisation": w["org_c"].pk, "role": "member"},
        ok=(302,),
    ),
    E(
        "network:group_member_remove",
        kw("network:group_member_remove", pk="group", member="group_member"),
        "secretariat",
        "b_caseworker",
        method="post",
        ok=(302,),
    ),
    E("network:meeting_new", static("network:meeting_new"), "secretariat", "a_caseworker"),
    E(
        "network:meeting_new POST",
        static("network:meeting_new"),
        "secretariat",
        "a_caseworker",
        method="post",
        data=_meeting_form,
        ok=(302,),
    ),
    E(
        "network:meeting_detail",
        url("network:meeting_detail", "meeting"),
        "a_caseworker",
        "outsider",
        own_marker=marker("Adopt the revised referral SOP"),
    ),
    E(
        "network:meeting_edit",
        url("network:meeting_edit", "upcoming"),
        "secretariat",
        "a_caseworker",
    ),
    E(
        "network:meeting_edit POST",
        url("network:meeting_edit", "upcoming"),
        "secretariat",
        "a_caseworker",
        method="post",
        data=_meeting_edit,
        ok=(302,),
    ),
    E(
        "network:meeting_cancel",
        url("network:meeting_cancel", "upcoming"),
        "secretariat",
        "a_caseworker",
        method="post",
        data=prefixed("cancel", _cancel),
        ok=(302,),
    ),
    E(
        "network:agenda_add",
        url("network:agenda_add", "meeting"),
        "secretariat",
        "a_caseworker",
        method="post",
        data=prefixed("agenda", _agenda),
        ok=(302,),
    ),
    E(
        "network:attendance_add",
        url("network:attendance_add", "meeting"),
        "secretariat",
        "a_caseworker",
        method="post",
        data=_attendance,
        ok=(302,),
    ),
    E(
        "network:minutes",
        url("network:minutes", "meeting"),
        "secretariat",
        "a_caseworker",
        method="post",
        data=prefixed("minutes", _minutes),
        ok=(302,),
    ),
    E(
        "network:minutes_approve",
        url("network:minutes_approve", "meeting"),
        "secretariat",
        "a_caseworker",
        method="post",
        data=_approve,
        ok=(302,),
    ),
    E(
        "network:decision_add",
        url("network:decision_add", "meeting"),
        "secretariat",
        "a_caseworker",
        method="post",
        data=prefixed("decision", _decision),
        ok=(302,),
    ),
    E(
        "network:action_point_add",
        url("network:action_point_add", "meeting"),
        "secretariat",
        "a_supervisor",
        method="post",
        data=prefixed("action", _action),
        ok=(302,),
    ),
    E(
        "network:action_point_list",
        static("network:action_point_list"),
        "a_caseworker",
        "outsider",
        own_marker=row_of("ap_a"),
        other_marker=row_of("ap_b"),  # Beta's: not "ours"
    ),
    E(
        "network:action_point_status",
        url("network:action_point_status", "ap_a"),
        "a_caseworker",  # Alpha's focal point
        "b_caseworker",  # Beta's
        other_url=url("network:action_point_status", "ap_b"),
        method="post",
        data=_done,
        ok=(302,),
    ),
    *(
        E(
            f"network:action_point_status {who}",
            url("network:action_point_status", "ap_a"),
            who,
            forbidden,
            other_url=url("network:action_point_status", "ap_b"),
            method="post",
            data=_done,
            ok=(302,),
        )
        for who, forbidden in (
            ("a_supervisor", "unit_caseworker"),  # the unit's caseworker is no focal point
            ("a_orgadmin", "outsider"),
        )
    ),
    E(
        "network:document_list",
        static("network:document_list"),
        "a_caseworker",
        "outsider",
        own_marker=marker("Marker members document"),
        other_marker=marker("Marker secretariat document"),  # above his level
    ),
    E(
        "network:document_list POST",
        static("network:document_list"),
        "secretariat",
        "a_caseworker",
        method="post",
        data=_upload,
        ok=(302,),
    ),
    E(
        "network:document_download",
        url("network:document_download", "doc_members"),
        "a_caseworker",
        "outsider",
        other_url=url("network:document_download", "doc_secretariat"),
    ),
    E(
        "network:document_delete",
        url("network:document_delete", "doc_members"),
        "secretariat",
        "a_caseworker",
        method="post",
        ok=(302,),
    ),
    E(
        "network:public_documents",
        static("network:public_documents"),
        "outsider",
        None,
        own_marker=marker("Marker public document"),
        other_marker=marker("Marker members document"),
        extra={"public": True},
    ),
]

API = [
    E(
        "api:networkmember-list",
        static("api:networkmember-list"),
        "a_caseworker",
        "outsider",
        api=True,
        own_marker=marker('"name":"Alpha Shelter"'),
        other_marker=marker("Gamma Traders"),
    ),
    E(
        "api:networkmember-detail",
        url("api:networkmember-detail", "org_a"),
        "a_caseworker",
        "outsider",
        other_url=url("api:networkmember-detail", "org_out"),  # not a member
        api=True,
        own_marker=marker('"role":"chair"'),
    ),
    E(
        "api:networkmember-status",
        url("api:networkmember-status", "org_out"),
        "secretariat",
        "a_caseworker",
        method="post",
        api=True,
        data=lambda w: {"network_status": "observer"},
    ),
    E(
        "api:networkmember-focal-points",
        url("api:networkmember-focal-points", "org_a"),
        "secretariat",
        "a_caseworker",
        method="post",
        api=True,
        data=_focal,
        ok=(201,),
    ),
    E(
        "api:networkmember-remove-focal-point",
        kw("api:networkmember-remove-focal-point", pk="org_b", focal_point="focal_b"),
        "secretariat",
        "b_caseworker",
        method="delete",
        api=True,
        ok=(204,),
    ),
    E(
        "api:networkmeeting-list",
        static("api:networkmeeting-list"),
        "a_caseworker",
        "outsider",
        api=True,
        own_marker=marker('"title":"Quarterly meeting"'),
    ),
    E(
        "api:networkmeeting-list POST",
        static("api:networkmeeting-list"),
        "secretariat",
        "a_caseworker",
        method="post",
        api=True,
        data=_api_meeting,
        ok=(201,),
    ),
    E(
        "api:networkmeeting-detail",
        url("api:networkmeeting-detail", "meeting"),
        "a_caseworker",
        "outsider",
        api=True,
        own_marker=marker('"text":"Adopt the revised referral SOP"'),
    ),
    E(
        "api:networkmeeting-detail PATCH",
        url("api:networkmeeting-detail", "upcoming"),
        "secretariat",
        "a_caseworker",
        method="patch",
        api=True,
        data=_api_patch,
    ),
    *(
        E(
            f"api:networkmeeting-{name}",
            url(f"api:networkmeeting-{name}", key),
            "secretariat",
            "a_caseworker",
            method="post",
            api=True,
            data=data,
            ok=ok,
        )
        for name, key, data, ok in (
            ("agenda", "meeting", _agenda, (201,)),
            ("attendance", "meeting", _api_attendance, (201,)),
            ("minutes", "meeting", _minutes, (200,)),
            ("approve-minutes", "meeting", _approve, (200,)),
            ("cancel", "upcoming", _cancel, (200,)),
        )
    ),
    E(
        "api:networkdecision-list",
        static("api:networkdecision-list"),
        "a_caseworker",
        "outsider",
        api=True,
        own_marker=marker('"text":"Adopt the revised referral SOP"'),
    ),
    E(
        "api:networkdecision-list POST",
        static("api:networkdecision-list"),
        "secretariat",
        "a_caseworker",
        method="post",
        api=True,
        data=_api_decision,
        ok=(201,),
    ),
    E(
        "api:networkdecision-detail",
        url("api:networkdecision-detail", "decision"),
        "a_caseworker",
        "outsider",
        api=True,
        own_marker=marker('"number":1'),
    ),
    E(
        "api:actionpoint-list",
        static("api:actionpoint-list"),
        "a_caseworker",
        "outsider",
        api=True,
        own_marker=ref("ap_a"),
    ),
    E(
        "api:actionpoint-list POST",
        static("api:actionpoint-list"),
        "secretariat",
        "a_supervisor",
        method="post",
        api=True,
        data=_api_action,
        ok=(201,),
    ),
    E(
        "api:actionpoint-detail",
        url("api:actionpoint-detail", "ap_a"),
        "a_caseworker",
        "outsider",
        api=True,
        own_marker=ref("ap_a"),
    ),
    E(
        "api:actionpoint-detail PATCH",
        url("api:actionpoint-detail", "ap_a"),
        "secretariat",
        "a_caseworker",  # its focal point moves it along, never rewrites it
        method="patch",
        api=True,
        data=_api_action_patch,
    ),
    E(
        "api:actionpoint-status",
        url("api:actionpoint-status", "ap_a"),
        "a_caseworker",
        "b_caseworker",
        other_url=url("api:actionpoint-status", "ap_b"),
        method="post",
        api=True,
        data=_done,
    ),
    *(
        E(
            f"api:actionpoint-status {who}",
            url("api:actionpoint-status", "ap_a"),
            who,
            forbidden,
            other_url=url("api:actionpoint-status", "ap_b"),
            method="post",
            api=True,
            data=_done,
        )
        for who, forbidden in (
            ("a_supervisor", "unit_caseworker"),
            ("a_orgadmin", "auditor"),
        )
    ),
    E(
        "api:actionpoint-status secretariat",  # network-wide: no other organisation's row
        url("api:actionpoint-status", "ap_b"),
        "secretariat",
        "outsider",
        method="post",
        api=True,
        data=lambda w: {"status": "cancelled", "note": "merged into the annex"},
    ),
]
ENDPOINTS = PAGES + API

# Cells of the matrix that fail today because of a bug in src/ (strict: fixing it turns red).
KNOWN_BUGS: dict[tuple[str, str], str] = {}


def check_public(client: Any, endpoint: Endpoint, world: World) -> None:
    """A page open to anyone: anonymous visitors see the public row and no other."""
    response = client.get(endpoint.url(world))
    assert response.status_code == 200, response.status_code
    body = response.content.decode()
    assert endpoint.own_marker is not None and endpoint.own_marker(world) in body
    assert endpoint.other_marker is not None and endpoint.other_marker(world) not in body


def _cells() -> list[Any]:
    cells = []
    for endpoint in ENDPOINTS:
        for condition in CONDITIONS:
            reason = KNOWN_BUGS.get((str(endpoint), condition))
            marks = [pytest.mark.xfail(strict=True, reason=reason)] if reason else []
            cells.append(
                pytest.param(endpoint, condition, marks=marks, id=f"{endpoint}-{condition}")
            )
    return cells


@pytest.mark.parametrize(("endpoint", "condition"), _cells())
def test_endpoint(client, world, endpoint, condition):
    if endpoint.extra.get("public") and condition == "anonymous":
        check_public(client, endpoint, world)
    else:
        CONDITIONS[condition](client, endpoint, world)


# --- what the status codes above do not show --------------------------------------------------


def _state() -> tuple:
    """Everything the network's pages and API write."""
    return (
        sorted(Organisation.objects.values_list("pk", "network_status", "joined_network_on")),
        sorted(FocalPoint.objects.values_list("pk", "organisation", "user", "kind")),
        sorted(GovernanceTerm.objects.values_list("pk", "role", "ends_on")),
        sorted(WorkingGroup.objects.values_list("pk", "name", "terms_of_reference")),
        sorted(GroupMember.objects.values_list("pk", "role")),
        sorted(Meeting.objects.values_list("pk", "version", "status", "minutes_approved_at")),
        sorted(AgendaItem.objects.values_list("pk", "title")),
        sorted(Attendance.objects.values_list("pk", "status")),
        sorted(Decision.objects.values_list("pk", "text")),
        sorted(ActionPoint.objects.values_list("pk", "version", "status", "due_on")),
        sorted(Document.objects.values_list("pk", "access_level")),
    )


WRITES = [e for e in ENDPOINTS if e.method != "get"]


@pytest.mark.parametrize("endpoint", WRITES, ids=str)
def test_each_refused_write_writes_nothing_and_each_permitted_one_writes(client, world, endpoint):
    before = _state()
    CONDITIONS["no_permission"](client, endpoint, world)
    assert _state() == before, "written by a user without the right"
    CONDITIONS["other_organisation"](client, endpoint, world)
    assert _state() == before, "written to another organisation's record"
    CONDITIONS["permitted"](client, endpoint, world)
    assert _state() != before, "the permitted write did not happen"


@pytest.mark.parametrize("who", ["a_caseworker", "b_caseworker", "a_supervisor", "unit_caseworker"])
def test_nobody_outside_the_secretariat_writes_the_networks_record(client, world, who):
    """Members read everything the network records and write none of it: each secretariat
    write, tried by a member's staff, is refused (403) and writes nothing."""
    before = _state()
    factories.sign_in(client, world[who])
    for endpoint in WRITES:
        if endpoint.permitted != "secretariat" or endpoint.forbidden is None:
            continue
        data = endpoint.data(world) if endpoint.data else {}
        if endpoint.api:
            response = getattr(client, endpoint.method)(
                endpoint.url(world), data, content_type="application/json"
            )
        else:
            response = client.post(endpoint.url(world), data)
        assert response.status_code in (403, 404), (str(endpoint), response.status_code)
    assert _state() == before


def test_only_the_owner_side_and_the_secretariat_change_an_action_points_status(client, world):
    """Who may mark Alpha's action point done: its focal point, Alpha's supervisor and admin,
    the secretariat; nobody else, not even staff of Alpha's unit or Beta's focal point."""
    may = {"a_caseworker", "a_supervisor", "a_orgadmin", "secretariat"}
    everyone = may | {"b_caseworker", "b_orgadmin", "unit_caseworker", "auditor", "outsider"}
    target = reverse("api:actionpoint-status", args=[world["ap_a"].pk])
    for who in sorted(everyone):
        factories.sign_in(client, world[who])
        response = client.post(target, {"status": "in_progress"}, content_type="application/json")
        point = ActionPoint.objects.get(pk=world["ap_a"].pk)
        if who in may:
            assert response.status_code == 200, (who, response.content)
            assert point.status == "in_progress"
            ActionPoint.objects.filter(pk=point.pk).update(status="open")
        else:
            assert response.status_code in (403, 404), who
            assert point.status == "open", who


def test_a_member_reads_documents_up_to_its_level_and_the_public_only_public_ones(client, world):
    def shown(user: Any) -> set[str]:
        if user is not None:
            factories.sign_in(client, user)
        found = set()
        for key in ("doc_public", "doc_members", "doc_secretariat"):
            response = client.get(reverse("network:document_download", args=[world[key].pk]))
            if response.status_code == 200:
                found.add(key.removeprefix("doc_"))
        return found

    assert shown(None) == {"public"}
    assert shown(world["outsider"]) == {"public"}
    assert shown(world["a_caseworker"]) == {"public", "members"}
    assert shown(world["secretariat"]) == {"public", "members", "secretariat"}
    client.logout()
    response = client.get(reverse("network:document_download", args=[world["doc_members"].pk]))
    assert response.status_code == 302 and "/sign-in/" in response["Location"]
    # an id that does not exist looks the same to an anonymous visitor
    response = client.get(reverse("network:document_download", args=[99999]))
    assert response.status_code == 302 and "/sign-in/" in response["Location"]


def test_a_unit_of_a_member_takes_part_and_a_non_members_staff_does_not(client, world):
    factories.sign_in(client, world["unit_caseworker"])
    assert client.get(reverse("network:home")).status_code == 200
    for who in ("outsider", "auditor", "nobody"):
        factories.sign_in(client, world[who])
        assert client.get(reverse("network:home")).status_code == 403, who
        listed = client.get(reverse("api:actionpoint-list")).json()
        assert listed["results"] == [], who
    # an organisation admitted as observer takes part at once
    services_world = world["secretariat"]
    from tipsom.network import services

    services.set_membership(services_world, world["org_out"], "observer")
    outsider = type(world["outsider"]).objects.get(pk=world["outsider"].pk)
    factories.sign_in(client, outsider)
    assert client.get(reverse("network:home")).status_code == 200


def test_the_secretariat_role_elsewhere_than_a_member_still_runs_the_network(client, world):
    """Whoever the matrix lets run the network reads it, even from outside a member."""
    runner = factories.user((world["org_out"], Role.SECRETARIAT), username="outside-secretariat")
    factories.sign_in(client, runner)
    assert client.get(reverse("network:home")).status_code == 200
    response = client.post(
        reverse("network:decision_add", args=[world["meeting"].pk]), {"decision-text": "Noted"}
    )
    assert response.status_code == 302
    assert Decision.objects.filter(text="Noted").exists()


def test_the_upload_endpoint_refuses_before_reading_the_file(client, world):
    factories.sign_in(client, world["a_caseworker"])
    upload = SimpleUploadedFile("x.pdf", b"%PDF", content_type="application/pdf")
    response = client.post(reverse("network:document_list"), {"title": "x", "file": upload})
    assert response.status_code == 403
    assert not Document.objects.filter(title="x").exists()
