"""In a real Chromium: the secretariat schedules a meeting from the network's home, records a
decision and an action point for Alpha Shelter on the meeting's page; Alpha's focal point
finds it among the organisation's action points and marks it done."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from tests import factories
from tests.e2e import conftest as e2e
from tests.e2e.test_case_flow import sign_in
from tipsom.core.choices import Role
from tipsom.network import services
from tipsom.network.models import ActionPoint

pytestmark = pytest.mark.e2e
# The browser fixtures of tests/e2e, for this app's flow kept beside its other tests.
browser, page = e2e.browser, e2e.page


@pytest.fixture
def people(transactional_db) -> dict[str, Any]:
    alpha = factories.organisation("Alpha Shelter", acronym="ALPHA")
    iom = factories.organisation("IOM Pakistan", acronym="IOM")
    secretariat = factories.user((iom, Role.SECRETARIAT), username="the-secretariat")
    focal = factories.user((alpha, Role.CASEWORKER), username="alpha-focal")
    for org in (alpha, iom):
        services.set_membership(secretariat, org, "member", "2024-05-15")
    services.add_focal_point(secretariat, alpha, focal)
    return {"alpha": alpha, "secretariat": secretariat, "focal": focal}


def submit(page: Page, testid: str, message: str) -> None:
    with page.expect_navigation():
        page.get_by_test_id(testid).click()
    expect(page.locator("main")).to_contain_text(message)


def test_a_decision_and_an_action_point_followed_to_done(live_server, people, page: Page):
    base = live_server.url
    started = timezone.localtime() - timedelta(hours=1)
    due = (timezone.localdate() + timedelta(days=7)).isoformat()
    sign_in(page, base, "the-secretariat")
    page.get_by_role("link", name="Network").click()
    page.get_by_test_id("schedule-meeting").click()
    page.fill("#id_title", "Quarterly meeting")
    page.fill("#id_starts_at", started.strftime("%Y-%m-%dT%H:%M"))
    submit(page, "save-meeting", "Meeting scheduled.")

    page.locator("summary", has_text="Record a decision").click()
    page.fill("#id_decision-text", "Adopt the revised referral SOP")
    page.select_option("#id_decision-gcm_objectives", ["10"])
    submit(page, "add-decision", "Decision recorded.")
    expect(page.get_by_test_id("decision-row")).to_contain_text("Adopt the revised referral SOP")

    page.locator("summary", has_text="Add an action point").click()
    page.fill("#id_action-title", "Circulate the SOP to all shelters")
    page.select_option("#id_action-owner", label="Alpha Shelter (ALPHA)")
    page.fill("#id_action-due_on", due)
    page.select_option("#id_action-decision", index=1)
    page.fill("#id_action-sdg_targets", "16.2")
    submit(page, "add-action-point", "Action point added.")
    row = page.get_by_test_id("action-point-row")
    expect(row).to_contain_text("Circulate the SOP to all shelters")
    expect(row.get_by_test_id("action-point-status")).to_have_text("Open")

    page.get_by_test_id("sign-out").click()
    sign_in(page, base, "alpha-focal")
    page.get_by_role("link", name="Network").click()
    page.get_by_test_id("my-action-points").click()
    row = page.get_by_test_id("action-point-row").filter(has_text="Circulate the SOP")
    expect(row).to_have_count(1)
    with page.expect_navigation():
        row.get_by_test_id("mark-done").click()
    point = ActionPoint.objects.get()
    expect(page.locator("main")).to_contain_text(f"{point.reference} is now Done.")
    assert (point.status, point.closed_by) == ("done", people["focal"])
    expect(page.get_by_test_id("action-point-row")).to_have_count(0)  # nothing left to do
