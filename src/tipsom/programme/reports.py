"""The donor report of a joint programme: an XLSX workbook (a sheet per part) and a PDF with
its charts drawn on the server (ReportLab), in the style of the statistics reports. What a
donor receives: the programme, its results against targets, its money (budget,
transfers, expenditure by category, delivery and burn rates) and the approved narratives."""

from __future__ import annotations

import io
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.utils import timezone
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from tipsom.programme import choices as c
from tipsom.programme import selectors
from tipsom.programme.models import Programme

TRACK = dict(c.Track.choices)


@dataclass
class DonorReport:
    programme: Programme
    generated: Any
    participants: list[tuple[str, str, str]]  # organisation, role, IATI ref
    indicators: list[dict[str, Any]]
    money: selectors.Money
    transfers: list[Any]
    narratives: list[Any]


def collect(user: Any, programme: Programme) -> DonorReport:
    """Everything the report shows, read as ``user`` (through `restrict`)."""
    indicators = []
    for indicator in selectors.indicators_of(programme):
        rows = selectors.indicator_rows(user, indicator, live=False)
        indicators.append(
            {
                "indicator": indicator,
                "rows": rows,
                "tracks": [str(TRACK[r.track(indicator.ascending)]) for r in rows],
            }
        )
    return DonorReport(
        programme=programme,
        generated=timezone.localtime(),
        participants=[
            (p.organisation.name, str(p.get_role_display()), p.iati_ref)
            for p in selectors.participations_of(programme)
        ],
        indicators=indicators,
        money=selectors.money(user, programme),
        transfers=list(selectors.transfers(user, programme)),
        narratives=list(
            selectors.reports_of(user, programme).filter(status=c.ReportStatus.APPROVED)
        ),
    )


def _number(value: Decimal | None) -> Any:
    if value is None:
        return ""
    return int(value) if value == value.to_integral_value() else float(value)


def _percent(value: Decimal | None) -> str:
    return "" if value is None else f"{value * 100:.1f} %"


def summary_rows(report: DonorReport) -> list[list[Any]]:
    p = report.programme
    burn = report.money.burn
    return [
        ["Code", p.code],
        ["Title", p.title],
        ["Status", str(p.get_status_display())],
        ["Thematic area of the fund", str(p.thematic_area)],
        ["GCM objectives", ", ".join(str(n) for n in p.gcm_objectives)],
        ["Gender marker", str(p.get_gender_marker_display())],
        ["Human-rights marker", str(p.get_human_rights_marker_display())],
        ["Planned", f"{p.planned_start} to {p.planned_end}"],
        ["Actual start", str(p.actual_start or "")],
        ["IATI identifier", p.iati_identifier],
        ["Currency", p.currency],
        ["Indirect support costs, % of direct costs", _number(p.indirect_rate)],
        ["Budget", _number(report.money.total.budget_total)],
        ["Transferred by the fund", _number(report.money.total.transferred)],
        ["Expenditure", _number(report.money.total.spent_total)],
        ["Delivery rate (expenditure / transfers)", _percent(report.money.total.delivery_rate)],
        ["Expenditure per month so far", _number(burn.actual_per_month)],
        ["Budget per month of the plan", _number(burn.planned_per_month)],
        ["Burn rate (actual / planned per month)", _percent(burn.rate)],
        ["Generated", report.generated.strftime("%Y-%m-%d %H:%M")],
    ]


def result_rows(report: DonorReport) -> list[list[Any]]:
    rows = []
    for item in report.indicators:
        indicator = item["indicator"]
        for row, status in zip(item["rows"], item["tracks"], strict=True):
            rows.append(
                [
                    indicator.result.code,
                    indicator.code,
                    indicator.title,
                    indicator.unit,
                    _number(indicator.baseline_value),
                    row.period.title,
                    _number(row.target),
                    _number(row.actual_value),
                    status,
                    indicator.organisation.label,
                    row.actual.definition if row.actual is not None else "",
                ]
            )
    return rows


RESULT_HEADERS = [
    "Result",
    "Indicator",
    "Title",
    "Unit",
    "Baseline",
    "Period",
    "Target",
    "Actual",
    "Status",
    "Reported by",
    "Definition (computed indicators)",
]


def money_rows(report: DonorReport) -> tuple[list[str], list[list[Any]]]:
    headers = [
        "Organisation",
        "Budget or expenditure",
        *[str(label) for _, label in report.money.categories],
    ]
    headers += ["Total", "Transferred by the fund", "Delivery rate"]
    rows = []
    for ledger in [*report.money.ledgers, report.money.total]:
        name = ledger.organisation.label if ledger.organisation else "All organisations"
        for what, part, total in (
            ("Budget", ledger.budget, ledger.budget_total),
            ("Expenditure", ledger.spent, ledger.spent_total),
        ):
            row = [
                name,
                what,
                *[_number(part.get(k, Decimal(0))) for k, _ in report.money.categories],
            ]
            row += [_number(total)]
            row += (
                [_number(ledger.transferred), _percent(ledger.delivery_rate)]
                if what == "Expenditure"
                else ["", ""]
            )
            rows.append(row)
    return headers, rows


