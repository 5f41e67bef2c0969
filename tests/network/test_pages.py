"""The network's pages as their users meet them: the dashboard, a meeting's page where the
secretariat records what happened, an organisation's action points with their "mark done"
button, documents, and what each page refuses and says."""

from __future__ import annotations

import html
import re
from typing import Any

from django.urls import reverse

from tests import factories
from tests.network.conftest import days, moment, pdf
from tipsom.network import services
from tipsom.network.models import ActionPoint, Decision, Document, Meeting


def page(client: Any, name: str, *args: Any, **params: Any) -> str:
    response = client.get(reverse(name, args=args), params)
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def ids_in(body: str) -> set[str]:
    return set(re.findall(r'data-testid="([^"]+)"', body))


def shown(response: Any) -> dict[str, list[str]]:
    body = response.content.decode()
    found: dict[str, list[str]] = {}
    for level, text in re.findall(r'<li class="(\w+)">(.*?)</li>', body.split("<main")[-1]):
        found.setdefault(level, []).append(html.unescape(text))
    return found


def test_the_dashboard_shows_members_groups_meetings_and_action_points(client, world):
    factories.sign_in(client, world["b_caseworker"])
    body = page(client, "network:home")
    members = body.split('data-testid="member-table"')[1].split("</table>")[0]
    assert members.count('data-testid="member-row"') == 3 and "Gamma Traders" not in members
    assert "alpha-caseworker" in members and "Chair" in members
    assert "Data and research" in body and "Annual meeting" in body
    overdue = body.split('data-testid="overdue-action-points"')[1].split("</section>")[0]
    assert f'data-reference="AP-{world["ap_late"].pk}"' in overdue
    assert f'data-reference="AP-{world["ap_a"].pk}"' not in overdue
    # Beta's focal point may mark Beta's action point done, not Alpha's; nor schedule meetings
    assert body.count('data-testid="mark-done"') == 1
    assert "schedule-meeting" not in ids_in(body)
    factories.sign_in(client, world["secretariat"])
    assert "schedule-meeting" in ids_in(page(client, "network:home"))


def test_the_action_point_list_is_the_organisations_with_a_mark_done_button(client, world):
    factories.sign_in(client, world["a_caseworker"])
    body = page(client, "network:action_point_list")
    rows = re.findall(r'data-reference="(AP-\d+)"', body)
    assert rows == [f"AP-{world['ap_late'].pk}", f"AP-{world['ap_a'].pk}"]  # by due date
    assert body.count('data-testid="mark-done"') == 2
    everyone = page(client, "network:action_point_list", all="1")
    assert f"AP-{world['ap_b'].pk}" in everyone and everyone.count('data-testid="mark-done"') == 2
    response = client.post(
        reverse("network:action_point_status", args=[world["ap_a"].pk]),
        {"status": "done", "version": 1, "next": reverse("network:action_point_list")},
        follow=True,
    )
    assert shown(response)["success"] == [f"AP-{world['ap_a'].pk} is now Done."]
    point = ActionPoint.objects.get(pk=world["ap_a"].pk)
    assert (point.status, point.closed_by) == ("done", world["a_caseworker"])
    body = response.content.decode()
    assert f'data-reference="AP-{world["ap_a"].pk}"' not in body  # done: no longer to do
    done = page(client, "network:action_point_list", status="all")
    assert "closed by alpha-caseworker" in done


def test_a_refused_status_change_says_why(client, world):
    factories.sign_in(client, world["a_caseworker"])
    target = reverse("network:action_point_status", args=[world["ap_a"].pk])
    response = client.post(target, {"status": "cancelled"}, follow=True)
    assert response.status_code == 200
    assert "only the network secretariat cancels" in shown(response)["error"][0]
    response = client.post(target, {"status": "done", "version": 7}, follow=True)
    assert "changed by someone else" in shown(response)["error"][0]
    assert ActionPoint.objects.get(pk=world["ap_a"].pk).status == "open"


