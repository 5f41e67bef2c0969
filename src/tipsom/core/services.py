"""Every write of the core app: one function per action, in a transaction, audited."""

from __future__ import annotations

import logging
import secrets
from collections.abc import Iterable, Mapping
from typing import Any

from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import EmailMessage, get_connection
from django.db import models, transaction
from django.utils import timezone

from tipsom.core import audit
from tipsom.core.choices import ROLES_GRANTABLE_BY_ORG_ADMIN, AuditAction, Role
from tipsom.core.concurrency import check_version
from tipsom.core.fields import BlindIndexField
from tipsom.core.models import ContactPoint, Job, Membership, Notification, Organisation, User
from tipsom.core.querysets import access_for, allows
from tipsom.core.selectors import can

logger = logging.getLogger(__name__)

ORGANISATION_FIELDS = [
    "name",
    "acronym",
    "type",
    "parent",
    "country",
    "province",
    "district",
    "network_status",
    "joined_network_on",
    "website",
    "is_active",
]
CONTACT_POINT_FIELDS = ["name", "title", "email", "phone", "is_primary"]


def require(actor: Any, resource: str, action: str, organisation: Organisation | None) -> None:
    if not allows(actor, resource, action, organisation):
        raise PermissionDenied(f"you may not {action} {resource} records here")


def require_row(actor: Any, instance: models.Model, action: str) -> None:
    if not can(actor, instance, action):
        raise PermissionDenied(f"you may not {action} this {instance._meta.verbose_name}")


def apply_fields(instance: models.Model, data: Mapping[str, Any], allowed: Iterable[str]) -> None:
    allowed = set(allowed)
    unknown = set(data) - allowed
    if unknown:
        raise ValidationError(
            {
                name: f"'{name}' cannot be set here; allowed: {', '.join(sorted(allowed))}"
                for name in sorted(unknown)
            }
        )
    for name, value in data.items():
        setattr(instance, name, value)


def audited_create(actor: Any, instance: models.Model, **audit_kwargs: Any) -> None:
    instance.full_clean()
    instance.save()
    if "organisation_id" not in audit_kwargs:
        owner = instance.pk if isinstance(instance, Organisation) else None
        audit_kwargs["organisation_id"] = getattr(instance, "organisation_id", owner)
    audit.record(
        AuditAction.CREATE,
        actor=actor,
        instance=instance,
        changes=audit.diff({}, audit.snapshot(instance)),
        **audit_kwargs,
    )


def audited_update(
    actor: Any,
    instance: models.Model,
    data: Mapping[str, Any],
    allowed: list[str],
    expected_version: int | None = None,
    **audit_kwargs: Any,
) -> dict[str, Any]:
    """Apply ``data`` (only ``allowed`` fields), validate, save what changed, audit it.

    Versioned rows are locked and checked against ``expected_version`` first (`StaleEdit`).
    """
    versioned = any(f.name == "version" for f in instance._meta.concrete_fields)
    current_version = check_version(instance, expected_version) if versioned else None
    before = audit.snapshot(instance, allowed)
    apply_fields(instance, data, allowed)
    instance.full_clean()
    after = audit.snapshot(instance, allowed)
    changes = audit.diff(before, after)
    if changes and current_version is not None:
        instance.version = current_version + 1  # type: ignore[attr-defined]
        changes["version"] = [current_version, current_version + 1]
    if changes:
        changed = [f.name for f in instance._meta.concrete_fields if f.name in changes]
        # Derived columns (blind indexes, timestamps) are recomputed in pre_save: save them too.
        extra = [
            f.name
            for f in instance._meta.concrete_fields
            if isinstance(f, BlindIndexField) or getattr(f, "auto_now", False)
        ]
        instance.save(update_fields=[*changed, *[e for e in extra if e not in changed]])
        audit.record(
            AuditAction.UPDATE, actor=actor, instance=instance, changes=changes, **audit_kwargs
        )
    return changes


# --- organisations -------------------------------------------------------------------------


@transaction.atomic
def create_organisation(actor: Any, data: Mapping[str, Any]) -> Organisation:
    """Add an organisation to the directory (secretariat and system admins)."""
    require(actor, "organisation", "add", data.get("parent"))
    organisation = Organisation()
    apply_fields(organisation, data, ORGANISATION_FIELDS)
    audited_create(actor, organisation)
    return organisation


@transaction.atomic
def update_organisation(actor: Any, organisation: Organisation, data: Mapping[str, Any]) -> dict:
    require_row(actor, organisation, "change")
    return audited_update(
        actor, organisation, data, ORGANISATION_FIELDS, organisation_id=organisation.pk
    )


