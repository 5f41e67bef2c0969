"""The statistics pages, downloads, API and command, as their users meet them: who may see
and take what, what the figures say for the statistics world, and how a bad filter is told."""

from __future__ import annotations

import base64
import csv
import html
import io
import re
import zipfile
import zlib
from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.test import TestCase
from django.urls import reverse
from openpyxl import load_workbook

from tests import factories
from tests.permission_matrix import World
from tipsom.core.models import AuditEntry, Job
from tipsom.insights import services
from tipsom.insights.models import Extract

DASHBOARD = reverse("insights:dashboard")
API = reverse("api:indicators-list")
KINDS = ("xlsx", "csv", "pdf")
PROVINCES = "PK-PB, PK-SD, PK-KP, PK-BA, PK-IS, PK-JK, PK-GB"
# One of each family the dashboard promises: SDG 16.2.2, UNODC GLOTIP, GCM, CTDC.
SOME_TABLES = {
    "sdg_16_2_2",
    "sdg_16_2_2_province",
    "glotip_victims_sex",
    "glotip_persons_law",
    "glotip_offences",
    "gcm_objective_9",
    "gcm_objective_10",
    "ctdc_exploitation",
}


def download(kind: str) -> str:
    return reverse("insights:download", args=[kind])


@pytest.fixture
def taken(w: World) -> Extract:
    return services.take_extract(w["data_officer"])


def signed_in(client: Any, w: World, who: str) -> Any:
    return factories.sign_in(client, w[who])


def text(response: Any) -> str:
    return html.unescape(response.content.decode())


# --- who may see ----------------------------------------------------------------------------


@pytest.mark.parametrize("who", ["data_officer", "secretariat"])
def test_data_officers_and_the_secretariat_see_and_download(client, w, taken, who):
    signed_in(client, w, who)
    assert client.get(DASHBOARD).status_code == 200
    for kind in KINDS:
        assert client.get(download(kind)).status_code == 200, kind
    assert client.get(API).status_code == 200


@pytest.mark.parametrize("who", ["a_caseworker", "investigator"])
def test_case_and_investigation_staff_see_no_statistics(client, w, taken, who):
    signed_in(client, w, who)
    assert client.get(DASHBOARD).status_code == 403
    for kind in KINDS:
        assert client.get(download(kind)).status_code == 403, kind
    assert client.get(API).status_code == 403
    assert not AuditEntry.objects.filter(action="export").exists()


def test_anonymous_users_are_sent_to_sign_in(client, taken):
    for target in (DASHBOARD, *(download(k) for k in KINDS)):
        response = client.get(target)
        assert response.status_code == 302, target
        assert response["Location"].startswith("/sign-in/"), target
    assert client.get(API).status_code in (401, 403)


# --- no extract yet -------------------------------------------------------------------------


def test_without_an_extract_the_dashboard_says_so_and_nothing_downloads(client, w):
    signed_in(client, w, "data_officer")
    page = client.get(DASHBOARD)
    assert page.status_code == 200
    assert 'data-testid="no-extract"' in text(page)
    assert 'data-testid="indicator-table"' not in text(page)
    for kind in KINDS:
        response = client.get(download(kind))
        assert response.status_code == 404, kind
        assert "No statistics extract has been taken yet" in text(response)
    assert client.get(API).status_code == 404
    assert not AuditEntry.objects.filter(action="export").exists()


# --- the dashboard --------------------------------------------------------------------------


def test_the_dashboard_shows_the_tables_the_estimate_and_the_method(client, w, taken):
    signed_in(client, w, "secretariat")
    body = text(client.get(DASHBOARD))
    assert 'data-testid="no-extract"' not in body
    shown = set(re.findall(r'data-testid="indicator-table" data-table="([^"]+)"', body))
    assert shown >= SOME_TABLES
    notes = body.split('data-testid="method-notes"', 1)[1].split("</section>", 1)[0]
    assert "Data period: 2025–2026" in notes
    assert f"statistics extract #{taken.pk}" in notes
    assert "4 victim records, 2 suspect records, 3 offences" in notes
    assert f"record linkage run #{w['run'].pk}" in notes
    # Two registers (Alpha, Beta) cannot carry a multiple systems estimate: it says why.
    assert 'data-testid="estimate-refused"' in body and "at least 3 lists" in body
    assert 'data-testid="chart"' in body
    # Only a data officer is offered to take a new extract.
    assert 'data-testid="take-extract"' not in body
    signed_in(client, w, "data_officer")
    assert 'data-testid="take-extract"' in text(client.get(DASHBOARD))


