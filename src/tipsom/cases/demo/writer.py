"""Writing generated batches fast, and `generate()`, the entry point."""

from __future__ import annotations

import itertools
import random
from collections.abc import Callable, Sequence
from functools import lru_cache
from typing import Any

from django.db import DEFAULT_DB_ALIAS, connection, connections, models, reset_queries, transaction
from django.db.models import Max
from django.utils import timezone

from tipsom.cases.demo.contents import _case_contents
from tipsom.cases.demo.people import DEFAULT_SEED
from tipsom.cases.demo.plan import _Generator, _Plan
from tipsom.cases.models import (
    Address,
    Case,
    CaseRole,
    Consent,
    IdentityDocument,
    Person,
    PersonNameToken,
    Phone,
    Screening,
    TraffickingEvent,
)
from tipsom.cases.services import _case_prefix, refresh_statistics
from tipsom.core import audit
from tipsom.core.choices import AuditAction
from tipsom.core.crypto import blind_index, keyed_token
from tipsom.core.fields import BlindIndexField, EncryptedTextField
from tipsom.engine.standards import names

# --- writing ---------------------------------------------------------------------------------


def name_tokens(person: Person) -> set[str]:
    """The search tokens `services.refresh_name_tokens` stores for ``person`` (reference)."""
    from tipsom.cases.services import name_tokens_of

    return name_tokens_of(person)


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


class _Tokens:
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


def _allocate_ids(model: type[Any], count: int) -> list[int]:
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


class _Table:
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
        _insert(self.model, self.columns, rows)


def _insert(model: type[Any], columns: list[str], rows: Sequence[Sequence[Any]]) -> None:
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


COUNTED = ["persons", "cases", "closed_cases", "documents", "phones", "addresses", "name_tokens",
           "events", "screenings", "consents"]  # fmt: skip
COUNTED_MODELS = {"documents": IdentityDocument, "phones": Phone, "addresses": Address,
                  "events": TraffickingEvent, "screenings": Screening,
                  "consents": Consent}  # fmt: skip
TABLES = (Person, Case, IdentityDocument, Phone, Address, CaseRole, TraffickingEvent, Screening,
          Consent)  # fmt: skip


class _Writer:
    def __init__(self, batch_size: int) -> None:
        self.batch_size = batch_size
        self.counts: dict[str, int] = dict.fromkeys(COUNTED, 0)
        self.tokens = _Tokens()
        self.tables = {model: _Table(model, with_pk=model in (Person, Case)) for model in TABLES}
        self.fast = connection.vendor in FAST

    def write(self, gen: _Generator, plans: list[_Plan]) -> None:
        bs, tables = self.batch_size, self.tables
        persons = [p for plan in plans for p in plan.persons]
        if self.fast:
            for person, pk in zip(persons, _allocate_ids(Person, len(persons)), strict=True):
                person.pk = pk
        tables[Person].write(persons, bs)
        tokens = [
            (person.pk, token)
            for plan in plans
            for person, spellings in zip(plan.persons, plan.spellings, strict=True)
            for token in self.tokens(spellings)
        ]
        _insert(PersonNameToken, ["person_id", "token"], tokens)
        rows: dict[type[Any], list[Any]] = {model: [] for model in TABLES}
        for plan in plans:
            for model, values in plan.children:
                rows[model].append(values)
        for model in (IdentityDocument, Phone, Address):
            tables[model].write(rows[model], bs)

        ids = _allocate_ids(Case, len(plans)) if self.fast else None
        cases = []
        for n, plan in enumerate(plans):
            case = Case(
                organisation_id=plan.organisation.pk,
                owner_id=plan.owner.pk,
                type=plan.case_type,
                opened_on=plan.opened_on,
            )
            if ids is not None:
                case.pk = ids[n]
                case.case_number = self._number(plan, ids[n])
            else:
                case.case_number = f"pending-demo-{gen.number}-{n}"
            for model, items in _case_contents(gen, plan, case).items():
                rows[model].extend(items)
            cases.append(case)
        tables[Case].write(cases, bs)
        if ids is None:  # other databases: number the cases once their ids are known
            for plan, case in zip(plans, cases, strict=True):
                case.case_number = self._number(plan, case.pk)
            Case.objects.bulk_update(cases, ["case_number"], batch_size=bs)
        for model in (CaseRole, TraffickingEvent, Screening, Consent):
            tables[model].write(rows[model], bs)

        counts = self.counts
        counts["persons"] += len(persons)
        counts["cases"] += len(cases)
        counts["closed_cases"] += sum(1 for case in cases if case.closed_on)
        counts["name_tokens"] += len(tokens)
        for name, model in COUNTED_MODELS.items():
            counts[name] += len(rows[model])

    @staticmethod
    def _number(plan: _Plan, pk: int) -> str:
        return f"{_case_prefix(plan.organisation)}-{plan.opened_on.year}-{pk:06d}"


def default_seed() -> int:
    """The seed `tipsom demo --persons` uses when none is given: 2026 for the first load, then
    one that depends on what is there, so a second load does not repeat the first's names."""
    return DEFAULT_SEED + Person.objects.count()


def generate(
    n: int,
    seed: int = DEFAULT_SEED,
    batch_size: int = 2000,
    progress: Callable[[int, int], None] | None = None,
) -> dict[str, int]:
    """Add ``n`` synthetic persons with their cases to the demo network; returns row counts.

    Needs the demo network (`tipsom.core.demo.seed`). One transaction, one audit entry.
    ``progress(done, total)`` is called after every batch of about ``batch_size`` persons.
    """
    if n < 0:
        raise ValueError("the number of persons cannot be negative")
    if n == 0:
        return dict.fromkeys(COUNTED, 0)
    batch_size = max(1, batch_size)
    with transaction.atomic():
        if connection.vendor == "postgresql":
            # Check foreign keys as each COPY ends rather than queueing millions of checks for
            # the commit (Django's are deferred): the queue lives in the server's memory.
            with connection.cursor() as cursor:
                cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        first_number = Person.objects.aggregate(top=Max("pk"))["top"] or 0
        gen = _Generator(random.Random(seed), first_number, timezone.localdate())  # noqa: S311
        writer = _Writer(batch_size)
        made = 0
        if progress is not None:
            progress(0, n)
        while made < n:
            plans: list[_Plan] = []
            in_batch = 0
            while made + in_batch < n and in_batch < batch_size:
                plan = gen.plan()
                if len(plan.persons) > n - made - in_batch:  # the last case may be too big
                    plan.persons = plan.persons[: n - made - in_batch]
                    plan.roles = plan.roles[: len(plan.persons)]
                    plan.spellings = plan.spellings[: len(plan.persons)]
                    kept = {id(p) for p in plan.persons}
                    plan.children = [r for r in plan.children if id(r[1]["person"]) in kept]
                in_batch += len(plan.persons)
                plans.append(plan)
            writer.write(gen, plans)
            reset_queries()  # with DEBUG on, Django keeps every query's SQL: drop each batch's
            made += in_batch
            if progress is not None:
                progress(made, n)
        counts = writer.counts
        audit.record(
            AuditAction.CREATE,
            object_type="cases.person",
            summary=(
                f"demo data: {counts['persons']} persons in {counts['cases']} cases "
                f"({counts['events']} events, {counts['screenings']} screenings, "
                f"{counts['consents']} consents), seed {seed}"
            ),
            changes={**counts, "seed": seed},
        )
    refresh_statistics()
    return counts