@transaction.atomic
def add_contact_point(
    actor: Any, organisation: Organisation, data: Mapping[str, Any]
) -> ContactPoint:
    require(actor, "contactpoint", "add", organisation)
    contact = ContactPoint(organisation=organisation)
    apply_fields(contact, data, CONTACT_POINT_FIELDS)
    audited_create(actor, contact, organisation_id=organisation.pk)
    return contact


@transaction.atomic
def update_contact_point(actor: Any, contact: ContactPoint, data: Mapping[str, Any]) -> dict:
    require_row(actor, contact, "change")
    return audited_update(
        actor, contact, data, CONTACT_POINT_FIELDS, organisation_id=contact.organisation_id
    )


@transaction.atomic
def delete_contact_point(actor: Any, contact: ContactPoint) -> None:
    require_row(actor, contact, "delete")
    audit.record(
        AuditAction.DELETE,
        actor=actor,
        instance=contact,
        changes=audit.diff(audit.snapshot(contact), {}),
        organisation_id=contact.organisation_id,
    )
    contact.delete()


# --- users and roles -----------------------------------------------------------------------


def _check_grantable(actor: Any, organisation: Organisation, roles: Iterable[str]) -> None:
    for role in roles:
        if role not in Role.values:
            raise ValidationError(
                {"roles": f"'{role}' is not a role; allowed: {', '.join(Role.values)}"}
            )
    network_admin = access_for(actor, "user", "add").network
    if network_admin:
        return
    forbidden = sorted(set(roles) - ROLES_GRANTABLE_BY_ORG_ADMIN)
    if forbidden:
        raise PermissionDenied(
            f"only a system admin may grant network-wide roles: {', '.join(forbidden)}"
        )


@transaction.atomic
def create_user(
    actor: Any,
    organisation: Organisation,
    *,
    username: str,
    email: str = "",
    first_name: str = "",
    last_name: str = "",
    roles: Iterable[str] = (Role.CASEWORKER,),
    password: str | None = None,
) -> tuple[User, str]:
    """Create a staff account in ``organisation``; returns the user and its first password."""
    roles = list(roles)
    require(actor, "user", "add", organisation)
    _check_grantable(actor, organisation, roles)
    if not roles:
        raise ValidationError({"roles": "give the user at least one role"})
    if User.objects.filter(username__iexact=username).exists():
        raise ValidationError({"username": f"the username '{username}' is taken"})
    user = User(username=username, email=email, first_name=first_name, last_name=last_name)
    password = password or secrets.token_urlsafe(12)
    validate_password(password, user)
    user.set_password(password)
    user.full_clean(exclude=["password"])
    user.save()
    for role in roles:
        Membership.objects.create(user=user, organisation=organisation, role=role)
    audit.record(
        AuditAction.CREATE,
        actor=actor,
        instance=user,
        summary=f"user {user.username} created",
        changes={"organisation": [None, organisation.pk], "roles": [[], sorted(roles)]},
        organisation_id=organisation.pk,
    )
    return user, password


@transaction.atomic
def set_roles(actor: Any, user: User, organisation: Organisation, roles: Iterable[str]) -> None:
    """Replace the user's roles in ``organisation`` (an empty list removes them from it)."""
    roles = set(roles)
    require(actor, "user", "change", organisation)
    current = set(user.memberships.filter(organisation=organisation).values_list("role", flat=True))
    _check_grantable(actor, organisation, (roles ^ current))
    if actor.pk == user.pk and Role.ORG_ADMIN in current - roles:
        raise ValidationError({"roles": "you cannot remove your own admin role"})
    user.memberships.filter(organisation=organisation).exclude(role__in=roles).delete()
    for role in roles - current:
        Membership.objects.create(user=user, organisation=organisation, role=role)
    if roles != current:
        audit.record(
            AuditAction.UPDATE,
            actor=actor,
            instance=user,
            changes={"roles": [sorted(current), sorted(roles)]},
            organisation_id=organisation.pk,
        )


@transaction.atomic
def update_user(actor: Any, user: User, data: Mapping[str, Any]) -> dict:
    require_row(actor, user, "change")
    if data.get("is_active") is False and actor.pk == user.pk:
        raise ValidationError({"is_active": "you cannot deactivate your own account"})
    return audited_update(actor, user, data, ["email", "first_name", "last_name", "is_active"])


