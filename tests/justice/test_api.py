"""The criminal-justice REST API: bad input answered with 400 (or 409) naming the field and
what is allowed, a sentence outside the legal range kept with its warnings, and the path an
investigation takes: an FIR, its suspects (one of them a respelt wanted person, which raises a
watchlist hit), a charge, a conviction, and the statistics that count it."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from tests import factories
from tipsom.core.choices import Role
from tipsom.justice import choices as c
from tipsom.justice import services
from tipsom.justice.models import Charge, Fir, Suspect, WatchlistHit


@pytest.fixture
def w(db) -> dict[str, Any]:
    fia = factories.organisation("FIA Anti-Human Trafficking Circle Lahore")
    w: dict[str, Any] = {"fia": fia}
    w["investigator"] = factories.user((fia, Role.INVESTIGATOR), username="fia-investigator")
    w["prosecutor"] = factories.user((fia, Role.PROSECUTOR), username="fia-prosecutor")
    w["fir"] = services.register_fir(
        w["investigator"],
        fia,
        {
            "number": "112/2026",
            "station": "AHTC Lahore",
            "registered_on": "2026-03-02",
            "offences": ["PTPA-3-WC", "PSMA-3"],
        },
    )
    w["suspect"] = services.add_suspect(
        w["investigator"], w["fir"], person_data={"first_name": "Tariq", "family_name": "Mehmood"}
    )
    w["charge"] = services.charge(
        w["investigator"], w["suspect"], "PSMA-3", "Sessions Court Lahore", "2026-04-01"
    )
    return w


@pytest.fixture
def api(client, w):
    """The test client, signed in as the FIA's investigator."""
    return factories.sign_in(client, w["investigator"])


def post(client: Any, url: str, data: dict) -> tuple[int, Any]:
    response = client.post(url, data, content_type="application/json")
    return response.status_code, response.json()


def get(client: Any, url: str, params: dict | None = None) -> tuple[int, Any]:
    response = client.get(url, params or {})
    return response.status_code, response.json()


def message(body: Any, field: str) -> str:
    """All messages for ``field`` as one string."""
    value = body[field]
    return " ".join(map(str, value)) if isinstance(value, list) else str(value)


def fir_url(w: dict, action: str = "detail", fir: str = "fir") -> str:
    return reverse(f"api:fir-{action}", args=[w[fir].pk])


def verdict_url(fir: Fir, charge: Any) -> str:
    return reverse("api:fir-verdict", kwargs={"pk": fir.pk, "charge": charge.pk})


def a_fir(w: dict, **fields: Any) -> dict:
    return {
        "organisation": w["fia"].pk,
        "number": "113/2026",
        "station": "AHTC Lahore",
        "registered_on": "2026-03-03",
        "offences": ["PTPA-3"],
        **fields,
    }


VALID_CODES = ("PTPA-3", "PTPA-3-WC", "PTPA-4", "PSMA-3", "PSMA-AGG", "EO-1979", "PA-1974")


# --- bad input ------------------------------------------------------------------------------


def test_an_fir_with_an_unknown_offence_code_is_refused_with_the_valid_codes(api, w):
    status, body = post(api, reverse("api:fir-list"), a_fir(w, offences=["PTPA-3", "PTPA-99"]))
    assert status == 400, body
    said = message(body, "offences")
    assert "'PTPA-99'" in said and "valid codes" in said
    assert all(code in said for code in VALID_CODES), said
    assert not Fir.objects.filter(number="113/2026").exists()


def test_a_charge_with_an_unknown_offence_code_is_refused_with_the_valid_codes(api, w):
    status, body = post(
        api,
        fir_url(w, "charges"),
        {
            "suspect": w["suspect"].pk,
            "offence": "PPC-420",
            "court": "Sessions Court Lahore",
            "filed_on": "2026-04-02",
        },
    )
    assert status == 400, body
    said = message(body, "offence")
    assert "'PPC-420'" in said and all(code in said for code in VALID_CODES), said
    assert Charge.objects.filter(suspect=w["suspect"]).count() == 1


def test_a_sentence_outside_the_legal_range_is_kept_with_warnings(client, w):
    factories.sign_in(client, w["prosecutor"])
    status, body = post(
        client,
        verdict_url(w["fir"], w["charge"]),
        {
            "version": 1,
            "outcome": "convicted",
            "decided_on": "2026-10-01",
            "imprisonment_months": 96,
        },
    )
    assert status == 200, body
    assert (body["outcome"], body["imprisonment_months"], body["version"]) == ("convicted", 96, 2)
    (warning,) = body["sentence_warnings"]
    # the months given, the offence and its legal maximum (PSMA-3: 5 years)
    assert "96 months" in warning and "PSMA-3" in warning and "(60 months)" in warning, warning
    kept = Charge.objects.get(pk=w["charge"].pk)
    assert (kept.imprisonment_months, kept.sentence_warnings) == (96, [warning])


