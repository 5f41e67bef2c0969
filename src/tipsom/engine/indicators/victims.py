"""Detected victims of trafficking: SDG 16.2.2 rates, UNODC GLOTIP tables and CTDC-style
percentages.

A detected victim of trafficking is a victims.parquet record with role victim, case type
trafficking or both, and a trafficking status other than NotAVictimOfTrafficking (actual,
possible or not assessed).
"""

from __future__ import annotations

from typing import Any

from tipsom.engine.indicators import codes, schema
from tipsom.engine.indicators.breakdown import PERSONS, RECORDS, YEAR, Dim, note, rows
from tipsom.engine.indicators.extract import Extract
from tipsom.engine.indicators.population import NATIONAL, Population
from tipsom.engine.indicators.result import TOTAL, Column, Table

PER = 100_000
VICTIMS = (
    "Detected victims of trafficking (role victim; case type trafficking or both; "
    "trafficking status actual, possible or not assessed)."
)

SEX = Dim("sex", "Sex", codes.SEXES)
AGE = Dim("age_group", "Age group", codes.AGE_GROUPS)
FORM = Dim("form", "Form of exploitation (UNODC)", codes.FORMS)
CITIZENSHIP = Dim("citizenship", "Citizenship")
PROVINCE = Dim("province", "Province")
# GLOTIP asks for female and male; transgender and unknown go to one further column.
GLOTIP_SEX = Dim(
    "sex",
    "Sex",
    ("female", "male", "other_unknown"),
    {"transgender": "other_unknown", codes.UNKNOWN: "other_unknown"},
)

_SDG_COLUMNS = [
    Column("population", "Population", "population"),
    PERSONS,
    RECORDS,
    Column("rate_persons", "Persons per 100,000 population", "rate", True),
    Column("rate_records", "Records per 100,000 population", "rate", False),
    Column("rate_note", "Why there is no rate", "note"),
]


def _rate(
    count: int, population: int | None, year: Any, missing: str
) -> tuple[float | None, str | None]:
    if year == TOTAL:
        return None, "rates are per year: the period total has none"
    if population is None:
        return None, missing
    return count * PER / population, None


def _sdg_table(
    x: Extract,
    id_: str,
    title: str,
    dims: list[Dim],
    denominator: Any,
) -> Table:
    """``denominator(category)`` -> (population or None, reason when None)."""
    out = []
    for year, *cats, persons, records in rows(x, "v", [codes.VICTIM], dims):
        population, missing = denominator(*cats)
        rate_p, why = _rate(persons, population, year, missing)
        rate_r, _ = _rate(records, population, year, missing)
        out.append([year, *cats, population, persons, records, rate_p, rate_r, why])
    area = x.filters.province or NATIONAL
    organisation = x.filters.organisation
    scope_note = (
        f" Counts only records of organisation {organisation}; the population is the whole area's."
        if organisation
        else ""
    )
    excluded = (
        " The census total excludes Azad Jammu and Kashmir and Gilgit-Baltistan; victims "
        "registered there are counted."
        if area == NATIONAL
        else ""
    )
    return Table(
        id=id_,
        title=title,
        group="sdg_16_2_2",
        columns=[YEAR, *(d.column for d in dims), *_SDG_COLUMNS],
        rows=out,
        note=note(
            x,
            f"{VICTIMS} Rates per 100,000 of the population of {area} (Census 2023, PBS, for "
            f"every year, unless other figures were loaded).{excluded}{scope_note}",
        ),
    )


def sdg_16_2_2(x: Extract, population: Population) -> list[Table]:
    """SDG 16.2.2: detected victims of trafficking per 100,000 population, per year, in
    total and by province, sex, age group and form of exploitation. A rate needs a
    population for its category: rows without one carry the reason in ``rate_note``."""
    area = x.filters.province or NATIONAL

    def whole() -> tuple[int | None, str]:
        return population.get(area), f"no population for {area} in the population tables"

    def by_province(province: str) -> tuple[int | None, str]:
        if province == codes.UNKNOWN:
            return None, "province not recorded: no population"
        return population.get(province), f"no population for {province}"

    def by_sex(sex: str) -> tuple[int | None, str]:
        if sex == codes.UNKNOWN:
            return None, "sex not recorded: no population"
        return population.get(area, sex), f"no population of {area} by sex"

    def by_age(age_group: str) -> tuple[int | None, str]:
        if age_group == codes.UNKNOWN:
            return None, "age not recorded: no population"
        return population.get(area, None, age_group), (
            f"no population of {area} by age group in the population tables (Census 2023 "
            "by area and sex only): load a CSV with age rows (population.load(extra=...))"
        )

    def by_form(_form: str) -> tuple[int | None, str]:
        return whole()

    national = _sdg_table(
        x, "sdg_16_2_2", "Detected victims of trafficking per 100,000 population", [], whole
    )
    provinces = _sdg_table(
        x,
        "sdg_16_2_2_province",
        "Detected victims of trafficking per 100,000 population, by province",
        [PROVINCE],
        by_province,
    )
    provinces.meta["names"] = {
        code: name for code, name in population.names.items() if code != NATIONAL
    }
    return [
        national,
        provinces,
        _sdg_table(
            x,
            "sdg_16_2_2_sex",
            "Detected victims of trafficking per 100,000 population, by sex",
            [SEX],
            by_sex,
        ),
        _sdg_table(
            x,
            "sdg_16_2_2_age",
            "Detected victims of trafficking per 100,000 population, by age group",
            [AGE],
            by_age,
        ),
        _sdg_table(
            x,
            "sdg_16_2_2_form",
            "Detected victims of trafficking per 100,000 population, by form of exploitation",
            [FORM],
            by_form,
        ),
    ]


