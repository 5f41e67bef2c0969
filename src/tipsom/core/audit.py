"""The one audit writer, and the verifier of the hash chain.

Every entry carries ``entry_hash = HMAC(audit key, canonical entry || prev_hash)``; the chain
head row is sealed the same way. Editing an entry breaks its hash, deleting one leaves a gap
in the sequence, cutting off the newest entries no longer matches the sealed head: `verify()`
names each. Without the audit key (kept outside the database) a forger cannot recompute hashes.
"""

from __future__ import annotations

import base64
import contextvars
import hashlib
import hmac
import json
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import UTC
from typing import Any

from django.conf import settings
from django.db import models, transaction
from django.utils import timezone

from tipsom.core.choices import AuditAction
from tipsom.core.fields import BlindIndexField
from tipsom.core.models import AuditChainHead, AuditEntry

MASK = "«encrypted»"


@dataclass
class RequestContext:
    ip_address: str | None = None
    organisation_id: int | None = None


_request_context: contextvars.ContextVar[RequestContext | None] = contextvars.ContextVar(
    "tipsom_request_context", default=None
)


def set_request_context(ctx: RequestContext | None) -> contextvars.Token:
    return _request_context.set(ctx)


def reset_request_context(token: contextvars.Token) -> None:
    _request_context.reset(token)


def _key() -> bytes:
    return base64.urlsafe_b64decode(settings.TIPSOM_AUDIT_KEY.encode())


def _canonical(value: Any) -> str:
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str)


def _jsonable(value: Any) -> Any:
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set):
        return [_jsonable(v) for v in value]
    if value is None or isinstance(value, bool | int | float | str):
        return value
    return str(value)


def compute_hash(entry: AuditEntry) -> str:
    payload = _canonical(
        [
            entry.seq,
            entry.created_at.astimezone(UTC).isoformat(),
            entry.actor_id,
            entry.actor_username,
            entry.organisation_id,
            entry.action,
            entry.object_type,
            entry.object_id,
            entry.summary,
            entry.changes,
            entry.ip_address,
            entry.prev_hash,
        ]
    )
    return hmac.new(_key(), payload.encode(), hashlib.sha256).hexdigest()


def _seal(seq: int, last_hash: str) -> str:
    return hmac.new(_key(), f"head\x00{seq}\x00{last_hash}".encode(), hashlib.sha256).hexdigest()


@dataclass(frozen=True)
class _Masked:
    """Stands for an encrypted value in a snapshot: compares equal only to the same value."""

    fingerprint: str


def snapshot(instance: models.Model, fields: list[str] | None = None) -> dict[str, Any]:
    """The instance's field values for a before/after diff; encrypted fields are masked."""
    values: dict[str, Any] = {}
    for field in instance._meta.concrete_fields:
        if fields is not None and field.name not in fields:
            continue
        if field.name in {"created_at", "updated_at", "password"}:
            continue
        raw = getattr(instance, field.attname)
        if getattr(field, "encrypted", False) or isinstance(field, BlindIndexField):
            digest = hmac.new(_key(), str(raw).encode(), hashlib.sha256).hexdigest()
            values[field.name] = _Masked(digest)
        else:
            values[field.name] = _jsonable(raw)
    return values


def diff(before: Mapping[str, Any], after: Mapping[str, Any]) -> dict[str, list[Any]]:
    """{field: [before, after]} for the fields that changed; encrypted fields show no value."""
    changes: dict[str, list[Any]] = {}
    for name in sorted(set(before) | set(after)):
        old, new = before.get(name), after.get(name)
        if old != new:
            masked = isinstance(old, _Masked) or isinstance(new, _Masked)
            changes[name] = [MASK, MASK] if masked else [old, new]
    return changes


def record(
    action: str,
    *,
    actor: Any = None,
    instance: models.Model | None = None,
    object_type: str = "",
    object_id: str | int = "",
    summary: str = "",
    changes: Mapping[str, Any] | None = None,
    organisation_id: int | None = None,
) -> AuditEntry:
    """Append one entry to the audit log, inside the caller's transaction."""
    if action not in AuditAction.values:
        raise ValueError(f"unknown audit action {action!r}")
    ctx = _request_context.get() or RequestContext()
    if instance is not None:
        object_type = object_type or instance._meta.label_lower
        object_id = object_id or str(instance.pk)
    if organisation_id is None:
        organisation_id = ctx.organisation_id
    with transaction.atomic():
        head, _ = AuditChainHead.objects.select_for_update().get_or_create(pk=1)
        entry = AuditEntry(
            seq=head.last_seq + 1,
            created_at=timezone.now(),
            actor=actor if getattr(actor, "pk", None) else None,
            actor_username=getattr(actor, "username", "") or "",
            organisation_id=organisation_id,
            action=action,
            object_type=object_type,
            object_id=str(object_id),
            summary=summary[:300],
            changes=_jsonable(dict(changes or {})),
            ip_address=ctx.ip_address,
            prev_hash=head.last_hash,
        )
        entry.entry_hash = compute_hash(entry)
        entry.save(force_insert=True)
        head.last_seq, head.last_hash = entry.seq, entry.entry_hash
        head.seal = _seal(entry.seq, entry.entry_hash)
        head.save(update_fields=["last_seq", "last_hash", "seal"])
    return entry


@dataclass(frozen=True)
class Problem:
    seq: int
    kind: str  # "altered", "deleted", "broken-link", "truncated", "head-tampered"
    detail: str

    def __str__(self) -> str:
        return f"entry {self.seq}: {self.kind} – {self.detail}"


def verify(progress: Any = None, chunk_size: int = 2000) -> tuple[int, list[Problem]]:
    """Walk the whole chain; return (entries checked, problems found)."""
    problems: list[Problem] = []
    total = AuditEntry.objects.count()
    expected_seq, prev_hash, checked = 1, "", 0
    entries: Iterator[AuditEntry] = AuditEntry.objects.order_by("seq").iterator(
        chunk_size=chunk_size
    )
    for entry in entries:
        if entry.seq > expected_seq:
            missing = (
                str(expected_seq)
                if entry.seq - expected_seq == 1
                else f"{expected_seq}–{entry.seq - 1}"
            )
            problems.append(
                Problem(expected_seq, "deleted", f"entries {missing} are missing from the chain")
            )
        elif entry.prev_hash != prev_hash and checked:
            problems.append(
                Problem(entry.seq, "broken-link", "does not link to the entry before it")
            )
        if compute_hash(entry) != entry.entry_hash:
            problems.append(
                Problem(entry.seq, "altered", "its content no longer matches its hash (edited)")
            )
        prev_hash, expected_seq = entry.entry_hash, entry.seq + 1
        checked += 1
        if progress and (checked % 500 == 0 or checked == total):
            progress(checked, total)
    head = AuditChainHead.objects.filter(pk=1).first()
    if head is not None:
        if head.seal != _seal(head.last_seq, head.last_hash):
            problems.append(Problem(head.last_seq, "head-tampered", "the chain head was edited"))
        elif head.last_seq >= expected_seq:
            problems.append(
                Problem(
                    expected_seq,
                    "truncated",
                    f"entries {expected_seq}–{head.last_seq} after the last one were deleted",
                )
            )
        elif head.last_hash != prev_hash:
            problems.append(
                Problem(head.last_seq, "altered", "the newest entry does not match the head")
            )
    elif checked:
        problems.append(Problem(0, "head-tampered", "the chain head is missing"))
    return checked, problems
