"""UNODC GLOTIP criminal-justice tables: persons suspected, prosecuted and convicted, and
offences recorded.

A person is suspected in the year their FIR was registered, prosecuted in the year of their
first charge and convicted in the year of their first conviction (per FIR); the year filter
applies to that year, the province and organisation filters to the FIR.
"""

from __future__ import annotations

from typing import Any

from tipsom.engine.indicators import codes
from tipsom.engine.indicators.breakdown import (
    PERSONS,
    RECORDS,
    SCOPE,
    YEAR,
    Dim,
    note,
    rows,
)
from tipsom.engine.indicators.extract import Extract
from tipsom.engine.indicators.result import TOTAL, Column, Table
from tipsom.engine.indicators.victims import AGE, CITIZENSHIP, GLOTIP_SEX

LAW = Dim("law", "Law", codes.LAWS)
SUSPECTS = (
    "Persons brought into formal contact with the police or the FIA as suspects in an FIR "
    "(suspected: year of the FIR), charged (prosecuted: year of the first charge) and "
    "convicted (year of the first conviction)."
)
SUSPECT_RULE = (
    "Persons: distinct identities (record linkage across organisations); each person is "
    "counted in the category of their earliest record (year, then FIR, then record id) with "
    "a known value, and once in each year and once in the period total. Records: one per "
    "suspect in an FIR (raw)."
)


def _table(x: Extract, id_: str, title: str, dim: Dim, what: str = "") -> Table:
    return Table(
        id=id_,
        title=title,
        group="glotip",
        columns=[SCOPE, YEAR, dim.column, PERSONS, RECORDS],
        rows=rows(x, "s", list(codes.STAGES), [dim]),
        note=note(x, f"{SUSPECTS}{what}", SUSPECT_RULE),
    )


def glotip_persons(x: Extract) -> list[Table]:
    """Persons suspected, prosecuted and convicted by sex, age group, citizenship and law,
    per year (the ``stage`` column says which)."""
    return [
        _table(
            x, "glotip_persons_sex", "Persons suspected, prosecuted, convicted by sex", GLOTIP_SEX
        ),
        _table(
            x, "glotip_persons_age", "Persons suspected, prosecuted, convicted by age group", AGE
        ),
        _table(
            x,
            "glotip_persons_citizenship",
            "Persons suspected, prosecuted, convicted by citizenship",
            CITIZENSHIP,
        ),
        _table(
            x,
            "glotip_persons_law",
            "Persons suspected, prosecuted, convicted by law",
            LAW,
            " A person under several laws counts under each (persons: every law of any of "
            "their FIRs in the year or period).",
        ),
    ]


OFFENCE_COLUMNS = [
    Column("offences", "Offences recorded", "count"),
    Column("firs", "FIRs (distinct)", "count"),
]


def glotip_offences(x: Extract) -> Table:
    """Offences recorded by law and offence code, per year (offences and distinct FIRs)."""
    counts: dict[tuple[Any, str, str], tuple[int, int]] = {}
    for year, law, code, n, firs in x.sql(
        "SELECT year, law, offence_code, count(*), count(DISTINCT fir_id) "
        "FROM o_offences GROUP BY ALL"
    ):
        counts[(int(year), law, code)] = (n, firs)
        # an FIR has one year: the period's FIRs are the sum of the years'
        total = counts.get((TOTAL, law, code), (0, 0))
        counts[(TOTAL, law, code)] = (total[0] + n, total[1] + firs)
    kinds = sorted({(law, code) for _, law, code in counts})
    out: list[list[Any]] = []
    for year in [*x.years, TOTAL]:
        for law, code in kinds:
            out.append([year, law, code, *counts.get((year, law, code), (0, 0))])
    return Table(
        id="glotip_offences",
        title="Offences recorded by law and offence code",
        group="glotip",
        columns=[YEAR, Column("law", "Law"), Column("offence_code", "Offence"), *OFFENCE_COLUMNS],
        rows=out,
        note=note(
            x,
            "Offences recorded in FIRs, by the year the FIR was registered.",
            "Offences: one per offence in an FIR; FIRs: distinct FIRs with such an offence. "
            "No persons here: nothing to deduplicate.",
        ),
    )