def test_bad_filters_are_refused_naming_the_field_and_what_is_allowed(client, w, taken):
    signed_in(client, w, "data_officer")
    bad = {"year_from": "abc", "province": "PK-XX"}
    page = client.get(DASHBOARD, bad)
    assert page.status_code == 400
    body = text(page)
    assert "year_from: 'abc' is not a year" in body
    assert f"province: 'PK-XX' is not a province; allowed: {PROVINCES}" in body
    for kind in KINDS:
        response = client.get(download(kind), bad)
        assert response.status_code == 400, kind
        assert "year_from: 'abc' is not a year" in text(response)
        assert f"allowed: {PROVINCES}" in text(response)
    response = client.get(API, bad)
    assert response.status_code == 400
    problems = response.json()
    assert set(problems) == {"year_from", "province"}
    assert f"allowed: {PROVINCES}" in problems["province"][0]
    assert "four digits" in problems["year_from"][0]
    assert client.get(API, {"year_from": "2026", "year_to": "2025"}).status_code == 400
    assert not AuditEntry.objects.filter(action="export").exists()


# --- downloads ------------------------------------------------------------------------------


def sheet_rows(book: Any, name: str) -> list[dict[str, Any]]:
    """The sheet's table (headers in row 2) as dictionaries keyed by the headers' first words,
    lower case: "Persons (deduplicated: ...)" is "persons", "Cases (distinct FIRs)" "cases"."""
    values = list(book[name].iter_rows(values_only=True))
    keys = [str(h).split(" (")[0].split(" [")[0].lower() for h in values[1]]
    return [dict(zip(keys, row, strict=False)) for row in values[2:] if row[0] not in (None, "")]


def total(rows: list[dict[str, Any]], **where: Any) -> dict[str, Any]:
    (found,) = [
        r for r in rows if r["year"] == "total" and all(r[k] == v for k, v in where.items())
    ]
    return found


def test_the_workbook_holds_the_method_the_estimate_and_each_table(client, w, taken):
    signed_in(client, w, "data_officer")
    response = client.get(download("xlsx"))
    assert response["Content-Type"].startswith(
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    assert f'filename="tipsom-statistics-{taken.pk}.xlsx"' in response["Content-Disposition"]
    book = load_workbook(io.BytesIO(response.content))
    api = client.get(API).json()
    assert book.sheetnames == ["Method", "Estimate", *(t["id"] for t in api["tables"])]
    method = [row[0] for row in book["Method"].iter_rows(values_only=True)]
    assert method[1:] == api["notes"]
    assert "at least 3 lists" in str(list(book["Estimate"].iter_rows(values_only=True)))
    # Detected victims of trafficking, whole period: v1 and v3 (one person) and v2; the
    # smuggled migrant is not one.
    national = total(sheet_rows(book, "sdg_16_2_2"))
    assert (national["persons"], national["records"]) == (2, 3)
    gcm = sheet_rows(book, "gcm_objective_10")
    assert total(gcm, measure="victims_assisted")["persons"] == 1  # v1's delivered service
    assert total(gcm, measure="victims_referred")["persons"] == 1  # v2's referral
    assert total(gcm, measure="trafficking_cases_prosecuted")["cases"] == 1


def test_a_province_filter_changes_the_workbook(client, w, taken):
    signed_in(client, w, "data_officer")
    response = client.get(download("xlsx"), {"province": "pk-sd"})
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(response.content))
    # In Sindh: v1 only (v2 lives in Khyber Pakhtunkhwa, v3's address is not recorded).
    national = total(sheet_rows(book, "sdg_16_2_2"))
    assert (national["persons"], national["records"]) == (1, 1)
    gcm = sheet_rows(book, "gcm_objective_10")
    assert total(gcm, measure="victims_referred")["persons"] == 0
    # The FIA circle investigating is in Islamabad: no trafficking case in Sindh.
    assert total(gcm, measure="trafficking_cases_investigated")["cases"] == 0
    assert "province PK-SD" in str(list(book["Method"].iter_rows(values_only=True)))


def test_the_csv_archive_holds_the_notes_and_a_file_per_table(client, w, taken):
    signed_in(client, w, "data_officer")
    response = client.get(download("csv"))
    assert response["Content-Type"] == "application/zip"
    api = client.get(API).json()
    with zipfile.ZipFile(io.BytesIO(response.content)) as archive:
        names = set(archive.namelist())
        readme = archive.read("README.txt").decode()
        national = list(csv.DictReader(io.StringIO(archive.read("sdg_16_2_2.csv").decode())))
    assert names == {"README.txt", *(f"{t['id']}.csv" for t in api["tables"])}
    assert all(note in readme for note in api["notes"])
    (whole,) = [r for r in national if r["year"] == "total"]
    assert (whole["persons"], whole["records"]) == ("2", "3")


