"""Members and their focal points, governance terms, working groups."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from django.db import transaction
from django.utils import timezone

from tipsom.cases import validation as v
from tipsom.core import audit
from tipsom.core.choices import AuditAction, NetworkStatus
from tipsom.core.models import Organisation, User
from tipsom.core.services import audited_create, audited_update, require, require_row
from tipsom.network import choices as c
from tipsom.network.models import ActionPoint, FocalPoint, GovernanceTerm, GroupMember, WorkingGroup
from tipsom.network.services._common import (
    clean_tags,
    parse_date,
    participant,
    stripped,
    unknown,
)

# --- members and focal points ---------------------------------------------------------------


@transaction.atomic
def set_membership(
    actor: Any, organisation: Organisation, status: str, joined_on: Any = None
) -> dict[str, Any]:
    """Admit an organisation to the network (member or observer), change its status, or
    record that it left. Joining needs the date (not in the future; today if not given
    when it joins now). Leaving is refused while it owns pending action points or holds a
    governance term: those are reassigned or ended first."""
    require(actor, "networkmember", "change", organisation)
    errors = v.Errors()
    v.one_of(errors, "network_status", status, NetworkStatus, required=True)
    joined = parse_date(errors, "joined_network_on", joined_on, required=False)
    v.not_future(errors, "joined_network_on", joined)
    errors.raise_if_any()
    # A term not yet over (current or to come) belongs to a member.
    holds_term = (
        GovernanceTerm.objects.filter(organisation=organisation)
        .exclude(ends_on__lt=timezone.localdate())
        .exists()
    )
    if status != NetworkStatus.MEMBER and holds_term:
        errors.add(
            "network_status",
            f"{organisation} holds a governance term; only members hold one, end it first",
        )
    if status == NetworkStatus.NON_MEMBER:
        pending = ActionPoint.objects.filter(owner=organisation, status__in=c.PENDING)
        if pending.exists():
            refs = ", ".join(f"AP-{pk}" for pk in pending.values_list("pk", flat=True)[:10])
            errors.add(
                "network_status",
                f"{organisation} owns pending action points ({refs}); give them to another "
                "organisation or close them first",
            )
        joined = None
    else:
        joined = joined or organisation.joined_network_on or timezone.localdate()
    errors.raise_if_any()
    return audited_update(
        actor,
        organisation,
        {"network_status": status, "joined_network_on": joined},
        ["network_status", "joined_network_on"],
        organisation_id=organisation.pk,
    )


@transaction.atomic
def add_focal_point(
    actor: Any, organisation: Organisation, user: Any, kind: str = c.FocalPointKind.PRIMARY
) -> FocalPoint:
    """Designate a user of a member (or observer) organisation as its focal point, or its
    alternate. One focal point and any number of alternates per organisation."""
    require(actor, "networkmember", "add", organisation)
    errors = v.Errors()
    v.one_of(errors, "kind", kind, c.FocalPointKind, required=True)
    participant(errors, "organisation", organisation, "organisation")
    if not isinstance(user, User):
        errors.add("user", "give the user to designate")
    else:
        if not user.is_active:
            errors.add("user", f"{user.username} is deactivated")
        elif not user.memberships.filter(organisation=organisation).exists():
            errors.add(
                "user",
                f"{user.username} holds no role in {organisation}; a focal point is one of "
                "its own staff",
            )
        elif FocalPoint.objects.filter(organisation=organisation, user=user).exists():
            errors.add("user", f"{user.username} is already a focal point of {organisation}")
    if kind == c.FocalPointKind.PRIMARY:
        current = FocalPoint.objects.filter(organisation=organisation, kind=kind).first()
        if current is not None:
            errors.add(
                "kind",
                f"{organisation} already has a focal point ({current.user.username}); remove "
                "it first, or designate this user as alternate",
            )
    errors.raise_if_any()
    found = FocalPoint(organisation=organisation, user=user, kind=kind, designated_by=actor)
    audited_create(actor, found)
    return found


@transaction.atomic
def remove_focal_point(actor: Any, found: FocalPoint) -> None:
    require_row(actor, found, "delete")
    audit.record(
        AuditAction.DELETE,
        actor=actor,
        instance=found,
        organisation_id=found.organisation_id,
        summary=f"user {found.user_id} no longer a {found.kind} focal point",
        changes={"user": [found.user_id, None], "kind": [found.kind, None]},
    )
    found.delete()


# --- governance -----------------------------------------------------------------------------


def _overlaps(a_start: date, a_end: date | None, b_start: date, b_end: date | None) -> bool:
    return (b_end is None or a_start <= b_end) and (a_end is None or b_start <= a_end)


def _check_term(
    errors: v.Errors, term: GovernanceTerm, starts: date | None, ends: date | None
) -> None:
    if starts and ends and ends < starts:
        errors.add("ends_on", "the term cannot end before it starts")
    if not starts or errors.errors:
        return
    same_role = GovernanceTerm.objects.filter(role=term.role).exclude(pk=term.pk)
    for other in same_role.select_related("organisation"):
        if not _overlaps(starts, ends, other.starts_on, other.ends_on):
            continue
        until = other.ends_on.isoformat() if other.ends_on else "further notice"
        if other.organisation_id == term.organisation_id:
            errors.add(
                "starts_on",
                f"{other.organisation} already holds this role from "
                f"{other.starts_on.isoformat()} until {until}",
            )
        elif term.role in c.SINGLE_HOLDER_ROLES:
            errors.add(
                "starts_on",
                f"{other.organisation} is {term.get_role_display()} from "
                f"{other.starts_on.isoformat()} until {until}; one organisation at a time "
                "holds this role",
            )


@transaction.atomic
def add_governance_term(
    actor: Any, organisation: Organisation, data: Mapping[str, Any]
) -> GovernanceTerm:
    """A member organisation's governance role for a term (chair, co-chair, secretariat,
    executive committee member). The chair and the secretariat are held by one organisation
    at a time; no organisation holds the same role twice over the same days."""
    require(actor, "networkmember", "add", organisation)
    unknown(data, ["role", "starts_on", "ends_on", "note"])
    errors = v.Errors()
    role = stripped(data, "role")
    v.one_of(errors, "role", role, c.GovernanceRole, required=True)
    if organisation.network_status != NetworkStatus.MEMBER:
        errors.add(
            "organisation",
            f"{organisation} is {organisation.get_network_status_display()}; only members "
            "hold governance roles",
        )
    starts = parse_date(errors, "starts_on", data.get("starts_on"))
    ends = parse_date(errors, "ends_on", data.get("ends_on"), required=False)
    term = GovernanceTerm(organisation=organisation, role=role, created_by=actor)
    _check_term(errors, term, starts, ends)
    errors.raise_if_any()
    assert starts is not None  # required: an error above otherwise
    term.starts_on, term.ends_on, term.note = starts, ends, stripped(data, "note")
    audited_create(actor, term)
    return term


@transaction.atomic
def end_governance_term(actor: Any, term: GovernanceTerm, ends_on: Any = None) -> GovernanceTerm:
    """End a term on a date (today if not given), not before it started."""
    require_row(actor, term, "change")
    errors = v.Errors()
    ends = parse_date(errors, "ends_on", ends_on, required=False) or timezone.localdate()
    if term.ends_on is not None and term.ends_on < timezone.localdate():
        errors.add("ends_on", f"the term already ended on {term.ends_on.isoformat()}")
    _check_term(errors, term, term.starts_on, ends)
    errors.raise_if_any()
    audited_update(
        actor, term, {"ends_on": ends}, ["ends_on"], organisation_id=term.organisation_id
    )
    return term


# --- working groups -------------------------------------------------------------------------

GROUP_FIELDS = [
    "name",
    "kind",
    "terms_of_reference",
    "established_on",
    "closed_on",
    "gcm_objectives",
    "sdg_targets",
]


def _check_group(errors: v.Errors, group: WorkingGroup, data: Mapping[str, Any]) -> dict:
    fields: dict[str, Any] = {}
    if "name" in data or group.pk is None:
        name = stripped(data, "name")
        if not name:
            errors.add("name", "give the group's name")
        elif WorkingGroup.objects.filter(name__iexact=name).exclude(pk=group.pk).exists():
            errors.add("name", f"a group named '{name}' already exists")
        fields["name"] = name
    if "kind" in data or group.pk is None:
        kind = stripped(data, "kind") or c.GroupKind.WORKING_GROUP
        v.one_of(errors, "kind", kind, c.GroupKind, required=True)
        fields["kind"] = kind
    if "terms_of_reference" in data:
        fields["terms_of_reference"] = str(data["terms_of_reference"] or "").strip()
    if "established_on" in data or group.pk is None:
        fields["established_on"] = parse_date(
            errors, "established_on", data.get("established_on") or timezone.localdate()
        )
    if "closed_on" in data:
        fields["closed_on"] = parse_date(errors, "closed_on", data["closed_on"], required=False)
    established = fields.get("established_on", group.established_on if group.pk else None)
    closed = fields.get("closed_on", group.closed_on)
    if established and closed and closed < established:
        errors.add("closed_on", "a group cannot close before it was established")
    fields.update(clean_tags(errors, data))
    return fields


@transaction.atomic
def create_group(actor: Any, data: Mapping[str, Any]) -> WorkingGroup:
    """A working group, workstream or task force, with its terms of reference."""
    require(actor, "networkgroup", "add", None)
    unknown(data, GROUP_FIELDS)
    errors = v.Errors()
    group = WorkingGroup(created_by=actor)
    fields = _check_group(errors, group, data)
    errors.raise_if_any()
    for name, value in fields.items():
        setattr(group, name, value)
    audited_create(actor, group)
    return group


@transaction.atomic
def update_group(actor: Any, group: WorkingGroup, data: Mapping[str, Any]) -> dict[str, Any]:
    """Rename a group, change its terms of reference or tags, or close it."""
    require_row(actor, group, "change")
    unknown(data, GROUP_FIELDS)
    errors = v.Errors()
    fields = _check_group(errors, group, data)
    errors.raise_if_any()
    return audited_update(actor, group, fields, list(fields))


@transaction.atomic
def add_group_member(
    actor: Any,
    group: WorkingGroup,
    organisation: Organisation,
    role: str = c.GroupRole.MEMBER,
    joined_on: Any = None,
) -> GroupMember:
    """An organisation of the network joins a group (one lead per group)."""
    require_row(actor, group, "change")
    errors = v.Errors()
    v.one_of(errors, "role", role, c.GroupRole, required=True)
    participant(errors, "organisation", organisation, "organisation")
    joined = parse_date(errors, "joined_on", joined_on or timezone.localdate())
    if not group.is_open:
        errors.add("group", f"{group} closed on {group.closed_on}")
    if (
        isinstance(organisation, Organisation)
        and group.members.filter(organisation=organisation).exists()
    ):
        errors.add("organisation", f"{organisation} is already in {group}")
    if role == c.GroupRole.LEAD:
        lead = group.members.filter(role=c.GroupRole.LEAD).select_related("organisation").first()
        if lead is not None:
            errors.add(
                "role",
                f"{lead.organisation} already leads {group}; add this one as co-lead, or "
                "remove the lead first",
            )
    errors.raise_if_any()
    assert joined is not None  # required: an error above otherwise
    found = GroupMember(
        group=group, organisation=organisation, role=role, joined_on=joined, added_by=actor
    )
    audited_create(actor, found, organisation_id=organisation.pk)
    return found


@transaction.atomic
def remove_group_member(actor: Any, found: GroupMember) -> None:
    require_row(actor, found, "delete")
    audit.record(
        AuditAction.DELETE,
        actor=actor,
        instance=found,
        organisation_id=found.organisation_id,
        summary=f"organisation {found.organisation_id} left group {found.group_id}",
        changes={"organisation": [found.organisation_id, None], "role": [found.role, None]},
    )
    found.delete()
