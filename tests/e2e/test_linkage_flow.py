"""A data officer reviews a pair of possible duplicates in a real Chromium: confirms it (the
two identities merge), unmerges it from the identity page (the pair waits for review again),
then takes the other organisation's record out of the identity. No person record changes."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import Page, expect

from tests import worlds
from tests.e2e.test_case_flow import sign_in
from tipsom.cases.models import Person
from tipsom.linkage import choices as lc
from tipsom.linkage.models import Decision, MatchPair, Membership

pytestmark = pytest.mark.e2e

CONFIRM_NOTE = "Same father and village in both records"
DETACH_NOTE = "Gamma's Ayesha was born ten years earlier"


@pytest.fixture
def world(transactional_db) -> dict[str, Any]:
    return worlds.linkage_world()


def persons_snapshot() -> dict[int, dict[str, Any]]:
    """Every person's stored fields (updated_at and version included), by id."""
    return {row["id"]: row for row in Person.objects.order_by("pk").values()}


def pair_between(x: Person, y: Person) -> MatchPair:
    left, right = sorted((x.pk, y.pk))
    return MatchPair.objects.get(left=left, right=right)


def detach_gamma(page: Page, world: dict[str, Any]) -> None:
    """On the identity page, take Gamma's record out with a note."""
    gamma = page.get_by_test_id("identity-member").filter(has_text=world["org_c"].name)
    expect(gamma).to_have_count(1)
    gamma.locator("input[name=note]").fill(DETACH_NOTE)
    with page.expect_navigation():
        gamma.get_by_test_id("detach-member").click()


def test_data_officer_confirms_unmerges_and_detaches(live_server, world, page: Page):
    base = live_server.url
    pair_a, identity_a = world["pair_a"], world["identity_a"]
    person_a, person_a2, person_c1 = world["person_a"], world["person_a2"], world["person_c1"]
    before = persons_snapshot()
    queue_url = f"{base}/linkage/"
    identity_url = f"{base}/linkage/identities/{identity_a.pk}/"

    sign_in(page, base, "alpha-data")

    # The review queue holds pair_a (Alpha–Beta) and nothing that is none of Alpha's business.
    page.goto(queue_url)
    table = page.get_by_test_id("pair-table")
    expect(table.get_by_test_id("pair-link")).to_have_count(1)
    pair_link = table.get_by_role("link", name=f"pair {pair_a.pk}", exact=True)
    expect(pair_link).to_be_visible()
    expect(table).to_contain_text("0.650")

    # The pair: both sides' compared fields and why it scored as it did.
    with page.expect_navigation():
        pair_link.click()
    assert page.url == f"{base}/linkage/pairs/{pair_a.pk}/"
    expect(page.get_by_test_id("pair-status")).to_have_text("Waiting for review")
    compared = page.get_by_test_id("pair-compared")
    expect(compared).to_be_visible()
    expect(compared.locator("tbody tr").first).to_contain_text("first name")
    expect(compared).to_contain_text("Ayesha")
    expect(compared).to_contain_text("Aisha")
    explanation = page.get_by_test_id("pair-explanation")
    expect(explanation).to_be_visible()
    expect(explanation.locator("tbody tr")).to_have_count(3)
    expect(explanation).to_contain_text("Exact match on family")

    # Confirm with a note: the page moves on to the merged identity, now of three records.
    page.fill("#note", CONFIRM_NOTE)
    with page.expect_navigation():
        page.get_by_test_id("confirm-pair").click()
    assert page.url == identity_url
    members = page.get_by_test_id("identity-member")
    expect(members).to_have_count(3)
    own = members.filter(has_text=f"person {person_a.pk}")
    expect(own).to_have_count(1)
    expect(own).to_contain_text(world["org_a"].name)
    for org in (world["org_b"], world["org_c"]):
        row = members.filter(has_text=org.name)
        expect(row).to_have_count(1)
        expect(row).to_contain_text("record of another organisation")
        expect(row.get_by_role("link")).to_have_count(0)  # no way into their record
    body = page.locator("main")
    for hidden in (f"person {person_a2.pk}", f"person {person_c1.pk}"):
        expect(body).not_to_contain_text(hidden)
    assert Membership.objects.get(person=person_a2).identity_id == identity_a.pk

    # The confirmation is listed with its note, and is unmerged from here.
    decisions = page.get_by_test_id("identity-decisions")
    confirmation = decisions.locator("li").filter(has_text=CONFIRM_NOTE)
    expect(confirmation).to_have_count(1)
    expect(confirmation).to_contain_text("Confirmed a pair")
    unmerge = confirmation.get_by_test_id("undo-decision")
    expect(unmerge).to_have_text("Unmerge")
    with page.expect_navigation():
        unmerge.click()
    assert page.url == identity_url
    expect(page.get_by_test_id("identity-member")).to_have_count(2)
    expect(
        page.get_by_test_id("identity-member").filter(has_text=world["org_b"].name)
    ).to_have_count(0)
    confirmation = (
        page.get_by_test_id("identity-decisions").locator("li").filter(has_text=CONFIRM_NOTE)
    )
    expect(confirmation).to_contain_text("undone")
    expect(confirmation.get_by_test_id("undo-decision")).to_have_count(0)
    expect(page.get_by_test_id("identity-decisions")).to_contain_text("Undid a decision")
    assert not Membership.objects.filter(person=person_a2).exists()

    # Back in the queue, pair_a waits for review again.
    with page.expect_navigation():
        page.get_by_role("link", name="Back to the review queue").click()
    assert page.url == queue_url
    table = page.get_by_test_id("pair-table")
    expect(table.get_by_role("link", name=f"pair {pair_a.pk}", exact=True)).to_be_visible()
    pair_a.refresh_from_db()
    assert pair_a.status == lc.PairStatus.PENDING

    # Take Gamma's record out of the identity: nobody is left linked in it.
    page.goto(identity_url)
    detach_gamma(page, world)
    expect(page.locator("main")).to_contain_text("The person was taken out of this identity.")
    assert not Membership.objects.filter(identity=identity_a).exists()
    detached = Decision.objects.get(kind=lc.DecisionKind.DETACH, person=person_c1)
    assert detached.note == DETACH_NOTE
    assert pair_between(person_a, person_c1).status == lc.PairStatus.REJECTED

    # Linking changed no person record: not a field, not a timestamp.
    assert persons_snapshot() == before


def test_the_identity_page_shows_an_identity_left_empty_by_a_detach(live_server, world, page: Page):
    base = live_server.url
    identity_url = f"{base}/linkage/identities/{world['identity_a'].pk}/"
    sign_in(page, base, "alpha-data")
    page.goto(identity_url)
    expect(page.get_by_test_id("identity-member")).to_have_count(2)

    detach_gamma(page, world)
    assert page.url == identity_url
    expect(page.get_by_test_id("identity-members")).to_be_visible(timeout=2_000)
    expect(page.get_by_test_id("identity-member")).to_have_count(0)
    expect(page.get_by_test_id("identity-members")).to_contain_text(
        "No records are linked in this identity any more."
    )
    expect(page.get_by_test_id("identity-decisions")).to_contain_text(DETACH_NOTE)
