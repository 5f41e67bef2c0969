"""Releases: what the network publishes and how. A data officer prepares a release from the
latest extract (noised and suppressed tables, synthetic microdata in CTDC's 2024 layout,
privacy budget spent), a second person approves or rejects it, and only an approved release
reaches the public page, which needs no sign-in.

The world is `conftest.release_world`: the statistics world with some fifty victims of
trafficking registered in 2025. Releases here use a threshold of 5, a resolution of 2 and a
reporting length of 2 (`SMALL_RELEASE`) so that something survives in a world that small.
"""

from __future__ import annotations

import csv
import html
import io
import itertools
import json
import re
import zipfile
from collections import Counter
from datetime import date
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook

from tests import factories
from tests.insights.conftest import (
    DOCUMENT,
    NAMES,
    PHONE,
    RELEASE_NAMES,
    SMALL_RELEASE,
    STREET,
)
from tests.permission_matrix import World
from tipsom.core.choices import AuditAction
from tipsom.core.models import AuditEntry
from tipsom.engine.exchange.ctdc import CTDC_2024_COLUMNS
from tipsom.engine.indicators import Filters, compute_all
from tipsom.insights import publication, releases, selectors
from tipsom.insights.models import BudgetSpend, PrivacyBudget, Release, ReleaseStatus

TITLE = "Detected victims 2025"
NOTES = "First release of the network's figures."
RELEASES = reverse("insights:release_list")
PUBLIC = reverse("public:index")
KINDS = ("csv", "xlsx", "synthetic")
# Every name, document, phone and street of the world: none may leave in a release.
SECRETS = (
    *NAMES,
    *RELEASE_NAMES,
    *(f"{name}khel" for name in RELEASE_NAMES),
    DOCUMENT,
    PHONE,
    STREET,
)


def parameters(**changes: Any) -> dict[str, Any]:
    return {
        "title": TITLE,
        "year_from": 2025,
        "year_to": 2025,
        "notes": NOTES,
        **SMALL_RELEASE,
        **changes,
    }


def form(**changes: Any) -> dict[str, Any]:
    """What the release form posts: every field, as text."""
    data = {
        **{name: str(value) for name, value in releases.DEFAULTS.items()},
        **{name: str(value) for name, value in parameters().items()},
    }
    return {**data, **{name: str(value) for name, value in changes.items()}}


def prepare(w: World, who: str = "data_officer", **changes: Any) -> Release:
    return releases.prepare_release(w[who], parameters(**changes))


def publish(w: World, **changes: Any) -> Release:
    return releases.approve_release(w["secretariat"], prepare(w, **changes), "checked")


def reject(w: World, **changes: Any) -> Release:
    return releases.reject_release(w["secretariat"], prepare(w, **changes), "too early")


def text(response: Any) -> str:
    return html.unescape(response.content.decode())


def release_url(release: Release) -> str:
    return reverse("public:release", args=[release.pk])


def download(release: Release, kind: str) -> str:
    return reverse("public:download", args=[release.pk, kind])


def persons(table: dict[str, Any]) -> list[Any]:
    at = [c["name"] for c in table["columns"]].index("persons")
    return [row[at] for row in table["rows"]]


def hidden(release: Release) -> int:
    return sum(value is None for table in release.tables for value in persons(table))


def synthetic_csv(release: Release) -> tuple[list[str], list[list[str]]]:
    with release.synthetic.open("rb") as f:
        lines = list(csv.reader(io.StringIO(f.read().decode())))
    return lines[0], lines[1:]


def field_errors(page: str, field: str) -> str:
    """The form field's block on the page (its label, input and errors)."""
    found = [chunk for chunk in page.split('<div class="field') if f'id="id_{field}"' in chunk]
    assert len(found) == 1, f"no field {field} on the page"
    return found[0]


@pytest.fixture
def no_noise(monkeypatch):
    """The tables' noise held at zero (post-processing and suppression unchanged), so a test
    knows which counts are small; the epsilon reported is the one asked."""
    from tipsom.engine.privacy import dp

    def exact(counts, epsilon, sensitivity=1):
        return counts.copy(), float(epsilon), sensitivity / epsilon

    monkeypatch.setattr(dp, "noisy_vector", exact)


# --- preparing ------------------------------------------------------------------------------


