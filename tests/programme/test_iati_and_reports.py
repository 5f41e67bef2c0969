"""The programme as IATI 2.03 (checked against the official XML Schema), its download page
and command, and the donor report as XLSX and PDF."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from lxml import etree
from openpyxl import load_workbook

from tests import factories
from tipsom.core.models import AuditEntry
from tipsom.engine.iati import validate
from tipsom.programme import iati, reporting, reports


@pytest.fixture
def full(w):
    """The world with an approved report, a computed actual and disaggregated figures."""
    reporting.record_actual(w["iom_data"], w["ind_iom"], w["p2"], 95)
    reporting.record_actual(w["iom_data"], w["ind_iom"], w["p2"], 50, sex="female")
    reporting.record_actual(w["unodc_data"], w["ind_unodc"], w["p2"], 30)
    reporting.compute_actual(w["iom_data"], w["ind_computed"], w["p2"])
    reporting.submit_report(w["iom_data"], w["report"])
    reporting.approve_report(w["manager"], w["report"], "clear")
    return w


def test_the_iati_export_is_valid_against_the_official_203_schema(full):
    found = iati.export(full["programme"])
    assert validate(found.xml) == []
    assert found.errors == [] and found.left_out == []


def test_the_iati_file_carries_the_programme(full):
    root = etree.fromstring(iati.export(full["programme"]).xml)
    activity = root.find("iati-activity")
    assert activity.findtext("iati-identifier") == "XI-IATI-UNPF-00135001"
    assert activity.find("reporting-org").get("ref") == "XI-IATI-UNPF"
    roles = {(p.get("ref"), p.get("role")) for p in activity.iterfind("participating-org")}
    assert {("XI-IATI-UNPF", "1"), ("XM-DAC-47066", "2"), ("XM-DAC-47066", "4")} <= roles
    assert activity.find("activity-status").get("code") == "2"
    assert activity.find("recipient-country").get("code") == "PK"
    assert activity.find("sector").get("code") == "15190"
    assert [t.get("code") for t in activity.iterfind("tag")] == ["9", "10"]
    # budgets per year: 2026 (120,000 IOM + 50,000 UNODC) and 2027 (30,000), with 7 %
    assert root.xpath("//budget/value/text()") == ["181900.00", "32100.00"]
    types = sorted(t.get("code") for t in root.iterfind(".//transaction/transaction-type"))
    assert types == ["1", "1", "2", "2", "3", "4", "4"]
    assert root.xpath("//transaction[transaction-type/@code='1']/value/text()") == [
        "80000.00",
        "40000.00",
    ]
    assert root.xpath("//transaction[transaction-type/@code='4']/value/text()") == [
        "32100.00",
        "10700.00",
    ]
    outcome = root.xpath("//result[@type='2']")[0]
    assert outcome.xpath("indicator[1]/baseline/@value") == ["10"]
    assert outcome.xpath("indicator[1]/period/target[not(dimension)]/@value") == ["100"]
    assert outcome.xpath("indicator[1]/period/actual[not(dimension)]/@value") == ["40", "95"]
    female = outcome.xpath("indicator[1]/period/actual[dimension[@value='female']]/@value")
    assert female == ["50"]
    comment = outcome.xpath("indicator[2]/period/actual[not(dimension)]/comment/narrative/text()")
    assert comment[0].startswith("First Information Reports registered in the period")


def test_a_programme_without_its_identifiers_is_not_published(w):
    with pytest.raises(iati.NotPublishable) as refused:
        iati.export(w["other"])
    problems = refused.value.problems
    assert problems[0].startswith("participations: the fund's administrative agent")
    assert problems[1].startswith("iati_identifier: give the programme's IATI identifier")


def test_the_iati_page_validates_before_offering_the_download(client, full):
    factories.sign_in(client, full["manager"])
    page = client.get(reverse("programme:iati", args=[full["programme"].pk]))
    html = page.content.decode()
    assert 'data-testid="iati-valid"' in html and 'data-testid="download-iati"' in html
    download = client.get(reverse("programme:iati_download", args=[full["programme"].pk]))
    assert download.status_code == 200 and download["Content-Type"] == "application/xml"
    assert validate(download.content) == []
    assert AuditEntry.objects.filter(action="export", summary__contains="IATI 2.03").exists()
    other = client.get(reverse("programme:iati", args=[full["other"].pk]))
    assert 'data-testid="iati-problems"' in other.content.decode()
    assert 'data-testid="download-iati"' not in other.content.decode()
    refused = client.get(reverse("programme:iati_download", args=[full["other"].pk]))
    assert refused.status_code == 400 and b"iati_identifier" in refused.content


def test_the_command_writes_a_valid_iati_file(full, tmp_path):
    target = tmp_path / "programme.xml"
    out = io.StringIO()
    call_command("programme", "iati", "--out", str(target), "--programme", "JP-PAK-TIP", stdout=out)
    assert validate(target.read_bytes()) == []
    assert "valid IATI 2.03" in out.getvalue()
    with pytest.raises(CommandError, match="several joint programmes"):
        call_command("programme", "iati", "--out", str(target))
    with pytest.raises(CommandError, match="iati_identifier"):
        call_command("programme", "iati", "--out", str(target), "--programme", "JP-OTHER")
    with pytest.raises(CommandError, match="may not download"):
        call_command(
            "programme",
            "iati",
            "--out",
            str(target),
            "--programme",
            "JP-PAK-TIP",
            "--user",
            "iom-data",
        )


def test_the_donor_xlsx_holds_results_money_and_approved_narratives(client, full):
    factories.sign_in(client, full["secretariat"])
    answer = client.get(reverse("programme:donor_report", args=[full["programme"].pk, "xlsx"]))
    assert answer.status_code == 200
    assert answer["Content-Disposition"] == 'attachment; filename="JP-PAK-TIP-donor-report.xlsx"'
    book = load_workbook(io.BytesIO(answer.content))
    assert book.sheetnames == ["Programme", "Results", "Finance", "Transfers", "Narratives"]
    summary = {row[0]: row[1] for row in book["Programme"].iter_rows(values_only=True) if row}
    assert summary["GCM objectives"] == "9, 10"
    assert summary["Delivery rate (expenditure / transfers)"] == "35.7 %"
    results = list(book["Results"].iter_rows(values_only=True))
    row = next(r for r in results if r[1] == "1.a" and r[5] == "2026 second half")
    assert (row[6], row[7], row[8]) == (100, 95, "On track")
    finance = list(book["Finance"].iter_rows(values_only=True))
    total = next(r for r in finance if r[0] == "All organisations" and r[1] == "Expenditure")
    assert total[-3] == 42800
    narratives = list(book["Narratives"].iter_rows(values_only=True))
    assert [r[1] for r in narratives[1:]] == ["IOM"]  # UNODC's draft is not a donor's
    assert AuditEntry.objects.filter(
        action="export", summary__contains="donor report (xlsx)"
    ).exists()


def test_the_donor_pdf_is_drawn_with_its_charts(client, full):
    factories.sign_in(client, full["auditor"])
    answer = client.get(reverse("programme:donor_report", args=[full["programme"].pk, "pdf"]))
    assert answer.status_code == 200 and answer.content.startswith(b"%PDF")
    report = reports.collect(full["manager"], full["programme"])
    titles = [chart["title"] for chart in reports.charts(report)]
    assert titles[0].startswith("Delivery rate by participating organisation")
    delivery = dict(reports.charts(report)[0]["bars"])
    assert delivery["IOM"] == pytest.approx(float(Decimal("32100") / 80000 * 100))
    assert (
        client.get(
            reverse("programme:donor_report", args=[full["programme"].pk, "doc"])
        ).status_code
        == 404
    )
