"""An NGO refers a case to IOM with only the assistance sections shared, in a real Chromium:
IOM sees those and nothing else, accepts, delivers a service and completes the referral; the
NGO sees the outcome; IOM's access ends with completion."""

from __future__ import annotations

from datetime import date

import pytest
from playwright.sync_api import Browser, Page, expect

from tests import factories
from tests.e2e.test_case_flow import save, sign_in
from tipsom.cases import services as cases
from tipsom.core.choices import Role
from tipsom.referrals import services as referrals
from tipsom.referrals.models import Referral

pytestmark = pytest.mark.e2e


@pytest.fixture
def network(transactional_db):
    ngo = factories.organisation("Shelter Alpha", acronym="SHA")
    iom = factories.organisation("Migration Agency", acronym="IOM", province="PK-IS")
    ngo_worker = factories.user((ngo, Role.CASEWORKER), username="kw.ngo")
    factories.user((iom, Role.CASEWORKER), username="kw.iom")
    admin = factories.user((iom, Role.ORG_ADMIN), username="admin.iom")
    referrals.add_offer(admin, iom, {"service": "medical"})
    case = cases.register_case(
        ngo_worker,
        ngo,
        {"first_name": "Shazia", "family_name": "Parveen"},
        "trafficking",
        "victim",
    )
    person = case.roles.get().person
    cases.record_consent(ngo_worker, person, "referral", "given", date(2026, 1, 10), case)
    cases.record_screening(
        ngo_worker,
        case,
        person,
        {
            "trafficking_status": "PossibleVictimOfTrafficking",
            "decided_by": "NGO",
            "notes": "Recruited by a neighbour",
        },
    )
    cases.add_support_plan(ngo_worker, case, {"type": "medical", "objectives": "Treat injuries"})
    cases.add_comment(ngo_worker, case, "Brother may be involved")
    return case


def test_ngo_refers_to_iom_with_assistance_sections_only(
    live_server, network, page: Page, browser: Browser, tmp_path
):
    base, case = live_server.url, network
    case_url = f"{base}/cases/{case.pk}/"

    # The NGO refers the case, sharing the assistance sections only.
    sign_in(page, base, "kw.ngo")
    page.goto(case_url)
    page.get_by_test_id("refer-case").click()
    page.select_option("#id_receiver", label="Migration Agency (IOM)")
    page.select_option("#id_service", "medical")
    page.check("input[name=sections][value=support]")
    page.fill("#id_reason", "Needs a doctor this week")
    with page.expect_navigation():
        page.get_by_test_id("send-referral").click()
    expect(page.get_by_test_id("referral-state")).to_have_text("Pending")

    iom_context = browser.new_context(locale="en-GB")
    try:
        iom = iom_context.new_page()
        sign_in(iom, base, "kw.iom")
        iom.get_by_role("link", name="Referrals").click()
        iom.get_by_test_id("referral-table").get_by_role("link").first.click()
        iom.get_by_test_id("open-case").click()
        # Only the shared section, nothing of the person, the screening or the comments.
        expect(iom.get_by_test_id("shared-notice")).to_be_visible()
        expect(iom.get_by_test_id("shared-section")).to_have_count(1)
        body = iom.locator("main")
        expect(body).to_contain_text("Treat injuries")
        for hidden in ("Shazia", "Parveen", "Recruited by a neighbour", "Brother may be involved"):
            expect(body).not_to_contain_text(hidden)
        expect(iom.get_by_test_id("step-service")).to_have_count(0)  # not before accepting

        iom.go_back()
        with iom.expect_navigation():
            iom.get_by_test_id("accept").click()
        expect(iom.get_by_test_id("referral-state")).to_have_text("Accepted")
        iom.get_by_test_id("open-case").click()
        iom.get_by_test_id("step-service").click()
        iom.select_option("#id_type", "medical")
        iom.select_option("#id_provider", label="Migration Agency (IOM)")
        iom.select_option("#id_status", "delivered")
        iom.fill("#id_delivered_on", "2026-01-20")
        save(iom)
        expect(iom.locator("main")).to_contain_text("Migration Agency")

        referral = Referral.objects.get()
        iom.goto(f"{base}/referrals/{referral.pk}/")
        iom.fill("#outcome", "Treated at the clinic; follow-up in a month")
        with iom.expect_navigation():
            iom.get_by_test_id("complete").click()
        expect(iom.get_by_test_id("referral-state")).to_have_text("Completed")

        # Completion ends IOM's access to the case.
        response = iom.goto(case_url)
        assert response is not None and response.status == 404
    finally:
        iom_context.close()

    # The NGO sees the service IOM delivered and the referral's outcome.
    page.goto(case_url)
    main = page.locator("main")
    expect(main).to_contain_text("Migration Agency")
    expect(page.get_by_test_id("case-referral-state")).to_have_text("Completed")
    expect(main).to_contain_text("Treated at the clinic")
    page.screenshot(path=str(tmp_path / "referred-case.png"), full_page=True)