def test_prepare_stores_a_release_waiting_for_approval(rw):
    release = prepare(rw)
    release.refresh_from_db()
    assert release.status == ReleaseStatus.PREPARED
    assert release.prepared_by == rw["data_officer"]
    assert release.decided_by is None and release.decided_at is None
    assert release.extract == rw["extract"]
    assert (release.title, release.year_from, release.year_to) == (TITLE, 2025, 2025)
    assert release.notes == NOTES
    assert release.parameters == {
        "threshold": 5,
        "epsilon_tables": 0.5,
        "epsilon_synthetic": 1.0,
        "resolution": 2,
        "reporting_length": 2,
        "synthetic_rows": 100,
        "delta": 0.0,
    }
    assert [t["id"] for t in release.tables] == list(publication.PUBLISHED)
    assert "suppressed" in release.method and "synthetic" in release.method
    entry = AuditEntry.objects.get(object_type="insights.release", object_id=str(release.pk))
    assert entry.action == AuditAction.CREATE
    assert entry.actor == rw["data_officer"]
    assert TITLE in entry.summary
    assert entry.changes["parameters"]["threshold"] == 5


def test_no_published_count_is_small_in_any_table(rw):
    """Whatever the noise drew: every persons count is hidden (None), zero, or at least the
    threshold; several releases, so several draws."""
    for threshold in (5, 8, 11):
        release = prepare(rw, threshold=threshold, year_to=2026)
        for table in release.tables:
            for value in persons(table):
                assert value is None or value == 0 or value >= threshold, (
                    table["id"],
                    threshold,
                    value,
                )
            # suppression recorded what it did
            assert table["meta"]["suppression"]["persons"]["rule"] == f"k = {threshold}"


def test_large_counts_survive_and_small_ones_are_hidden(rw, no_noise):
    release = prepare(rw)
    sexes = next(t for t in release.tables if t["id"] == "glotip_victims_sex")
    female = next(row for row in sexes["rows"] if row[1] == "female")
    assert female == [2025, "female", 33]  # exact: no noise here
    forms = next(t for t in release.tables if t["id"] == "glotip_victims_form")
    mixed = next(row for row in forms["rows"] if row[1] == "mixed")
    assert mixed[-1] is None  # v1: sexual exploitation and forced labour, one person
    assert hidden(release) >= 1


def test_the_published_tables_hold_only_the_persons_column(rw):
    release = prepare(rw)
    for table in release.tables:
        names = [c["name"] for c in table["columns"]]
        assert names[-1] == "persons"
        assert "records" not in names and "population" not in names, table["id"]
        assert all(row[names.index("year")] != "total" for row in table["rows"])


def test_prepare_records_the_budget_spent_per_dataset(rw):
    release = prepare(rw, epsilon_tables=0.3, epsilon_synthetic=0.7)
    spends = {(s.budget.dataset, s.what): s.epsilon for s in release.spends.all()}
    victims = {f"table {t}" for t, d in publication.PUBLISHED.items() if d == "victims"}
    assert {what for dataset, what in spends if dataset == "victims"} == {
        *victims,
        "synthetic microdata",
    }
    assert {what for dataset, what in spends if dataset == "suspects"} == {
        "table glotip_persons_sex"
    }
    for (_, what), epsilon in spends.items():
        asked = 0.7 if what == "synthetic microdata" else 0.3
        assert 0 < epsilon <= asked, (what, epsilon)
    assert set(PrivacyBudget.objects.values_list("dataset", flat=True)) == {
        "victims",
        "suspects",
    }
    assert BudgetSpend.objects.count() == len(spends) == 6


def test_the_synthetic_microdata_are_in_ctdc_2024_layout(rw):
    release = prepare(rw)
    assert release.synthetic.name.endswith(".csv")
    header, rows = synthetic_csv(release)
    assert header == list(CTDC_2024_COLUMNS)
    assert len(header) == 27
    assert len(rows) == release.synthetic_rows == 100
    assert all(len(row) == 27 for row in rows)
    years = {row[0] for row in rows}
    assert years <= {"2025", ""}


@pytest.mark.parametrize(("resolution", "length"), [(2, 2), (3, 1), (2, 3)])
def test_no_rare_combination_in_the_synthetic_microdata(rw, resolution, length):
    """Counted here, not by the code that enforced it: every combination of up to
    ``reporting_length`` values (missing ones included) occurs at least ``resolution``
    times."""
    release = prepare(rw, resolution=resolution, reporting_length=length)
    header, rows = synthetic_csv(release)
    assert rows
    for size in range(1, length + 1):
        for columns in itertools.combinations(range(len(header)), size):
            counts = Counter(tuple(row[c] for c in columns) for row in rows)
            rare = {k: n for k, n in counts.items() if n < resolution}
            assert not rare, ([header[c] for c in columns], rare)


def test_no_name_leaves_in_the_tables_or_the_synthetic_microdata(rw):
    release = prepare(rw, year_to=2026)
    with release.synthetic.open("rb") as f:
        synthetic = f.read().decode().lower()
    tables = json.dumps(release.tables).lower()
    published = f"{release.method}\n{json.dumps(release.utility)}".lower()
    for secret in SECRETS:
        assert secret.lower() not in synthetic, secret
        assert secret.lower() not in tables, secret
        assert secret.lower() not in published, secret