def xlsx(report: DonorReport) -> bytes:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Programme"
    sheet.append([f"Donor report: {report.programme.title}"])
    sheet["A1"].font = Font(bold=True, size=13)
    for row in summary_rows(report):
        sheet.append(row)
    sheet.append([])
    sheet.append(["Organisation", "Role", "IATI identifier"])
    for participant in report.participants:
        sheet.append(list(participant))
    sheet.column_dimensions["A"].width = 44
    sheet.column_dimensions["B"].width = 70
    _table(book, "Results", RESULT_HEADERS, result_rows(report))
    headers, rows = money_rows(report)
    _table(book, "Finance", headers, rows)
    _table(
        book,
        "Transfers",
        ["Date", "Kind", "Organisation", "Implementing partner", "Amount", "Reference"],
        [
            [
                t.transferred_on,
                str(t.get_kind_display()),
                t.organisation.label,
                t.partner.label if t.partner else "",
                _number(t.amount),
                t.reference,
            ]
            for t in report.transfers
        ],
    )
    _table(
        book,
        "Narratives",
        ["Period", "Organisation", "Progress", "Challenges and lessons"],
        [
            [n.period.title, n.organisation.label, n.narrative, n.challenges]
            for n in report.narratives
        ],
        wrap=True,
    )
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _table(
    book: Workbook, title: str, headers: list[str], rows: list[list[Any]], wrap: bool = False
) -> None:
    sheet = book.create_sheet(title)
    sheet.append(headers)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    for row in rows:
        sheet.append(row)
    for index, _ in enumerate(headers, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = 60 if wrap else 18
    if wrap:
        for line in sheet.iter_rows(min_row=2):
            for cell in line:
                cell.alignment = Alignment(wrap_text=True, vertical="top")
    sheet.freeze_panes = "A2"


def charts(report: DonorReport) -> list[dict[str, Any]]:
    """The charts of the dashboard and the PDF: a title and (label, value) bars."""
    money = report.money
    found = [
        {
            "title": "Delivery rate by participating organisation (expenditure / transfers, %)",
            "bars": [
                (
                    ledger.organisation.label if ledger.organisation else "",
                    float(ledger.spent_total * 100 / ledger.transferred),
                )
                for ledger in money.ledgers
                if ledger.transferred
            ],
        },
        {
            "title": f"Budget and expenditure ({report.programme.currency})",
            "bars": [
                (f"{ledger.organisation.label if ledger.organisation else ''} {what}", float(value))
                for ledger in money.ledgers
                for what, value in (("budget", ledger.budget_total), ("spent", ledger.spent_total))
            ],
        },
        {
            "title": "Indicators: latest actual as % of its period's target",
            "bars": [
                (item["indicator"].code, float(row.actual_value / row.target * 100))
                for item in report.indicators
                for row in [_latest(item["rows"])]
                if row is not None and row.target
            ],
        },
    ]
    return [chart for chart in found if any(value for _, value in chart["bars"])]


def _latest(rows: list[Any]) -> Any:
    measured = [r for r in rows if r.target is not None and r.actual is not None]
    return measured[-1] if measured else None


def pdf(report: DonorReport) -> bytes:
    from reportlab.graphics.charts.barcharts import HorizontalBarChart
    from reportlab.graphics.shapes import Drawing
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.lib.units import cm
    from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate, Spacer
    from reportlab.platypus import Table as Grid

    styles = getSampleStyleSheet()
    out = io.BytesIO()
    document = SimpleDocTemplate(
        out,
        pagesize=landscape(A4),
        title=f"Donor report: {report.programme.title}",
        leftMargin=1.4 * cm,
        rightMargin=1.4 * cm,
    )

    def grid(rows: list[list[Any]], header: bool = True) -> Any:
        table = Grid(
            [[Paragraph(_escape(_cell(v)), styles["BodyText"]) for v in row] for row in rows],
            repeatRows=1 if header else 0,
        )
        table.setStyle(
            [
                ("FONTSIZE", (0, 0), (-1, -1), 7),
                ("GRID", (0, 0), (-1, -1), 0.25, colors.grey),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                *([("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e8eef3"))] if header else []),
            ]
        )
        return table

    story: list[Any] = [
        Paragraph(_escape(f"Donor report: {report.programme.title}"), styles["Title"]),
        grid([[k, v] for k, v in summary_rows(report)], header=False),
        Spacer(1, 0.4 * cm),
        Paragraph("Participating organisations and partners", styles["Heading2"]),
        grid([["Organisation", "Role", "IATI identifier"], *map(list, report.participants)]),
    ]
    for chart in charts(report):
        bars = chart["bars"][:15]
        drawing = Drawing(24 * cm, 1.0 * cm + 0.7 * cm * len(bars))
        plot = HorizontalBarChart()
        plot.x, plot.y = 6 * cm, 0.5 * cm
        plot.width, plot.height = 16 * cm, 0.7 * cm * len(bars)
        plot.data = [[value for _, value in bars]]
        plot.categoryAxis.categoryNames = [label for label, _ in bars]
        plot.categoryAxis.labels.fontSize = 8
        plot.valueAxis.valueMin = 0
        plot.valueAxis.labels.fontSize = 8
        plot.bars[0].fillColor = colors.HexColor("#1f5f8b")
        drawing.add(plot)
        story += [
            Paragraph(_escape(chart["title"]), styles["Heading3"]),
            drawing,
            Spacer(1, 0.3 * cm),
        ]
    story += [PageBreak(), Paragraph("Results", styles["Heading2"])]
    story.append(grid([RESULT_HEADERS[:-1], *[row[:-1] for row in result_rows(report)]]))
    headers, rows = money_rows(report)
    story += [Paragraph("Finance", styles["Heading2"]), grid([headers, *rows])]
    if report.narratives:
        story.append(Paragraph("Progress (approved reports)", styles["Heading2"]))
        for n in report.narratives:
            story += [
                Paragraph(_escape(f"{n.period.title}, {n.organisation.label}"), styles["Heading3"]),
                Paragraph(_escape(n.narrative), styles["BodyText"]),
            ]
            if n.challenges:
                story.append(Paragraph(_escape(n.challenges), styles["Italic"]))
    document.build(story)
    return out.getvalue()


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:,.2f}"
    if isinstance(value, int):
        return f"{value:,}"
    return str(value)


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
