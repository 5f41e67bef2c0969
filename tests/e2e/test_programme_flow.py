"""The joint programme in a real Chromium: the programme manager enters an indicator's actual
for the open period and an expenditure report, then downloads the donor report (XLSX and
PDF), which carry both."""

from __future__ import annotations

from typing import Any

import pytest
from openpyxl import load_workbook
from playwright.sync_api import Page, expect

from tests.e2e.test_case_flow import sign_in
from tests.programme.world import programme_world
from tipsom.programme import thematic
from tipsom.programme.models import Actual, Expenditure, ThematicArea

pytestmark = pytest.mark.e2e


@pytest.fixture
def world(transactional_db) -> dict[str, Any]:
    # The fund's thematic areas come with a data migration, which an earlier transactional
    # test's flush may have emptied: load them again as the migration does.
    thematic.load(ThematicArea)
    return programme_world()


def form_of(page: Page, testid: str) -> Any:
    return page.locator("form", has=page.get_by_test_id(testid))


def test_a_manager_enters_an_actual_and_expenditure_and_downloads_the_donor_report(
    live_server, world, page: Page, tmp_path
):
    base = live_server.url
    programme, indicator, period = world["programme"], world["ind_iom"], world["p2"]
    sign_in(page, base, "jp-manager")

    # An actual of 55 for the open period.
    page.goto(f"{base}/programme/indicators/{indicator.pk}/")
    actual = form_of(page, "enter-actual")
    actual.locator("[name=period]").select_option(str(period.pk))
    actual.locator("[name=value]").fill("55")
    with page.expect_navigation():
        page.get_by_test_id("enter-actual").click()
    assert Actual.objects.filter(indicator=indicator, period=period, value=55).exists()
    expect(page.locator("main")).to_contain_text("55")

    # An expenditure report of 5,000 on travel for IOM in the same period.
    page.goto(f"{base}/programme/{programme.pk}/finance/")
    spent = form_of(page, "add-expenditure")
    spent.locator("[name=period]").select_option(str(period.pk))
    spent.locator("[name=organisation]").select_option(str(world["iom"].pk))
    spent.locator("[name=category]").select_option("travel")
    spent.locator("[name=amount]").fill("5000")
    with page.expect_navigation():
        page.get_by_test_id("add-expenditure").click()
    assert Expenditure.objects.filter(
        period=period, organisation=world["iom"], category="travel", amount=5000
    ).exists()
    expect(page.get_by_test_id("expenditure-row").filter(has_text="5,000")).to_have_count(1)

    # The donor report, as a workbook and as a PDF.
    with page.expect_download() as xlsx:
        page.get_by_test_id("download-donor-xlsx").click()
    workbook = tmp_path / "donor.xlsx"
    xlsx.value.save_as(workbook)
    cells = [
        value
        for sheet in load_workbook(workbook, read_only=True).worksheets
        for row in sheet.iter_rows(values_only=True)
        for value in row
        if value is not None
    ]
    assert any(str(v) in ("55", "55.0") for v in cells), "the actual is in the donor report"
    assert any(str(v) in ("5000", "5000.0", "5000.00") for v in cells), "so is the expenditure"
    with page.expect_download() as pdf:
        page.get_by_test_id("download-donor-pdf").click()
    target = tmp_path / "donor.pdf"
    pdf.value.save_as(target)
    assert target.read_bytes().startswith(b"%PDF")
