"""A caseworker runs a victim's case from registration to closure in a real Chromium;
a caseworker of another organisation cannot open it."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, Page, expect

from tests import factories
from tipsom.cases.models import Case
from tipsom.core.choices import Role

pytestmark = pytest.mark.e2e


@pytest.fixture
def caseworkers(transactional_db):
    shelter = factories.organisation("Shelter Alpha", acronym="SHA")
    other = factories.organisation("Legal Aid Beta", acronym="LAB", province="PK-SD")
    return (
        factories.user((shelter, Role.CASEWORKER), username="kw.alpha"),
        factories.user((other, Role.CASEWORKER), username="kw.beta"),
    )


def sign_in(page: Page, base: str, username: str) -> None:
    page.goto(base + "/sign-in/")
    page.fill("#id_username", username)
    page.fill("#id_password", factories.PASSWORD)
    with page.expect_navigation():
        page.click("form:has(#id_password) button[type=submit]")


def save(page: Page) -> None:
    with page.expect_navigation():
        page.click("main form button.primary")


def test_caseworker_runs_a_case_to_closure(
    live_server, caseworkers, page: Page, browser: Browser, tmp_path
):
    base = live_server.url
    sign_in(page, base, "kw.alpha")

    page.get_by_role("link", name="Cases").click()
    page.get_by_test_id("register-case").click()
    page.fill("#id_first_name", "Shazia")
    page.fill("#id_family_name", "Parveen")
    page.select_option("#id_sex", "female")
    page.fill("#id_birth_year", "1998")
    page.select_option("#id_case_type", "trafficking")
    page.select_option("#id_role", "victim")
    page.fill("#id_cnic", "35202-7654321-4")
    page.fill("#id_phone", "0300 1234567")
    save(page)
    expect(page.locator("h1")).to_contain_text("SHA-")
    case_url = page.url
    expect(page.get_by_test_id("case-stage")).to_have_text("Intake")

    page.get_by_test_id("step-screening").click()
    page.select_option("#id_trafficking_status", "PossibleVictimOfTrafficking")
    page.select_option("#id_decided_by", "NGO")
    page.check("input[name=exploitation_types][value=ForcedLabour]")
    page.check("input[name=forced_labour_industries][value=T_ActivitiesOfHouseholdsAsEmployers]")
    page.check("input[name=ilo_indicators][value=retention_of_documents]")
    save(page)
    expect(page.get_by_test_id("case-stage")).to_have_text("Screening")

    page.get_by_test_id("step-consent").click()
    page.select_option("#id_purpose", "referral")
    page.select_option("#id_decision", "given")
    save(page)
    expect(page.locator(".consent.given")).to_contain_text("Referral")

    page.get_by_test_id("step-plan").click()
    page.select_option("#id_type", "shelter")
    page.fill("#id_objectives", "Safe accommodation for three months")
    save(page)

    page.get_by_test_id("step-service").click()
    page.select_option("#id_type", "shelter")
    page.select_option("#id_provider", label="Shelter Alpha (SHA)")
    page.select_option("#id_status", "delivered")
    # A delivered service without a date is refused with a message naming the field.
    save(page)
    expect(page.locator(".field.invalid")).to_contain_text("delivered")
    page.fill("#id_delivered_on", "2026-01-15")
    save(page)
    expect(page.get_by_test_id("case-stage")).to_have_text("Assistance")

    page.get_by_test_id("step-close").click()
    page.fill("#id_closure_reason", "Reunited with her family; no further risk")
    save(page)
    expect(page.get_by_test_id("case-status")).to_have_text("Closed")
    timeline = page.get_by_test_id("timeline")
    for entry in ("screening", "support plan", "Shelter", "Closed"):
        expect(timeline).to_contain_text(entry)
    page.screenshot(path=str(tmp_path / "closed-case.png"), full_page=True)

    case = Case.objects.get()
    assert (case.status, case.stage) == ("Closed", "closure")
    assert case.services.get().status == "delivered"

    # A caseworker of another organisation cannot open it, even with its address.
    context = browser.new_context()
    try:
        other = context.new_page()
        sign_in(other, base, "kw.beta")
        response = other.goto(case_url)
        assert response is not None and response.status == 404
        expect(other.locator("body")).not_to_contain_text("Shazia")
        other.goto(base + "/cases/?q=Shazia")
        expect(other.locator("#case-table")).not_to_contain_text("SHA-")
    finally:
        context.close()
