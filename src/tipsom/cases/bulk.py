"""Writing many rows fast, as `bulk_create` would but without building SQL for each row:
COPY on PostgreSQL, one prepared INSERT on SQLite. Used by the demo generator and by imports.
Callers write inside their own transaction and audit what they wrote."""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from functools import lru_cache
from typing import Any

from django.db import DEFAULT_DB_ALIAS, connection, connections, models
from django.utils import timezone

from tipsom.core.crypto import blind_index, keyed_token
from tipsom.core.fields import BlindIndexField, EncryptedTextField
from tipsom.engine.standards import names

# --- writing ---------------------------------------------------------------------------------


@lru_cache(maxsize=65536)
def _parts(text: str) -> tuple[str, ...]:
    return tuple(names.name_parts(text))


@lru_cache(maxsize=65536)
def _separable(left: str, right: str) -> bool:
    """Whether the words "left right" split into the parts of each (no particle or "Abdul"
    joins them). Parts join by looking at neighbouring words only, so the last word of one
    name and the first of the next decide whether the two names' parts simply add up."""
    return _parts(f"{left} {right}") == _parts(left) + _parts(right)


@lru_cache(maxsize=4096)
def _part_keys(part: str) -> tuple[str, str]:
    return "p:" + part, "f:" + names.phonetic_key(part)


def _search_keys(components: tuple[str, ...]) -> set[str]:
    """`names.search_keys(" ".join(components))`, from cached parts of each component."""
    components = tuple(x for x in components if x)
    if not all(
        _separable(a.rpartition(" ")[2], b.partition(" ")[0])
        for a, b in itertools.pairwise(components)
    ):
        return names.search_keys(" ".join(components))
    parts = [part for component in components for part in _parts(component)]
    if not parts:
        return set()
    keys = {"n:" + " ".join(sorted(parts))}
    for part in parts:
        keys.update(_part_keys(part))
    return keys


class Tokens:
    """Keyed tokens of name keys, each key hashed once per load."""

    def __init__(self) -> None:
        self.cache: dict[str, str] = {}

    def __call__(self, spellings: list[tuple[str, ...]]) -> list[str]:
        keys: set[str] = set()
        for components in spellings:
            keys |= _search_keys(components)
        keys |= names.pair_keys(keys)
        tokens = []
        for key in keys:
            token = self.cache.get(key)
            if token is None:
                token = keyed_token("name", key)
                if not key.startswith("n:"):  # whole names rarely repeat: keep parts only
                    self.cache[key] = token
            tokens.append(token)
        return tokens


FAST = ("postgresql", "sqlite")  # databases written to without bulk_create


def allocate_ids(model: type[Any], count: int) -> list[int]:
    """Ids for ``count`` new rows, taken before the insert: rows can point at each other and
    case numbers can follow the case's id. PostgreSQL and SQLite only (see `FAST`)."""
    table = model._meta.db_table
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)",
                [table, count],
            )
            return [row[0] for row in cursor.fetchall()]
        # SQLite serialises writers: past the top id (and any id used before) is ours.
        cursor.execute(f"SELECT MAX(id) FROM {connection.ops.quote_name(table)}")  # noqa: S608
        top = cursor.fetchone()[0] or 0
        cursor.execute("SELECT seq FROM sqlite_sequence WHERE name = %s", [table])
        row = cursor.fetchone()
        top = max(top, row[0] if row else 0)
        return list(range(top + 1, top + 1 + count))


PLAIN_FIELDS = (
    models.CharField,
    models.TextField,
    models.IntegerField,
    models.BooleanField,
    models.ForeignKey,
    models.AutoField,
    models.BigAutoField,
)


class Table:
    """Writes rows as `bulk_create` would, without building SQL for every row.

    A row is a model instance or a dict of field values (foreign keys as ids under their
    ``*_id`` name or as saved instances under their name); left-out fields take their
    default. Each value goes through what `bulk_create` applies: ``pre_save`` (blind indexes
    from their source, ``auto_now`` timestamps) and ``get_db_prep_save`` (which encrypts an
    `EncryptedTextField`); plain text, numbers and ids are passed as they are. PostgreSQL
    takes the rows with COPY, SQLite with one prepared INSERT; other databases get
    `bulk_create` itself.
    """

    def __init__(self, model: type[Any], with_pk: bool = False) -> None:
        self.model = model
        fields = [f for f in model._meta.concrete_fields if with_pk or not f.primary_key]
        self.columns = [f.column for f in fields]
        self.steps: list[tuple[str, str, Any, Any]] = []
        for f in fields:
            default = None if f.primary_key else f.get_default()
            if isinstance(f, BlindIndexField):
                self.steps.append(("index", f.source, f.kind, None))
            elif getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False):
                self.steps.append(("now", f.attname, f, None))
            elif isinstance(f, models.ForeignKey):
                self.steps.append(("fk", f.attname, f.name, None))
            elif isinstance(f, EncryptedTextField) or not isinstance(f, PLAIN_FIELDS):
                self.steps.append(("prep", f.attname, f, default))
            elif isinstance(f, models.CharField | models.TextField):
                self.steps.append(("str", f.attname, None, default))
            else:
                self.steps.append(("plain", f.attname, None, default))

    def write(self, objs: Sequence[Any], batch_size: int) -> None:
        if not objs:
            return
        if connection.vendor not in FAST:
            instances = [o if isinstance(o, models.Model) else self.model(**o) for o in objs]
            self.model.objects.bulk_create(instances, batch_size=batch_size)
            return
        db = connections[DEFAULT_DB_ALIAS]  # not the `connection` proxy: it costs a lookup a call
        now = timezone.now()
        now_values = {
            f: f.get_db_prep_save(now, db) for kind, _, f, _ in self.steps if kind == "now"
        }
        rows = []
        for obj in objs:
            values = obj if type(obj) is dict else obj.__dict__
            row = []
            for kind, name, extra, default in self.steps:
                value = values.get(name, default)
                if kind == "plain":
                    row.append(value)
                elif kind == "str":  # choices are str subclasses: store the plain value
                    row.append(value if value is None or type(value) is str else str(value))
                elif kind == "fk":
                    if value is None and (related := values.get(extra)) is not None:
                        value = related.pk
                    row.append(value)
                elif kind == "prep":
                    row.append(extra.get_db_prep_save(value, db))
                elif kind == "index":
                    row.append(blind_index(extra, value))
                else:  # auto_now, auto_now_add
                    row.append(now_values[extra])
            rows.append(row)
        insert(self.model, self.columns, rows)


def insert(model: type[Any], columns: list[str], rows: Sequence[Sequence[Any]]) -> None:
    """Insert rows of database-ready values: COPY on PostgreSQL, executemany elsewhere."""
    if not rows:
        return
    table = connection.ops.quote_name(model._meta.db_table)
    names_sql = ", ".join(connection.ops.quote_name(column) for column in columns)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {table} ({names_sql}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
        else:
            marks = ", ".join(["%s"] * len(columns))
            sql = f"INSERT INTO {table} ({names_sql}) VALUES ({marks})"  # noqa: S608
            cursor.executemany(sql, rows)
