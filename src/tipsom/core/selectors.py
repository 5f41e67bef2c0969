"""Reads of the core app. Each goes through `restrict`; reads of personal data are audited."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, time
from typing import Any

from django.db import models, transaction
from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.dateparse import parse_date

from tipsom.core import audit
from tipsom.core.choices import AuditAction
from tipsom.core.models import AuditEntry, ContactPoint, Job, Notification, Organisation, User
from tipsom.core.querysets import access_for


def get_restricted(queryset: QuerySet, user: Any, pk: Any, action: str = "view") -> Any:
    """One row the user may ``action``, else 404 (never 403: existence is not disclosed)."""
    try:
        return queryset.restrict(user, action).get(pk=pk)  # type: ignore[attr-defined]
    except (queryset.model.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404 from exc


def can(user: Any, instance: models.Model, action: str) -> bool:
    """Whether ``user`` may ``action`` this row (the same rule `restrict` applies to lists)."""
    manager = type(instance)._default_manager
    return manager.filter(pk=instance.pk).restrict(user, action).exists()  # type: ignore[attr-defined]


def record_view(
    user: Any, instances: Sequence[models.Model] | models.Model, summary: str = ""
) -> None:
    """Audit that ``user`` was shown these sensitive rows."""
    rows = list(instances) if isinstance(instances, Sequence) else [instances]
    if not rows:
        return
    first = rows[0]
    with transaction.atomic():
        audit.record(
            AuditAction.VIEW,
            actor=user,
            object_type=first._meta.label_lower,
            object_id=str(first.pk) if len(rows) == 1 else "",
            summary=summary or f"viewed {len(rows)} {first._meta.verbose_name_plural}",
            changes={"ids": [r.pk for r in rows]} if len(rows) > 1 else {},
        )


def organisations(user: Any, filters: dict[str, Any] | None = None) -> QuerySet[Organisation]:
    qs = Organisation.objects.restrict(user, "view").select_related("parent")
    filters = filters or {}
    if filters.get("type"):
        qs = qs.filter(type=filters["type"])
    if filters.get("province"):
        qs = qs.filter(province=filters["province"])
    if filters.get("network_status"):
        qs = qs.filter(network_status=filters["network_status"])
    if filters.get("q"):
        qs = qs.filter(
            models.Q(name__icontains=filters["q"]) | models.Q(acronym__icontains=filters["q"])
        )
    return qs


def contact_points(user: Any, organisation: Organisation) -> list[ContactPoint]:
    rows = list(ContactPoint.objects.restrict(user, "view").filter(organisation=organisation))
    record_view(user, rows, summary=f"viewed contact points of organisation {organisation.pk}")
    return rows


def contact_point(user: Any, organisation_id: Any, pk: Any, action: str = "view") -> ContactPoint:
    return get_restricted(
        ContactPoint.objects.filter(organisation_id=organisation_id), user, pk, action
    )


def all_contact_points(user: Any) -> QuerySet[ContactPoint]:
    return ContactPoint.objects.restrict(user, "view").select_related("organisation")


def manageable_organisations(user: Any) -> QuerySet[Organisation]:
    """Organisations in which ``user`` may create and manage staff accounts."""
    access = access_for(user, "user", "add")
    if access.network:
        return Organisation.objects.filter(is_active=True)
    return Organisation.objects.filter(pk__in=access.organisation_ids)


def users(user: Any, filters: dict[str, Any] | None = None) -> QuerySet[User]:
    qs = User.objects.restrict(user, "view").prefetch_related("memberships__organisation")
    filters = filters or {}
    if filters.get("organisation"):
        qs = qs.filter(memberships__organisation_id=filters["organisation"]).distinct()
    if filters.get("q"):
        qs = qs.filter(username__icontains=filters["q"])
    return qs


def user_detail(viewer: Any, pk: Any) -> User:
    user = get_restricted(User.objects.all(), viewer, pk)
    record_view(viewer, user)
    return user


def audit_entries(
    user: Any, filters: dict[str, Any] | None = None, action: str = "view"
) -> QuerySet[AuditEntry]:
    """Audit entries the user may read, narrowed by the search form's filters."""
    qs = AuditEntry.objects.restrict(user, action)
    filters = filters or {}
    if filters.get("actor"):
        qs = qs.filter(actor_username__iexact=filters["actor"])
    if filters.get("action"):
        qs = qs.filter(action=filters["action"])
    if filters.get("object_type"):
        qs = qs.filter(object_type=filters["object_type"])
    if filters.get("object_id"):
        qs = qs.filter(object_id=str(filters["object_id"]))
    if filters.get("ip_address"):
        qs = qs.filter(ip_address=filters["ip_address"])
    tz = timezone.get_current_timezone()
    if filters.get("since") and (day := parse_date(str(filters["since"]))):
        qs = qs.filter(created_at__gte=timezone.make_aware(datetime.combine(day, time.min), tz))
    if filters.get("until") and (day := parse_date(str(filters["until"]))):
        qs = qs.filter(created_at__lte=timezone.make_aware(datetime.combine(day, time.max), tz))
    return qs


def notifications(user: Any, unread: bool = False) -> QuerySet[Notification]:
    """The user's own inbox, newest first: never another's, whatever the user's scope."""
    qs = Notification.objects.restrict(user, "view").filter(recipient_id=user.pk)
    return qs.filter(read_at__isnull=True) if unread else qs


def unread_notifications(user: Any) -> int:
    return Notification.objects.restrict(user, "view").filter(read_at__isnull=True).count()


def jobs(user: Any) -> QuerySet[Job]:
    return Job.objects.restrict(user, "view").select_related("created_by")


def memberships(user: Any) -> QuerySet:
    return user.memberships.select_related("organisation")