def test_the_meeting_page_offers_the_secretariat_its_forms_and_members_none(client, world):
    factories.sign_in(client, world["a_caseworker"])
    body = page(client, "network:meeting_detail", world["meeting"].pk)
    assert "Referral SOP review" in body and "The members reviewed the referral SOP." in body
    assert "Draft: not yet approved." in body and "Adopt the revised referral SOP" in body
    assert {"add-decision", "add-action-point", "approve-minutes"}.isdisjoint(ids_in(body))
    assert "action-point-row" in ids_in(body)
    factories.sign_in(client, world["secretariat"])
    body = page(client, "network:meeting_detail", world["meeting"].pk)
    assert {"add-decision", "add-action-point", "approve-minutes", "record-attendance"} <= ids_in(
        body
    )
    upcoming = page(client, "network:meeting_detail", world["upcoming"].pk)
    # nothing happens at a meeting before it begins, except its agenda and apologies
    assert {"add-decision", "add-action-point", "save-minutes"}.isdisjoint(ids_in(upcoming))
    assert {"add-agenda-item", "cancel-meeting", "edit-meeting"} <= ids_in(upcoming)


def test_a_refused_action_point_keeps_what_was_typed_and_names_the_field(client, world):
    factories.sign_in(client, world["secretariat"])
    response = client.post(
        reverse("network:action_point_add", args=[world["meeting"].pk]),
        {
            "action-title": "Translate the SOP into Urdu",
            "action-owner": world["org_b"].pk,
            "action-due_on": days(-30).isoformat(),
            "action-sdg_targets": "16.2, 16-3",
        },
    )
    assert response.status_code == 400
    body = html.unescape(response.content.decode())
    assert 'value="Translate the SOP into Urdu"' in body
    assert "is before the meeting" in body and "'16-3' is not an SDG target" in body
    assert not ActionPoint.objects.filter(title__startswith="Translate").exists()


def test_the_secretariat_records_a_meeting_on_its_page(client, world):
    factories.sign_in(client, world["secretariat"])
    meeting = world["meeting"]
    base = reverse("network:meeting_detail", args=[meeting.pk])
    for name, data in (
        ("agenda_add", {"agenda-title": "Any other business"}),
        ("attendance_add", {"organisation": world["org_b"].pk, "status": "present"}),
        ("decision_add", {"decision-text": "Meet monthly", "decision-gcm_objectives": ["10"]}),
        (
            "action_point_add",
            {
                "action-title": "Book the rooms",
                "action-owner": world["org_c"].pk,
                "action-due_on": days(5).isoformat(),
            },
        ),
        (
            "minutes",
            {
                "minutes-minutes": "Final text.",
                "minutes-version": Meeting.objects.get(pk=meeting.pk).version,
            },
        ),
    ):
        response = client.post(reverse(f"network:{name}", args=[meeting.pk]), data)
        assert (response.status_code, response["Location"]) == (302, base), name
    decision = Decision.objects.get(text="Meet monthly")
    assert (decision.number, decision.gcm_objectives) == (2, [10])
    response = client.post(
        reverse("network:minutes_approve", args=[meeting.pk]),
        {"version": Meeting.objects.get(pk=meeting.pk).version},
        follow=True,
    )
    assert shown(response)["success"][-1] == "Minutes approved."
    body = response.content.decode()
    assert "Approved by the-secretariat" in body and "add-decision" not in ids_in(body)


def test_scheduling_a_meeting_from_the_page(client, world):
    factories.sign_in(client, world["secretariat"])
    form = page(client, "network:meeting_new", group=world["group"].pk)
    assert f'<option value="{world["group"].pk}" selected>' in form
    response = client.post(
        reverse("network:meeting_new"),
        {
            "title": "Data group",
            "group": world["group"].pk,
            "starts_at": moment(3).strftime("%Y-%m-%dT%H:%M"),
        },
    )
    meeting = Meeting.objects.get(title="Data group")
    assert response["Location"] == reverse("network:meeting_detail", args=[meeting.pk])
    assert meeting.group == world["group"] and meeting.starts_at == moment(3)
    response = client.post(reverse("network:meeting_new"), {"title": "", "starts_at": "soon"})
    assert response.status_code == 400 and "This field is required." in response.content.decode()


