"""The network's services, one rule a test: what each write refuses (naming the field and
what is allowed), what it records, and its audit entry."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from tests import factories
from tests.network.conftest import days, moment, pdf
from tipsom.core.choices import AuditAction, Role
from tipsom.core.concurrency import StaleEdit
from tipsom.core.models import AuditEntry, Notification
from tipsom.network import services
from tipsom.network.models import ActionPoint, Document, FocalPoint


def refused(call: Any, *args: Any, **kwargs: Any) -> dict[str, list[str]]:
    """The field errors of a refused service call."""
    with pytest.raises(ValidationError) as error:
        call(*args, **kwargs)
    return error.value.message_dict


def last_audit(instance: Any) -> AuditEntry:
    return AuditEntry.objects.filter(
        object_type=instance._meta.label_lower, object_id=str(instance.pk)
    ).first()


# --- membership -------------------------------------------------------------------------------


def test_admitting_an_organisation_records_its_status_and_date_audited(world):
    sec, org = world["secretariat"], world["org_out"]
    services.set_membership(sec, org, "observer")
    org.refresh_from_db()
    assert (org.network_status, org.joined_network_on) == ("observer", timezone.localdate())
    entry = last_audit(org)
    assert entry.action == AuditAction.UPDATE and entry.actor == sec
    assert entry.changes["network_status"] == ["non_member", "observer"]
    assert entry.organisation_id == org.pk


def test_membership_errors_name_the_field(world):
    sec, org = world["secretariat"], world["org_out"]
    errors = refused(services.set_membership, sec, org, "partner", "2999-01-01")
    assert (
        "'partner' not allowed; allowed: member, observer, non_member"
        in errors["network_status"][0]
    )
    assert "in the future" in errors["joined_network_on"][0]


def test_an_organisation_with_pending_action_points_cannot_leave(world):
    sec = world["secretariat"]
    errors = refused(services.set_membership, sec, world["org_b"], "non_member")
    assert f"AP-{world['ap_b'].pk}" in errors["network_status"][0]
    services.set_status(sec, world["ap_b"], "cancelled", "merged")
    services.set_membership(sec, world["org_b"], "non_member")
    world["org_b"].refresh_from_db()
    assert world["org_b"].joined_network_on is None


def test_the_chair_cannot_leave_or_become_an_observer_while_in_office(world):
    sec, org = world["secretariat"], world["org_a"]
    for point in ("ap_a", "ap_late"):
        services.set_status(sec, world[point], "done")
    assert (
        "governance term"
        in refused(services.set_membership, sec, org, "non_member")["network_status"][0]
    )
    assert (
        "only members hold one"
        in refused(services.set_membership, sec, org, "observer")["network_status"][0]
    )


def test_only_the_secretariat_sets_membership(world):
    for who in ("a_orgadmin", "a_supervisor", "auditor"):
        with pytest.raises(PermissionDenied):
            services.set_membership(world[who], world["org_out"], "member")


# --- focal points -----------------------------------------------------------------------------


def test_a_focal_point_is_one_of_the_organisations_own_active_staff(world):
    sec = world["secretariat"]
    errors = refused(services.add_focal_point, sec, world["org_a"], world["b_caseworker"])
    assert "holds no role in Alpha Shelter" in errors["user"][0]
    gone = factories.user((world["org_a"], Role.CASEWORKER), is_active=False)
    assert (
        "deactivated"
        in refused(services.add_focal_point, sec, world["org_a"], gone, "alternate")["user"][0]
    )
    outsider = refused(services.add_focal_point, sec, world["org_out"], world["outsider"])
    assert "not in the network" in outsider["organisation"][0]


def test_one_focal_point_and_any_number_of_alternates(world):
    sec, org = world["secretariat"], world["org_a"]
    errors = refused(services.add_focal_point, sec, org, world["a_supervisor"])
    assert "already has a focal point (alpha-caseworker)" in errors["kind"][0]
    assert "alternate" in errors["kind"][0]
    services.add_focal_point(sec, org, world["a_supervisor"], "alternate")
    services.add_focal_point(sec, org, world["a_orgadmin"], "alternate")
    assert FocalPoint.objects.filter(organisation=org).count() == 3
    assert (
        "already a focal point"
        in refused(services.add_focal_point, sec, org, world["a_orgadmin"], "alternate")["user"][0]
    )


def test_removing_a_focal_point_is_audited(world):
    found = world["focal_b"]
    services.remove_focal_point(world["secretariat"], found)
    assert not FocalPoint.objects.filter(pk=found.pk).exists()
    entry = AuditEntry.objects.filter(action=AuditAction.DELETE, object_type="network.focalpoint")
    assert entry.get().organisation_id == world["org_b"].pk
    with pytest.raises(PermissionDenied):
        services.remove_focal_point(world["a_orgadmin"], world["focal_a"])


# --- governance -------------------------------------------------------------------------------


def test_one_chair_at_a_time_but_co_chairs_may_share(world):
    sec = world["secretariat"]
    errors = refused(
        services.add_governance_term, sec, world["org_b"], {"role": "chair", "starts_on": days(0)}
    )
    assert "Alpha Shelter is Chair" in errors["starts_on"][0]
    assert "one organisation at a time" in errors["starts_on"][0]
    for org in ("org_b", "org_c"):
        services.add_governance_term(sec, world[org], {"role": "co_chair", "starts_on": days(0)})
    # after Alpha's term, Beta may chair
    services.add_governance_term(
        sec, world["org_b"], {"role": "chair", "starts_on": days(401), "ends_on": days(800)}
    )


def test_governance_terms_are_for_members_in_order(world):
    sec = world["secretariat"]
    services.set_membership(sec, world["org_out"], "observer")
    errors = refused(
        services.add_governance_term,
        sec,
        world["org_out"],
        {"role": "war_lord", "starts_on": "2026-13-01", "ends_on": days(0)},
    )
    assert "allowed: chair, co_chair, secretariat, executive" in errors["role"][0]
    assert "only members hold governance roles" in errors["organisation"][0]
    assert "is not a date" in errors["starts_on"][0]
    backwards = refused(
        services.add_governance_term,
        sec,
        world["org_b"],
        {"role": "executive", "starts_on": days(10), "ends_on": days(5)},
    )
    assert "cannot end before it starts" in backwards["ends_on"][0]
    assert (
        "'term' cannot be set here"
        in refused(
            services.add_governance_term, sec, world["org_b"], {"role": "executive", "term": 2}
        )["term"][0]
    )


def test_ending_a_term(world):
    sec, term = world["secretariat"], world["chair"]
    services.end_governance_term(sec, term)
    term.refresh_from_db()
    assert term.ends_on == timezone.localdate()
    assert last_audit(term).changes["ends_on"][1] == timezone.localdate().isoformat()
    term.ends_on = days(-1)
    term.save()
    assert "already ended" in refused(services.end_governance_term, sec, term)["ends_on"][0]


# --- working groups ---------------------------------------------------------------------------


def test_a_group_needs_a_unique_name_and_a_sensible_life(world):
    sec = world["secretariat"]
    errors = refused(
        services.create_group,
        sec,
        {
            "name": "DATA AND RESEARCH",
            "kind": "club",
            "established_on": days(0),
            "closed_on": days(-1),
        },
    )
    assert "already exists" in errors["name"][0]
    assert "'club' not allowed" in errors["kind"][0]
    assert "cannot close before it was established" in errors["closed_on"][0]


def test_a_group_has_one_lead_and_only_network_organisations(world):
    sec, group = world["secretariat"], world["group"]
    assert (
        "Alpha Shelter already leads"
        in refused(services.add_group_member, sec, group, world["org_c"], "lead")["role"][0]
    )
    assert (
        "not in the network"
        in refused(services.add_group_member, sec, group, world["org_out"])["organisation"][0]
    )
    assert (
        "already in"
        in refused(services.add_group_member, sec, group, world["org_b"])["organisation"][0]
    )
    services.remove_group_member(sec, world["group_lead"])
    services.add_group_member(sec, group, world["org_c"], "lead")


def test_a_closed_group_takes_no_members_and_no_meetings(world):
    sec, group = world["secretariat"], world["group"]
    services.update_group(sec, group, {"closed_on": days(-1)})
    assert "closed on" in refused(services.add_group_member, sec, group, world["org_c"])["group"][0]
    errors = refused(
        services.schedule_meeting, sec, {"title": "x", "starts_at": moment(3), "group": group}
    )
    assert "closed on" in errors["group"][0]


def test_terms_of_reference_and_tags_change_audited(world):
    sec, group = world["secretariat"], world["group"]
    changes = services.update_group(
        sec, group, {"terms_of_reference": "Also GLOTIP reporting.", "gcm_objectives": ["1", 23]}
    )
    assert changes["gcm_objectives"] == [[1], [1, 23]]
    assert last_audit(group).changes["terms_of_reference"][1] == "Also GLOTIP reporting."


# --- meetings ---------------------------------------------------------------------------------


def test_a_meeting_needs_a_title_and_a_time_and_ends_after_it_starts(world):
    sec = world["secretariat"]
    errors = refused(services.schedule_meeting, sec, {"ends_at": "tomorrow"})
    assert "give the meeting a title" in errors["title"][0]
    assert "give the date and time" in errors["starts_at"][0]
    assert "is not a date and time" in errors["ends_at"][0]
    errors = refused(
        services.schedule_meeting,
        sec,
        {"title": "x", "starts_at": moment(3, 14), "ends_at": moment(3, 9)},
    )
    assert "must end after it starts" in errors["ends_at"][0]


def test_a_time_without_a_zone_is_the_sites(world, settings):
    meeting = services.schedule_meeting(
        world["secretariat"], {"title": "x", "starts_at": "2027-01-05T10:00"}
    )
    local = timezone.localtime(meeting.starts_at)
    assert (local.hour, str(local.tzinfo)) == (10, settings.TIME_ZONE)


def test_only_the_secretariat_schedules_and_records(world):
    meeting = world["meeting"]
    for who in ("a_caseworker", "a_orgadmin", "auditor", "outsider"):
        user = world[who]
        with pytest.raises(PermissionDenied):
            services.schedule_meeting(user, {"title": "x", "starts_at": moment(1)})
        with pytest.raises(PermissionDenied):
            services.record_decision(user, meeting, {"text": "x"})
        with pytest.raises(PermissionDenied):
            services.record_minutes(user, meeting, "x")


def test_attendance_apologies_in_advance_presence_once_begun(world):
    sec, upcoming = world["secretariat"], world["upcoming"]
    errors = refused(services.record_attendance, sec, upcoming, world["org_b"], "present")
    assert "once the meeting has begun" in errors["status"][0]
    sent = services.record_attendance(sec, upcoming, world["org_b"], "apologies")
    assert sent.status == "apologies"
    meeting = world["meeting"]
    first = services.record_attendance(
        sec, meeting, world["org_a"], "present", world["a_caseworker"]
    )
    again = services.record_attendance(
        sec, meeting, world["org_a"], "absent", world["a_caseworker"]
    )
    assert first.pk == again.pk and again.status == "absent"
    wrong = refused(
        services.record_attendance, sec, meeting, world["org_b"], "present", world["a_caseworker"]
    )
    assert "holds no role in Beta Legal Aid" in wrong["person"][0]
    assert (
        "'late' not allowed"
        in refused(services.record_attendance, sec, meeting, world["org_b"], "late")["status"][0]
    )


def test_minutes_are_written_after_the_meeting_began_and_approved_once(world):
    sec, upcoming, meeting = world["secretariat"], world["upcoming"], world["meeting"]
    assert (
        "once the meeting has begun"
        in refused(services.record_minutes, sec, upcoming, "x")["minutes"][0]
    )
    assert "no minutes to approve" in refused(services.approve_minutes, sec, upcoming)["minutes"][0]
    assert (
        "the minutes are empty"
        in refused(services.record_minutes, sec, meeting, "  ")["minutes"][0]
    )
    services.approve_minutes(sec, meeting, meeting.version)
    meeting.refresh_from_db()
    assert meeting.minutes_approved_by == sec and meeting.minutes_approved_at is not None
    assert meeting.status == "held"
    assert last_audit(meeting).changes["minutes_approved_by"] == [None, sec.pk]


def test_approved_minutes_close_the_meetings_record(world):
    sec, meeting = world["secretariat"], world["meeting"]
    services.approve_minutes(sec, meeting)
    for call, args in (
        (services.record_minutes, (meeting, "rewritten")),
        (services.approve_minutes, (meeting,)),
        (services.add_agenda_item, (meeting, {"title": "late item"})),
        (services.record_decision, (meeting, {"text": "late decision"})),
        (services.record_attendance, (meeting, world["org_b"], "present")),
        (services.update_meeting, (meeting, {"title": "renamed"})),
    ):
        errors = refused(call, sec, *args)
        assert any("approved" in m for ms in errors.values() for m in ms), call
    # follow-up goes on: an action point may still arise from it
    services.add_action_point(
        sec, {"meeting": meeting, "title": "x", "owner": world["org_b"], "due_on": days(5)}
    )


def test_a_stale_version_is_refused_naming_what_changed(world):
    sec, meeting = world["secretariat"], world["meeting"]
    old = meeting.version
    services.record_minutes(sec, meeting, "Second draft", old)
    with pytest.raises(StaleEdit) as stale:
        services.record_minutes(sec, meeting, "Third draft", old)
    assert "minutes" in stale.value.changed_fields


def test_decisions_are_numbered_in_order_under_the_meetings_agenda(world):
    sec, meeting = world["secretariat"], world["meeting"]
    second = services.record_decision(sec, meeting, {"text": "Second", "sdg_targets": "16.3, 8.7"})
    assert second.number == 2 and second.sdg_targets == ["8.7", "16.3"]
    other_item = services.add_agenda_item(sec, world["upcoming"], {"title": "elsewhere"})
    errors = refused(
        services.record_decision, sec, meeting, {"text": "", "agenda_item": other_item}
    )
    assert "say what was decided" in errors["text"][0]
    assert "this meeting's agenda" in errors["agenda_item"][0]
    assert (
        "once the meeting has begun"
        in refused(services.record_decision, sec, world["upcoming"], {"text": "too early"})[
            "meeting"
        ][0]
    )


def test_cancelling_a_meeting_needs_a_reason_and_a_meeting_not_held(world):
    sec, upcoming = world["secretariat"], world["upcoming"]
    assert "say why" in refused(services.cancel_meeting, sec, upcoming, " ")["cancel_reason"][0]
    services.cancel_meeting(sec, upcoming, "no quorum", upcoming.version)
    upcoming.refresh_from_db()
    assert (upcoming.status, upcoming.cancel_reason) == ("cancelled", "no quorum")
    errors = refused(services.cancel_meeting, sec, world["meeting"], "too late")
    assert "only a scheduled meeting can be cancelled; this one is held" in errors["status"][0]
    assert "the meeting was held" in errors["status"][1]
    assert (
        "cancelled (no quorum)"
        in refused(services.add_agenda_item, sec, upcoming, {"title": "x"})["meeting"][0]
    )


def test_a_meeting_cannot_move_past_its_action_points(world):
    sec, meeting = world["secretariat"], world["meeting"]
    errors = refused(services.update_meeting, sec, meeting, {"starts_at": moment(10)})
    assert f"due on {days(-2).isoformat()}" in errors["starts_at"][0]


# --- action points ----------------------------------------------------------------------------


def _point(w: Any, **fields: Any) -> dict[str, Any]:
    return {
        "meeting": w["meeting"],
        "title": "Share the list of shelters",
        "owner": w["org_b"],
        "due_on": days(9),
        **fields,
    }


def test_an_action_point_is_due_on_or_after_its_meeting(world):
    sec = world["secretariat"]
    errors = refused(services.add_action_point, sec, _point(world, due_on=days(-11)))
    meeting_day = world["meeting"].day.isoformat()
    assert errors["due_on"] == [
        f"{days(-11).isoformat()} is before the meeting ({meeting_day}); an action point "
        "falls due on or after the meeting that set it"
    ]
    made = services.add_action_point(sec, _point(world, due_on=days(-10)))
    assert made.due_on == world["meeting"].day


def test_an_action_point_without_an_owner_or_with_an_outsider_is_refused(world):
    sec = world["secretariat"]
    errors = refused(services.add_action_point, sec, _point(world, owner=None, title=" "))
    assert errors["owner"] == [
        "give the owner organisation: a member or observer organisation of the network"
    ]
    assert errors["title"] == ["say what is to be done"]
    outsider = refused(services.add_action_point, sec, _point(world, owner=world["org_out"]))
    assert "Gamma Traders is not in the network" in outsider["owner"][0]


def test_tags_name_the_valid_gcm_objectives_and_the_sdg_pattern(world):
    sec = world["secretariat"]
    errors = refused(
        services.add_action_point,
        sec,
        _point(world, gcm_objectives=[10, 24, "nine"], sdg_targets=["16.2", "16-2", "18.1"]),
    )
    gcm = errors["gcm_objectives"][0]
    assert gcm.startswith("24, 'nine' are not GCM objectives; valid: 1–23 (1 Accurate")
    assert "10 Eradicate trafficking in persons" in gcm and "23 International cooperation" in gcm
    sdg = errors["sdg_targets"][0]
    assert sdg.startswith("'16-2', '18.1' are not SDG targets; write goal.target")
    assert "5.2" in sdg and "16.3" in sdg
    made = services.add_action_point(
        sec, _point(world, gcm_objectives=["10", 9, 10], sdg_targets=["16.2", "5.2", "10.c"])
    )
    assert (made.gcm_objectives, made.sdg_targets) == ([9, 10], ["5.2", "10.c", "16.2"])


def test_an_action_point_under_a_decision_takes_its_meeting(world):
    sec = world["secretariat"]
    made = services.add_action_point(
        sec,
        {"decision": world["decision"], "title": "x", "owner": world["org_b"], "due_on": days(1)},
    )
    assert made.meeting == world["meeting"]
    elsewhere = refused(
        services.add_action_point,
        sec,
        _point(world, meeting=world["upcoming"], decision=world["decision"]),
    )
    assert "not at meeting" in elsewhere["decision"][0]
    nothing = refused(
        services.add_action_point, sec, {"title": "x", "owner": world["org_b"], "due_on": days(1)}
    )
    assert "give the meeting (or the decision)" in nothing["meeting"][0]


def test_no_action_point_from_a_meeting_not_yet_held_or_cancelled(world):
    sec, upcoming = world["secretariat"], world["upcoming"]
    early = refused(
        services.add_action_point, sec, _point(world, meeting=upcoming, due_on=days(20))
    )
    assert "once the meeting has begun" in early["meeting"][0]
    services.cancel_meeting(sec, upcoming, "no quorum")
    cancelled = refused(
        services.add_action_point, sec, _point(world, meeting=upcoming, due_on=days(20))
    )
    assert "was cancelled" in cancelled["meeting"][0]


def test_the_owners_focal_points_hear_of_a_new_action_point_without_its_wording(world):
    Notification.objects.all().delete()
    made = services.add_action_point(world["secretariat"], _point(world))
    note = Notification.objects.get(kind="network.actionpoint.new")
    assert note.recipient == world["b_caseworker"]
    assert f"AP-{made.pk}" in note.body and "shelters" not in note.body
    assert note.url.endswith(f"#ap-{made.pk}")
    entry = last_audit(made)
    assert entry.action == AuditAction.CREATE and entry.organisation_id == world["org_b"].pk


def test_marking_done_records_who_closed_it_and_when(world):
    point, focal = world["ap_a"], world["a_caseworker"]
    services.set_status(focal, point, "in_progress", version=point.version)
    services.set_status(focal, point, "done", "sent to all members")
    point.refresh_from_db()
    assert (point.status, point.closed_by, point.status_note) == (
        "done",
        focal,
        "sent to all members",
    )
    assert timezone.now() - point.closed_at < timedelta(minutes=1)
    entry = last_audit(point)
    assert entry.actor == focal and entry.changes["status"] == ["in_progress", "done"]
    # the secretariat member who set it hears of it
    told = Notification.objects.filter(
        kind="network.actionpoint.status", recipient=world["secretariat"]
    )
    assert told.count() == 2


def test_the_owner_may_not_cancel_or_reopen_the_secretariat_may(world):
    point, focal, sec = world["ap_a"], world["a_caseworker"], world["secretariat"]
    with pytest.raises(PermissionDenied, match="only the network secretariat cancels"):
        services.set_status(focal, point, "cancelled", "not needed")
    services.set_status(focal, point, "done")
    with pytest.raises(PermissionDenied, match="only the network secretariat reopens"):
        services.set_status(focal, point, "open")
    services.set_status(sec, point, "open")
    point.refresh_from_db()
    assert (point.status, point.closed_by, point.closed_at) == ("open", None, None)
    assert "say why" in refused(services.set_status, sec, point, "cancelled")["status_note"][0]
    assert "already Open" in refused(services.set_status, sec, point, "open")["status"][0]
    assert (
        "'finished' not allowed"
        in refused(services.set_status, sec, point, "finished")["status"][0]
    )


def test_nobody_else_changes_the_status(world):
    for who in ("b_caseworker", "unit_caseworker", "b_orgadmin", "auditor", "outsider", "nobody"):
        with pytest.raises(PermissionDenied):
            services.set_status(world[who], world["ap_a"], "done")
    assert ActionPoint.objects.get(pk=world["ap_a"].pk).status == "open"


def test_a_units_supervisor_is_not_the_owner_but_the_owners_supervisor_is(world):
    unit_supervisor = factories.user((world["unit_a"], Role.SUPERVISOR))
    with pytest.raises(PermissionDenied):
        services.set_status(unit_supervisor, world["ap_a"], "done")
    services.set_status(world["a_supervisor"], world["ap_a"], "done")


def test_only_the_secretariat_rewrites_an_action_point_and_a_new_owner_is_told(world):
    point, sec = world["ap_a"], world["secretariat"]
    with pytest.raises(PermissionDenied, match="its owner changes its status"):
        services.update_action_point(world["a_caseworker"], point, {"due_on": days(30)})
    Notification.objects.all().delete()
    services.update_action_point(
        sec, point, {"owner": world["org_b"], "due_on": days(30)}, point.version
    )
    point.refresh_from_db()
    assert (point.owner, point.due_on) == (world["org_b"], days(30))
    assert Notification.objects.get().recipient == world["b_caseworker"]
    assert (
        "before the meeting"
        in refused(services.update_action_point, sec, point, {"due_on": days(-30)})["due_on"][0]
    )
    services.set_status(sec, point, "done")
    assert (
        "reopen it first"
        in refused(services.update_action_point, sec, point, {"title": "x"})["status"][0]
    )


# --- documents --------------------------------------------------------------------------------


def test_a_document_is_stored_under_media_root_with_its_level(world, settings):
    doc = services.upload_document(
        world["secretariat"], {"title": "SOP", "access_level": "public"}, pdf("S O P.pdf")
    )
    assert doc.filename == "S_O_P.pdf" and doc.size == len(b"%PDF-1.4 synthetic")
    assert doc.file.path.startswith(str(settings.MEDIA_ROOT))
    assert doc.file.name.startswith("network/")
    assert last_audit(doc).action == AuditAction.CREATE


def test_document_errors_name_the_field(world, settings):
    sec = world["secretariat"]
    errors = refused(
        services.upload_document, sec, {"title": "", "access_level": "everyone"}, pdf("x.exe")
    )
    assert "give the document a title" in errors["title"][0]
    assert (
        "'everyone' not allowed; allowed: public, members, secretariat" in errors["access_level"][0]
    )
    assert "'.exe' files are not taken; allowed: pdf, doc" in errors["file"][0]
    assert (
        "the file is empty"
        in refused(services.upload_document, sec, {"title": "x"}, pdf("x.pdf", b""))["file"][0]
    )
    assert (
        "choose the file" in refused(services.upload_document, sec, {"title": "x"}, None)["file"][0]
    )
    settings.TIPSOM_MAX_UPLOAD_MB = 0
    assert (
        "larger than 0 MB"
        in refused(services.upload_document, sec, {"title": "x"}, pdf())["file"][0]
    )
    assert not Document.objects.filter(title="x").exists()


def test_removing_a_document_removes_its_file_once_committed(
    world, django_capture_on_commit_callbacks
):
    doc = world["doc_members"]
    storage, name = doc.file.storage, doc.file.name
    assert storage.exists(name)
    with django_capture_on_commit_callbacks(execute=True):
        services.delete_document(world["secretariat"], doc)
    assert not storage.exists(name)
    assert not Document.objects.filter(pk=doc.pk).exists()
    with pytest.raises(PermissionDenied):
        services.delete_document(world["a_caseworker"], world["doc_public"])


def test_only_the_secretariat_relabels_a_document(world):
    doc = world["doc_secretariat"]
    services.update_document(world["secretariat"], doc, {"access_level": "members"})
    assert last_audit(doc).changes["access_level"] == ["secretariat", "members"]
    with pytest.raises(PermissionDenied):
        services.update_document(world["a_caseworker"], doc, {"access_level": "public"})