def test_too_few_records_for_the_resolution_make_no_synthetic_microdata(rw):
    release = prepare(rw, resolution=1000)
    assert not release.synthetic
    assert release.synthetic_rows == 0
    assert "synthetic" not in release.method
    whats = set(release.spends.values_list("what", flat=True))
    assert "synthetic microdata" not in whats
    assert len(whats) == len(publication.PUBLISHED)


def test_the_suspects_table_noise_covers_every_count_of_one_person(rw, monkeypatch):
    from tipsom.engine.privacy import dp

    report = compute_all(selectors.directory(rw["extract"]), Filters(2025, 2025))
    table = report.table("glotip_persons_sex")
    male = [r for r in table.records() if r["year"] == 2025 and r["sex"] == "male"]
    # s1, the world's only male suspect, counts twice in 2025: suspected and prosecuted.
    assert sum(r["persons"] for r in male) == 2
    seen: list[float] = []
    real = dp.noisy_vector

    def spy(counts, epsilon, sensitivity=1):
        seen.append(sensitivity)
        return real(counts, epsilon, sensitivity)

    monkeypatch.setattr(dp, "noisy_vector", spy)
    prepare(rw)
    at = list(publication.PUBLISHED).index("glotip_persons_sex")
    assert seen[at] >= 2


def test_the_province_table_rows_do_not_depend_on_the_data(rw):
    from tipsom.cases import services as cases
    from tipsom.insights import services as insights

    def provinces(release: Release) -> list[str]:
        table = next(t for t in release.tables if t["id"] == "sdg_16_2_2_province")
        return sorted({row[1] for row in table["rows"]})

    before = provinces(prepare(rw))
    case = cases.register_case(
        rw["a_caseworker"],
        rw["alpha"],
        {"first_name": "Relvictimgb", "sex": "female", "birth_year": 1999},
        "trafficking",
        "victim",
        opened_on=date(2025, 6, 1),
    )
    cases.add_address(rw["a_caseworker"], case.roles.get().person, {"province": "PK-GB"})
    insights.take_extract(rw["data_officer"])
    after = provinces(prepare(rw, title="One more victim"))
    assert after == before, "one person's province shows as a row of the published table"


def test_synthetic_microdata_that_come_out_empty_still_spend_their_budget(rw, monkeypatch):
    import dataclasses

    from tipsom.engine.privacy import synthesis

    real = synthesis.synthesize

    def nothing_left(*args, **kwargs):
        made = real(*args, **kwargs)  # the model measured the real records
        return dataclasses.replace(made, frame=made.frame.iloc[:0])

    monkeypatch.setattr(synthesis, "synthesize", nothing_left)
    release = prepare(rw)
    assert not release.synthetic
    spent = release.spends.filter(budget__dataset="victims", what="synthetic microdata")
    assert spent.exists()
    assert 0 < spent.get().epsilon <= 1.0


# --- the two-person rule ------------------------------------------------------------------


def test_the_preparer_can_neither_approve_nor_reject(rw):
    release = prepare(rw)
    for decide in (
        lambda: releases.approve_release(rw["data_officer"], release, "mine"),
        lambda: releases.reject_release(rw["data_officer"], release, "mine"),
    ):
        with pytest.raises(ValidationError) as refused:
            decide()
        assert "second person" in " ".join(refused.value.message_dict["status"])
    release.refresh_from_db()
    assert release.status == ReleaseStatus.PREPARED and release.decided_by is None


@pytest.mark.parametrize("who", ["data_officer_2", "secretariat"])
def test_another_data_officer_or_the_secretariat_approves(rw, who):
    release = prepare(rw)
    releases.approve_release(rw[who], release, "  checked the tables  ")
    release.refresh_from_db()
    assert release.status == ReleaseStatus.PUBLISHED
    assert release.decided_by == rw[who]
    assert release.decided_at is not None and release.decided_at >= release.prepared_at
    assert release.decision_note == "checked the tables"
    entry = AuditEntry.objects.filter(
        object_type="insights.release", object_id=str(release.pk), action=AuditAction.UPDATE
    ).get()
    assert entry.actor == rw[who]
    assert entry.changes["status"] == "published"


@pytest.mark.parametrize("who", ["data_officer_2", "secretariat"])
def test_another_person_rejects_with_a_reason(rw, who):
    release = prepare(rw)
    releases.reject_release(rw[who], release, "the period is not closed")
    release.refresh_from_db()
    assert release.status == ReleaseStatus.REJECTED
    assert release.decided_by == rw[who]
    assert release.decision_note == "the period is not closed"


