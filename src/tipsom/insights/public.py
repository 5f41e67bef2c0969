"""The public statistics page: approved releases only, no sign-in. Tables with charts,
downloads (CSV, XLSX, the synthetic microdata), release notes and methods, in English and
Urdu. Nothing unreleased is reachable from here: every view reads `selectors.published`."""

from __future__ import annotations

import io
import zipfile
from typing import Any

from django.http import FileResponse, Http404, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import render
from openpyxl import Workbook
from openpyxl.styles import Font

from tipsom.core.views import Request
from tipsom.insights import reports, selectors


def marker(release: Any) -> str:
    return f"<{release.parameters.get('threshold', 11)}"


def shown(release: Any, table: dict[str, Any]) -> list[list[Any]]:
    """The table's rows with suppressed cells (None) written as "<threshold"."""
    hidden = marker(release)
    return [[hidden if value is None else value for value in row] for row in table["rows"]]


def chart(table: dict[str, Any]) -> dict[str, Any] | None:
    """Bars of the persons per category over the release's years, where no cell of the
    category was suppressed (a sum with a hidden part is not shown)."""
    names = [c["name"] for c in table["columns"]]
    dims = [n for n in names if n not in ("year", "persons")]
    if "persons" not in names or len(dims) != 1:
        return None
    at, count = names.index(dims[0]), names.index("persons")
    sums: dict[str, int | None] = {}
    for row in table["rows"]:
        label, value = str(row[at]), row[count]
        previous = sums.get(label, 0)
        sums[label] = None if value is None or previous is None else previous + value
    bars = [(label.replace("_", " "), value) for label, value in sums.items() if value]
    return reports.bar_layout(bars, show=str) if bars else None


def index(request: Request) -> HttpResponse:
    return render(request, "insights/public_index.html", {"releases": selectors.published()})


def detail(request: Request, pk: int) -> HttpResponse:
    release = selectors.published_release(pk)
    tables = [{"table": t, "rows": shown(release, t), "chart": chart(t)} for t in release.tables]
    return render(
        request,
        "insights/public_release.html",
        {"release": release, "tables": tables, "marker": marker(release)},
    )


def download(request: Request, pk: int, kind: str) -> HttpResponseBase:
    release = selectors.published_release(pk)
    if kind == "csv":
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
            archive.writestr(
                "README.txt", f"{release.title}\n\n{release.notes}\n\n{release.method}\n"
            )
            for table in release.tables:
                lines = [",".join(c["name"] for c in table["columns"])]
                lines += [",".join(str(v) for v in row) for row in shown(release, table)]
                archive.writestr(f"{table['id']}.csv", "\n".join(lines) + "\n")
        return _attachment(out.getvalue(), "application/zip", f"release-{release.pk}.zip")
    if kind == "xlsx":
        book = Workbook()
        notes = book.active
        assert notes is not None
        notes.title = "Notes"
        for line in (release.title, release.notes, release.method):
            notes.append([line])
        notes["A1"].font = Font(bold=True)
        for table in release.tables:
            sheet = book.create_sheet(table["id"][:31])
            sheet.append([table["title"]])
            sheet.append([c["title"] for c in table["columns"]])
            for row in shown(release, table):
                sheet.append(row)
            sheet.append([])
            sheet.append([table.get("note", "")])
        out = io.BytesIO()
        book.save(out)
        return _attachment(
            out.getvalue(),
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            f"release-{release.pk}.xlsx",
        )
    if kind == "synthetic" and release.synthetic:
        return FileResponse(
            release.synthetic.open("rb"),
            as_attachment=True,
            filename=f"release-{release.pk}-synthetic-ctdc-2024.csv",
            content_type="text/csv",
        )
    raise Http404


def _attachment(body: bytes, content_type: str, filename: str) -> HttpResponse:
    answer = HttpResponse(body, content_type=content_type)
    answer["Content-Disposition"] = f'attachment; filename="{filename}"'
    return answer
