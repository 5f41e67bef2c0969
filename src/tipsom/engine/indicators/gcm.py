"""Global Compact for Migration panels: objective 9 (smuggling of migrants) and objective 10
(trafficking in persons in the context of international migration), per year.

Cases are FIRs (offences.parquet): a smuggling case has an offence under PSMA 2018, a
trafficking case one under PTPA 2018 (an FIR with both counts in each); prosecuted: at
least one charge under the FIR, counted in the FIR's year. A person is assisted (referred)
in a year when any of their records that year had a service delivered (a referral sent).
"""

from __future__ import annotations

from typing import Any

from tipsom.engine.indicators import codes
from tipsom.engine.indicators.breakdown import DEDUP_RULE, PERSONS, RECORDS, YEAR, note
from tipsom.engine.indicators.extract import Extract
from tipsom.engine.indicators.result import TOTAL, Column, Table

MEASURE = Column("measure", "Measure")
FIRS = Column("firs", "Cases (distinct FIRs)", "count")


def _people(x: Extract, scope: str, flag: str | None) -> dict[Any, tuple[int, int]]:
    """(persons, records) of ``scope`` by year, those with ``flag`` only when given."""
    counts = x.counts("v", (flag,) if flag else ())
    want = (True,) if flag else ()
    return {
        year: (
            counts.persons.get((scope, year, *want), 0),
            counts.records.get((scope, year, *want), 0),
        )
        for year in [*x.years, TOTAL]
    }


def _cases(x: Extract) -> dict[tuple[Any, str], tuple[int, int]]:
    """(investigated, prosecuted) FIRs by (year, case kind)."""
    cases: dict[tuple[Any, str], tuple[int, int]] = {}
    for year, kind, n, prosecuted in x.sql(
        "SELECT year, case_kind, count(DISTINCT fir_id), "
        "count(DISTINCT fir_id) FILTER (WHERE prosecuted) FROM o_offences GROUP BY ALL"
    ):
        cases[(int(year), kind)] = (n, prosecuted)
        # an FIR has one year: the period's FIRs are the sum of the years'
        total = cases.get((TOTAL, kind), (0, 0))
        cases[(TOTAL, kind)] = (total[0] + n, total[1] + prosecuted)
    return cases


def _panel(x: Extract, id_: str, title: str, measures: list[tuple[str, Any]], what: str) -> Table:
    out = []
    for year in [*x.years, TOTAL]:
        for name, figures in measures:
            persons, records, firs = figures(year)
            out.append([year, name, persons, records, firs])
    return Table(
        id=id_,
        title=title,
        group="gcm",
        columns=[YEAR, MEASURE, PERSONS, RECORDS, FIRS],
        rows=out,
        note=note(
            x,
            what,
            f"{DEDUP_RULE} Cases: distinct FIRs (persons and records do not apply).",
        ),
    )


def panels(x: Extract) -> list[Table]:
    """GCM objective 9 and objective 10 panels: one row per year and measure."""
    cases = _cases(x)

    def people(scope: str, flag: str | None = None) -> Any:
        figures = _people(x, scope, flag)
        return lambda year: (*figures[year], None)

    def firs(kind: str, prosecuted: bool) -> Any:
        return lambda year: (None, None, cases.get((year, kind), (0, 0))[int(prosecuted)])

    objective_9 = _panel(
        x,
        "gcm_objective_9",
        "GCM objective 9: smuggling of migrants",
        [
            ("smuggled_migrants_identified", people(codes.SMUGGLED)),
            ("smuggled_migrants_assisted", people(codes.SMUGGLED, "assisted")),
            ("smuggling_cases_investigated", firs("smuggling", False)),
            ("smuggling_cases_prosecuted", firs("smuggling", True)),
        ],
        "Smuggled migrants (role smuggled_migrant) identified and assisted; smuggling cases "
        "(FIRs with a PSMA 2018 offence) investigated and prosecuted.",
    )
    objective_10 = _panel(
        x,
        "gcm_objective_10",
        "GCM objective 10: trafficking in persons",
        [
            ("trafficking_cases_investigated", firs("trafficking", False)),
            ("trafficking_cases_prosecuted", firs("trafficking", True)),
            ("victims_identified", people(codes.VICTIM)),
            ("victims_assisted", people(codes.VICTIM, "assisted")),
            ("victims_referred", people(codes.VICTIM, "referred")),
        ],
        "Trafficking cases (FIRs with a PTPA 2018 offence) investigated and prosecuted; "
        "detected victims of trafficking identified, assisted and referred.",
    )
    return [objective_9, objective_10]
