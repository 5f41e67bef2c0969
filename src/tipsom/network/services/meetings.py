"""Meetings: scheduling, agenda, attendance, minutes and their approval, decisions."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from tipsom.cases import validation as v
from tipsom.core.models import Organisation, User
from tipsom.core.services import audited_create, audited_update, require, require_row
from tipsom.network import choices as c
from tipsom.network.models import AgendaItem, Attendance, Decision, Meeting, WorkingGroup
from tipsom.network.services._common import (
    clean_tags,
    parse_moment,
    stripped,
    unknown,
)

# --- meetings -------------------------------------------------------------------------------

MEETING_FIELDS = [
    "title",
    "group",
    "starts_at",
    "ends_at",
    "location",
    "gcm_objectives",
    "sdg_targets",
]


def _check_meeting(errors: v.Errors, meeting: Meeting, data: Mapping[str, Any]) -> dict:
    fields: dict[str, Any] = {}
    if "title" in data or meeting.pk is None:
        fields["title"] = stripped(data, "title")
        if not fields["title"]:
            errors.add("title", "give the meeting a title")
    if "starts_at" in data or meeting.pk is None:
        fields["starts_at"] = parse_moment(errors, "starts_at", data.get("starts_at"))
    if "ends_at" in data:
        fields["ends_at"] = parse_moment(errors, "ends_at", data["ends_at"], required=False)
    if "location" in data:
        fields["location"] = stripped(data, "location")
    if "group" in data:
        group = data["group"]
        if group is not None and not isinstance(group, WorkingGroup):
            errors.add("group", "give a working group, or none for a meeting of the network")
        elif group is not None and not group.is_open:
            errors.add("group", f"{group} closed on {group.closed_on}")
        fields["group"] = group
    starts = fields.get("starts_at", meeting.starts_at if meeting.pk else None)
    ends = fields.get("ends_at", meeting.ends_at)
    if starts and ends and ends <= starts:
        errors.add("ends_at", "the meeting must end after it starts")
    fields.update(clean_tags(errors, data))
    return fields


@transaction.atomic
def schedule_meeting(actor: Any, data: Mapping[str, Any]) -> Meeting:
    """Schedule a meeting of the network or of one of its working groups (a past one may be
    entered afterwards, to record it)."""
    require(actor, "networkmeeting", "add", None)
    unknown(data, MEETING_FIELDS)
    errors = v.Errors()
    meeting = Meeting(created_by=actor)
    fields = _check_meeting(errors, meeting, data)
    errors.raise_if_any()
    for name, value in fields.items():
        setattr(meeting, name, value)
    audited_create(actor, meeting)
    return meeting


def _open_record(errors: v.Errors, meeting: Meeting, field: str = "meeting") -> None:
    """The meeting's record may still change: not cancelled, minutes not approved."""
    if meeting.status == c.MeetingStatus.CANCELLED:
        errors.add(field, f"the meeting was cancelled ({meeting.cancel_reason})")
    elif meeting.minutes_approved:
        errors.add(
            field,
            "the minutes of this meeting are approved and its record is closed; record "
            "corrections at a later meeting",
        )


def _started(errors: v.Errors, meeting: Meeting, field: str, what: str) -> None:
    if not meeting.has_started:
        when = timezone.localtime(meeting.starts_at).strftime("%Y-%m-%d %H:%M")
        errors.add(field, f"{what} once the meeting has begun (it starts {when})")


@transaction.atomic
def update_meeting(
    actor: Any, meeting: Meeting, data: Mapping[str, Any], version: int | None = None
) -> dict[str, Any]:
    """Reschedule or retitle a meeting, move it, or change its tags."""
    require_row(actor, meeting, "change")
    unknown(data, MEETING_FIELDS)
    errors = v.Errors()
    _open_record(errors, meeting)
    fields = _check_meeting(errors, meeting, data)
    if "starts_at" in fields and fields["starts_at"] and meeting.action_points.exists():
        first_due = min(meeting.action_points.values_list("due_on", flat=True))
        if timezone.localtime(fields["starts_at"]).date() > first_due:
            errors.add(
                "starts_at",
                f"action point due on {first_due.isoformat()} arose from this meeting; it "
                "cannot move after that",
            )
    errors.raise_if_any()
    return audited_update(actor, meeting, fields, list(fields), expected_version=version)


@transaction.atomic
def cancel_meeting(
    actor: Any, meeting: Meeting, reason: str, version: int | None = None
) -> Meeting:
    """Call off a scheduled meeting, saying why; one with decisions or action points was
    held and cannot be cancelled."""
    require_row(actor, meeting, "change")
    errors = v.Errors()
    if meeting.status != c.MeetingStatus.SCHEDULED:
        errors.add(
            "status", f"only a scheduled meeting can be cancelled; this one is {meeting.status}"
        )
    if not str(reason or "").strip():
        errors.add("cancel_reason", "say why the meeting is cancelled")
    if meeting.decisions.exists() or meeting.action_points.exists():
        errors.add("status", "decisions or action points were recorded: the meeting was held")
    errors.raise_if_any()
    audited_update(
        actor,
        meeting,
        {"status": c.MeetingStatus.CANCELLED, "cancel_reason": str(reason).strip()},
        ["status", "cancel_reason"],
        expected_version=version,
    )
    return meeting


