"""Writing generated batches fast, and `generate()`, the entry point."""

from __future__ import annotations

import random
from collections.abc import Callable
from typing import Any

from django.db import connection, reset_queries, transaction
from django.db.models import Max
from django.utils import timezone

from tipsom.cases.bulk import FAST, Table, Tokens, allocate_ids, insert
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

# --- writing ---------------------------------------------------------------------------------


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
        self.tokens = Tokens()
        self.tables = {model: Table(model, with_pk=model in (Person, Case)) for model in TABLES}
        self.fast = connection.vendor in FAST

    def write(self, gen: _Generator, plans: list[_Plan]) -> None:
        bs, tables = self.batch_size, self.tables
        persons = [p for plan in plans for p in plan.persons]
        if self.fast:
            for person, pk in zip(persons, allocate_ids(Person, len(persons)), strict=True):
                person.pk = pk
        tables[Person].write(persons, bs)
        tokens = [
            (person.pk, token)
            for plan in plans
            for person, spellings in zip(plan.persons, plan.spellings, strict=True)
            for token in self.tokens(spellings)
        ]
        insert(PersonNameToken, ["person_id", "token"], tokens)
        rows: dict[type[Any], list[Any]] = {model: [] for model in TABLES}
        for plan in plans:
            for model, values in plan.children:
                rows[model].append(values)
        for model in (IdentityDocument, Phone, Address):
            tables[model].write(rows[model], bs)

        ids = allocate_ids(Case, len(plans)) if self.fast else None
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
