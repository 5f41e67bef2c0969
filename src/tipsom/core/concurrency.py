"""No lost updates: an edit made from a stale version of a row is refused, naming what changed.

Rows people edit carry a ``version``. A form or API client sends back the version it read;
`check_version()` locks the row and compares. On a mismatch it raises `StaleEdit`, which
lists the fields changed since (from the audit log, whose update entries record the version
step) and who changed them, so the user can merge their typing with the newer values.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models

from tipsom.core.choices import AuditAction
from tipsom.core.models import AuditEntry


@dataclass
class StaleEdit(Exception):
    """The row changed after the user read it."""

    instance: models.Model
    expected_version: int
    current_version: int
    changed_fields: dict[str, list[str]] = field(default_factory=dict)  # field -> [who, when]

    def __str__(self) -> str:
        fields = ", ".join(sorted(self.changed_fields)) or "unknown fields"
        return (
            f"this {self.instance._meta.verbose_name} was changed by someone else since you "
            f"opened it (version {self.expected_version} → {self.current_version}): {fields}"
        )

    def as_validation_error(self) -> ValidationError:
        return ValidationError({"version": str(self)}, code="stale")


def changes_since(instance: models.Model, version: int) -> dict[str, list[str]]:
    """Fields changed after ``version`` of ``instance``, with who changed them and when."""
    found: dict[str, list[str]] = {}
    entries = AuditEntry.objects.filter(
        object_type=instance._meta.label_lower,
        object_id=str(instance.pk),
        action=AuditAction.UPDATE,
    ).order_by("seq")
    for entry in entries:
        step = entry.changes.get("version")
        if not step or step[0] < version:
            continue
        for name in entry.changes:
            if name != "version":
                found[name] = [entry.actor_username, entry.created_at.isoformat()]
    return found


def check_version(instance: Any, expected_version: int | None) -> int:
    """Lock the row; raise `StaleEdit` unless it is still at ``expected_version``.

    ``None`` skips the check (for system-made changes); the current version is returned.
    """
    current = (
        type(instance)
        ._default_manager.select_for_update()
        .values_list("version", flat=True)
        .get(pk=instance.pk)
    )
    if expected_version is not None and int(expected_version) != current:
        raise StaleEdit(
            instance, int(expected_version), current, changes_since(instance, int(expected_version))
        )
    return current
