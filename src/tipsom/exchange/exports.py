"""HTCDS exports (CSV, XLSX, JSON) of the cases a user may export, one row per person in a
case. Rows are streamed; the caller audits the export (`services.record_export`)."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from datetime import date
from typing import IO, Any

from tipsom.engine.exchange import ctdc
from tipsom.engine.exchange import record as spec
from tipsom.exchange import mapping
from tipsom.exchange.models import SourceRecord

# Column order of every export: the record id first, HTCDS fields in the standard's order,
# then ours.
COLUMNS = [
    "tipsom_record_id",
    *[f for f in spec.OTHER_FIELDS if f.startswith("prs_")],
    "prs_Gender",
    "prs_MaritalStatus",
    "prs_HighestLevelOfEducation",
    *[f for f in spec.CODE_FIELDS + spec.MULTI_CODE_FIELDS if f.startswith("vic_")],
    "vic_AgeWhenTrafficked",
    "cas_Status",
    "cas_ReasonForCaseClosure",
    "cco_CaseComment",
    *[f for f in spec.OTHER_FIELDS if f.startswith("hte_")],
    "hte_Type",
    "spl_Type",
    *[f for f in spec.OTHER_FIELDS if f.startswith("spl_")],
    "con_Consent",
    *[f for f in spec.EXTENSION_FIELDS if f != "tipsom_record_id"],
]
FORMATS = ("htcds-csv", "htcds-xlsx", "htcds-json", "ctdc-2024")


def records(roles: Any) -> Iterator[dict[str, Any]]:
    """The record of every case role in ``roles`` (a queryset the caller restricted)."""
    links = {
        (s.case_id, s.person_id): s
        for s in SourceRecord.objects.filter(
            case__in=roles.values("case"), person__in=roles.values("person")
        )
    }
    query = roles.select_related("case", "person").order_by("case_id", "pk")
    for role in query.iterator(chunk_size=500):
        link = links.get((role.case_id, role.person_id))
        record = mapping.record_of(role.case, role.person, role.role, link.case_ref if link else "")
        record["tipsom_record_id"] = (
            link.record_id if link else f"{role.case.case_number}/{role.person_id}"
        )
        yield record


def _cell(value: Any) -> str:
    if isinstance(value, list):
        return ";".join(str(v) for v in value)
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, date):
        return value.isoformat()
    return "" if value is None else str(value)


def _json(value: Any) -> Any:
    return value.isoformat() if isinstance(value, date) else value


def write(rows: Iterator[dict[str, Any]], fmt: str, target: IO[bytes]) -> int:
    """Write ``rows`` to the binary stream ``target`` in ``fmt``; returns how many."""
    count = 0
    if fmt == "htcds-csv":
        handle = io.TextIOWrapper(target, encoding="utf-8", newline="", write_through=True)
        writer = csv.writer(handle)
        writer.writerow(COLUMNS)
        for row in rows:
            writer.writerow([_cell(row.get(column)) for column in COLUMNS])
            count += 1
        handle.detach()  # leave the caller's stream open
    elif fmt == "htcds-xlsx":
        from openpyxl import Workbook

        book = Workbook(write_only=True)
        sheet = book.create_sheet("HTCDS")
        sheet.append(COLUMNS)
        for row in rows:
            sheet.append([_cell(row.get(column)) for column in COLUMNS])
            count += 1
        book.save(target)
    elif fmt == "ctdc-2024":
        # CTDC's public layout: anonymous by construction (no names, no dates, age bands).
        handle = io.TextIOWrapper(target, encoding="utf-8", newline="", write_through=True)
        writer = csv.writer(handle)
        writer.writerow(ctdc.CTDC_2024_COLUMNS)
        for row in rows:
            line = ctdc.ctdc_2024_row(row)
            writer.writerow([line.get(column, "") for column in ctdc.CTDC_2024_COLUMNS])
            count += 1
        handle.detach()
    elif fmt == "htcds-json":
        handle = io.TextIOWrapper(target, encoding="utf-8", write_through=True)
        count = _write_json(rows, handle)
        handle.detach()
    else:
        raise ValueError(f"unknown export format {fmt!r}; allowed: {', '.join(FORMATS)}")
    return count


def _write_json(rows: Iterator[dict[str, Any]], handle: IO[str]) -> int:
    count = 0
    handle.write('{"standard": "HTCDS 2.0", "records": [')
    for row in rows:
        item = {column: _json(row[column]) for column in COLUMNS if column in row}
        handle.write(("," if count else "") + "\n" + json.dumps(item, ensure_ascii=False))
        count += 1
    handle.write("\n]}\n")
    return count
