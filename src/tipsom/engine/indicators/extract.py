"""An extract opened for computing: one DuckDB connection and, per source (``v`` victims,
``s`` suspects), two small tables every count is read from.

- ``{v,s}_record_cube``: records counted by every combination of their categories (scope,
  year, province, sex, ...): raw counts are sums over it;
- ``{v,s}_person_cube``: persons counted by every combination of their representative
  categories and of the years they appear in (bit masks): deduplicated counts are sums
  over it, one per year bit, and the period total.

The scope says which population a row belongs to: for victims ``victim`` (role victim, case
type trafficking or both, trafficking status not NotAVictimOfTrafficking) or
``smuggled_migrant``; for suspects the stage (suspected, prosecuted, convicted), each with
its own year. A person's representative category is that of their earliest record with a
known value; a person is in a year's flag (assisted, referred) or law when any of their
records that year has it. Lists of codes (exploitation, laws) are bit masks, one bit per
code, so a person's list is one number.

Reading the Parquet files once per cube and grouping a million records into a few hundred
thousand persons and then a few tens of thousands of cube rows is what keeps a national
extract within seconds; every table is filtered by `Filters` as it is read.
"""

from __future__ import annotations

import tempfile
from collections import defaultdict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import duckdb

from tipsom.engine.indicators import codes, schema
from tipsom.engine.indicators.result import TOTAL

MAX_YEARS = 64  # the years of one extract are the bits of an unsigned 64-bit number


@dataclass(frozen=True)
class Filters:
    """Restrict every table to years ``year_from``..``year_to`` (inclusive), a province
    (ISO 3166-2, e.g. PK-PB) and an organisation code; None: no restriction."""

    year_from: int | None = None
    year_to: int | None = None
    province: str | None = None
    organisation: str | None = None

    def describe(self) -> str:
        parts = []
        if self.province:
            parts.append(f"province {self.province}")
        if self.organisation:
            parts.append(f"organisation {self.organisation}")
        return ", ".join(parts)

    def params(self) -> dict[str, Any]:
        return {
            "year_from": self.year_from,
            "year_to": self.year_to,
            "province": self.province,
            "organisation": self.organisation,
        }


# SQL text here is built only from this module's constants (S608 is silenced on it);
# everything a user gives (filter values, paths) goes in as a query parameter.


def _where(year: str = "year") -> str:
    return (
        f"($year_from::INTEGER IS NULL OR {year} >= $year_from) "
        f"AND ($year_to::INTEGER IS NULL OR {year} <= $year_to) "
        "AND ($province::VARCHAR IS NULL OR province = $province) "
        "AND ($organisation::VARCHAR IS NULL OR organisation = $organisation)"
    )


def _mask(column: str, values: Sequence[str], other: int | None = None) -> str:
    """A list column as a bit mask: bit i for ``values[i]``; a value outside them sets bit
    ``other`` (or none)."""
    cases = " ".join(f"WHEN '{v}' THEN {1 << i}" for i, v in enumerate(values))
    fallback = 0 if other is None else 1 << other
    return (
        f"coalesce(list_aggregate(list_transform({column}, "
        f"lambda e: CASE e {cases} ELSE {fallback} END), 'bit_or'), 0)"
    )


_AGE_GROUP = (
    f"CASE WHEN age IS NULL THEN '{codes.UNKNOWN}' WHEN age < {codes.ADULT_AGE} THEN '0-17' "
    "ELSE '18+' END"
)


def _first_known(column: str, known: str | None = None, unknown: str = f"'{codes.UNKNOWN}'") -> str:
    """The value of ``column`` in the person's earliest record (by ``k``) that knows it."""
    known = known or f"{column} <> {unknown}"
    return f"coalesce(arg_min({column}, k) FILTER (WHERE {known}), {unknown}) AS {column}"


def _key(*columns: str) -> str:
    """A binary key that sorts as ``columns`` do, in order (cheaper to compare than a struct)."""
    keys = ", ".join(f"{c}, 'ASC NULLS LAST'" for c in columns)
    return f"create_sort_key({keys})"


def _bits(condition: str = "true") -> str:
    """The years (bits from ``$base``) of the person's records where ``condition`` holds."""
    return (
        f"bit_or(CASE WHEN {condition} THEN 1::UBIGINT << (year - $base)::UBIGINT "
        "ELSE 0::UBIGINT END)"
    )


