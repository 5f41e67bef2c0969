"""Every read of the network's coordination, through `restrict`.

On top of the grants, the network's records are for the network: a user reads them when one
of their organisations (or an organisation above it, for a unit) is a member or an observer,
or when the matrix lets them run the network (the secretariat). Documents are narrowed
further by their access level; public documents are read by anyone, signed in or not.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from tipsom.core.models import Organisation, User
from tipsom.core.querysets import access_for, memberships_of
from tipsom.core.selectors import get_restricted
from tipsom.network import choices as c
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

# --- who takes part --------------------------------------------------------------------------


def runs_network(user: Any, resource: str = "networkmeeting") -> bool:
    """Whether the matrix lets ``user`` write ``resource`` network-wide (the secretariat)."""
    return access_for(user, resource, "add").network


def participating_organisations() -> set[int]:
    """Members and observers, and every unit below one."""
    rows = list(Organisation.objects.values_list("pk", "parent_id", "network_status"))
    children: dict[int | None, list[int]] = {}
    for pk, parent, _status in rows:
        children.setdefault(parent, []).append(pk)
    found: set[int] = set()
    stack = [pk for pk, _parent, status in rows if status in c.PARTICIPANT_STATUSES]
    while stack:
        pk = stack.pop()
        if pk not in found:
            found.add(pk)
            stack.extend(children.get(pk, ()))
    return found


def participates(user: Any) -> bool:
    """Whether ``user`` reads the network's records: staff of a participating organisation
    (or of a unit under one), and whoever runs the network. Cached on the user object."""
    if user is None or not user.is_authenticated or not user.is_active:
        return False
    cached = getattr(user, "_tipsom_network_participant", None)
    if cached is None:
        own = {org for org, _role in memberships_of(user)}
        cached = runs_network(user) or bool(own & participating_organisations())
        user._tipsom_network_participant = cached
    return cached


def _visible(queryset: QuerySet, user: Any, action: str = "view") -> QuerySet:
    found = queryset.restrict(user, action)  # type: ignore[attr-defined]
    return found if participates(user) else found.none()


def _get(queryset: QuerySet, user: Any, pk: Any, action: str = "view") -> Any:
    if not participates(user):
        raise Http404
    return get_restricted(queryset, user, pk, action)


# --- members, focal points, governance -------------------------------------------------------


def members(user: Any) -> QuerySet[Organisation]:
    """Member and observer organisations, with their focal points and governance terms."""
    if access_for(user, "networkmember", "view").none or not participates(user):
        return Organisation.objects.none()
    return (
        Organisation.objects.restrict(user, "view")
        .filter(network_status__in=c.PARTICIPANT_STATUSES)
        .prefetch_related(
            Prefetch(
                "network_focal_points",
                queryset=FocalPoint.objects.select_related("user").order_by("kind", "pk"),
            ),
            Prefetch("network_governance", queryset=GovernanceTerm.objects.order_by("-starts_on")),
        )
        .order_by("name")
    )


def member(user: Any, pk: Any) -> Organisation:
    return _get(members(user), user, pk)


def organisation(user: Any, pk: Any) -> Organisation:
    """Any organisation of the directory (to set its membership), for the network's readers."""
    return _get(Organisation.objects.all(), user, pk)


def organisations(user: Any) -> QuerySet[Organisation]:
    """The directory, for choosing an organisation to admit or to invite."""
    if not participates(user):
        return Organisation.objects.none()
    return Organisation.objects.restrict(user, "view").filter(is_active=True).order_by("name")


def focal_point_of(user: Any, organisation: Organisation, pk: Any) -> FocalPoint:
    return _get(FocalPoint.objects.filter(organisation=organisation), user, pk)


def staff_of(organisation: Organisation) -> QuerySet[User]:
    """Active users holding a role in ``organisation``: who may be named its focal point."""
    return (
        User.objects.filter(memberships__organisation=organisation, is_active=True)
        .distinct()
        .order_by("username")
    )


def staff_by_organisation(user: Any) -> dict[int, list[User]]:
    """Active staff of each member and observer organisation, for designating focal points
    (only for whoever runs the network)."""
    from tipsom.core.models import Membership

    if not runs_network(user, "networkmember"):
        return {}
    found: dict[int, dict[int, User]] = {}
    rows = Membership.objects.filter(
        organisation__network_status__in=c.PARTICIPANT_STATUSES, user__is_active=True
    ).select_related("user")
    for row in rows.order_by("user__username"):
        found.setdefault(row.organisation_id, {})[row.user_id] = row.user
    return {org: list(users.values()) for org, users in found.items()}