@transaction.atomic
def set_password(actor: Any, user: User, password: str) -> None:
    if actor.pk != user.pk:
        require_row(actor, user, "change")
    validate_password(password, user)
    user.set_password(password)
    user.save(update_fields=["password"])
    audit.record(
        AuditAction.UPDATE,
        actor=actor,
        instance=user,
        summary="password changed",
        changes={"password": [audit.MASK, audit.MASK]},
    )


# --- jobs ----------------------------------------------------------------------------------


@transaction.atomic
def start_job(
    actor: Any,
    kind: str,
    params: Mapping[str, Any] | None = None,
    organisation: Organisation | None = None,
) -> Job:
    """Queue a background job; the worker picks it up once this transaction commits."""
    from tipsom.core import jobs
    from tipsom.core.tasks import run_job

    if kind not in jobs.HANDLERS:
        raise ValidationError(
            {"kind": f"unknown job kind '{kind}'; known: {', '.join(sorted(jobs.HANDLERS))}"}
        )
    require(actor, "job", "add", organisation)
    job = Job.objects.create(
        kind=kind, params=dict(params or {}), created_by=actor, organisation=organisation
    )
    audit.record(
        AuditAction.CREATE,
        actor=actor,
        instance=job,
        summary=f"job {kind} queued",
        organisation_id=organisation.pk if organisation else None,
    )

    def enqueue() -> None:
        result = run_job.enqueue(job.pk)
        Job.objects.filter(pk=job.pk).update(task_result_id=str(result.id))

    transaction.on_commit(enqueue)
    return job


def run_job_in_foreground(
    kind: str, params: Mapping[str, Any] | None = None, on_progress: Any = None, actor: Any = None
) -> Job:
    """Run a job now in this process (the CLI's way), recorded like any other job."""
    from tipsom.core import jobs

    if kind not in jobs.HANDLERS:
        raise ValidationError({"kind": f"unknown job kind '{kind}'"})
    with transaction.atomic():
        job = Job.objects.create(kind=kind, params=dict(params or {}), created_by=actor)
        audit.record(
            AuditAction.CREATE,
            actor=actor,
            instance=job,
            summary=f"job {kind} run from the command line",
        )
    return jobs.execute(job.pk, on_progress=on_progress)


@transaction.atomic
def confirm_totp_device(actor: Any, device: Any) -> None:
    """Turn on two-step sign-in with a device whose first code matched."""
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    device.user.totpdevice_set.exclude(pk=device.pk).delete()
    audit.record(
        AuditAction.UPDATE,
        actor=actor,
        instance=actor,
        summary="two-step sign-in turned on",
        changes={"totp": [False, True]},
    )


@transaction.atomic
def record_download(actor: Any, job: Job) -> None:
    """A job's result file was handed out: an export of whatever it contains."""
    audit.record(
        AuditAction.EXPORT,
        actor=actor,
        instance=job,
        summary=f"downloaded the result of job {job.pk} ({job.kind})",
    )


# --- notifications -------------------------------------------------------------------------


def notify(
    recipients: Iterable[User], kind: str, subject: str, body: str = "", url: str = ""
) -> list[Notification]:
    """Put a message in each recipient's inbox and mail it to those with an address, once
    the transaction commits (a rolled-back action sends nothing). Texts must not carry
    names or identifiers: mail leaves the system."""
    unique = {user.pk: user for user in recipients if user is not None and user.is_active}
    made = Notification.objects.bulk_create(
        [
            Notification(recipient=user, kind=kind, subject=subject, body=body, url=url)
            for user in unique.values()
        ]
    )
    mailed = [n for n in made if n.recipient.email]

    def send() -> None:
        link = f"{settings.TIPSOM_SITE_URL.rstrip('/')}{url}" if url else ""
        text = "\n\n".join(part for part in (body, link) if part)
        messages = [
            EmailMessage(subject=f"[tipsom] {subject}", body=text, to=[n.recipient.email])
            for n in mailed
        ]
        try:
            get_connection().send_messages(messages)
        except OSError:
            logger.warning("could not mail %d notifications of kind %s", len(messages), kind)
            return
        Notification.objects.filter(pk__in=[n.pk for n in mailed]).update(emailed=True)

    if mailed:
        transaction.on_commit(send)
    return made


@transaction.atomic
def mark_read(actor: Any, ids: Iterable[int]) -> int:
    """Mark the actor's own notifications read (others' are ignored); returns how many."""
    return (
        Notification.objects.restrict(actor, "change")
        .filter(pk__in=list(ids), recipient_id=actor.pk, read_at__isnull=True)
        .update(read_at=timezone.now())
    )