# A value outside HTCDS's list still counts, as Other.
_EXPLOITATION = _mask("exploitation", schema.EXPLOITATION, schema.EXPLOITATION.index("Other"))
_VICTIM_SOURCE = f"""
SELECT
    CASE WHEN role = 'smuggled_migrant' THEN '{codes.SMUGGLED}' ELSE '{codes.VICTIM}' END
        AS scope,
    identity_key, year, identified_on, record_id,
    coalesce(province, '{codes.UNKNOWN}') AS province,
    coalesce(sex, '{codes.UNKNOWN}') AS sex,
    {_AGE_GROUP} AS age_group,
    coalesce(citizenship, '{codes.UNKNOWN}') AS citizenship,
    {_EXPLOITATION}::USMALLINT AS exploitation,
    assisted, referred
FROM read_parquet($victims)
WHERE (role = 'smuggled_migrant' OR (
        role = 'victim' AND case_type IN ('trafficking', 'both')
        AND trafficking_status IS DISTINCT FROM 'NotAVictimOfTrafficking'))
    AND {_where()}"""  # noqa: S608

_V_ATTRIBUTES = "province, sex, age_group, citizenship, exploitation"
_VICTIM_RECORD_CUBE = f"""
CREATE TEMP TABLE v_record_cube AS
SELECT scope, year, {_V_ATTRIBUTES}, assisted, referred, count(*) AS n
FROM ({_VICTIM_SOURCE}) GROUP BY ALL"""  # noqa: S608

_VICTIM_PERSON_CUBE = f"""
CREATE TEMP TABLE v_person_cube AS
SELECT scope, years, assisted_years, referred_years, {_V_ATTRIBUTES}, count(*) AS n
FROM (
    SELECT scope,
        {", ".join(_first_known(c) for c in ("province", "sex", "age_group", "citizenship"))},
        {_first_known("exploitation", "exploitation > 0", "0::USMALLINT")},
        {_bits()} AS years, {_bits("assisted")} AS assisted_years,
        {_bits("referred")} AS referred_years
    FROM (SELECT *, {_key("identified_on", "record_id")} AS k FROM ({_VICTIM_SOURCE}))
    GROUP BY scope, identity_key
) GROUP BY ALL"""  # noqa: S608

_LAWS = [law for law in codes.LAWS if law != codes.UNKNOWN]
# One row per stage a suspect reached, from one reading of the file.
_STAGES = ", ".join(
    f"{{'scope': '{stage}', 'year': {column}}}" for stage, column in codes.STAGES.items()
)
_SUSPECT_SOURCE = f"""
SELECT stage.scope AS scope, stage.year AS year, identity_key, record_id, fir_id,
    coalesce(sex, '{codes.UNKNOWN}') AS sex,
    {_AGE_GROUP} AS age_group,
    coalesce(citizenship, '{codes.UNKNOWN}') AS citizenship,
    {_mask("laws", _LAWS)}::USMALLINT AS laws
FROM (
    SELECT *, unnest([{_STAGES}]) AS stage
    FROM read_parquet($suspects)
    WHERE ($province::VARCHAR IS NULL OR province = $province)
        AND ($organisation::VARCHAR IS NULL OR organisation = $organisation)
)
WHERE stage.year IS NOT NULL
    AND ($year_from::INTEGER IS NULL OR stage.year >= $year_from)
    AND ($year_to::INTEGER IS NULL OR stage.year <= $year_to)"""  # noqa: S608

# Columns of the suspects' person cube: for each law, the years of the person's records
# under it; "unknown" the years of records that name no law.
_LAW_YEARS = {
    **{law: f"law_{i}_years" for i, law in enumerate(_LAWS)},
    codes.UNKNOWN: "law_unknown_years",
}
_LAW_BITS = ", ".join(
    [f"{_bits(f'laws & {1 << i} <> 0')} AS law_{i}_years" for i in range(len(_LAWS))]
    + [f"{_bits('laws = 0')} AS law_unknown_years"]
)
_SUSPECT_RECORD_CUBE = f"""
CREATE TEMP TABLE s_record_cube AS
SELECT scope, year, sex, age_group, citizenship, laws, count(*) AS n
FROM ({_SUSPECT_SOURCE}) GROUP BY ALL"""  # noqa: S608

_SUSPECT_PERSON_CUBE = f"""
CREATE TEMP TABLE s_person_cube AS
SELECT scope, years, sex, age_group, citizenship, {", ".join(_LAW_YEARS.values())},
    count(*) AS n
FROM (
    SELECT scope,
        {", ".join(_first_known(c) for c in ("sex", "age_group", "citizenship"))},
        {_bits()} AS years,
        {_LAW_BITS}
    FROM (SELECT *, {_key("year", "fir_id", "record_id")} AS k FROM ({_SUSPECT_SOURCE}))
    GROUP BY scope, identity_key
) GROUP BY ALL"""  # noqa: S608

