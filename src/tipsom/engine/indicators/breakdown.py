"""Counts of an extract as table rows: every year and the period total, every category."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from itertools import product
from typing import Any

from tipsom.engine.indicators import codes
from tipsom.engine.indicators.extract import Extract
from tipsom.engine.indicators.result import TOTAL, Column

YEAR = Column("year", "Year")
PERSONS = Column("persons", "Persons (deduplicated: distinct identities)", "count", True)
RECORDS = Column("records", "Records (raw: one per registration)", "count", False)

DEDUP_RULE = (
    "Persons: distinct identities (record linkage across organisations); each person is "
    "counted in the category of their earliest record (date identified, then record id) "
    "with a known value, and once in each year they were identified and once in the "
    "period total. Records: one per registration, each in its own category (raw)."
)


@dataclass(frozen=True)
class Dim:
    """A dimension of a table: its column (named as the extract's dimension it reads), the
    categories to show (all, zero-filled; None: those seen, unknown last) and categories
    merged into others (``relabel``)."""

    name: str
    title: str
    categories: Sequence[Any] | None = None
    relabel: Mapping[str, str] = field(default_factory=dict)

    @property
    def column(self) -> Column:
        return Column(self.name, self.title)


SCOPE = Column("stage", "Stage")


def rows(x: Extract, source: str, scopes: Sequence[str], dims: Sequence[Dim]) -> list[list[Any]]:
    """[scope (when several), year, *categories, persons, records] for each scope, each
    year of the extract then the period total, and each combination of categories."""
    counts = x.counts(source, tuple(d.name for d in dims))
    merged: dict[str, dict[tuple[Any, ...], int]] = {}
    for unit, found in (("persons", counts.persons), ("records", counts.records)):
        merged[unit] = defaultdict(int)
        for (scope, year, *cats), n in found.items():
            label = tuple(d.relabel.get(c, c) for d, c in zip(dims, cats, strict=True))
            merged[unit][(scope, year, *label)] += n
    seen = [
        set() if d.categories is not None else {k[2 + i] for m in merged.values() for k in m}
        for i, d in enumerate(dims)
    ]
    shown = [
        list(d.categories)
        if d.categories is not None
        else sorted(s, key=lambda c: (c == codes.UNKNOWN, str(c)))
        for d, s in zip(dims, seen, strict=True)
    ]
    out = []
    for scope in scopes:
        for year in [*x.years, TOTAL]:
            for combo in product(*shown):
                key = (scope, year, *combo)
                row = [year, *combo, merged["persons"].get(key, 0), merged["records"].get(key, 0)]
                out.append([scope, *row] if len(scopes) > 1 else row)
    return out


def note(x: Extract, what: str, rule: str = DEDUP_RULE) -> str:
    """A table's method note: what it counts, the data period, the filters, the dedup rule."""
    filters = x.filters.describe()
    where = f"; {filters} only" if filters else ""
    return f"{what} Data period: {x.period}{where}. {rule}"