def people(user: Any) -> QuerySet[User]:
    """Active staff of participating organisations, for recording who attended a meeting
    (only for whoever runs the network)."""
    if not runs_network(user, "networkmeeting"):
        return User.objects.none()
    return (
        User.objects.filter(
            is_active=True, memberships__organisation__in=participating_organisations()
        )
        .distinct()
        .order_by("username")
    )


def governance(user: Any, current_only: bool = False) -> QuerySet[GovernanceTerm]:
    found = _visible(GovernanceTerm.objects.select_related("organisation"), user)
    if current_only:
        today = timezone.localdate()
        found = found.filter(starts_on__lte=today).filter(
            Q(ends_on__isnull=True) | Q(ends_on__gte=today)
        )
    return found.order_by("role", "-starts_on")


def governance_term(user: Any, pk: Any) -> GovernanceTerm:
    return _get(GovernanceTerm.objects.select_related("organisation"), user, pk)


# --- working groups -------------------------------------------------------------------------


def groups(user: Any) -> QuerySet[WorkingGroup]:
    return _visible(
        WorkingGroup.objects.prefetch_related(
            Prefetch("members", queryset=GroupMember.objects.select_related("organisation"))
        ),
        user,
    )


def group(user: Any, pk: Any) -> WorkingGroup:
    return _get(groups(user), user, pk)


def group_member_of(group: WorkingGroup, pk: Any) -> GroupMember:
    found = group.members.filter(pk=pk).first() if str(pk).isdigit() else None
    if found is None:
        raise Http404
    return found


# --- meetings -------------------------------------------------------------------------------


def meetings(user: Any, filters: dict[str, Any] | None = None) -> QuerySet[Meeting]:
    filters = filters or {}
    found = _visible(Meeting.objects.select_related("group"), user)
    if filters.get("group"):
        found = (
            found.filter(group_id=filters["group"])
            if str(filters["group"]).isdigit()
            else found.none()
        )
    if filters.get("plenary"):
        found = found.filter(group__isnull=True)
    if filters.get("upcoming"):
        found = found.filter(
            starts_at__gte=timezone.now() - timedelta(hours=12),
            status=c.MeetingStatus.SCHEDULED,
        ).order_by("starts_at", "pk")
    return found


def meeting(user: Any, pk: Any) -> Meeting:
    return _get(Meeting.objects.select_related("group", "minutes_approved_by"), user, pk)


def agenda_of(meeting: Meeting) -> QuerySet[AgendaItem]:
    return meeting.agenda.select_related("presenter").order_by("position")


def attendance_of(meeting: Meeting) -> QuerySet[Attendance]:
    return meeting.attendance.select_related("organisation", "person").order_by(
        "organisation__name", "person__username"
    )


def decisions(user: Any, filters: dict[str, Any] | None = None) -> QuerySet[Decision]:
    filters = filters or {}
    found = _visible(Decision.objects.select_related("meeting", "agenda_item"), user)
    if filters.get("meeting"):
        found = (
            found.filter(meeting_id=filters["meeting"])
            if str(filters["meeting"]).isdigit()
            else found.none()
        )
    return found.order_by("-meeting__starts_at", "number")


def decision(user: Any, pk: Any) -> Decision:
    return _get(Decision.objects.select_related("meeting"), user, pk)


def decisions_of(meeting: Meeting) -> QuerySet[Decision]:
    return meeting.decisions.select_related("agenda_item").order_by("number")


def agenda_item_of(meeting: Meeting, pk: Any) -> AgendaItem:
    found = meeting.agenda.filter(pk=pk).first() if str(pk).isdigit() else None
    if found is None:
        raise Http404
    return found


# --- action points --------------------------------------------------------------------------


def own_organisations(user: Any) -> list[int]:
    """The user's organisations and the units below them: whose action points are 'ours'."""
    from tipsom.core.querysets import organisation_subtree

    return sorted(organisation_subtree({org for org, _role in memberships_of(user)}))


def action_points(user: Any, filters: dict[str, Any] | None = None) -> QuerySet[ActionPoint]:
    """Action points the user reads; ``mine``: owned by the user's organisations; ``status``
    (one of the statuses, or ``pending``: open or in progress); ``overdue``; ``meeting``;
    ``owner``."""
    filters = filters or {}
    found = _visible(
        ActionPoint.objects.select_related("meeting", "owner", "decision", "closed_by"), user
    )
    if _true(filters.get("mine")):
        found = found.filter(owner_id__in=own_organisations(user))
    status = filters.get("status")
    if status == "pending":
        found = found.filter(status__in=c.PENDING)
    elif status:
        found = found.filter(status=status) if status in c.ActionStatus.values else found.none()
    if _true(filters.get("overdue")):
        found = found.filter(status__in=c.PENDING, due_on__lt=timezone.localdate())
    for name, column in (("meeting", "meeting_id"), ("owner", "owner_id")):
        if filters.get(name):
            value = str(filters[name])
            found = found.filter(**{column: value}) if value.isdigit() else found.none()
    return found.order_by("due_on", "pk")