def test_a_rejection_needs_a_reason(rw):
    release = prepare(rw)
    for reason in ("", "   "):
        with pytest.raises(ValidationError) as refused:
            releases.reject_release(rw["secretariat"], release, reason)
        assert "why" in " ".join(refused.value.message_dict["reason"])
    release.refresh_from_db()
    assert release.status == ReleaseStatus.PREPARED


def test_the_auditor_may_not_decide(rw):
    release = prepare(rw)
    with pytest.raises(PermissionDenied):
        releases.approve_release(rw["auditor"], release)
    with pytest.raises(PermissionDenied):
        releases.reject_release(rw["auditor"], release, "no")
    assert Release.objects.get(pk=release.pk).status == ReleaseStatus.PREPARED


@pytest.mark.parametrize("first", ["approve", "reject"])
def test_a_decided_release_cannot_be_decided_again(rw, first):
    release = prepare(rw)
    if first == "approve":
        releases.approve_release(rw["secretariat"], release)
    else:
        releases.reject_release(rw["secretariat"], release, "no")
    before = release.status
    for decide in (
        lambda: releases.approve_release(rw["data_officer_2"], release),
        lambda: releases.reject_release(rw["data_officer_2"], release, "no"),
    ):
        with pytest.raises(ValidationError) as refused:
            decide()
        assert f"already {before}" in " ".join(refused.value.message_dict["status"])
    release.refresh_from_db()
    assert release.status == before and release.decided_by == rw["secretariat"]


def test_a_stale_copy_of_a_decided_release_is_refused_as_already_decided(rw):
    release = prepare(rw)
    stale = Release.objects.get(pk=release.pk)
    releases.approve_release(rw["secretariat"], release)
    with pytest.raises(ValidationError):
        releases.reject_release(rw["data_officer_2"], stale, "no")


def test_a_stale_copy_of_a_decided_release_changes_nothing(rw):
    release = prepare(rw)
    stale = Release.objects.get(pk=release.pk)
    releases.approve_release(rw["secretariat"], release)
    entries = AuditEntry.objects.count()
    with pytest.raises((ValidationError, ValueError)):
        releases.reject_release(rw["data_officer_2"], stale, "no")
    release.refresh_from_db()
    assert release.status == ReleaseStatus.PUBLISHED
    assert release.decided_by == rw["secretariat"]
    assert AuditEntry.objects.count() == entries


@pytest.mark.parametrize("decided", ["published", "rejected"])
def test_a_decided_release_never_changes(rw, decided):
    release = publish(rw) if decided == "published" else reject(rw)
    release.refresh_from_db()
    for change in (
        {"title": "Changed"},
        {"notes": "changed"},
        {"tables": []},
        {"status": ReleaseStatus.PREPARED},
    ):
        copy = Release.objects.get(pk=release.pk)
        for name, value in change.items():
            setattr(copy, name, value)
        with pytest.raises(ValueError, match=f"is {decided}"):
            copy.save()
    assert Release.objects.get(pk=release.pk).title == TITLE
    assert Release.objects.get(pk=release.pk).status == decided


def test_a_prepared_release_may_still_be_saved(rw):
    release = prepare(rw)
    release.notes = "more notes"
    release.save()
    assert Release.objects.get(pk=release.pk).notes == "more notes"


def test_the_two_person_rule_on_the_page(client, rw):
    release = prepare(rw)
    detail = reverse("insights:release_detail", args=[release.pk])
    decide = reverse("insights:release_decide", args=[release.pk])

    factories.sign_in(client, rw["data_officer"])
    page = client.get(detail)
    assert page.status_code == 200
    assert 'data-testid="approve-release"' not in text(page)  # not for its preparer
    answer = client.post(decide, {"decision": "approve"}, follow=True)
    assert answer.redirect_chain[-1][0] == detail
    assert "second person" in text(answer)
    assert Release.objects.get(pk=release.pk).status == ReleaseStatus.PREPARED

    factories.sign_in(client, rw["secretariat"])
    assert 'data-testid="approve-release"' in text(client.get(detail))
    answer = client.post(decide, {"decision": "reject", "note": ""}, follow=True)
    assert "say why" in text(answer)
    assert Release.objects.get(pk=release.pk).status == ReleaseStatus.PREPARED
    answer = client.post(decide, {"decision": "maybe"}, follow=True)
    assert "choose approve or reject" in text(answer)
    answer = client.post(decide, {"decision": "approve", "note": "fine"}, follow=True)
    assert answer.status_code == 200
    assert "Approved and public" in text(answer)
    assert 'data-testid="approve-release"' not in text(answer)  # decided: no more buttons
    release.refresh_from_db()
    assert (release.status, release.decided_by) == (ReleaseStatus.PUBLISHED, rw["secretariat"])
    answer = client.post(decide, {"decision": "reject", "note": "too late"}, follow=True)
    assert "already published" in text(answer)
    assert Release.objects.get(pk=release.pk).status == ReleaseStatus.PUBLISHED