def _mark_held(actor: Any, meeting: Meeting) -> None:
    if meeting.status == c.MeetingStatus.SCHEDULED:
        audited_update(actor, meeting, {"status": c.MeetingStatus.HELD}, ["status"])


@transaction.atomic
def add_agenda_item(actor: Any, meeting: Meeting, data: Mapping[str, Any]) -> AgendaItem:
    """The next item of a meeting's agenda, optionally presented by an organisation."""
    require_row(actor, meeting, "change")
    unknown(data, ["title", "presenter", "notes", "gcm_objectives", "sdg_targets"])
    errors = v.Errors()
    _open_record(errors, meeting)
    title = stripped(data, "title")
    if not title:
        errors.add("title", "give the agenda item")
    presenter = data.get("presenter")
    if presenter is not None and not isinstance(presenter, Organisation):
        errors.add("presenter", "give the presenting organisation, or none")
    tags = clean_tags(errors, data)
    errors.raise_if_any()
    last = meeting.agenda.aggregate(last=Max("position"))["last"] or 0
    item = AgendaItem(
        meeting=meeting,
        position=last + 1,
        title=title,
        presenter=presenter,
        notes=stripped(data, "notes"),
        **tags,
    )
    audited_create(actor, item)
    return item


@transaction.atomic
def record_attendance(
    actor: Any,
    meeting: Meeting,
    organisation: Organisation,
    status: str = c.AttendanceStatus.PRESENT,
    person: User | None = None,
) -> Attendance:
    """Who was there: an organisation, or one of its staff, present, excused or absent.
    Recording the same organisation (or person) again changes its status. Apologies come in
    advance; presence and absence once the meeting has begun."""
    require_row(actor, meeting, "change")
    errors = v.Errors()
    _open_record(errors, meeting)
    v.one_of(errors, "status", status, c.AttendanceStatus, required=True)
    if not isinstance(organisation, Organisation):
        errors.add("organisation", "give the organisation")
    if (
        person is not None
        and isinstance(organisation, Organisation)
        and not person.memberships.filter(organisation=organisation).exists()
    ):
        errors.add("person", f"{person.username} holds no role in {organisation}")
    if status != c.AttendanceStatus.APOLOGIES:
        _started(errors, meeting, "status", "presence and absence are recorded")
    errors.raise_if_any()
    found = Attendance.objects.filter(
        meeting=meeting, organisation=organisation, person=person
    ).first()
    if found is not None:
        audited_update(actor, found, {"status": status}, ["status"])
        return found
    found = Attendance(
        meeting=meeting, organisation=organisation, person=person, status=status, recorded_by=actor
    )
    audited_create(actor, found, organisation_id=organisation.pk)
    return found


@transaction.atomic
def record_minutes(actor: Any, meeting: Meeting, text: str, version: int | None = None) -> Meeting:
    """Write (or rewrite) the draft minutes of a meeting that has begun."""
    require_row(actor, meeting, "change")
    errors = v.Errors()
    _open_record(errors, meeting)
    _started(errors, meeting, "minutes", "minutes are written")
    if not str(text or "").strip():
        errors.add("minutes", "the minutes are empty")
    errors.raise_if_any()
    audited_update(
        actor, meeting, {"minutes": str(text).strip()}, ["minutes"], expected_version=version
    )
    _mark_held(actor, meeting)
    return meeting


@transaction.atomic
def approve_minutes(actor: Any, meeting: Meeting, version: int | None = None) -> Meeting:
    """Approve the minutes as written: they, the agenda, attendance and decisions are then
    the meeting's closed record. Who approved them and when is kept."""
    require_row(actor, meeting, "change")
    errors = v.Errors()
    _open_record(errors, meeting, "minutes")
    if not meeting.minutes.strip():
        errors.add("minutes", "there are no minutes to approve yet")
    errors.raise_if_any()
    audited_update(
        actor,
        meeting,
        {
            "minutes_approved_at": timezone.now(),
            "minutes_approved_by": actor,
            "status": c.MeetingStatus.HELD,
        },
        ["minutes_approved_at", "minutes_approved_by", "status"],
        expected_version=version,
    )
    return meeting


@transaction.atomic
def record_decision(actor: Any, meeting: Meeting, data: Mapping[str, Any]) -> Decision:
    """A decision taken at a meeting that has begun, numbered in order, optionally under one
    of its agenda items."""
    require_row(actor, meeting, "change")
    unknown(data, ["text", "agenda_item", "gcm_objectives", "sdg_targets"])
    errors = v.Errors()
    _open_record(errors, meeting)
    _started(errors, meeting, "meeting", "decisions are recorded")
    text = stripped(data, "text")
    if not text:
        errors.add("text", "say what was decided")
    item = data.get("agenda_item")
    if item is not None and (not isinstance(item, AgendaItem) or item.meeting_id != meeting.pk):
        errors.add("agenda_item", "choose an item of this meeting's agenda")
    tags = clean_tags(errors, data)
    errors.raise_if_any()
    # Numbers in order: lock the meeting so two decisions recorded at once differ.
    Meeting.objects.select_for_update().filter(pk=meeting.pk).exists()
    number = (meeting.decisions.aggregate(last=Max("number"))["last"] or 0) + 1
    found = Decision(
        meeting=meeting, number=number, text=text, agenda_item=item, created_by=actor, **tags
    )
    audited_create(actor, found)
    _mark_held(actor, meeting)
    return found