def test_a_conviction_without_a_sentence_is_refused(api, w):
    for sentence in ({}, {"imprisonment_months": None, "fine_pkr": None}, {"fine_pkr": 0}):
        status, body = post(
            api,
            verdict_url(w["fir"], w["charge"]),
            {"version": 1, "outcome": "convicted", "decided_on": "2026-10-01", **sentence},
        )
        assert status == 400, body
        assert "needs its sentence" in message(body, "imprisonment_months"), body
    assert Charge.objects.get(pk=w["charge"].pk).outcome == c.Outcome.PENDING


@pytest.mark.parametrize(
    ("target", "data", "field"),
    [
        ("fir-list", lambda w: a_fir(w, priority="high"), "priority"),
        ("fir-suspects", lambda w: {"first_name": "Bilal", "nickname": "Billu"}, "nickname"),
        (
            "fir-charges",
            lambda w: {
                "suspect": w["suspect"].pk,
                "offence": "PSMA-3",
                "court": "Court",
                "filed_on": "2026-04-02",
                "sentence": 12,
            },
            "sentence",
        ),
        (
            "fir-verdict",
            lambda w: {"version": 1, "outcome": "acquitted", "decided_on": "2026-10-01", "x": 1},
            "x",
        ),
        ("watchlist-list", lambda w: {"organisation": w["fia"].pk, "cnic": "1"}, "cnic"),
        ("watchlisthit-decide", lambda w: {"status": "confirmed", "note": "him"}, "note"),
    ],
)
def test_an_unknown_field_is_refused_by_name(api, w, target, data, field):
    services.add_to_watchlist(
        w["investigator"], w["fia"], {"first_name": "Tariq", "family_name": "Mehmood"}
    )
    # the suspect was created before the entry: a person of the same name raises the hit
    services.add_suspect(
        w["investigator"], w["fir"], person_data={"first_name": "Tariq", "family_name": "Mehmud"}
    )
    hit = WatchlistHit.objects.get()
    url = {
        "fir-list": reverse("api:fir-list"),
        "fir-suspects": fir_url(w, "suspects"),
        "fir-charges": fir_url(w, "charges"),
        "fir-verdict": verdict_url(w["fir"], w["charge"]),
        "watchlist-list": reverse("api:watchlist-list"),
        "watchlisthit-decide": reverse("api:watchlisthit-decide", args=[hit.pk]),
    }[target]
    before = (Fir.objects.count(), Suspect.objects.count(), Charge.objects.count())
    status, body = post(api, url, data(w))
    assert status == 400, body
    assert list(body) == [field], body
    assert "unknown field; allowed:" in message(body, field)
    assert (Fir.objects.count(), Suspect.objects.count(), Charge.objects.count()) == before
    assert Charge.objects.get(pk=w["charge"].pk).outcome == c.Outcome.PENDING
    assert WatchlistHit.objects.get().status == c.HitStatus.OPEN


def test_a_wrong_role_in_the_process_is_refused_with_the_allowed_values(api, w):
    status, body = post(
        api,
        fir_url(w, "suspects"),
        {"first_name": "Bilal", "family_name": "Shah", "roles": ["Smuggler", "Boss"]},
    )
    assert status == 400, body
    said = message(body, "roles")
    assert "'Boss'" in said and "'Smuggler'" not in said
    assert all(role in said for role in c.RoleInProcess.values), said
    assert Suspect.objects.filter(fir=w["fir"]).count() == 1


def test_a_stale_version_on_the_verdict_is_a_conflict(client, w):
    factories.sign_in(client, w["prosecutor"])
    url = verdict_url(w["fir"], w["charge"])
    acquitted = {"version": 1, "outcome": "acquitted", "decided_on": "2026-10-01"}
    status, body = post(client, url, acquitted)
    assert (status, body["version"]) == (200, 2)
    # another user, still holding version 1, records a conviction
    factories.sign_in(client, w["investigator"])
    status, body = post(
        client,
        url,
        {"version": 1, "outcome": "convicted", "decided_on": "2026-10-01", "fine_pkr": 100_000},
    )
    assert status == 409, body
    assert body["current_version"] == 2 and "outcome" in body["changed_fields"]
    assert "changed by someone else" in message(body, "version")
    kept = Charge.objects.get(pk=w["charge"].pk)
    assert (kept.outcome, kept.fine_pkr, kept.version) == ("acquitted", None, 2)


# --- what the API gets wrong (src bugs, reported) ------------------------------------------


def test_a_decided_hit_is_still_shown_by_its_id(api, w):
    services.add_to_watchlist(
        w["investigator"], w["fia"], {"first_name": "Tariq", "family_name": "Mehmood"}
    )
    services.add_suspect(
        w["investigator"], w["fir"], person_data={"first_name": "Tariq", "family_name": "Mehmud"}
    )
    hit = WatchlistHit.objects.get()
    url = reverse("api:watchlisthit-detail", args=[hit.pk])
    assert get(api, url)[0] == 200
    status, decided = post(
        api, reverse("api:watchlisthit-decide", args=[hit.pk]), {"status": "dismissed"}
    )
    assert (status, decided["status"]) == (200, "dismissed")
    status, shown = get(api, url)
    assert (status, shown.get("status")) == (200, "dismissed")


