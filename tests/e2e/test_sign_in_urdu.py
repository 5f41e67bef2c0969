"""Sign in, switch to Urdu, sign out, in a real Chromium browser against the live server.

Checks what only a browser can: the right-to-left layout actually computed from ``dir="rtl"``
and the logical CSS properties, and that the chosen language outlives the session.
"""

from __future__ import annotations

import pytest
from django.utils import translation
from playwright.sync_api import Page, expect

from tests import factories
from tipsom.core.choices import Role

pytestmark = pytest.mark.e2e

USERNAME = "e2e-caseworker"


@pytest.fixture
def caseworker(transactional_db):
    org = factories.organisation("E2E Test Organisation")
    return factories.user((org, Role.CASEWORKER), username=USERNAME, password=factories.PASSWORD)


def urdu(text: str) -> str:
    with translation.override("ur"):
        translated = translation.gettext(text)
    assert translated != text, (
        f"{text!r} has no Urdu translation (run `tipsom translations compile`)"
    )
    return translated


def sign_in(page: Page, base_url: str, password: str) -> None:
    page.goto(base_url + "/sign-in/")
    page.fill("#id_username", USERNAME)
    page.fill("#id_password", password)
    with page.expect_navigation():
        page.click("form:has(#id_password) button[type=submit]")


def test_sign_in_switch_to_urdu_and_sign_out(live_server, caseworker, page: Page, tmp_path):
    html = page.locator("html")

    sign_in(page, live_server.url, factories.PASSWORD)
    # Caseworkers need no second factor: straight to the home page.
    page.wait_for_url(live_server.url + "/")
    expect(page.get_by_test_id("sign-out")).to_be_visible()
    expect(html).to_have_attribute("dir", "ltr")
    expect(html).to_have_attribute("lang", "en")
    assert page.evaluate("getComputedStyle(document.body).direction") == "ltr"

    page.get_by_test_id("language-ur").click()
    expect(html).to_have_attribute("dir", "rtl")
    expect(html).to_have_attribute("lang", "ur")
    assert page.url.rstrip("/") == live_server.url, "the language switch returns to the same page"
    expect(page.get_by_test_id("sign-out")).to_have_text(urdu("Sign out"))
    expect(page.get_by_test_id("language-en")).to_be_visible()

    # The layout really is right to left, not just the attribute.
    assert page.evaluate("getComputedStyle(document.body).direction") == "rtl"
    assert page.evaluate("getComputedStyle(document.querySelector('.topbar')).direction") == "rtl"
    viewport = page.viewport_size
    assert viewport is not None
    width = viewport["width"]
    brand = page.locator(".brand").bounding_box()
    sign_out = page.get_by_test_id("sign-out").bounding_box()
    assert brand is not None and sign_out is not None
    assert brand["x"] >= width / 2, f"brand should sit on the right in RTL, box {brand}"
    assert sign_out["x"] + sign_out["width"] <= width / 2, (
        f"the tools (sign out) should sit on the left in RTL, box {sign_out}"
    )
    heading = page.locator("main h1").bounding_box()
    assert heading is not None and heading["x"] + heading["width"] > width / 2, (
        f"the heading should start from the right in RTL, box {heading}"
    )
    # Nothing spills sideways (a common RTL bug: a stray left margin pushing content off-screen).
    assert page.evaluate("document.documentElement.scrollWidth") <= width

    page.screenshot(path=str(tmp_path / "home-ur.png"), full_page=True)

    page.get_by_test_id("sign-out").click()
    page.wait_for_url("**/sign-in/**")
    assert "/sign-in/" in page.url
    # The language lives in its own cookie, so it survives the end of the session.
    expect(html).to_have_attribute("dir", "rtl")
    expect(html).to_have_attribute("lang", "ur")
    expect(page.locator("main h1")).to_have_text(urdu("Sign in"))
    expect(page.get_by_test_id("sign-out")).to_have_count(0)
    page.screenshot(path=str(tmp_path / "sign-in-ur.png"), full_page=True)


def test_wrong_password_does_not_sign_in(live_server, caseworker, page: Page):
    sign_in(page, live_server.url, "not the password")

    expect(page.locator(".errors[role=alert]")).to_be_visible()
    assert "/sign-in/" in page.url
    expect(page.locator(".errors[role=alert]")).not_to_be_empty()
    expect(page.get_by_test_id("sign-out")).to_have_count(0)
    expect(page.locator("#id_username")).to_have_value(USERNAME)
    expect(page.locator("#id_password")).to_have_value("")

    # No session was started: the home page still sends the visitor to sign in.
    page.goto(live_server.url + "/")
    page.wait_for_url("**/sign-in/**")
    expect(page.get_by_test_id("sign-out")).to_have_count(0)