def pdf_cells(body: bytes) -> list[str]:
    """The strings a PDF of ReportLab's draws, in order (its page streams are ASCII85 and
    Flate encoded)."""
    found = []
    for raw in re.findall(rb"stream\r?\n(.*?)endstream", body, re.S):
        data = raw.strip()
        if data.endswith(b"~>"):
            data = base64.a85decode(data[:-2])
        found += re.findall(r"\(((?:[^()\\]|\\.)*)\) Tj", zlib.decompress(data).decode("latin-1"))
    return found


def section(cells: list[str], title: str, next_title: str) -> list[str]:
    start = cells.index(title)
    return cells[start + 1 : cells.index(next_title, start)]


SDG_FORM = "Detected victims of trafficking per 100,000 population, by form of exploitation"
NEXT_TO_SDG_FORM = "Detected victims by sex"  # the table after it


def test_the_pdf_report_states_the_method_and_the_figures(client, w, taken):
    signed_in(client, w, "secretariat")
    response = client.get(download("pdf"))
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert f'filename="tipsom-statistics-{taken.pk}.pdf"' in response["Content-Disposition"]
    cells = pdf_cells(response.content)
    assert "Method and sources" in cells
    assert any(f"statistics extract #{taken.pk}" in c for c in cells)
    # The SDG table by form, whole period: v1 and v3 (one person, two forms: mixed).
    table = section(cells, SDG_FORM, NEXT_TO_SDG_FORM)
    at = table.index("total")
    assert table[at : at + 4] == ["total", "sexual_exploitation", "241499431", "0"]


def test_the_pdf_report_keeps_every_row_of_a_long_period(client, w, taken):
    signed_in(client, w, "secretariat")
    response = client.get(download("pdf"), {"year_from": "2020", "year_to": "2026"})
    table = section(pdf_cells(response.content), SDG_FORM, NEXT_TO_SDG_FORM)
    assert "2026" in table and table.count("total") == 9


def test_each_download_is_audited_as_an_export(client, w, taken):
    signed_in(client, w, "secretariat")
    for kind in KINDS:
        client.get(download(kind), {"province": "PK-SD"})
    entries = AuditEntry.objects.filter(action="export").order_by("seq")
    assert [e.object_id for e in entries] == [str(taken.pk)] * 3
    assert {e.actor for e in entries} == {w["secretariat"]}
    assert [e.summary for e in entries] == [
        f"statistics downloaded as {kind} (province PK-SD)" for kind in KINDS
    ]


def test_an_unknown_organisation_is_refused_naming_the_allowed_ones(client, w, taken):
    signed_in(client, w, "data_officer")
    for target in (DASHBOARD, download("xlsx"), API):
        response = client.get(target, {"organisation": "Nowhere Shelter"})
        assert response.status_code == 400, target
        assert "organisation" in text(response) and "ALPHA" in text(response), target


def test_an_unknown_format_is_refused_and_not_audited(client, w, taken):
    signed_in(client, w, "data_officer")
    assert client.get(download("docx")).status_code in (403, 404)
    assert not AuditEntry.objects.filter(action="export").exists()


# --- the API --------------------------------------------------------------------------------


def test_the_api_returns_every_table_with_its_filters(client, w, taken):
    signed_in(client, w, "data_officer")
    body = client.get(API).json()
    assert body["extract"]["id"] == taken.pk
    assert body["extract"]["linkage_run"] == w["run"].pk
    assert {t["id"] for t in body["tables"]} >= SOME_TABLES
    assert body["filters"] == {
        "year_from": None,
        "year_to": None,
        "province": None,
        "organisation": None,
    }
    assert body["estimate"] is None and "at least 3 lists" in body["estimate_refused"]

    def national(answer: dict) -> tuple[int, int]:
        (table,) = [t for t in answer["tables"] if t["id"] == "sdg_16_2_2"]
        names = [c["name"] for c in table["columns"]]
        (row,) = [dict(zip(names, r, strict=True)) for r in table["rows"] if r[0] == "total"]
        return row["persons"], row["records"]

    assert national(body) == (2, 3)
    filtered = client.get(API, {"province": "PK-SD", "year_from": "2025", "year_to": "2025"})
    body = filtered.json()
    assert body["filters"] == {
        "year_from": 2025,
        "year_to": 2025,
        "province": "PK-SD",
        "organisation": None,
    }
    assert body["years"] == [2025]
    assert national(body) == (1, 1)
    by_organisation = client.get(API, {"organisation": "Beta Legal Aid"}).json()
    assert national(by_organisation) == (2, 2)  # v2 and v3 (Beta's records of two persons)