def test_a_watchlist_entry_with_an_implausible_birth_year_is_refused(api, w):
    for year in (2999, 1066):
        status, body = post(
            api,
            reverse("api:watchlist-list"),
            {"organisation": w["fia"].pk, "first_name": "Shahid", "birth_year": year},
        )
        assert status == 400, (year, body)
        assert "plausible birth year" in message(body, "birth_year")


# --- the path an investigation takes --------------------------------------------------------


def test_an_investigation_from_fir_to_conviction(client, w):
    factories.sign_in(client, w["investigator"])
    status, entry = post(
        client,
        reverse("api:watchlist-list"),
        {
            "organisation": w["fia"].pk,
            "first_name": "Muhammad Imran",
            "family_name": "Qureshi",
            "reason": "smuggling ring, Gujrat to Libya",
        },
    )
    assert status == 201, entry
    status, fir = post(
        client,
        reverse("api:fir-list"),
        {
            "organisation": w["fia"].pk,
            "number": "120/2026",
            "station": "AHTC Lahore",
            "registered_on": "2026-05-04",
            "offences": ["PTPA-3", "PSMA-3"],
            "summary": "a ring sending men to Libya",
        },
    )
    assert status == 201, fir
    assert (fir["organisation"], set(fir["offences"]), fir["status"]) == (
        w["fia"].pk,
        {"PTPA-3", "PSMA-3"},
        "registered",
    )
    suspects_url = reverse("api:fir-suspects", args=[fir["id"]])
    status, wanted = post(
        client,
        suspects_url,
        {
            "first_name": "Mohd Imraan",
            "family_name": "Kureshi",
            "sex": "male",
            "roles": ["Smuggler", "RecruiterOrIntermediary"],
            "network": "Gujrat travel ring",
            "arrested_on": "2026-05-06",
        },
    )
    assert status == 201, wanted
    assert wanted["name"] == "Mohd Imraan Kureshi"
    status, other = post(
        client, suspects_url, {"first_name": "Bilal", "family_name": "Shah", "sex": "male"}
    )
    assert status == 201, other
    # the respelt wanted person raised a hit for the FIA's investigators; the other, none
    status, hits = get(client, reverse("api:watchlisthit-list"))
    assert status == 200
    (hit,) = hits["results"]
    assert (hit["entry"], hit["person"], hit["status"]) == (entry["id"], wanted["person"], "open")
    assert "names alike by sound" in hit["reasons"]
    assert not WatchlistHit.objects.filter(person_id=other["person"]).exists()
    status, charged = post(
        client,
        reverse("api:fir-charges", args=[fir["id"]]),
        {
            "suspect": wanted["id"],
            "offence": "PTPA-3",
            "court": "Sessions Court Lahore",
            "filed_on": "2026-06-01",
        },
    )
    assert status == 201, charged
    assert (charged["offence"], charged["outcome"], charged["version"]) == ("PTPA-3", "pending", 1)
    factories.sign_in(client, w["prosecutor"])
    status, decided = post(
        client,
        reverse("api:fir-verdict", kwargs={"pk": fir["id"], "charge": charged["id"]}),
        {
            "version": charged["version"],
            "outcome": "convicted",
            "decided_on": "2026-11-20",
            "imprisonment_months": 60,
            "fine_pkr": 500_000,
        },
    )
    assert status == 200, decided
    assert decided["sentence_warnings"] == []  # PTPA-3: up to 84 months, PKR 1 million
    status, shown = get(client, reverse("api:fir-detail", args=[fir["id"]]))
    assert status == 200
    by_name = {s["name"]: s for s in shown["suspects"]}
    assert set(by_name) == {"Mohd Imraan Kureshi", "Bilal Shah"}
    (on_file,) = by_name["Mohd Imraan Kureshi"]["charges"]
    assert (on_file["outcome"], on_file["imprisonment_months"]) == ("convicted", 60)
    assert by_name["Bilal Shah"]["charges"] == []
    status, rows = get(client, reverse("api:fir-statistics"))
    assert status == 200

    def persons(stage: str, year: int = 2026) -> int:
        return sum(r["persons"] for r in rows if (r["stage"], r["year"]) == (stage, year))

    # one person convicted, of trafficking, in 2026 (the fixture's suspect is not)
    assert persons("convicted") == 1
    (convicted,) = [r for r in rows if r["stage"] == "convicted"]
    assert (convicted["offence"], convicted["sex"], convicted["persons"]) == (
        "trafficking",
        "male",
        1,
    )
    assert persons("prosecuted") == 2  # the fixture's Tariq Mehmood and Mohd Imraan Kureshi
    assert "Kureshi" not in str(rows)
