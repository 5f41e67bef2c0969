"""The error report of an import as an XLSX workbook: every refused value on the first sheet
(row, column, value, reason, allowed), and the refused rows themselves on the second with
each bad cell filled red and its reason in a comment, so the file can be corrected and sent
again. Built in memory for download: personal data is never written to the server's disk."""

from __future__ import annotations

import io
import json
from collections.abc import Iterable

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.comments import Comment
from openpyxl.styles import Font, PatternFill

from tipsom.exchange.models import ImportBatch, ImportRow

BAD = PatternFill("solid", start_color="FFC7CE", end_color="FFC7CE")
BOLD = Font(bold=True)


def problem_report(batch: ImportBatch, rows: Iterable[ImportRow]) -> bytes:
    book = Workbook(write_only=True)
    problems_sheet = book.create_sheet("Problems")
    rows_sheet = book.create_sheet("Rows")
    problems_sheet.append(
        [
            WriteOnlyCell(problems_sheet, value=h)
            for h in ("row", "record id", "column", "value", "reason", "allowed", "status")
        ]
    )
    headers: list[str] | None = None
    for row in rows:
        values = json.loads(row.values or "{}")
        problems = json.loads(row.problems or "[]")
        for problem in problems:
            problems_sheet.append(
                [
                    problem["row"],
                    row.record_id,
                    problem["column"],
                    problem["value"],
                    problem["reason"],
                    problem["allowed"],
                    row.get_status_display(),
                ]
            )
        if headers is None:
            headers = ["row", *values]
            header_cells = []
            for name in headers:
                cell = WriteOnlyCell(rows_sheet, value=name)
                cell.font = BOLD
                header_cells.append(cell)
            rows_sheet.append(header_cells)
        reasons: dict[str, list[str]] = {}
        for problem in problems:
            reasons.setdefault(problem["column"], []).append(
                problem["reason"]
                + (f" (allowed: {problem['allowed']})" if problem["allowed"] else "")
            )
        cells = [WriteOnlyCell(rows_sheet, value=row.row_number)]
        for name in headers[1:]:
            cell = WriteOnlyCell(rows_sheet, value=values.get(name, ""))
            if name in reasons:
                cell.fill = BAD
                cell.comment = Comment("\n".join(reasons[name]), "tipsom")
            cells.append(cell)
        rows_sheet.append(cells)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