_OFFENCES = f"""
CREATE TEMP TABLE o_offences AS
SELECT fir_id, year, law, offence_code, case_kind, prosecuted
FROM read_parquet($offences) WHERE {_where()}"""  # noqa: S608


def _bits_of(values: Sequence[str], unknown: str = codes.UNKNOWN) -> Callable[[int], list[str]]:
    """A bit mask -> the values whose bits are set, or [unknown] when none is."""

    def split(mask: int) -> list[str]:
        return [v for i, v in enumerate(values) if mask >> i & 1] or [unknown]

    return split


def _form(mask: int) -> list[str]:
    """An exploitation mask -> its UNODC form: one category, mixed, or unknown."""
    forms = {codes.FORM_OF_HTCDS[v] for v in _bits_of(schema.EXPLOITATION, "")(mask) if v}
    if not forms:
        return [codes.UNKNOWN]
    return [forms.pop() if len(forms) == 1 else "mixed"]


@dataclass(frozen=True)
class _Dimension:
    """A breakdown: the cube column it groups by; ``split``, the categories a value counts
    in (several: counted in each; default: the value itself); ``years``, for a dimension
    whose persons are counted by their own year masks (flags, laws), the mask column of
    each category."""

    column: str
    split: Callable[[Any], list[Any]] | None = None
    years: Mapping[Any, str] | None = None


_DIMENSIONS: Mapping[str, Mapping[str, _Dimension]] = {
    "v": {
        **{d: _Dimension(d) for d in ("province", "sex", "age_group", "citizenship")},
        "form": _Dimension("exploitation", _form),
        "exploitation": _Dimension("exploitation", _bits_of(schema.EXPLOITATION)),
        "assisted": _Dimension("assisted", years={True: "assisted_years"}),
        "referred": _Dimension("referred", years={True: "referred_years"}),
    },
    "s": {
        **{d: _Dimension(d) for d in ("sex", "age_group", "citizenship")},
        "law": _Dimension("laws", _bits_of(_LAWS), years=_LAW_YEARS),
    },
}

Key = tuple[Any, ...]


@dataclass
class Counts:
    """Counts of one breakdown: (scope, year, *categories) -> n, for persons (deduplicated)
    and records (raw). The year is a year or `TOTAL`."""

    persons: dict[Key, int] = field(default_factory=lambda: defaultdict(int))
    records: dict[Key, int] = field(default_factory=lambda: defaultdict(int))