# --- the privacy budget -------------------------------------------------------------------

# Enough for one release (victims: 4 tables x 0.5 + synthetic 1.0 = 3.0), not for two.
ONE_RELEASE = 4.0


def test_a_release_over_the_budget_is_refused_and_nothing_is_stored(rw, settings):
    settings.TIPSOM_PRIVACY_EPSILON = ONE_RELEASE
    first = prepare(rw)
    assert PrivacyBudget.objects.get(dataset="victims").epsilon == ONE_RELEASE
    spends, entries = BudgetSpend.objects.count(), AuditEntry.objects.count()
    with pytest.raises(ValidationError) as refused:
        prepare(rw, title="One too many")
    said = " ".join(m for ms in refused.value.message_dict.values() for m in ms)
    assert "victims" in said and "budget" in said
    assert list(Release.objects.all()) == [first]
    assert BudgetSpend.objects.count() == spends
    assert AuditEntry.objects.count() == entries


def test_a_rejected_release_keeps_its_budget_spent(rw, settings):
    settings.TIPSOM_PRIVACY_EPSILON = ONE_RELEASE
    releases.reject_release(rw["secretariat"], prepare(rw), "wrong period")
    with pytest.raises(ValidationError):
        prepare(rw, title="Again")
    assert Release.objects.count() == 1


def test_a_cheaper_release_still_fits_the_budget(rw, settings):
    settings.TIPSOM_PRIVACY_EPSILON = ONE_RELEASE
    prepare(rw)
    # 3.0 spent of 4.0: four tables at 0.1 and synthetic data at 0.5 fit.
    second = prepare(rw, title="Small", epsilon_tables=0.1, epsilon_synthetic=0.5)
    spent = sum(s.epsilon for s in BudgetSpend.objects.filter(budget__dataset="victims"))
    assert spent <= ONE_RELEASE
    assert second.spends.count() == 6


def test_the_release_list_shows_the_budgets(client, rw, settings):
    settings.TIPSOM_PRIVACY_EPSILON = ONE_RELEASE
    factories.sign_in(client, rw["data_officer"])
    assert "Nothing spent yet." in text(client.get(RELEASES))
    prepare(rw)
    page = text(client.get(RELEASES))
    budgets = page.split('data-testid="budgets"')[1].split("</table>")[0]
    for budget in selectors.budgets():
        assert f"<td>{budget['dataset']}</td><td>{budget['epsilon']}</td>" in budgets
        assert f"<td>{budget['spent']}</td>" in budgets
    assert {b["dataset"] for b in selectors.budgets()} == {"victims", "suspects"}
    assert 0 < selectors.budgets()[1]["spent"] <= 3.0  # victims


def test_a_release_over_the_budget_is_refused_on_the_page(client, rw, settings):
    settings.TIPSOM_PRIVACY_EPSILON = ONE_RELEASE
    prepare(rw)
    factories.sign_in(client, rw["data_officer"])
    answer = client.post(RELEASES, form(title="One too many"))
    assert answer.status_code == 400
    page = text(answer)
    assert "victims" in page and "budget exceeded" in page
    assert not Release.objects.filter(title="One too many").exists()


# --- bad input ----------------------------------------------------------------------------

# field, what is sent, what the service says, what the page says
BAD = [
    ("title", {"title": ""}, "give the release a title", "required"),
    ("year_from", {"year_from": "abc"}, "give four digits", "whole number"),
    ("year_to", {"year_to": "2024"}, "the last year comes before the first", None),
    ("threshold", {"threshold": 1}, "1 is outside 2–100", "greater than or equal to 2"),
    ("threshold", {"threshold": 500}, "500 is outside 2–100", None),
    ("epsilon_tables", {"epsilon_tables": 0}, "outside 0.01–5.0", "greater than or equal to 0.01"),
    ("epsilon_tables", {"epsilon_tables": "x"}, "give one from 0.01 to 5.0", "Enter a number"),
    ("epsilon_synthetic", {"epsilon_synthetic": 9}, "outside 0.01–5.0", None),
    ("reporting_length", {"reporting_length": 9}, "9 is outside 1–4", "less than or equal to 4"),
]


