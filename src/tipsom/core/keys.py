"""Key rotation for encrypted fields, done row by row while the site keeps serving.

Procedure (docs/security.md): put the new key first in ``TIPSOM_FIELD_KEYS`` and keep the old
one after it, restart, run `tipsom keys rotate`, check `tipsom keys status` shows no rows under
the old key, then drop it. Each batch is its own short transaction and every update is a
compare-and-swap on the old ciphertext, so a row changed by a user meanwhile (already under the
new key) is left alone and nothing is lost.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from typing import Any

from django.apps import apps
from django.db import connection, models, transaction

from tipsom.core.choices import AuditAction
from tipsom.core.crypto import FieldCipher, cipher
from tipsom.core.fields import EncryptedTextField, encrypted_fields


def encrypted_models() -> list[type[models.Model]]:
    return [m for m in apps.get_models() if encrypted_fields(m)]


def _batches(model: type[models.Model], fields: list[EncryptedTextField], batch_size: int) -> Any:
    qn = connection.ops.quote_name
    table, pk = qn(model._meta.db_table), qn(str(model._meta.pk.column))
    columns = ", ".join(qn(str(f.column)) for f in fields)
    last: Any = None
    while True:
        with connection.cursor() as cur:
            if last is None:
                cur.execute(
                    f"SELECT {pk}, {columns} FROM {table} ORDER BY {pk} LIMIT %s",  # noqa: S608 - identifiers are quoted model metadata
                    [batch_size],
                )
            else:
                cur.execute(
                    f"SELECT {pk}, {columns} FROM {table} WHERE {pk} > %s ORDER BY {pk} LIMIT %s",  # noqa: S608
                    [last, batch_size],
                )
            rows = cur.fetchall()
        if not rows:
            return
        yield rows
        last = rows[-1][0]


def status() -> dict[str, Counter[str]]:
    """For each encrypted model: how many stored values each key id encrypted."""
    report: dict[str, Counter[str]] = {}
    for model in encrypted_models():
        fields = encrypted_fields(model)
        counter: Counter[str] = Counter()
        for rows in _batches(model, fields, 2000):
            for row in rows:
                counter.update(FieldCipher.key_id_of(v) for v in row[1:] if v)
        report[model._meta.label] = counter
    return report


def rotate(
    progress: Callable[[int, int], None] | None = None,
    actor: Any = None,
    batch_size: int = 500,
) -> dict[str, int]:
    """Re-encrypt every value not under the primary key; returns rows changed per model."""
    from tipsom.core import audit

    current = cipher()
    qn = connection.ops.quote_name
    targets = encrypted_models()
    total = sum(m._default_manager.count() for m in targets)
    done, counts = 0, {}
    for model in targets:
        fields = encrypted_fields(model)
        table, pk = qn(model._meta.db_table), qn(str(model._meta.pk.column))
        changed_rows = 0
        for rows in _batches(model, fields, batch_size):
            with transaction.atomic(), connection.cursor() as cur:
                for row in rows:
                    row_changed = False
                    for field, stored in zip(fields, row[1:], strict=True):
                        if not stored or FieldCipher.key_id_of(stored) == current.primary_id:
                            continue
                        aad = field.associated_data
                        fresh = current.encrypt(current.decrypt(stored, aad), aad)
                        col = qn(str(field.column))
                        cur.execute(
                            f"UPDATE {table} SET {col} = %s WHERE {pk} = %s AND {col} = %s",  # noqa: S608
                            [fresh, row[0], stored],
                        )
                        row_changed = row_changed or cur.rowcount == 1
                    changed_rows += row_changed
            done += len(rows)
            if progress:
                progress(done, total)
        counts[model._meta.label] = changed_rows
    with transaction.atomic():
        audit.record(
            AuditAction.SYSTEM,
            actor=actor,
            object_type="core.fieldkey",
            object_id=current.primary_id,
            summary=f"re-encrypted personal identifiers under key {current.primary_id}",
            changes={"rows": counts},
        )
    if progress and total == 0:
        progress(0, 0)
    return counts
