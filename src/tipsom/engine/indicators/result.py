"""Result types: tidy tables (one row per combination of dimensions) that turn directly into
an XLSX sheet, a CSV file, a chart's series or JSON."""

from __future__ import annotations

import csv
import io
from dataclasses import asdict, dataclass, field
from typing import Any, Literal

TOTAL = "total"  # the year of a row that covers the whole period

Kind = Literal["dimension", "count", "population", "rate", "percent", "note"]


@dataclass(frozen=True)
class Column:
    """A column of a `Table`. ``deduplicated`` says what a count or a figure derived from one
    counts: True, distinct persons (identity_key); False, records (raw); None, neither
    (dimensions, populations, FIRs, offences)."""

    name: str
    title: str
    kind: Kind = "dimension"
    deduplicated: bool | None = None


@dataclass
class Table:
    """One indicator table. ``rows`` hold one value per column, in the columns' order; the
    ``year`` column holds a year or `TOTAL` (the whole period, each person counted once)."""

    id: str
    title: str
    group: str  # sdg_16_2_2, glotip, gcm, ctdc
    columns: list[Column]
    rows: list[list[Any]]
    note: str = ""
    meta: dict[str, Any] = field(default_factory=dict)

    @property
    def names(self) -> list[str]:
        return [c.name for c in self.columns]

    def records(self) -> list[dict[str, Any]]:
        """The rows as dictionaries keyed by column name."""
        names = self.names
        return [dict(zip(names, row, strict=True)) for row in self.rows]

    def row(self, **where: Any) -> dict[str, Any]:
        """The one row whose columns have the given values (KeyError when none or several)."""
        found = [r for r in self.records() if all(r[k] == v for k, v in where.items())]
        if len(found) != 1:
            raise KeyError(f"{self.id}: {len(found)} rows where {where}")
        return found[0]

    def to_dict(self) -> dict[str, Any]:
        """JSON-serialisable."""
        return {
            "id": self.id,
            "title": self.title,
            "group": self.group,
            "note": self.note,
            "meta": self.meta,
            "columns": [asdict(c) for c in self.columns],
            "rows": self.rows,
        }

    def to_csv(self) -> str:
        """The table as CSV text: a header of column names, then the rows."""
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(self.names)
        writer.writerows(self.rows)
        return out.getvalue()