@pytest.mark.parametrize(
    ("field", "sent", "said"), [(f, s, m) for f, s, m, _ in BAD], ids=[str(b[1]) for b in BAD]
)
def test_a_bad_parameter_is_refused_by_the_service(rw, field, sent, said):
    with pytest.raises(ValidationError) as refused:
        prepare(rw, **sent)
    assert field in refused.value.message_dict
    assert said in " ".join(refused.value.message_dict[field])
    assert not Release.objects.exists()
    assert not BudgetSpend.objects.exists()


def test_clean_parameters_names_every_problem_at_once():
    with pytest.raises(ValidationError) as refused:
        releases.clean_parameters(
            {"year_from": "20x5", "year_to": "", "threshold": "1", "epsilon_tables": "x"}
        )
    assert set(refused.value.message_dict) == {
        "title",
        "year_from",
        "year_to",
        "threshold",
        "epsilon_tables",
    }


def test_clean_parameters_fills_the_defaults():
    found = releases.clean_parameters({"title": " T ", "year_from": "2025", "year_to": 2026})
    assert found == {
        **releases.DEFAULTS,
        "title": "T",
        "year_from": 2025,
        "year_to": 2026,
        "notes": "",
    }


@pytest.mark.parametrize(
    ("field", "sent", "said"),
    [(f, s, page or service) for f, s, service, page in BAD],
    ids=[str(b[1]) for b in BAD],
)
def test_a_bad_parameter_is_refused_on_the_page(client, rw, field, sent, said):
    factories.sign_in(client, rw["data_officer"])
    answer = client.post(RELEASES, form(**sent))
    assert answer.status_code == 400
    block = field_errors(text(answer), field)
    assert block.startswith(" invalid"), block[:200]
    assert 'role="alert"' in block and said in block, block
    assert not Release.objects.exists()


def test_a_release_without_an_extract_is_refused(client, w, settings):
    settings.TIPSOM_PRIVACY_EPSILON = 1000.0
    with pytest.raises(ValidationError) as refused:
        releases.prepare_release(w["data_officer"], parameters())
    assert refused.value.message_dict == {"extract": ["take a statistics extract first"]}
    factories.sign_in(client, w["data_officer"])
    answer = client.post(RELEASES, form())
    assert answer.status_code == 400
    assert "take a statistics extract first" in text(answer)
    assert not Release.objects.exists() and not PrivacyBudget.objects.exists()


# --- corrections --------------------------------------------------------------------------


def test_a_correction_names_the_release_it_corrects(client, rw):
    first = publish(rw)
    correction = releases.prepare_release(
        rw["data_officer"], parameters(title="Detected victims 2025, corrected"), corrects=first
    )
    assert Release.objects.get(pk=correction.pk).corrects == first
    assert list(first.corrections.all()) == [correction]
    releases.approve_release(rw["data_officer_2"], correction)
    index = text(client.get(PUBLIC))
    assert f"corrects release {first.pk}" in index
    assert f"This release corrects release {first.pk}." in text(client.get(release_url(correction)))
    assert Release.objects.get(pk=first.pk).status == ReleaseStatus.PUBLISHED  # unchanged


@pytest.mark.parametrize("state", ["prepared", "rejected"])
def test_only_a_published_release_can_be_corrected(rw, state):
    first = prepare(rw) if state == "prepared" else reject(rw)
    spends = BudgetSpend.objects.count()
    with pytest.raises(ValidationError) as refused:
        releases.prepare_release(rw["data_officer"], parameters(title="Fix"), corrects=first)
    assert "only a published release" in " ".join(refused.value.message_dict["corrects"])
    assert not Release.objects.filter(title="Fix").exists()
    assert BudgetSpend.objects.count() == spends


# --- the public page ----------------------------------------------------------------------


@pytest.fixture
def three(rw) -> dict[str, Release]:
    return {
        "published": publish(rw, title="Published release"),
        "prepared": prepare(rw, title="Prepared release"),
        "rejected": reject(rw, title="Rejected release"),
    }


def test_the_public_list_shows_only_published_releases(client, three):
    answer = client.get(PUBLIC)
    assert answer.status_code == 200
    listed = text(answer).split('data-testid="public-releases"')[1].split("</ul>")[0]
    assert "Published release" in listed
    assert release_url(three["published"]) in listed
    assert "Prepared release" not in listed and "Rejected release" not in listed
    assert release_url(three["prepared"]) not in text(answer)


def test_the_public_list_says_when_nothing_is_released(client, rw):
    prepare(rw)
    assert "Nothing has been released yet." in text(client.get(PUBLIC))


@pytest.mark.parametrize("who", [None, "data_officer", "secretariat", "auditor"])
@pytest.mark.parametrize("state", ["prepared", "rejected"])
def test_an_unpublished_release_is_not_public(client, rw, three, state, who):
    if who:
        factories.sign_in(client, rw[who])
    release = three[state]
    assert client.get(release_url(release)).status_code == 404
    for kind in KINDS:
        assert client.get(download(release, kind)).status_code == 404, kind
    assert release.title not in text(client.get(PUBLIC))


