"""An FIA investigator runs an investigation in a real Chromium: registers an FIR for a
trafficking and a smuggling offence, adds two suspects (one a wanted person under another
spelling, which raises a watchlist hit), records a conviction inside the legal range and one
above it (kept, with a warning), and confirms the hit."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import Page, expect

from tests import factories
from tests.e2e.test_case_flow import sign_in
from tipsom.core.choices import Role
from tipsom.justice import choices as c
from tipsom.justice import offences, services
from tipsom.justice.models import Charge, Fir, Offence, Suspect, WatchlistHit

pytestmark = pytest.mark.e2e

FIR_NUMBER = "112/2026"
COURT = "Anti-Human Trafficking Court Lahore"


@pytest.fixture
def world(transactional_db) -> dict[str, Any]:
    # The offence list comes with a data migration, which an earlier transactional test's
    # flush may have emptied: load it again as the migration does.
    offences.load(Offence)
    fia = factories.organisation("FIA Anti-Human Trafficking Circle Lahore", acronym="FIA")
    investigator = factories.user((fia, Role.INVESTIGATOR), username="fia-investigator")
    entry = services.add_to_watchlist(
        investigator,
        fia,
        {"first_name": "Muhammad Imran", "family_name": "Qureshi", "father_name": "Ghulam Nabi"},
    )
    return {"fia": fia, "investigator": investigator, "entry": entry}


def suspect_row(page: Page, name: str):
    row = page.get_by_test_id("suspect-row").filter(has_text=name)
    expect(row).to_have_count(1)
    return row


def add_suspect(page: Page, first: str, family: str, role: str | None = None) -> None:
    page.fill("#id_first_name", first)
    page.fill("#id_family_name", family)
    if role:
        page.check(f"input[name=roles][value={role}]")
    with page.expect_navigation():
        page.get_by_test_id("add-suspect").click()
    expect(page.locator("main")).to_contain_text("Suspect added.")


def charge(page: Page, suspect: str, offence: str, filed_on: str) -> None:
    page.get_by_test_id("charge-suspect").select_option(label=suspect)
    page.select_option("#id_offence", offence)
    page.fill("#id_court", COURT)
    page.fill("#id_filed_on", filed_on)
    with page.expect_navigation():
        page.get_by_test_id("add-charge").click()
    expect(page.locator("main")).to_contain_text("Charge recorded.")


def convict(page: Page, row: Any, decided_on: str, months: int) -> None:
    row.get_by_test_id("verdict-outcome").select_option("convicted")
    row.get_by_test_id("verdict-date").fill(decided_on)
    row.get_by_test_id("verdict-months").fill(str(months))
    with page.expect_navigation():
        row.get_by_test_id("record-verdict").click()
    expect(page.locator("main")).to_contain_text("Verdict recorded.")


def test_investigator_registers_an_fir_charges_and_records_convictions(
    live_server, world, page: Page
):
    base = live_server.url
    entry = world["entry"]

    sign_in(page, base, "fia-investigator")
    page.goto(f"{base}/justice/")
    with page.expect_navigation():
        page.get_by_test_id("new-fir").click()
    assert page.url == f"{base}/justice/new/"

    # Register the FIR with a PTPA and a PSMA offence.
    page.fill("#id_number", FIR_NUMBER)
    page.fill("#id_station", "AHTC Lahore")
    page.fill("#id_registered_on", "2026-03-02")
    page.check("input[name=offences][value=PTPA-3-WC]")
    page.check("input[name=offences][value=PSMA-3]")
    page.fill("#id_summary", "Recruited with a false job offer in Dubai")
    with page.expect_navigation():
        page.get_by_test_id("register-fir").click()
    fir = Fir.objects.get(number=FIR_NUMBER)
    assert page.url == f"{base}/justice/{fir.pk}/"
    fir_offences = page.get_by_test_id("fir-offences")
    expect(fir_offences).to_contain_text("PTPA-3-WC")
    expect(fir_offences).to_contain_text("PSMA-3")
    expect(page.get_by_test_id("fir-hits")).to_have_count(0)

    # A suspect who is the wanted person under another spelling: the page says so.
    add_suspect(page, "Mohd Imraan", "Kureshi", role="Smuggler")
    expect(suspect_row(page, "Mohd Imraan")).to_contain_text("Smuggler")
    hits = page.get_by_test_id("fir-hits")
    expect(hits).to_be_visible()
    expect(hits.locator("li")).to_have_count(1)
    expect(hits).to_contain_text(f"May be wanted person #{entry.pk}")
    expect(hits).to_contain_text("names alike by sound")

    # Another suspect, who is nobody on the list: still the one hit.
    add_suspect(page, "Bilal", "Shah")
    expect(page.get_by_test_id("suspect-row")).to_have_count(2)
    expect(page.get_by_test_id("fir-hits").locator("li")).to_have_count(1)

    # The first suspect is charged with PTPA-3-WC and convicted inside its range (24–120).
    charge(page, "Mohd Imraan Kureshi", "PTPA-3-WC", "2026-04-15")
    first = suspect_row(page, "Mohd Imraan")
    expect(first.get_by_test_id("charge")).to_contain_text("PTPA-3-WC")
    expect(first.get_by_test_id("charge-outcome")).to_have_text("Pending")
    convict(page, first, "2026-10-01", 60)
    first = suspect_row(page, "Mohd Imraan")
    expect(first.get_by_test_id("charge-outcome")).to_have_text("Convicted")
    expect(first.get_by_test_id("charge")).to_contain_text("60 months")
    expect(first.get_by_test_id("record-verdict")).to_have_count(0)
    expect(page.get_by_test_id("sentence-warning")).to_have_count(0)

    # The second is charged with PSMA-3 and given more than its most (60): kept, with a warning.
    charge(page, "Bilal Shah", "PSMA-3", "2026-04-15")
    second = suspect_row(page, "Bilal")
    expect(second.get_by_test_id("charge")).to_contain_text("PSMA-3")
    convict(page, second, "2026-10-01", 96)
    second = suspect_row(page, "Bilal")
    expect(second.get_by_test_id("charge-outcome")).to_have_text("Convicted")
    expect(second.get_by_test_id("charge")).to_contain_text("96 months")
    warning = page.get_by_test_id("sentence-warning")
    expect(warning).to_have_count(1)
    expect(second.get_by_test_id("sentence-warning")).to_contain_text("PSMA-3")
    expect(second.get_by_test_id("sentence-warning")).to_contain_text("60 months")
    expect(first.get_by_test_id("sentence-warning")).to_have_count(0)

    # The hit waits on the hits page; the investigator confirms it.
    assert WatchlistHit.objects.get().status == c.HitStatus.OPEN
    page.goto(f"{base}/justice/hits/")
    row = page.get_by_test_id("hit-row")
    expect(row).to_have_count(1)
    expect(row).to_contain_text("Muhammad Imran Qureshi")
    with page.expect_navigation():
        row.get_by_test_id("confirm-hit").click()
    assert page.url == f"{base}/justice/hits/"
    expect(page.locator("main")).to_contain_text("Hit decided.")
    expect(page.get_by_test_id("hit-row")).to_have_count(0)
    page.goto(f"{base}/justice/{fir.pk}/")
    expect(page.get_by_test_id("fir-hits")).to_have_count(0)

    # What was stored.
    suspects = {s.person.first_name: s for s in Suspect.objects.filter(fir=fir)}
    assert set(suspects) == {"Mohd Imraan", "Bilal"}
    assert suspects["Mohd Imraan"].roles == ["Smuggler"]
    assert {o.code for o in fir.offences.all()} == {"PTPA-3-WC", "PSMA-3"}
    (hit,) = WatchlistHit.objects.all()
    assert hit.entry == entry and hit.person == suspects["Mohd Imraan"].person
    assert hit.status == c.HitStatus.CONFIRMED and hit.decided_by == world["investigator"]
    charges = {
        ch.suspect.person.first_name: ch
        for ch in Charge.objects.filter(suspect__fir=fir).select_related("suspect__person")
    }
    assert len(charges) == 2
    inside, above = charges["Mohd Imraan"], charges["Bilal"]
    assert (inside.offence.code, inside.outcome, inside.imprisonment_months) == (
        "PTPA-3-WC",
        c.Outcome.CONVICTED,
        60,
    )
    assert inside.sentence_warnings == [] and inside.fine_pkr is None
    assert (above.offence.code, above.outcome, above.imprisonment_months) == (
        "PSMA-3",
        c.Outcome.CONVICTED,
        96,
    )
    assert len(above.sentence_warnings) == 1 and "(60 months)" in above.sentence_warnings[0]
    assert str(inside.decided_on) == str(above.decided_on) == "2026-10-01"