def test_uploading_documents_and_what_each_reader_sees(client, world):
    factories.sign_in(client, world["secretariat"])
    response = client.post(
        reverse("network:document_list"),
        {
            "title": "Minutes Q3",
            "access_level": "members",
            "file": pdf("minutes.exe"),
            "meeting": world["meeting"].pk,
        },
    )
    assert response.status_code == 400
    assert "&#x27;.exe&#x27; files are not taken" in response.content.decode()
    response = client.post(
        reverse("network:document_list"),
        {
            "title": "Minutes Q3",
            "access_level": "members",
            "file": pdf("minutes.pdf"),
            "meeting": world["meeting"].pk,
        },
    )
    assert response.status_code == 302
    assert Document.objects.get(title="Minutes Q3").meeting == world["meeting"]
    factories.sign_in(client, world["a_caseworker"])
    body = page(client, "network:document_list")
    assert "Minutes Q3" in body and "Marker secretariat document" not in body
    assert "upload-document" not in ids_in(body)
    assert "Minutes Q3" in page(client, "network:meeting_detail", world["meeting"].pk)
    download = client.get(reverse("network:document_download", args=[world["doc_members"].pk]))
    assert download["Content-Disposition"].startswith("attachment")
    assert b"".join(download.streaming_content) == b"%PDF-1.4 synthetic"


def test_the_public_page_needs_no_sign_in_and_shows_public_documents_only(client, world):
    body = page(client, "network:public_documents")
    assert "Marker public document" in body and "Marker members document" not in body
    download = client.get(reverse("network:document_download", args=[world["doc_public"].pk]))
    assert download.status_code == 200


def test_members_page_manages_membership_focal_points_and_governance(client, world):
    factories.sign_in(client, world["secretariat"])
    body = page(client, "network:members")
    assert {"set-membership", "add-focal-point", "add-governance", "end-term"} <= ids_in(body)
    response = client.post(
        reverse("network:focal_point_add", args=[world["org_a"].pk]),
        {"user": world["a_supervisor"].pk, "kind": "primary"},
        follow=True,
    )
    assert "already has a focal point (alpha-caseworker)" in shown(response)["error"][0]
    factories.sign_in(client, world["a_caseworker"])
    body = page(client, "network:members")
    assert "alpha-caseworker" in body and "set-membership" not in ids_in(body)


def test_a_working_group_page_and_its_terms_of_reference(client, world):
    factories.sign_in(client, world["secretariat"])
    response = client.post(
        reverse("network:group_list"), {"name": "data and research", "kind": "working_group"}
    )
    assert response.status_code == 400 and "already exists" in html.unescape(
        response.content.decode()
    )
    response = client.post(
        reverse("network:group_detail", args=[world["group"].pk]),
        {
            "name": "Data and research",
            "kind": "working_group",
            "terms_of_reference": "Harmonise data; report to GLOTIP.",
            "gcm_objectives": ["1", "10"],
            "sdg_targets": "16.2",
        },
    )
    assert response.status_code == 302
    body = page(client, "network:group_detail", world["group"].pk)
    assert "report to GLOTIP" in body and "GCM 10: Eradicate trafficking in persons" in body
    assert "SDG 16.2: End abuse" in body


def test_the_home_page_card_and_the_menu(client, world):
    factories.sign_in(client, world["a_caseworker"])
    body = page(client, "core:home")
    card = body.split('data-testid="network-card"')[1].split("</section>")[0]
    assert "2 open action points for your organisation" in card and "1 overdue" in card
    assert f'href="{reverse("network:home")}"' in body
    factories.sign_in(client, world["outsider"])
    body = page(client, "core:home")
    assert "network-card" not in body


def test_meeting_page_shows_attendance_and_tags(client, world):
    services.record_attendance(
        world["secretariat"], world["meeting"], world["org_a"], "present", world["a_caseworker"]
    )
    factories.sign_in(client, world["b_caseworker"])
    body = page(client, "network:meeting_detail", world["meeting"].pk)
    assert "attendance-row" in ids_in(body) and "Present" in body
    assert "GCM 9: Counter the smuggling of migrants" in body and "SDG 16.2" in body
