"""A data officer in a real Chromium opens the statistics dashboard, filters a province, and
downloads the XLSX workbook and the PDF report; the figures follow the filter."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from playwright.sync_api import Page, expect

from tests import factories
from tests.e2e.test_case_flow import sign_in
from tipsom.cases import services as cases
from tipsom.core.choices import Role
from tipsom.insights import services as insights

pytestmark = pytest.mark.e2e

# (province, sex, birth year) of each victim of trafficking registered in the world
VICTIMS = [
    ("PK-PB", "female", 2010),
    ("PK-PB", "female", 1995),
    ("PK-PB", "male", 1990),
    ("PK-SD", "female", 2001),
    ("PK-SD", "male", 2012),
]


@pytest.fixture
def world(transactional_db, settings, tmp_path) -> dict[str, Any]:
    settings.DATA_DIR = tmp_path
    ngo = factories.organisation("Lahore Shelter", acronym="LSH", province="PK-PB")
    caseworker = factories.user((ngo, Role.SUPERVISOR), username="shelter-supervisor")
    officer = factories.user((ngo, Role.DATA_OFFICER), username="data-officer")
    for index, (province, sex, born) in enumerate(VICTIMS):
        case = cases.register_case(
            caseworker,
            ngo,
            {"first_name": f"Victim{index}", "sex": sex, "birth_year": born},
            "trafficking",
            "victim",
            opened_on=date(2025, 3, 1 + index),
        )
        cases.add_address(caseworker, case.roles.get().person, {"province": province})
    insights.take_extract(officer)
    return {"officer": officer}


def sheet_rows(path: Path, sheet: str) -> list[tuple[Any, ...]]:
    book = load_workbook(path, read_only=True)
    return list(book[sheet].iter_rows(values_only=True))


def test_a_data_officer_filters_a_province_and_downloads_the_reports(
    live_server, world, page: Page, tmp_path
):
    base = live_server.url
    sign_in(page, base, "data-officer")
    page.goto(f"{base}/statistics/")
    national = page.locator("[data-table=sdg_16_2_2]")
    expect(national).to_contain_text("241499431")  # Pakistan's population, Census 2023
    expect(page.get_by_test_id("method-notes")).to_contain_text("Data period: 2025")
    expect(page.get_by_test_id("chart").first).to_be_visible()
    # the provinces' rows of the whole period: Punjab and Sindh (2025's are there too)
    by_province = page.locator("[data-table=sdg_16_2_2_province] tbody tr").filter(
        has=page.locator("td:first-child", has_text="total")
    )
    expect(by_province).to_have_count(2)

    page.get_by_test_id("filter-province").select_option("PK-SD")
    with page.expect_navigation():
        page.get_by_test_id("apply-filters").click()
    assert "province=PK-SD" in page.url
    expect(by_province).to_have_count(1)
    expect(by_province).to_contain_text("PK-SD")
    expect(page.get_by_test_id("method-notes")).to_contain_text("province PK-SD")

    with page.expect_download() as xlsx:
        page.get_by_test_id("download-xlsx").click()
    workbook = tmp_path / "statistics.xlsx"
    xlsx.value.save_as(workbook)
    rows = sheet_rows(workbook, "sdg_16_2_2_province")
    totals = [r for r in rows if r[:2] == ("total", "PK-SD")]
    assert len(totals) == 1
    persons = totals[0][3]  # year, province, population, persons
    assert persons == sum(1 for v in VICTIMS if v[0] == "PK-SD")
    assert not [r for r in rows if r[1] == "PK-PB"]
    assert "province PK-SD" in str(sheet_rows(workbook, "Method"))

    with page.expect_download() as report:
        page.get_by_test_id("download-pdf").click()
    pdf = tmp_path / "report.pdf"
    report.value.save_as(pdf)
    assert pdf.read_bytes().startswith(b"%PDF")
    assert report.value.suggested_filename.endswith(".pdf")