def _count_table(x: Extract, id_: str, title: str, dims: list[Dim], what: str = "") -> Table:
    return Table(
        id=id_,
        title=title,
        group="glotip",
        columns=[YEAR, *(d.column for d in dims), PERSONS, RECORDS],
        rows=rows(x, "v", [codes.VICTIM], dims),
        note=note(x, f"{VICTIMS}{what}"),
    )


def glotip_victims(x: Extract) -> list[Table]:
    """UNODC GLOTIP: detected victims by sex, age group, sex and age group, form of
    exploitation and citizenship, per year."""
    forms = (
        " Forms: HTCDS values grouped as UNODC's categories; mixed: more than one category; "
        "forced criminal activity has no HTCDS value and stays 0."
    )
    return [
        _count_table(x, "glotip_victims_sex", "Detected victims by sex", [GLOTIP_SEX]),
        _count_table(x, "glotip_victims_age", "Detected victims by age group", [AGE]),
        _count_table(
            x, "glotip_victims_sex_age", "Detected victims by sex and age group", [GLOTIP_SEX, AGE]
        ),
        _count_table(
            x, "glotip_victims_form", "Detected victims by form of exploitation", [FORM], forms
        ),
        _count_table(
            x, "glotip_victims_citizenship", "Detected victims by citizenship", [CITIZENSHIP]
        ),
    ]


_CTDC_COLUMNS = [
    PERSONS,
    Column("persons_n", "Persons with this information", "count", True),
    Column("persons_percent", "% of persons with this information", "percent", True),
    RECORDS,
    Column("records_n", "Records with this information", "count", False),
    Column("records_percent", "% of records with this information", "percent", False),
]


def _percent(part: int, whole: int) -> float | None:
    return part * 100 / whole if whole else None


def _ctdc_table(
    x: Extract,
    id_: str,
    title: str,
    dim: Dim,
    known: dict[Any, tuple[int, int]],
    what: str,
) -> Table:
    """Rows of ``dim`` without unknown; ``known[year]``: (persons, records) with the
    information, the denominators."""
    out = []
    for year, category, persons, records in rows(x, "v", [codes.VICTIM], [dim]):
        if category == codes.UNKNOWN:
            continue
        n_persons, n_records = known[year]
        out.append(
            [
                year,
                category,
                persons,
                n_persons,
                _percent(persons, n_persons),
                records,
                n_records,
                _percent(records, n_records),
            ]
        )
    return Table(
        id=id_,
        title=title,
        group="ctdc",
        columns=[YEAR, dim.column, *_CTDC_COLUMNS],
        rows=out,
        note=note(
            x,
            f"{VICTIMS} Percentages of those with the information (CTDC's rule): n, the "
            f"denominator, leaves out persons or records without it.{what}",
        ),
    )


def _known(x: Extract, dim: Dim) -> dict[Any, tuple[int, int]]:
    """(persons, records) whose ``dim`` is known, by year."""
    known: dict[Any, list[int]] = {}
    for year, category, persons, records in rows(x, "v", [codes.VICTIM], [dim]):
        total = known.setdefault(year, [0, 0])
        if category != codes.UNKNOWN:
            total[0] += persons
            total[1] += records
    return {year: (p, r) for year, (p, r) in known.items()}


def ctdc_percentages(x: Extract) -> list[Table]:
    """CTDC-style shares of detected victims by sex, age group, type of exploitation (HTCDS
    values) and citizenship, each among those whose value is known, with n."""
    exploitation = Dim(
        "exploitation", "Type of exploitation (HTCDS)", (*schema.EXPLOITATION, codes.UNKNOWN)
    )
    return [
        _ctdc_table(x, "ctdc_sex", "Detected victims by sex, %", SEX, _known(x, SEX), ""),
        _ctdc_table(x, "ctdc_age", "Detected victims by age group, %", AGE, _known(x, AGE), ""),
        _ctdc_table(
            x,
            "ctdc_exploitation",
            "Detected victims by type of exploitation, %",
            exploitation,
            _known(x, FORM),
            " A victim of several types counts in each: the percentages may add up to more "
            "than 100.",
        ),
        _ctdc_table(
            x,
            "ctdc_citizenship",
            "Detected victims by citizenship, %",
            CITIZENSHIP,
            _known(x, CITIZENSHIP),
            "",
        ),
    ]