class Extract:
    """An extract directory opened with `Filters`; close it (or use ``with``) when done.
    ``threads``: DuckDB's threads (default: one per core)."""

    def __init__(
        self, directory: str | Path, filters: Filters | None = None, threads: int | None = None
    ) -> None:
        self.directory = Path(directory)
        self.filters = filters or Filters()
        files = {name: schema.path(self.directory, name) for name in schema.TABLES}
        absent = [str(p) for p in files.values() if not p.is_file()]
        if absent:
            raise FileNotFoundError(f"extract incomplete: no {', '.join(absent)}")
        spill = Path(tempfile.gettempdir()) / "tipsom-duckdb"
        spill.mkdir(parents=True, exist_ok=True)
        # Nothing here depends on the order rows were read in: DuckDB may build in parallel.
        config: dict[str, Any] = {"temp_directory": str(spill), "preserve_insertion_order": False}
        if threads:
            config["threads"] = threads
        self.con = duckdb.connect(":memory:", config=config)
        self._counts: dict[tuple[str, tuple[str, ...]], Counts] = {}
        try:
            self._build({name: str(p) for name, p in files.items()})
        except Exception:
            self.con.close()
            raise

    def _check_codes(self, files: dict[str, str]) -> None:
        """ValueError when a file holds a code outside its list: a category no table shows
        would drop records silently. (Exploitation is not checked: an unlisted type counts
        as Other.)"""
        for name, codes_ in schema.CODES.items():
            columns = [c for c in codes_ if c != "exploitation"]
            seen = [
                f"flatten(array_agg(DISTINCT {c}))" if c == "laws" else f"array_agg(DISTINCT {c})"
                for c in columns
            ]
            query = f"SELECT {', '.join(seen)} FROM read_parquet($path)"  # noqa: S608
            values = self.sql(query, {"path": files[name]})[0]
            for column, found in zip(columns, values, strict=True):
                schema.check_codes(name, column, found or [])

    def _build(self, files: dict[str, str]) -> None:
        self._check_codes(files)
        filters = self.filters.params()
        self.con.execute(_VICTIM_RECORD_CUBE, {**filters, "victims": files["victims"]})
        self.con.execute(_SUSPECT_RECORD_CUBE, {**filters, "suspects": files["suspects"]})
        self.con.execute(_OFFENCES, {**filters, "offences": files["offences"]})
        seen = sorted(
            int(y)
            for (y,) in self.sql(
                "SELECT year FROM v_record_cube UNION SELECT year FROM s_record_cube "
                "UNION SELECT year FROM o_offences"
            )
        )
        first, last = self.filters.year_from, self.filters.year_to
        if first is not None and last is not None:
            self.years = list(range(first, last + 1))
        else:
            self.years = seen
        span = (self.years[0], self.years[-1]) if self.years else (0, 0)
        if span[1] - span[0] >= MAX_YEARS:
            raise ValueError(
                f"the extract's years run from {span[0]} to {span[1]}: at most {MAX_YEARS} "
                "years can be counted at once; choose a period (Filters.year_from, year_to)"
            )
        self.base = span[0]
        params = {"base": self.base}
        self.con.execute(_VICTIM_PERSON_CUBE, {**filters, **params, "victims": files["victims"]})
        self.con.execute(_SUSPECT_PERSON_CUBE, {**filters, **params, "suspects": files["suspects"]})

    def __enter__(self) -> Extract:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self.con.close()

    @property
    def period(self) -> str:
        """The years covered, as text (e.g. 2019–2024)."""
        if not self.years:
            return "no data"
        first, last = self.years[0], self.years[-1]
        return str(first) if first == last else f"{first}–{last}"

    def sql(self, query: str, params: Mapping[str, Any] | None = None) -> list[tuple[Any, ...]]:
        return self.con.execute(query, params or {}).fetchall()

    def _per_year(self, mask: str) -> str:
        """SQL: for each year, the sum of ``n`` over cube rows whose ``mask`` has its bit."""
        return "".join(
            f", sum(n) FILTER (WHERE ({mask} >> {year - self.base}) & 1 = 1)" for year in self.years
        )

    def counts(self, source: str, dims: tuple[str, ...]) -> Counts:
        """Persons and records of ``source`` (``v`` victims, ``s`` suspects) by scope, year
        and ``dims``, for every year and the whole period. Records are counted in their own
        categories, persons in their representative ones."""
        cached = self._counts.get((source, dims))
        if cached is not None:
            return cached
        dimensions = [_DIMENSIONS[source][d] for d in dims]
        result = Counts()
        columns = ", ".join(["scope", *(d.column for d in dimensions)])
        raw = f"SELECT year, {columns}, sum(n) FROM {source}_record_cube GROUP BY ALL"  # noqa: S608
        for year, scope, *values, n in self.sql(raw):
            for cats in _split(dimensions, values):
                # a record is in one year: the period's count is the sum of the years'
                result.records[(scope, int(year), *cats)] += int(n)
                result.records[(scope, TOTAL, *cats)] += int(n)
        masked = next((d for d in dimensions if d.years), None)
        if masked is None:
            query = (
                f"SELECT {columns}, sum(n){self._per_year('years')} "  # noqa: S608
                f"FROM {source}_person_cube GROUP BY ALL"
            )
            for scope, *row in self.sql(query):
                values, figures = row[: len(dims)], row[len(dims) :]
                for cats in _split(dimensions, values):
                    for year, n in zip([TOTAL, *self.years], figures, strict=True):
                        result.persons[(scope, year, *cats)] += int(n or 0)
        elif len(dimensions) > 1:
            raise ValueError(f"{dims}: a dimension counted by its own years goes alone")
        else:  # each category has its own mask of years
            for category, mask in (masked.years or {}).items():
                query = (
                    f"SELECT scope, sum(n) FILTER (WHERE {mask} <> 0)"  # noqa: S608
                    f"{self._per_year(mask)} FROM {source}_person_cube GROUP BY scope"
                )
                for scope, *figures in self.sql(query):
                    for year, n in zip([TOTAL, *self.years], figures, strict=True):
                        result.persons[(scope, year, category)] += int(n or 0)
        self._counts[(source, dims)] = result
        return result


def _split(dimensions: Sequence[_Dimension], values: Sequence[Any]) -> list[tuple[Any, ...]]:
    """Every combination of categories the values of ``dimensions`` count in."""
    combos: list[tuple[Any, ...]] = [()]
    for dimension, value in zip(dimensions, values, strict=True):
        cats = dimension.split(value) if dimension.split else [value]
        combos = [(*combo, cat) for combo in combos for cat in cats]
    return combos