def test_unknown_releases_and_downloads_are_404(client, three):
    published = three["published"]
    assert client.get(reverse("public:release", args=[999999])).status_code == 404
    assert client.get(download(published, "pdf")).status_code == 404
    assert client.get(reverse("public:download", args=[999999, "csv"])).status_code == 404


def test_a_published_release_page(client, rw, no_noise):
    release = publish(rw)
    answer = client.get(release_url(release))
    assert answer.status_code == 200
    page = text(answer)
    assert f'<h1 data-testid="release-title">{TITLE}</h1>' in page
    for table_id in publication.PUBLISHED:
        assert f'data-table="{table_id}"' in page
    assert release.method in page
    assert NOTES in page
    assert 'data-testid="release-method"' in page
    cells = re.findall(r"<td>([^<]*)</td>", answer.content.decode())
    assert cells.count("&lt;5") == hidden(release) >= 1  # every hidden cell, and only those
    assert "None" not in cells
    for kind in KINDS:
        assert download(release, kind) in page
    assert "sign-out" not in page  # no session needed
    for secret in SECRETS:
        assert secret not in page


def test_the_csv_download(client, rw, no_noise):
    release = publish(rw)
    answer = client.get(download(release, "csv"))
    assert answer.status_code == 200
    assert answer["Content-Type"] == "application/zip"
    assert f'filename="release-{release.pk}.zip"' in answer["Content-Disposition"]
    archive = zipfile.ZipFile(io.BytesIO(answer.content))
    assert set(archive.namelist()) == {"README.txt", *(f"{t}.csv" for t in publication.PUBLISHED)}
    readme = archive.read("README.txt").decode()
    assert TITLE in readme and NOTES in readme and release.method in readme
    shown = 0
    for table in release.tables:
        rows = list(csv.reader(io.StringIO(archive.read(f"{table['id']}.csv").decode())))
        assert rows[0] == [c["name"] for c in table["columns"]]
        assert len(rows) - 1 == len(table["rows"])
        values = [row[-1] for row in rows[1:]]
        assert values == ["<5" if v is None else str(v) for v in persons(table)]
        shown += values.count("<5")
    assert shown == hidden(release) >= 1
    everything = b"".join(archive.read(n) for n in archive.namelist()).decode()
    for secret in SECRETS:
        assert secret not in everything


def test_the_xlsx_download(client, rw, no_noise):
    release = publish(rw)
    answer = client.get(download(release, "xlsx"))
    assert answer.status_code == 200
    assert answer["Content-Type"].endswith("spreadsheetml.sheet")
    book = load_workbook(io.BytesIO(answer.content))
    assert book.sheetnames == ["Notes", *publication.PUBLISHED]
    notes = [row[0] for row in book["Notes"].iter_rows(values_only=True)]
    assert notes[:3] == [TITLE, NOTES, release.method]
    shown = 0
    for table in release.tables:
        sheet = list(book[table["id"]].iter_rows(values_only=True))
        assert sheet[0][0] == table["title"]
        assert list(sheet[1]) == [c["title"] for c in table["columns"]]
        values = [row[len(table["columns"]) - 1] for row in sheet[2 : 2 + len(table["rows"])]]
        assert values == ["<5" if v is None else v for v in persons(table)]
        shown += values.count("<5")
    assert shown == hidden(release) >= 1


def test_the_synthetic_download(client, rw):
    release = publish(rw)
    answer = client.get(download(release, "synthetic"))
    assert answer.status_code == 200
    assert answer["Content-Type"] == "text/csv"
    disposition = answer["Content-Disposition"]
    assert f"release-{release.pk}-synthetic-ctdc-2024.csv" in disposition
    body = b"".join(answer.streaming_content).decode()
    lines = list(csv.reader(io.StringIO(body)))
    assert lines[0] == list(CTDC_2024_COLUMNS)
    assert len(lines) - 1 == release.synthetic_rows
    for secret in SECRETS:
        assert secret.lower() not in body.lower()


def test_a_release_without_synthetic_data_offers_none(client, rw):
    release = publish(rw, resolution=1000)
    page = text(client.get(release_url(release)))
    assert 'data-testid="public-synthetic"' not in page
    assert client.get(download(release, "synthetic")).status_code == 404
    assert client.get(download(release, "csv")).status_code == 200