def _true(value: Any) -> bool:
    return str(value).lower() in {"1", "true", "on", "yes"}


def action_point(user: Any, pk: Any, action: str = "view") -> ActionPoint:
    return _get(
        ActionPoint.objects.select_related("meeting", "owner", "decision", "closed_by"),
        user,
        pk,
        action,
    )


def action_points_of(meeting: Meeting) -> QuerySet[ActionPoint]:
    return meeting.action_points.select_related("owner", "decision", "closed_by").order_by(
        "due_on", "pk"
    )


def changeable_action_points(user: Any) -> set[int]:
    """Ids of action points whose status ``user`` may change (for the buttons)."""
    return set(
        ActionPoint.objects.restrict(user, "change")
        .filter(status__in=c.PENDING)
        .values_list("pk", flat=True)
    )


def may_change_status(user: Any, point: ActionPoint) -> bool:
    return ActionPoint.objects.restrict(user, "change").filter(pk=point.pk).exists()


def due_for_reminder(days: int, today: Any = None) -> QuerySet[ActionPoint]:
    """Open or in-progress action points due within ``days`` days, or overdue, not yet
    reminded today."""
    today = today or timezone.localdate()
    return (
        ActionPoint.objects.filter(status__in=c.PENDING, due_on__lte=today + timedelta(days=days))
        .exclude(last_reminded_on=today)
        .select_related("owner", "meeting")
        .order_by("due_on", "pk")
    )


# --- documents ------------------------------------------------------------------------------


def reading_levels(user: Any) -> list[str]:
    """The access levels ``user`` reads: the public's; members' for a participant; all for
    whoever keeps the network's documents (the secretariat)."""
    levels = [c.AccessLevel.PUBLIC.value]
    if participates(user) and not access_for(user, "networkdocument", "view").none:
        levels.append(c.AccessLevel.MEMBERS.value)
        if access_for(user, "networkdocument", "change").network:
            levels.append(c.AccessLevel.SECRETARIAT.value)
    return levels


def documents(user: Any, filters: dict[str, Any] | None = None) -> QuerySet[Document]:
    filters = filters or {}
    levels = reading_levels(user)
    if len(levels) == 1:
        # Public documents are readable by anyone: that is what the level means.
        found = Document.objects.filter(access_level=c.AccessLevel.PUBLIC)
    else:
        found = Document.objects.restrict(user, "view").filter(access_level__in=levels)
    found = found.select_related("meeting", "group", "uploaded_by")
    for name, column in (("meeting", "meeting_id"), ("group", "group_id")):
        if filters.get(name):
            value = str(filters[name])
            found = found.filter(**{column: value}) if value.isdigit() else found.none()
    if filters.get("access_level"):
        found = found.filter(access_level=filters["access_level"])
    return found.order_by("-uploaded_at", "-pk")


def public_documents() -> QuerySet[Document]:
    return documents(None)


def document(user: Any, pk: Any) -> Document:
    try:
        return documents(user).get(pk=pk)
    except (Document.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404 from exc


def document_for_change(user: Any, pk: Any, action: str = "change") -> Document:
    return _get(Document.objects.all(), user, pk, action)


# --- the dashboard --------------------------------------------------------------------------


def dashboard(user: Any) -> dict[str, Any]:
    """The network home: members, governance, groups, upcoming and recent meetings, open
    and overdue action points."""
    today = timezone.localdate()
    pending = action_points(user, {"status": "pending"})
    return {
        "members": members(user),
        "groups": groups(user).filter(Q(closed_on__isnull=True) | Q(closed_on__gte=today)),
        "upcoming": meetings(user, {"upcoming": True})[:10],
        "recent": meetings(user).filter(starts_at__lt=timezone.now())[:5],
        "pending": pending[:50],
        "overdue": pending.filter(due_on__lt=today),
    }


def dashboard_card(user: Any) -> tuple[str, dict[str, Any]] | None:
    """Home-page card: the user's organisations' pending action points, how many overdue."""
    if not participates(user):
        return None
    mine = action_points(user, {"mine": True, "status": "pending"})
    if not mine.exists() and not runs_network(user):
        return None
    return "network/_dashboard_card.html", {
        "pending": mine.count(),
        "overdue": mine.filter(due_on__lt=timezone.localdate()).count(),
        "upcoming": meetings(user, {"upcoming": True}).count(),
    }
