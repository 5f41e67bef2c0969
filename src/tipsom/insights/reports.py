"""The statistics as files: an XLSX workbook shaped like UNODC's tables (a sheet per table,
the method notes first), CSV (one file per table, zipped with the notes), and a PDF national
report with charts drawn on the server (ReportLab), so nothing is fetched from outside."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Sequence
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from tipsom.engine.indicators import TOTAL, Table
from tipsom.insights.selectors import Figures

# Column headers say what a count counts.
COUNTS = {True: "persons (deduplicated)", False: "records (raw)"}


def header(column: Any) -> str:
    """The column's title, saying whether it counts persons or records where the title
    does not say so already."""
    said = any(word in column.title.lower() for word in ("deduplicated", "raw"))
    if column.kind in ("count", "rate", "percent") and column.deduplicated is not None and not said:
        return f"{column.title} [{COUNTS[column.deduplicated]}]"
    return str(column.title)


def _estimate_rows(figures: Figures) -> list[list[Any]]:
    found = figures.estimate
    if found is None:
        return [["No estimate", figures.estimate_refused]]
    rows: list[list[Any]] = [
        ["Lists", ", ".join(found.lists)],
        ["Persons on at least one list", found.observed],
        ["Estimated total", round(found.estimate)],
        [f"{found.level:.0%} interval, lower", round(found.lower)],
        [f"{found.level:.0%} interval, upper", _bound(found.upper)],
        ["Interval", found.interval],
        ["Model selection", found.criterion.upper()],
        ["Selected model", ", ".join("×".join(t) for t in found.model) or "independence"],
        [],
        ["Capture history", "Persons"],
        *[[history, count] for history, count in found.histories],
    ]
    return rows


def _bound(value: float) -> Any:
    return "not bounded" if value == float("inf") else round(value)


def xlsx(figures: Figures) -> bytes:
    book = Workbook()
    notes = book.active
    assert notes is not None
    notes.title = "Method"
    notes.append(["Official statistics on trafficking in persons and smuggling of migrants"])
    notes["A1"].font = Font(bold=True, size=13)
    for note in figures.notes:
        notes.append([note])
    notes.column_dimensions["A"].width = 120
    for row in notes.iter_rows(min_row=2):
        row[0].alignment = Alignment(wrap_text=True, vertical="top")
    estimate = book.create_sheet("Estimate")
    estimate.append(["Multiple systems estimation of detected and undetected victims"])
    estimate["A1"].font = Font(bold=True)
    for row in _estimate_rows(figures):
        estimate.append(row)
    estimate.column_dimensions["A"].width = 34
    estimate.column_dimensions["B"].width = 60
    for table in figures.report.tables:
        _sheet(book, table)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _sheet(book: Workbook, table: Table) -> None:
    sheet = book.create_sheet(table.id[:31])
    sheet.append([table.title])
    sheet["A1"].font = Font(bold=True)
    sheet.append([header(c) for c in table.columns])
    for cell in sheet[2]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    for row in table.rows:
        sheet.append(["" if v is None else v for v in row])
    sheet.append([])
    sheet.append([table.note])
    for index, _ in enumerate(table.columns, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = 18
    sheet.freeze_panes = "A3"


def csv_zip(figures: Figures) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("README.txt", "\n\n".join(figures.notes) + "\n")
        for table in figures.report.tables:
            archive.writestr(f"{table.id}.csv", table.to_csv())
        if figures.estimate is not None:
            rows = "\n".join(f"{h},{n}" for h, n in figures.estimate.histories)
            archive.writestr("mse_capture_histories.csv", f"history,persons\n{rows}\n")
    return out.getvalue()


def shown_rows(table: Table) -> list[list[Any]]:
    """The rows a page or the PDF shows: every year of SDG 16.2.2 (its rates are per year),
    the whole period of the other tables (every year is in the XLSX and CSV)."""
    if table.group == "sdg_16_2_2" or "year" not in table.names:
        return table.rows
    at = table.names.index("year")
    return [row for row in table.rows if row[at] == TOTAL]


def totals(table: Table, label: str, value: str) -> list[tuple[str, float]]:
    """(label, value) of the rows covering the whole period, in the table's order."""
    return [
        (str(r[label]).replace("_", " "), float(r[value] or 0))
        for r in table.records()
        if r.get("year") == TOTAL and r.get(value) is not None
    ]


def latest_year(table: Table, label: str, value: str) -> tuple[str, list[tuple[str, float]]]:
    """The last year of the table and the (label, value) of its rows: for rates, which are
    per year (the period total has none)."""
    years = [r["year"] for r in table.records() if r["year"] != TOTAL]
    if not years:
        return "", []
    last = max(years)
    return str(last), [
        (str(r[label]), float(r[value] or 0))
        for r in table.records()
        if r["year"] == last and r.get(value) is not None
    ]


