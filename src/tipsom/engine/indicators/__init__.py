"""Official statistics from the statistics extract (`schema`): SDG 16.2.2, UNODC GLOTIP
tables, GCM objective 9 and 10 panels and CTDC-style percentages, computed with DuckDB SQL
over the extract's Parquet files. Nothing here knows Django.

    report = compute_all("extract/", Filters(year_from=2021, province="PK-PB"))
    report.table("sdg_16_2_2_sex").records()

Every count comes twice: **records** (raw: one per registration of a person in a case, or
per suspect in an FIR) and **persons** (deduplicated: distinct ``identity_key``, the
record-linkage identity shared by all records of one real person across organisations).
A table's columns say which is which (`result.Column.deduplicated`).

Deduplication rule. Among the records a table counts (after the filters and the table's
own population, e.g. detected victims of trafficking), a person whose records disagree on
an attribute takes the value of their earliest record (``identified_on``, then
``record_id``; for suspects the year, then the FIR, then ``record_id``) that has a known
value: sex not unknown, age, province, citizenship not null, exploitation not empty. The
same value serves every year, so in a table the persons of a year add up to that year's
persons. A person identified in two different years counts once in each year's figure and
once in the period total (year `TOTAL`). Flags (assisted, referred) hold for a person in a
year when any of their records that year has them, and for the period when any record has.
Laws of suspects are not one value: a person counts under every law of any of their FIRs.
Records always count in their own values.

Modules: `schema` (the extract's Parquet schemas and code lists), `population`
(denominators), `extract` (the filtered extract in DuckDB, as cubes of records and persons),
`codes` (categories), `breakdown` (counts as table rows), `result` (`Table`, `Column`),
`victims` (SDG 16.2.2, GLOTIP victims, CTDC), `justice` (GLOTIP persons and offences),
`gcm` (GCM panels), `compute` (all of them: `compute_all`), `synthetic` (a synthetic
extract for tests and benchmarks).
"""

from tipsom.engine.indicators.compute import Report, compute_all, tables
from tipsom.engine.indicators.extract import Extract, Filters
from tipsom.engine.indicators.population import Population
from tipsom.engine.indicators.result import TOTAL, Column, Table

__all__ = [
    "TOTAL",
    "Column",
    "Extract",
    "Filters",
    "Population",
    "Report",
    "Table",
    "compute_all",
    "tables",
]
