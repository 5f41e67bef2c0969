"""Population denominators for rates per 100,000 (SDG 16.2.2).

The shipped tables (`data/`, Census 2023) give the population by area (country, provinces,
territories) and the national population by sex; they have no age rows, so rates by age
group need a further CSV passed as ``extra``, with the columns

    area_code,population[,sex][,age_group][,source]

one row a figure: ``area_code`` as in the shipped tables (PK, PK-PB, ...), ``sex`` one of
female/male/transgender or empty for all, ``age_group`` 0-17 or 18+ or empty for all ages.
A row of ``extra`` replaces the shipped figure with the same area, sex and age group.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

DATA = Path(__file__).with_name("data")
SHIPPED = (DATA / "pakistan_population_2023.csv", DATA / "pakistan_population_2023_by_sex.csv")
AGE_GROUPS = ("0-17", "18+")
SEXES = ("female", "male", "transgender")
NATIONAL = "PK"

Key = tuple[str, str | None, str | None]  # area_code, sex, age_group (None: all)


@dataclass(frozen=True)
class Population:
    """Population figures by (area, sex, age group); None in a key means all."""

    figures: Mapping[Key, int]
    names: Mapping[str, str] = field(default_factory=dict)  # area code -> area name
    sources: Mapping[Key, str] = field(default_factory=dict)

    def get(self, area: str, sex: str | None = None, age_group: str | None = None) -> int | None:
        """The population of ``area`` (of ``sex``, aged ``age_group``), None when the tables
        have no such figure."""
        return self.figures.get((area, sex, age_group))

    def has_age(self, area: str) -> bool:
        return any(self.get(area, None, group) for group in AGE_GROUPS)


def _rows(source: Path) -> Iterable[tuple[int, dict[str, str]]]:
    with source.open(newline="", encoding="utf-8-sig") as handle:
        yield from enumerate(csv.DictReader(handle), start=2)  # line 1 is the header


def _read(source: Path) -> Iterable[tuple[Key, int, str, str]]:
    for line, row in _rows(source):
        where = f"{source.name} line {line}"
        area = (row.get("area_code") or "").strip()
        if not area:
            raise ValueError(f"{where}: area_code is empty")
        text = (row.get("population") or "").replace(",", "").strip()
        if not text.isdigit() or int(text) == 0:
            raise ValueError(f"{where}: population must be a whole number above 0, got {text!r}")
        sex = (row.get("sex") or "").strip().lower() or None
        if sex is not None and sex not in SEXES:
            raise ValueError(
                f"{where}: sex must be one of {', '.join(SEXES)} or empty, got {sex!r}"
            )
        age = (row.get("age_group") or "").strip().replace("–", "-") or None
        if age is not None and age not in AGE_GROUPS:
            raise ValueError(
                f"{where}: age_group must be one of {', '.join(AGE_GROUPS)} or empty, got {age!r}"
            )
        name = (row.get("area_name") or "").strip()
        yield (area, sex, age), int(text), name, (row.get("source") or "").strip()


def load(extra: Iterable[str | Path] = ()) -> Population:
    """The shipped Census 2023 figures, with the rows of each ``extra`` CSV added (or
    replacing the shipped figure for the same area, sex and age group). ValueError names the
    file, line and field of a row it cannot read."""
    figures: dict[Key, int] = {}
    names: dict[str, str] = {}
    sources: dict[Key, str] = {}
    for source in (*SHIPPED, *(Path(p) for p in extra)):
        for key, value, name, cited in _read(source):
            figures[key], sources[key] = value, cited or source.name
            if name:
                names[key[0]] = name
    return Population(figures, names, sources)
