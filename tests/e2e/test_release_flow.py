"""A release in a real Chromium: a data officer prepares it, a second person (the network's
secretariat) approves it, and an anonymous visitor then finds it on the public page; a
release nobody approved stays out of reach."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, expect

from tests import factories
from tests.e2e.conftest import VIEWPORT
from tests.e2e.test_case_flow import sign_in
from tipsom.cases import services as cases
from tipsom.core.choices import Role
from tipsom.insights import releases
from tipsom.insights import services as insights
from tipsom.insights.models import Release

pytestmark = pytest.mark.e2e

TITLE = "Detected victims 2025"


@pytest.fixture
def world(transactional_db, settings, tmp_path) -> dict[str, Any]:
    settings.DATA_DIR = tmp_path
    settings.MEDIA_ROOT = tmp_path / "files"
    ngo = factories.organisation("Lahore Shelter", acronym="LSH", province="PK-PB")
    supervisor = factories.user((ngo, Role.SUPERVISOR), username="shelter-supervisor")
    officer = factories.user((ngo, Role.DATA_OFFICER), username="data-officer")
    secretariat = factories.user((ngo, Role.SECRETARIAT), username="secretariat")
    for index in range(40):
        case = cases.register_case(
            supervisor,
            ngo,
            {
                "first_name": f"Victim{index}",
                "sex": "female" if index % 3 else "male",
                "birth_year": 1990 + index % 20,
            },
            "trafficking",
            "victim",
            opened_on=date(2025, 1 + index % 12, 1 + index % 28),
        )
        cases.add_address(supervisor, case.roles.get().person, {"province": "PK-PB"})
    insights.take_extract(officer)
    return {"officer": officer, "secretariat": secretariat}


def anonymous(browser: Browser) -> Page:
    return browser.new_context(locale="en-GB", viewport=VIEWPORT).new_page()


def test_a_release_is_public_only_after_a_second_person_approves_it(
    live_server, world, page: Page, browser: Browser
):
    base = live_server.url
    sign_in(page, base, "data-officer")
    page.goto(f"{base}/statistics/releases/")
    page.fill("#id_title", TITLE)
    page.fill("#id_year_from", "2025")
    page.fill("#id_year_to", "2025")
    page.fill("#id_threshold", "5")
    page.fill("#id_resolution", "2")
    page.fill("#id_reporting_length", "2")
    page.fill("#id_notes", "First release of the network's figures.")
    with page.expect_navigation():
        page.get_by_test_id("prepare-release").click()
    release = Release.objects.get(title=TITLE)
    assert page.url == f"{base}/statistics/releases/{release.pk}/"
    expect(page.get_by_test_id("release-status")).to_have_text("Waiting for approval")
    expect(page.get_by_test_id("release-parameters")).to_contain_text("threshold = 5")
    expect(page.get_by_test_id("approve-release")).to_have_count(0)  # not by its preparer

    # Prepared, not approved: an anonymous visitor cannot reach it.
    visitor = anonymous(browser)
    visitor.goto(f"{base}/published/")
    expect(visitor.get_by_test_id("public-releases")).not_to_contain_text(TITLE)
    assert visitor.goto(f"{base}/published/{release.pk}/").status == 404
    assert visitor.goto(f"{base}/published/{release.pk}/download/csv/").status == 404

    # The secretariat approves it.
    page.context.clear_cookies()
    sign_in(page, base, "secretariat")
    page.goto(f"{base}/statistics/releases/{release.pk}/")
    with page.expect_navigation():
        page.get_by_test_id("approve-release").click()
    expect(page.get_by_test_id("release-status")).to_have_text("Approved and public")

    # Now the anonymous visitor finds it, with its tables and downloads.
    visitor.goto(f"{base}/published/")
    with visitor.expect_navigation():
        visitor.get_by_role("link", name=TITLE).click()
    expect(visitor.get_by_test_id("release-title")).to_have_text(TITLE)
    expect(visitor.get_by_test_id("release-table").first).to_be_visible()
    expect(visitor.get_by_test_id("release-method")).to_contain_text("suppressed")
    with visitor.expect_download() as tables:
        visitor.get_by_test_id("public-csv").click()
    assert tables.value.suggested_filename == f"release-{release.pk}.zip"

    # A second release, prepared and never approved, stays out of reach.
    other = releases.prepare_release(
        world["officer"],
        {
            "title": "Not yet",
            "year_from": 2025,
            "year_to": 2025,
            "resolution": 2,
            "reporting_length": 2,
        },
    )
    visitor.goto(f"{base}/published/")
    expect(visitor.get_by_test_id("public-releases")).not_to_contain_text("Not yet")
    assert visitor.goto(f"{base}/published/{other.pk}/").status == 404
    visitor.context.close()