def test_the_public_page_works_in_urdu(client, rw, settings):
    release = publish(rw)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "ur"
    for url in (PUBLIC, release_url(release)):
        answer = client.get(url)
        assert answer.status_code == 200
        assert '<html lang="ur" dir="rtl">' in text(answer)
        assert TITLE in text(answer)
    # ... and through the language switch, as a visitor would
    client.cookies.clear()
    switched = client.post(reverse("set_language"), {"language": "ur", "next": PUBLIC})
    assert switched.status_code == 302 and switched["Location"] == PUBLIC
    assert '<html lang="ur" dir="rtl">' in text(client.get(PUBLIC))


def urdu(message: str) -> str:
    with translation.override("ur"):
        return translation.gettext(message)


def test_the_public_page_titles_are_translated_to_urdu(client, rw, settings):
    release = publish(rw)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "ur"
    for url, message in (
        (PUBLIC, "Published statistics on trafficking in persons and smuggling of migrants"),
        (release_url(release), "Methods"),
        (release_url(release), "Tables (CSV)"),
    ):
        translated = urdu(message)
        assert translated != message, f"{message!r} has no Urdu translation"
        assert translated in text(client.get(url))


# --- who may do what ----------------------------------------------------------------------


@pytest.mark.parametrize("who", ["a_caseworker", "investigator"])
def test_case_and_investigation_staff_see_no_releases(client, rw, who):
    release = prepare(rw)
    factories.sign_in(client, rw[who])
    assert client.get(RELEASES).status_code == 403
    assert client.post(RELEASES, form()).status_code == 403
    assert client.get(reverse("insights:release_detail", args=[release.pk])).status_code == 404
    decide = reverse("insights:release_decide", args=[release.pk])
    assert client.post(decide, {"decision": "approve"}).status_code == 404
    assert Release.objects.get(pk=release.pk).status == ReleaseStatus.PREPARED
    assert Release.objects.count() == 1


def test_the_secretariat_sees_the_list_but_cannot_prepare(client, rw):
    prepare(rw)
    factories.sign_in(client, rw["secretariat"])
    answer = client.get(RELEASES)
    assert answer.status_code == 200
    assert TITLE in text(answer)
    assert 'data-testid="prepare-release"' not in text(answer)
    assert client.post(RELEASES, form(title="By the secretariat")).status_code == 403
    assert not Release.objects.filter(title="By the secretariat").exists()
    with pytest.raises(PermissionDenied):
        prepare(rw, who="secretariat")


def test_a_data_officer_sees_the_prepare_form_and_prepares(client, rw):
    factories.sign_in(client, rw["data_officer"])
    assert 'data-testid="prepare-release"' in text(client.get(RELEASES))
    answer = client.post(RELEASES, form())
    release = Release.objects.get()
    assert answer.status_code == 302
    assert answer["Location"] == reverse("insights:release_detail", args=[release.pk])
    assert release.prepared_by == rw["data_officer"]
    assert release.parameters["threshold"] == 5


def test_the_auditor_may_view_but_not_decide(client, rw):
    release = prepare(rw)
    factories.sign_in(client, rw["auditor"])
    listing = client.get(RELEASES)
    assert listing.status_code == 200 and TITLE in text(listing)
    assert 'data-testid="prepare-release"' not in text(listing)
    detail = client.get(reverse("insights:release_detail", args=[release.pk]))
    assert detail.status_code == 200
    assert 'data-testid="approve-release"' not in text(detail)
    assert not selectors.may_decide(rw["auditor"], release)
    decide = reverse("insights:release_decide", args=[release.pk])
    assert client.post(decide, {"decision": "approve"}).status_code == 403
    assert client.post(decide, {"decision": "reject", "note": "no"}).status_code == 403
    assert client.post(RELEASES, form()).status_code == 403
    assert Release.objects.get(pk=release.pk).status == ReleaseStatus.PREPARED


def test_may_decide(rw):
    release = prepare(rw)
    assert not selectors.may_decide(rw["data_officer"], release)  # its preparer
    assert selectors.may_decide(rw["data_officer_2"], release)
    assert selectors.may_decide(rw["secretariat"], release)
    assert not selectors.may_decide(rw["a_caseworker"], release)
    releases.approve_release(rw["secretariat"], release)
    assert not selectors.may_decide(rw["data_officer_2"], release)  # decided


def test_anonymous_visitors_are_sent_to_sign_in_for_the_internal_pages(client, rw):
    release = prepare(rw)
    for url in (
        RELEASES,
        reverse("insights:release_detail", args=[release.pk]),
    ):
        answer = client.get(url)
        assert answer.status_code == 302 and "/sign-in/" in answer["Location"]
    answer = client.post(reverse("insights:release_decide", args=[release.pk]), {})
    assert answer.status_code == 302 and "/sign-in/" in answer["Location"]