# --- taking an extract from the page --------------------------------------------------------


def test_a_data_officer_queues_an_extract_from_the_page(client, w):
    signed_in(client, w, "data_officer")
    with TestCase.captureOnCommitCallbacks(execute=False) as queued:
        response = client.post(reverse("insights:take"))
    assert response.status_code == 302 and response["Location"] == DASHBOARD
    job = Job.objects.get(kind="insights.extract")
    assert job.created_by == w["data_officer"]
    assert job.organisation == w["alpha"]
    assert not Extract.objects.exists()  # not before the job runs
    for callback in queued:
        callback()
    job.refresh_from_db()
    assert job.status == "succeeded", job.messages
    taken = Extract.objects.get()
    assert job.result == {"extract": taken.pk}
    assert taken.taken_by == w["data_officer"] and taken.victims == 4


def test_the_secretariat_may_view_but_not_take_an_extract(client, w):
    signed_in(client, w, "secretariat")
    response = client.post(reverse("insights:take"))
    assert response.status_code == 403
    assert not Job.objects.exists()
    assert not Extract.objects.exists()


def test_the_take_button_refuses_get(client, w):
    signed_in(client, w, "data_officer")
    assert client.get(reverse("insights:take")).status_code == 405
    assert not Job.objects.exists()


# --- the command ----------------------------------------------------------------------------


def test_the_command_takes_an_extract_and_writes_the_reports(w, tmp_path):
    out = io.StringIO()
    call_command("insights", "extract", "--user", "alpha-data", stdout=out)
    taken = Extract.objects.get()
    assert f"extract #{taken.pk}: 4 victim records, 2 suspect records, 3 offences" in (
        out.getvalue()
    )
    target = tmp_path / "reports"
    out = io.StringIO()
    call_command(
        "insights", "report", "--user", "the-secretariat", "--out", str(target), stdout=out
    )
    written = {Path(line).name for line in out.getvalue().split()}
    stem = f"tipsom-statistics-{taken.pk}"
    assert written == {f"{stem}.xlsx", f"{stem}.zip", f"{stem}.pdf"}
    assert {p.name for p in target.iterdir()} == written
    assert (target / f"{stem}.pdf").read_bytes().startswith(b"%PDF")
    book = load_workbook(target / f"{stem}.xlsx")
    assert book.sheetnames[:2] == ["Method", "Estimate"]


def test_the_command_writes_filtered_reports(w, taken, tmp_path):
    call_command(
        "insights",
        "report",
        "--user",
        "alpha-data",
        "--out",
        str(tmp_path / "out"),
        "--province",
        "PK-SD",
        stdout=io.StringIO(),
    )
    (written,) = (tmp_path / "out").glob("*.xlsx")
    national = total(sheet_rows(load_workbook(written), "sdg_16_2_2"))
    assert (national["persons"], national["records"]) == (1, 1)


def test_the_command_refuses_a_bad_province_naming_it(w, taken, tmp_path):
    out = tmp_path / "out"
    with pytest.raises(CommandError) as refused:
        call_command(
            "insights", "report", "--user", "alpha-data", "--out", str(out), "--province", "PK-XX"
        )
    assert f"province: 'PK-XX' is not a province; allowed: {PROVINCES}" in str(refused.value)
    assert not out.exists()


def test_the_command_refuses_who_may_not(w, taken, tmp_path):
    out = tmp_path / "out"
    with pytest.raises(CommandError, match="may not add statistics"):
        call_command("insights", "extract", "--user", "alpha-caseworker")
    with pytest.raises(CommandError, match="may not see the statistics"):
        call_command("insights", "report", "--user", "fia-investigator", "--out", str(out))
    with pytest.raises(CommandError, match="no active user 'nobody-here'"):
        call_command("insights", "extract", "--user", "nobody-here")
    assert Extract.objects.count() == 1
    assert not out.exists()


def test_the_command_reports_are_audited_like_downloads(w, taken, tmp_path):
    out = tmp_path / "out"
    call_command("insights", "report", "--user", "the-secretariat", "--out", str(out))
    entries = AuditEntry.objects.filter(action="export", actor=w["secretariat"])
    assert entries.count() >= 1
    assert {e.object_id for e in entries} == {str(taken.pk)}


def test_the_command_says_when_there_is_no_extract(w, tmp_path):
    with pytest.raises(CommandError, match="no statistics extract yet"):
        call_command("insights", "report", "--user", "alpha-data", "--out", str(tmp_path / "out"))
    assert not (tmp_path / "out").exists()
