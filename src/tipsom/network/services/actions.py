"""Action points: set by the secretariat at a meeting, moved along by their owner
organisation, reminded to its focal points."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Prefetch
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_noop

from tipsom.cases import validation as v
from tipsom.core import audit
from tipsom.core.choices import AuditAction
from tipsom.core.querysets import access_for
from tipsom.core.services import audited_create, audited_update, notify, require, require_row
from tipsom.network import choices as c
from tipsom.network.models import ActionPoint, Decision, FocalPoint, Meeting
from tipsom.network.services._common import (
    clean_tags,
    parse_date,
    participant,
    stripped,
    unknown,
)

ACTION_FIELDS = [
    "meeting",
    "decision",
    "title",
    "description",
    "owner",
    "due_on",
    "gcm_objectives",
    "sdg_targets",
]
# What the secretariat may change after setting an action point (its status has its own act).
EDITABLE = ["title", "description", "owner", "due_on", "gcm_objectives", "sdg_targets"]


def url_of(point: ActionPoint) -> str:
    return reverse("network:meeting_detail", args=[point.meeting_id]) + f"#ap-{point.pk}"


def _focal_users(point: ActionPoint) -> list[Any]:
    return [
        fp.user
        for fp in FocalPoint.objects.filter(organisation_id=point.owner_id, user__is_active=True)
        .select_related("user")
        .order_by("kind", "pk")
    ]


def _tell(
    users: Iterable[Any], kind: str, subject: str, point: ActionPoint, extra: str = ""
) -> None:
    """Notify by reference, owner and date only: titles are typed freely and mail leaves
    the system. ``subject`` is stored in English and translated when shown."""
    body = f"{point.reference}, owned by {point.owner.label}, due on {point.due_on.isoformat()}"
    notify(users, kind, subject, body + extra, url_of(point))


def _check_due(errors: v.Errors, meeting: Meeting | None, due: date | None) -> None:
    if meeting is not None and due is not None and due < meeting.day:
        errors.add(
            "due_on",
            f"{due.isoformat()} is before the meeting ({meeting.day.isoformat()}); an action "
            "point falls due on or after the meeting that set it",
        )


@transaction.atomic
def add_action_point(actor: Any, data: Mapping[str, Any]) -> ActionPoint:
    """Set an action point at a meeting (or under one of its decisions): what, which member
    organisation owns it, by when (not before the meeting). Its focal points are told."""
    require(actor, "actionpoint", "add", None)
    unknown(data, ACTION_FIELDS)
    errors = v.Errors()
    meeting, decision = data.get("meeting"), data.get("decision")
    if decision is not None and not isinstance(decision, Decision):
        errors.add("decision", "give a decision, or none")
        decision = None
    if meeting is not None and not isinstance(meeting, Meeting):
        errors.add("meeting", "give a meeting")
        meeting = None
    if decision is not None:
        if meeting is not None and decision.meeting_id != meeting.pk:
            errors.add(
                "decision",
                f"decision {decision.number} was taken at meeting #{decision.meeting_id}, not "
                f"at meeting #{meeting.pk}",
            )
        meeting = meeting or decision.meeting
    if meeting is None and "meeting" not in errors.errors:
        errors.add("meeting", "give the meeting (or the decision) the action point arises from")
    if meeting is not None:
        if meeting.status == c.MeetingStatus.CANCELLED:
            errors.add("meeting", f"the meeting was cancelled ({meeting.cancel_reason})")
        elif not meeting.has_started:
            when = timezone.localtime(meeting.starts_at).strftime("%Y-%m-%d %H:%M")
            errors.add("meeting", f"action points arise once the meeting has begun ({when})")
    title = stripped(data, "title")
    if not title:
        errors.add("title", "say what is to be done")
    owner = data.get("owner")
    participant(errors, "owner", owner, "owner organisation")
    due = parse_date(errors, "due_on", data.get("due_on"))
    _check_due(errors, meeting, due)
    tags = clean_tags(errors, data)
    errors.raise_if_any()
    assert meeting is not None and due is not None  # required: an error above otherwise
    point = ActionPoint(
        meeting=meeting,
        decision=decision,
        title=title,
        description=stripped(data, "description"),
        owner=owner,
        due_on=due,
        created_by=actor,
        **tags,
    )
    audited_create(actor, point, organisation_id=point.owner_id)
    _tell(_focal_users(point), "network.actionpoint.new", gettext_noop("New action point"), point)
    return point


def _runs(actor: Any) -> bool:
    return access_for(actor, "actionpoint", "change").network


@transaction.atomic
def update_action_point(
    actor: Any, point: ActionPoint, data: Mapping[str, Any], version: int | None = None
) -> dict[str, Any]:
    """The secretariat changes a pending action point: its wording, owner, due date or tags
    (a new owner's focal points are told)."""
    require_row(actor, point, "change")
    if not _runs(actor):
        raise PermissionDenied(
            "only the network secretariat changes an action point; its owner changes its status"
        )
    unknown(data, EDITABLE)
    errors = v.Errors()
    if not point.is_pending:
        errors.add("status", f"{point.reference} is {point.status}; reopen it first")
    fields: dict[str, Any] = {}
    if "title" in data:
        fields["title"] = stripped(data, "title")
        if not fields["title"]:
            errors.add("title", "say what is to be done")
    if "description" in data:
        fields["description"] = stripped(data, "description")
    if "owner" in data:
        participant(errors, "owner", data["owner"], "owner organisation")
        fields["owner"] = data["owner"]
    if "due_on" in data:
        fields["due_on"] = parse_date(errors, "due_on", data["due_on"])
        _check_due(errors, point.meeting, fields["due_on"])
    fields.update(clean_tags(errors, data))
    errors.raise_if_any()
    old_owner = point.owner_id
    changes = audited_update(
        actor,
        point,
        fields,
        list(fields),
        expected_version=version,
        organisation_id=point.owner_id,
    )
    if point.owner_id != old_owner:
        _tell(
            _focal_users(point), "network.actionpoint.new", gettext_noop("New action point"), point
        )
    return changes


@transaction.atomic
def set_status(
    actor: Any, point: ActionPoint, status: str, note: str = "", version: int | None = None
) -> ActionPoint:
    """Move an action point along: open, in progress, done. Its owner organisation's focal
    points, supervisors and admins do this, and the secretariat; only the secretariat
    cancels one (saying why) or reopens a closed one. Closing records who closed it and
    when; reopening clears that (the audit log keeps it)."""
    require_row(actor, point, "change")
    runs = _runs(actor)
    errors = v.Errors()
    v.one_of(errors, "status", status, c.ActionStatus, required=True)
    errors.raise_if_any()
    if not runs and point.status in c.CLOSED:
        raise PermissionDenied(
            f"{point.reference} is {point.status}; only the network secretariat reopens it"
        )
    if not runs and status == c.ActionStatus.CANCELLED:
        raise PermissionDenied(
            "only the network secretariat cancels an action point; mark it done, or ask the "
            "secretariat to cancel it"
        )
    if status == point.status:
        errors.add("status", f"{point.reference} is already {point.get_status_display()}")
    note = str(note or "").strip()
    if status == c.ActionStatus.CANCELLED and not note:
        errors.add("status_note", "say why the action point is cancelled")
    errors.raise_if_any()
    closing = status in c.CLOSED
    audited_update(
        actor,
        point,
        {
            "status": status,
            "status_note": note,
            "closed_by": actor if closing else None,
            "closed_at": timezone.now() if closing else None,
        },
        ["status", "status_note", "closed_by", "closed_at"],
        expected_version=version,
        organisation_id=point.owner_id,
    )
    # The other side hears of it: the secretariat member who set it, or the owner's focal
    # points when the secretariat moved it.
    told = [point.created_by] if point.created_by_id != actor.pk else []
    if runs:
        told += _focal_users(point)
    subject = {
        c.ActionStatus.DONE: gettext_noop("Action point done"),
        c.ActionStatus.CANCELLED: gettext_noop("Action point cancelled"),
    }.get(status, gettext_noop("Action point status changed"))  # type: ignore[call-overload]
    _tell(
        [u for u in told if u is not None and u.pk != actor.pk],
        "network.actionpoint.status",
        subject,
        point,
        f": {status}",
    )
    return point


def remind(days: int = 7, today: date | None = None) -> dict[str, int]:
    """Tell the owner organisation's focal points of each open or in-progress action point
    due within ``days`` days or overdue: once per action point per day, however often this
    runs, each reminder audited. An owner without focal points is counted, not told."""
    if not isinstance(days, int) or days < 0:
        raise ValidationError({"days": f"'{days}' is not a number of days; give 0 or more"})
    from tipsom.network.selectors import due_for_reminder

    today = today or timezone.localdate()
    counts = {"reminded": 0, "overdue": 0, "without_focal_point": 0, "people": 0}
    active = FocalPoint.objects.filter(user__is_active=True).select_related("user")
    points = due_for_reminder(days, today).prefetch_related(
        Prefetch("owner__network_focal_points", queryset=active.order_by("kind", "pk"))
    )
    for point in points:
        users = [fp.user for fp in point.owner.network_focal_points.all()]
        if not users:
            counts["without_focal_point"] += 1
            continue
        with transaction.atomic():
            claimed = (
                ActionPoint.objects.filter(pk=point.pk)
                .exclude(last_reminded_on=today)
                .update(last_reminded_on=today)
            )
            if not claimed:
                continue  # another run got there first
            late = (today - point.due_on).days
            if late > 0:
                subject = gettext_noop("Action point overdue")
                extra = f" ({late} days overdue)"
                counts["overdue"] += 1
            else:
                subject, extra = gettext_noop("Action point due soon"), ""
            _tell(users, "network.actionpoint.reminder", subject, point, extra)
            audit.record(
                AuditAction.SYSTEM,
                instance=point,
                organisation_id=point.owner_id,
                summary=f"{point.reference} due {point.due_on.isoformat()}: "
                f"{len(users)} focal points reminded",
                changes={"reminded": [u.pk for u in users], "on": today.isoformat()},
            )
            counts["reminded"] += 1
            counts["people"] += len(users)
    return counts
