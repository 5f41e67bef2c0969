"""The import formats: how each is read, how its multi-selects are written, where its record
ids are, and the pipeline that turns a file into checked records."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date
from typing import Any

from tipsom.engine.exchange import ctdc, readers
from tipsom.engine.exchange.problems import Checked, FileProblem, Problem
from tipsom.engine.exchange.record import RecordChecker


def _semicolons(text: str) -> list[str]:
    return text.split(";")


def _spaces(text: str) -> list[str]:
    return text.split()


Translate = Callable[[dict[str, Any], int], tuple[dict[str, Any], list[Problem]]]


@dataclass(frozen=True)
class Format:
    name: str
    kind: str  # csv, xlsx, json
    label: str
    split: Callable[[str], list[str]]
    # Columns holding the record's id in the source system, the first present wins.
    id_columns: tuple[str, ...]
    # Turns a row of the file into record fields before the checker: (values, row number)
    # -> (values by record field, problems). Formats in HTCDS's own names need none.
    translate: Translate | None = None
    # Anonymised datasets hold identical rows that are different persons: with ids from
    # content, the n-th repeat of a row gets the id of its content with "~n", so a file
    # imported again gives the same ids, and no repeat is taken for a duplicate.
    repeats_are_records: bool = False


HTCDS_IDS = ("tipsom_record_id", "record_id", "id")
KOBO_IDS = ("_uuid", "meta/instanceID", "_id")
ODK_IDS = ("KEY", "meta-instanceID", "__id", "meta/instanceID")
# CSV copies of the 2021 dataset carry a leading index; unnamed, the reader leaves it out.
CTDC_2021_IDS = ("case_id", "Unnamed: 0", "index")

FORMATS: dict[str, Format] = {
    f.name: f
    for f in (
        Format("htcds-csv", "csv", "HTCDS CSV template", _semicolons, HTCDS_IDS),
        Format("htcds-xlsx", "xlsx", "HTCDS Excel template", _semicolons, HTCDS_IDS),
        Format("htcds-json", "json", "HTCDS JSON", _semicolons, HTCDS_IDS),
        Format("kobo-csv", "csv", "KoboToolbox CSV export", _spaces, KOBO_IDS),
        Format("kobo-xlsx", "xlsx", "KoboToolbox XLSX export", _spaces, KOBO_IDS),
        Format("kobo-json", "json", "KoboToolbox API JSON", _spaces, KOBO_IDS),
        Format("odk-csv", "csv", "ODK Central CSV export", _spaces, ODK_IDS),
        Format("odk-json", "json", "ODK Central OData JSON", _spaces, ODK_IDS),
        Format(
            "ctdc-2021",
            "csv",
            "CTDC global dataset 2021 (k-anonymised, 63 columns)",
            _semicolons,
            CTDC_2021_IDS,
            translate=ctdc.translate_2021,
            repeats_are_records=True,
        ),
        Format(
            "ctdc-2024",
            "csv",
            "CTDC global synthetic dataset 2024 (27 variables)",
            _semicolons,
            (),
            translate=ctdc.translate_2024,
            repeats_are_records=True,
        ),
    )
}


def get(name: str) -> Format:
    if name not in FORMATS:
        raise FileProblem(f"unknown format {name!r}; allowed: {', '.join(FORMATS)}")
    return FORMATS[name]


def _content_id(values: dict[str, Any]) -> str:
    """A stable id from the row's own content, for files with no id column."""
    text = json.dumps(values, sort_keys=True, ensure_ascii=False, default=str)
    return "sha256:" + hashlib.sha256(text.encode()).hexdigest()[:32]


@dataclass
class Pipeline:
    """Reads ``path`` in ``fmt`` and yields every row checked, in file order.

    ``headers`` and ``ignored`` are known once the first row is read; ``id_column`` is the
    column the record ids come from (None: ids are made from each row's content, so
    re-importing the same file creates nothing new but a changed row is a new record).
    """

    path: readers.Source
    fmt: Format
    today: date | None = None
    phone_region: str = "PK"
    options: dict[str, Any] | None = None
    id_column: str | None = None
    _checker: RecordChecker | None = None

    @property
    def ignored(self) -> tuple[str, ...]:
        """Columns that hold nothing we import (metadata columns starting '_' left out)."""
        if self._checker is None:
            return ()
        skip = {self.id_column}
        return tuple(h for h in self._checker.ignored if h not in skip and not h.startswith("_"))

    def rows(self) -> Iterator[Checked]:
        checker: RecordChecker | None = None
        seen_ids: dict[str, int] = {}
        repeats: dict[str, int] = {}
        translate = self.fmt.translate
        for number, source in readers.read(self.path, self.fmt.kind, **(self.options or {})):
            values, translated = translate(source, number) if translate else (source, [])
            if checker is None:
                headers = list(values)
                self.id_column = next((c for c in self.fmt.id_columns if c in source), None)
                checker = RecordChecker(
                    headers,
                    split=self.fmt.split,
                    today=self.today,
                    phone_region=self.phone_region,
                )
                if not checker.columns:
                    raise FileProblem(
                        f"no column is an HTCDS field (read as {self.fmt.label}); the header "
                        "row must name fields such as prs_FirstName, prs_Gender, cas_Status"
                    )
                self._checker = checker
            else:
                checker.add_headers(values)  # JSON records may add keys
            given = str(source.get(self.id_column, "")).strip() if self.id_column else ""
            record_id = given or _content_id(source)
            if not given and self.fmt.repeats_are_records:
                repeats[record_id] = seen = repeats.get(record_id, 0) + 1
                record_id += f"~{seen}" if seen > 1 else ""
            checked = checker.check(number, values, record_id)
            if translate:  # the quarantine keeps the row as the file has it
                checked.raw = {
                    k: ";".join(v) if isinstance(v, list) else str(v) for k, v in source.items()
                }
                checked.problems.extend(translated)
            if self.id_column and not given:
                checked.problems.append(
                    Problem(number, self.id_column, "", "every record needs its id")
                )
            first = seen_ids.setdefault(checked.record_id, number)
            if first != number:
                checked.problems.append(
                    Problem(
                        number,
                        self.id_column or "(whole row)",
                        checked.record_id if self.id_column else "",
                        f"the same record as row {first}",
                    )
                )
            yield checked
