"""Every indicator of an extract in one run."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from tipsom.engine.indicators import gcm, justice, population, victims
from tipsom.engine.indicators.extract import Extract, Filters
from tipsom.engine.indicators.result import Table


@dataclass
class Report:
    """The tables of one run, with the filters and the period they cover."""

    filters: Filters
    years: list[int]
    period: str
    tables: list[Table]

    def table(self, id_: str) -> Table:
        for table in self.tables:
            if table.id == id_:
                return table
        raise KeyError(f"no table {id_!r}; there are {', '.join(t.id for t in self.tables)}")

    def to_dict(self) -> dict[str, Any]:
        """JSON-serialisable."""
        return {
            "filters": asdict(self.filters),
            "years": self.years,
            "period": self.period,
            "tables": [t.to_dict() for t in self.tables],
        }


def tables(x: Extract, denominators: population.Population | None = None) -> list[Table]:
    """Every indicator table of an opened extract."""
    return [
        *victims.sdg_16_2_2(x, denominators or population.load()),
        *victims.glotip_victims(x),
        *justice.glotip_persons(x),
        justice.glotip_offences(x),
        *gcm.panels(x),
        *victims.ctdc_percentages(x),
    ]


def compute_all(
    extract_dir: str | Path,
    filters: Filters | None = None,
    denominators: population.Population | None = None,
    threads: int | None = None,
) -> Report:
    """Compute every indicator over the extract in ``extract_dir`` (see `schema`), restricted
    by ``filters``. ``denominators``: population figures for rates (default: the shipped
    Census 2023 tables, `population.load`). ``threads``: DuckDB's threads (default: one per
    core)."""
    with Extract(extract_dir, filters, threads) as x:
        return Report(x.filters, list(x.years), x.period, tables(x, denominators))