def by_year(table: Table, value: str, **where: Any) -> list[tuple[str, float]]:
    found: dict[str, float] = {}
    for r in table.records():
        if r.get("year") == TOTAL or any(r.get(k) != v for k, v in where.items()):
            continue
        found[str(r["year"])] = found.get(str(r["year"]), 0.0) + float(r[value] or 0)
    return sorted(found.items())


CHART_WIDTH = 480  # px of the longest bar


def bar_layout(bars: Sequence[tuple[str, float]], show: Any = None) -> dict[str, Any]:
    """Bars laid out for an inline SVG drawn on the server (no script, nothing fetched):
    each bar's label, shown value, width and place; ``show`` writes a value."""
    top = max((value for _, value in bars), default=0) or 1
    write = show or (lambda v: f"{v:,.3f}".rstrip("0").rstrip(".") if v % 1 else f"{v:,.0f}")
    return {
        "svg_bars": [
            {
                "label": label,
                "value": write(value),
                "width": max(1, round(CHART_WIDTH * value / top)) if value else 0,
                "y": 24 * index,
            }
            for index, (label, value) in enumerate(bars)
        ],
        "height": 24 * len(bars) + 4,
    }


def charts(figures: Figures) -> list[dict[str, Any]]:
    """The charts of the dashboard and the PDF: a title and (label, value) bars."""
    report = figures.report
    year, rates = latest_year(report.table("sdg_16_2_2_province"), "province", "rate_persons")
    found = [
        {
            "title": "Detected victims of trafficking per 100,000 population, by province, " + year,
            "bars": rates,
            "unit": "per 100,000",
        },
        {
            "title": "Detected victims of trafficking by form of exploitation (persons)",
            "bars": totals(report.table("glotip_victims_form"), "form", "persons"),
            "unit": "persons",
        },
        {
            "title": "Detected victims of trafficking by year (persons)",
            "bars": by_year(report.table("sdg_16_2_2"), "persons"),
            "unit": "persons",
        },
        {
            "title": "Persons convicted by year",
            "bars": by_year(report.table("glotip_persons_sex"), "persons", stage="convicted"),
            "unit": "persons",
        },
    ]
    return [c for c in found if any(value for _, value in c["bars"])]


def pdf(figures: Figures) -> bytes:
    from reportlab.graphics.charts.barcharts import HorizontalBarChart
    from reportlab.graphics.shapes import Drawing
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.lib.units import cm
    from reportlab.platypus import (
        PageBreak,
        Paragraph,
        SimpleDocTemplate,
        Spacer,
    )
    from reportlab.platypus import Table as Grid

    styles = getSampleStyleSheet()
    out = io.BytesIO()
    document = SimpleDocTemplate(
        out,
        pagesize=A4,
        title="National report on trafficking in persons and smuggling of migrants",
        leftMargin=1.6 * cm,
        rightMargin=1.6 * cm,
    )
    story: list[Any] = [
        Paragraph(
            "National report on trafficking in persons and smuggling of migrants", styles["Title"]
        ),
        Paragraph("Method and sources", styles["Heading2"]),
        *[Paragraph(_escape(note), styles["BodyText"]) for note in figures.notes],
    ]
    if figures.estimate is None:
        story.append(
            Paragraph(_escape(f"No estimate: {figures.estimate_refused}"), styles["BodyText"])
        )
    for chart in charts(figures):
        bars = chart["bars"][:15]
        drawing = Drawing(17 * cm, 1.0 * cm + 0.7 * cm * len(bars))
        plot = HorizontalBarChart()
        plot.x, plot.y = 4.5 * cm, 0.5 * cm
        plot.width, plot.height = 11.5 * cm, 0.7 * cm * len(bars)
        plot.data = [[value for _, value in bars]]
        plot.categoryAxis.categoryNames = [label for label, _ in bars]
        plot.categoryAxis.labels.fontSize = 8
        plot.valueAxis.valueMin = 0
        plot.valueAxis.labels.fontSize = 8
        plot.bars[0].fillColor = colors.HexColor("#1f5f8b")
        drawing.add(plot)
        story += [Paragraph(chart["title"], styles["Heading3"]), drawing, Spacer(1, 0.3 * cm)]
    story.append(PageBreak())
    for table in figures.report.tables:
        rows = shown_rows(table)
        grid = Grid(
            [[Paragraph(_escape(header(c)), styles["BodyText"]) for c in table.columns]]
            + [[_cell(v) for v in row] for row in rows],
            repeatRows=1,
        )
        grid.setStyle(
            [
                ("FONTSIZE", (0, 0), (-1, -1), 7),
                ("GRID", (0, 0), (-1, -1), 0.25, colors.grey),
                ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e8eef3")),
            ]
        )
        story += [
            Paragraph(_escape(table.title), styles["Heading3"]),
            grid,
            Paragraph(_escape(table.note), styles["Italic"]),
            Spacer(1, 0.4 * cm),
        ]
    document.build(story)
    return out.getvalue()


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:,.3f}"
    return str(value)


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
