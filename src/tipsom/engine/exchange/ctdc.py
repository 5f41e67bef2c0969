"""CTDC rows in and out: one row of a CTDC 2021 or 2024 file as record fields that
`RecordChecker` reads, and a checked record as a CTDC 2024 row.

Reading (`translate_2021`, `translate_2024`): every CTDC column is either translated onto
record fields (the crosswalk of `standards.ctdc`), read as missing (the "not specified"
columns), or passed through under its own name so the checker lists it among the columns
not imported. A value that is not CTDC's is a `Problem` naming the CTDC column, the value,
why, and what is allowed; a missing-value marker (-99, 00, NA, empty) is simply missing.
CTDC persons are anonymous: every record is marked so (it needs no name), a victim in a
trafficking case, with its birth year estimated from the age band at registration.

Writing (`ctdc_2024_row`): the 27 variables of codebook v2 in its order, flags ``1`` or
empty, means merged, countries alpha-3, ``traffickMonths`` empty (tipsom does not hold it).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

import pycountry

from tipsom.engine.exchange.problems import FileProblem, Problem
from tipsom.engine.exchange.record import field_for
from tipsom.engine.standards import ctdc, htcds

CTDC_2024_COLUMNS: tuple[str, ...] = ctdc.VARIABLES_2024

# The record fields a translation gives, always all of them (empty when not known), so the
# checker's columns are the same for every row.
FIELDS: tuple[str, ...] = (
    "tipsom_anonymous",
    "tipsom_case_type",
    "tipsom_role",
    "tipsom_opened_on",
    "tipsom_birth_year",
    "tipsom_age_is_estimated",
    "prs_Gender",
    "prs_Citizenship",
    "hte_Type",
    "hte_Country",
    ctdc.MOC,
    ctdc.EXPLOIT,
    ctdc.INDUSTRY,
    ctdc.SEX,
    ctdc.RELATION,
)
_WORDS = re.compile(r"[^a-z0-9]+")


@dataclass(frozen=True)
class _Release:
    year: int
    columns: tuple[str, ...]
    crosswalk: ctdc.Crosswalk
    not_specified: frozenset[str]
    not_imported: frozenset[str]
    genders: tuple[str, ...]
    flags_allowed: str
    countries_allowed: str
    other: str  # the other release, to name when its columns are found
    other_columns: frozenset[str]  # lower-cased columns only the other release has
    rename: Callable[[str], str] = lambda header: header


# Columns that tell one release from the other: the means of control are named apart.
_ONLY_2021 = frozenset(c.lower() for c in ctdc.COLUMNS_2021 if c.startswith("meansOfControl"))
_ONLY_2024 = frozenset(c.lower() for c in ctdc.VARIABLES_2024 if c.startswith("means"))
_2021 = _Release(
    2021,
    ctdc.COLUMNS_2021,
    ctdc.IMPORT_2021,
    ctdc.NOT_SPECIFIED_2021,
    ctdc.NOT_IMPORTED_2021,
    ctdc.GENDERS_2021,
    "1, 0, -99 or empty",
    "ISO 3166-1 alpha-2 codes, e.g. PK, AF, US (alpha-3 is read too)",
    "ctdc-2024",
    _ONLY_2024,
)
_2024 = _Release(
    2024,
    ctdc.VARIABLES_2024,
    ctdc.IMPORT_2024,
    frozenset(),
    ctdc.NOT_IMPORTED_2024,
    ctdc.GENDERS_2024,
    "1 or empty",
    "ISO 3166-1 alpha-3 codes, e.g. PAK, AFG, USA (alpha-2 is read too)",
    "ctdc-2021",
    _ONLY_2021,
    ctdc.name_2024,
)
# A release's column names by their lower-cased spelling (headers are matched without case).
_OFFICIAL = {r.year: {name.lower(): name for name in r.columns} for r in (_2021, _2024)}


def translate_2021(values: Mapping[str, Any], row: int = 0) -> tuple[dict[str, Any], list[Problem]]:
    """One row of the 2021 k-anonymised dataset as record fields, and its problems."""
    return _translate(_2021, values, row)


def translate_2024(values: Mapping[str, Any], row: int = 0) -> tuple[dict[str, Any], list[Problem]]:
    """One row of the 2024 synthetic dataset (``typeOf*`` or ``sectorOf*`` sector columns)
    as record fields, and its problems."""
    return _translate(_2024, values, row)


def _missing(text: str) -> bool:
    return text.strip().lower() in ctdc.MISSING


def _translate(
    release: _Release, values: Mapping[str, Any], row: int
) -> tuple[dict[str, Any], list[Problem]]:
    problems: list[Problem] = []
    cells: dict[str, tuple[str, str]] = {}  # official name -> (header as written, text)
    passed: dict[str, Any] = {}
    for header, value in values.items():
        official = _OFFICIAL[release.year].get(release.rename(header.strip()).lower())
        if official is None or official in release.not_imported:
            if header.strip().lower() in release.other_columns:
                raise FileProblem(
                    f"the column {header!r} is not in the CTDC {release.year} format; "
                    f"this looks like a file to import as {release.other}"
                )
            if field_for(header) not in FIELDS:
                passed[header] = value  # listed by the checker as not imported
            continue
        text = ";".join(value) if isinstance(value, list) else str(value)
        cells[official] = (header, text)
    if not cells:
        raise FileProblem(
            f"no column is a CTDC {release.year} variable; the header row must name "
            f"variables such as {', '.join(release.columns[:4])}"
        )

    def problem(name: str, reason: str, allowed: str = "") -> None:
        header, text = cells[name]
        problems.append(Problem(row, header, text, reason, allowed))

    out: dict[str, Any] = dict.fromkeys(FIELDS, "")
    out.update(tipsom_anonymous="1", tipsom_case_type="trafficking", tipsom_role="victim")

    year = _year(cells, problem)
    if year is not None:
        out["tipsom_opened_on"] = f"{year}-01-01"
    out["prs_Gender"] = _gender(release, cells, problem)
    band = _band(release, cells, problem)
    if band is not None:
        if year is None:
            problem("ageBroad", "the birth year is estimated from it and needs yearOfRegistration")
        else:
            out["tipsom_birth_year"] = str(year - band.midpoint)
            out["tipsom_age_is_estimated"] = "1"
    citizenship = _country(release, cells, "citizenship", problem)
    out["prs_Citizenship"] = citizenship
    exploited_in = _country(release, cells, "CountryOfExploitation", problem)
    if exploited_in:
        out["hte_Type"], out["hte_Country"] = "Exploitation", exploited_in

    codes: dict[str, set[str]] = {}
    for name, (_header, text) in cells.items():
        if name in release.not_specified or name not in release.crosswalk:
            continue
        if _missing(text) or text.strip() in ctdc.FLAG_UNSET:
            continue
        if text.strip() not in ctdc.FLAG_SET:
            problem(name, "not a CTDC flag", release.flags_allowed)
            continue
        field, set_codes = release.crosswalk[name]
        codes.setdefault(field, set()).update(set_codes)
    for field, found in codes.items():
        if field == ctdc.RELATION:  # one relationship in HTCDS: the closest wins
            out[field] = next(c for c in ctdc.RELATION_PRIORITY if c in found)
        else:
            out[field] = ";".join(c for c in htcds.code_list(field) if c in found)
    return {**passed, **out}, problems


def _year(cells: dict[str, tuple[str, str]], problem: Callable[..., None]) -> int | None:
    if "yearOfRegistration" not in cells:
        return None
    text = cells["yearOfRegistration"][1].strip()
    if _missing(text):
        return None
    if not re.fullmatch(r"\d{4}(\.0+)?", text) or int(text[:4]) < 1900:
        problem("yearOfRegistration", "not a year of registration", "a year, e.g. 2019")
        return None
    return int(text[:4])


def _squash(text: str) -> str:
    return _WORDS.sub("", text.lower())


def _gender(
    release: _Release, cells: dict[str, tuple[str, str]], problem: Callable[..., None]
) -> str:
    if "gender" not in cells or _missing(cells["gender"][1]):
        return ""
    given = _squash(cells["gender"][1])
    for value, code in ctdc.GENDER_TO_HTCDS.items():
        if _squash(value) == given:
            return code
    problem("gender", "not a CTDC gender", ", ".join(release.genders))
    return ""


def _band(
    release: _Release, cells: dict[str, tuple[str, str]], problem: Callable[..., None]
) -> ctdc.AgeBand | None:
    if "ageBroad" not in cells or _missing(cells["ageBroad"][1]):
        return None
    band = ctdc.parse_age_band(cells["ageBroad"][1])
    if band is None:
        labels = (b.label_2024 if release.year == 2024 else b.label for b in ctdc.AGE_BANDS)
        problem("ageBroad", "not a CTDC age band", ", ".join(labels))
    return band


def _country(
    release: _Release,
    cells: dict[str, tuple[str, str]],
    name: str,
    problem: Callable[..., None],
) -> str:
    if name not in cells:
        return ""
    text = cells[name][1].strip()
    # In 2021 countries are alpha-2 and missing is -99, 00 or empty: NA is Namibia.
    if release.year == 2021 and text == "NA":
        return "NA"
    if _missing(text):
        return ""
    found = None
    if len(text) == 2:
        found = pycountry.countries.get(alpha_2=text.upper())
    elif len(text) == 3:
        found = pycountry.countries.get(alpha_3=text.upper())
    if found is None:
        problem(name, "not a country code", release.countries_allowed)
        return ""
    return str(found.alpha_2)


# --- Writing ----------------------------------------------------------------------------


def ctdc_2024_row(record: Mapping[str, Any]) -> dict[str, str]:
    """A checked record (field -> clean value) as the 27 CTDC 2024 variables, in codebook
    order: flags ``1`` or empty, countries alpha-3, the age band at registration."""
    row = dict.fromkeys(CTDC_2024_COLUMNS, "")
    opened = _day(record.get("tipsom_opened_on"))
    if opened is not None:
        row["yearOfRegistration"] = str(opened.year)
    row["gender"] = ctdc.GENDER_2024_OF_HTCDS.get(str(record.get("prs_Gender") or ""), "")
    age = _age_at(record, opened)
    band = ctdc.age_band(age) if age is not None else None
    if band is not None:
        row["ageBroad"] = band.label_2024
    citizenship = _codes(record.get("prs_Citizenship"))
    if citizenship:  # CTDC holds one citizenship: the first
        row["citizenship"] = _alpha_3(citizenship[0])
    if record.get("hte_Type") == "Exploitation" and record.get("hte_Country"):
        row["CountryOfExploitation"] = _alpha_3(str(record["hte_Country"]))
    for column, (field, codes) in ctdc.EXPORT_2024.items():
        if set(_codes(record.get(field))) & set(codes):
            row[column] = "1"
    return row


def _codes(value: Any) -> list[str]:
    if value in (None, ""):
        return []
    if isinstance(value, str):
        return [value]
    return [str(v) for v in value] if isinstance(value, Iterable) else [str(value)]


def _day(value: Any) -> date | None:
    if isinstance(value, date):
        return value
    if isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value[:10]):
        try:
            return date.fromisoformat(value[:10])
        except ValueError:
            return None
    return None


def _age_at(record: Mapping[str, Any], opened: date | None) -> int | None:
    """Age at registration: from the birth date on the day the case was opened, else from
    the birth year against the year of registration."""
    if opened is None:
        return None
    born = _day(record.get("prs_Birthdate"))
    if born is not None:
        age = opened.year - born.year - ((opened.month, opened.day) < (born.month, born.day))
    elif str(record.get("tipsom_birth_year") or "").isdigit():
        age = opened.year - int(record["tipsom_birth_year"])
    else:
        return None
    return age if age >= 0 else None


def _alpha_3(code: str) -> str:
    found = pycountry.countries.get(alpha_2=code.upper()) if len(code) == 2 else None
    if found is None and len(code) == 3:
        found = pycountry.countries.get(alpha_3=code.upper())
    return str(found.alpha_3) if found is not None else ""
