"""Every API endpoint of criminal justice under the four permission conditions.

The world is `worlds.cases_world()` plus two agencies: the FIA circle (an investigator and a
prosecutor) with FIR ``fir`` (2026), linked to Alpha's case ``case_a``, and a police station
(its own investigator, ``police``) with FIR ``fir_other`` (2025). Each FIR has a suspect and a
charge; each agency has a watchlist entry, and each entry a hit (the suspect of its FIR, who
was created with a name like the entry's).

Permitted: the FIA investigator (the prosecutor for the verdict, a caseworker for the offence
list). No permission: Alpha's caseworker, who manages ``case_a`` yet may not see the
investigation file, the watchlist, the hits or the statistics; the FIA prosecutor for what
only investigators do; a user without roles for the offence list. Other organisation: the
police station's FIR, charge and hit. Watchlist entries are read network-wide, so they have
no "other organisation" row: another agency's entry is refused only for changes (a test
below).
"""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from tests import factories, worlds
from tests.permission_matrix import CONDITIONS, Endpoint, World, static, url
from tipsom.core.choices import Role
from tipsom.justice import services
from tipsom.justice.models import Charge, Fir, Suspect, WatchlistEntry, WatchlistHit


@pytest.fixture
def world(db) -> World:
    return justice_world()


def justice_world() -> World:
    w = worlds.cases_world()
    fia = factories.organisation("FIA Anti-Human Trafficking Circle Lahore")
    w["fia"] = fia
    w["investigator"] = factories.user((fia, Role.INVESTIGATOR), username="fia-investigator")
    w["prosecutor"] = factories.user((fia, Role.PROSECUTOR), username="fia-prosecutor")
    police = factories.organisation("Police Station Saddar")
    w["police_org"] = police
    w["police"] = factories.user((police, Role.INVESTIGATOR), username="police-investigator")
    # the NGO caseworker's case, which the FIR concerns
    w["fir"] = services.register_fir(
        w["investigator"],
        fia,
        {
            "number": "112/2026",
            "station": "AHTC Lahore",
            "registered_on": "2026-03-02",
            "offences": ["PTPA-3-WC", "PSMA-3"],
            "summary": "recruited with a false job offer in Dubai",
        },
    )
    w["fir"].cases.add(w["case_a"])
    w["fir_other"] = services.register_fir(
        w["police"],
        police,
        {
            "number": "7/2025",
            "station": "Saddar",
            "registered_on": "2025-06-01",
            "offences": ["PSMA-3"],
            "summary": "a boat to Greece",
        },
    )
    # each agency's wanted person, then a suspect of its FIR under that name: a hit each
    w["entry"] = services.add_to_watchlist(
        w["investigator"],
        fia,
        {"first_name": "Muhammad Imran", "family_name": "Qureshi", "reason": "smuggling ring"},
    )
    w["entry_other"] = services.add_to_watchlist(
        w["police"],
        police,
        {"first_name": "Rashid", "family_name": "Mehmood", "reason": "boat agent"},
    )
    w["suspect"] = services.add_suspect(
        w["investigator"],
        w["fir"],
        person_data={"first_name": "Mohd Imraan", "family_name": "Kureshi", "sex": "male"},
        roles=["Smuggler"],
    )
    w["suspect_other"] = services.add_suspect(
        w["police"],
        w["fir_other"],
        person_data={"first_name": "Rashid", "family_name": "Mehmood", "sex": "male"},
        roles=["Transporter"],
    )
    w["charge"] = services.charge(
        w["investigator"], w["suspect"], "PTPA-3-WC", "Sessions Court Lahore", "2026-04-01"
    )
    w["charge_other"] = services.charge(
        w["police"], w["suspect_other"], "PSMA-3", "Sessions Court Karachi", "2025-07-01"
    )
    w["hit"] = WatchlistHit.objects.get(entry=w["entry"])
    w["hit_other"] = WatchlistHit.objects.get(entry=w["entry_other"])
    assert w["hit"].person == w["suspect"].person
    assert w["hit_other"].person == w["suspect_other"].person
    assert WatchlistHit.objects.count() == 2
    return w


def offence(code: str):
    return lambda w: reverse("api:offence-detail", args=[code])


def verdict(fir: str, charge: str):
    return lambda w: reverse("api:fir-verdict", kwargs={"pk": w[fir].pk, "charge": w[charge].pk})


def api_id(key: str):
    return lambda w: f'"id":{w[key].pk},'


def fir_number(key: str):
    # FIRs nest suspects and charges, whose ids may equal another FIR's: mark by number
    return lambda w: f'"number":"{w[key].number}"'


def _fir(w: World) -> dict:
    return {
        "organisation": w["fia"].pk,
        "number": "113/2026",
        "station": "AHTC Lahore",
        "registered_on": "2026-03-03",
        "offences": ["PTPA-3"],
    }


def _suspect(w: World) -> dict:
    return {"first_name": "Bilal", "family_name": "Shah", "roles": ["Transporter"]}


def _charge(w: World) -> dict:
    return {
        "suspect": w["suspect"].pk,
        "offence": "PSMA-3",
        "court": "Sessions Court Lahore",
        "filed_on": "2026-04-02",
    }


def _verdict(w: World) -> dict:
    return {
        "version": 1,
        "outcome": "convicted",
        "decided_on": "2026-10-01",
        "imprisonment_months": 48,
    }


def _entry(w: World) -> dict:
    return {"organisation": w["fia"].pk, "first_name": "Shahid", "family_name": "Butt"}


E = Endpoint
ENDPOINTS = [
    # --- the offence list: every role's reference ---
    E(
        "api:offence-list",
        static("api:offence-list"),
        "a_caseworker",
        "nobody",
        api=True,
        own_marker=lambda w: '"code":"PTPA-3-WC"',
    ),
    E(
        "api:offence-detail",
        offence("PTPA-3-WC"),
        "a_caseworker",
        "nobody",
        api=True,
        own_marker=lambda w: '"max_months":120',
    ),
    # --- FIRs: the investigation file ---
    E(
        "api:fir-list",
        static("api:fir-list"),
        "investigator",
        "a_caseworker",
        api=True,
        own_marker=fir_number("fir"),
        other_marker=fir_number("fir_other"),
    ),
    E(
        "api:fir-list prosecutor",
        static("api:fir-list"),
        "prosecutor",
        "a_caseworker",
        api=True,
        own_marker=fir_number("fir"),
        other_marker=fir_number("fir_other"),
    ),
    E(
        "api:fir-list POST",
        static("api:fir-list"),
        "investigator",
        "a_caseworker",
        method="post",
        api=True,
        data=_fir,
        ok=(201,),
    ),
    E(
        "api:fir-list POST prosecutor",  # prosecutors change FIRs, never register them
        static("api:fir-list"),
        "investigator",
        "prosecutor",
        method="post",
        api=True,
        data=_fir,
        ok=(201,),
    ),
    E(
        "api:fir-detail",
        url("api:fir-detail", "fir"),
        "investigator",
        "a_caseworker",
        other_url=url("api:fir-detail", "fir_other"),
        api=True,
        own_marker=lambda w: '"name":"Mohd Imraan Kureshi"',
    ),
    E(
        "api:fir-detail prosecutor",
        url("api:fir-detail", "fir"),
        "prosecutor",
        "b_caseworker",
        other_url=url("api:fir-detail", "fir_other"),
        api=True,
        own_marker=lambda w: '"offence":"PTPA-3-WC"',
    ),
    E(
        "api:fir-suspects",
        url("api:fir-suspects", "fir"),
        "investigator",
        "a_caseworker",
        other_url=url("api:fir-suspects", "fir_other"),
        method="post",
        api=True,
        data=_suspect,
        ok=(201,),
    ),
    E(
        "api:fir-suspects prosecutor",  # prosecutors hold no grant on persons
        url("api:fir-suspects", "fir"),
        "investigator",
        "prosecutor",
        other_url=url("api:fir-suspects", "fir_other"),
        method="post",
        api=True,
        data=_suspect,
        ok=(201,),
    ),
    E(
        "api:fir-charges",
        url("api:fir-charges", "fir"),
        "investigator",
        "a_caseworker",
        other_url=url("api:fir-charges", "fir_other"),
        method="post",
        api=True,
        data=_charge,
        ok=(201,),
    ),
    E(
        "api:fir-charges prosecutor",
        url("api:fir-charges", "fir"),
        "prosecutor",
        "b_caseworker",
        other_url=url("api:fir-charges", "fir_other"),
        method="post",
        api=True,
        data=_charge,
        ok=(201,),
    ),
    E(
        "api:fir-verdict",
        verdict("fir", "charge"),
        "prosecutor",
        "a_caseworker",
        other_url=verdict("fir_other", "charge_other"),
        method="post",
        api=True,
        data=_verdict,
    ),
    E(
        "api:fir-verdict investigator",
        verdict("fir", "charge"),
        "investigator",
        "b_caseworker",
        other_url=verdict("fir_other", "charge_other"),
        method="post",
        api=True,
        data=_verdict,
    ),
    E(
        "api:fir-statistics",
        static("api:fir-statistics"),
        "investigator",
        "a_caseworker",
        api=True,
        # the FIA's FIR and charge are of 2026, the police station's of 2025
        own_marker=lambda w: '"year":2026',
        other_marker=lambda w: '"year":2025',
    ),
    E(
        "api:fir-statistics prosecutor",
        static("api:fir-statistics"),
        "prosecutor",
        "a_supervisor",
        api=True,
        own_marker=lambda w: '"year":2026',
        other_marker=lambda w: '"year":2025',
    ),
    # --- the watchlist: read network-wide by law enforcement, kept by each agency ---
    E(
        "api:watchlist-list",
        static("api:watchlist-list"),
        "investigator",
        "a_caseworker",
        api=True,
        own_marker=api_id("entry"),
    ),
    E(
        "api:watchlist-list prosecutor",
        static("api:watchlist-list"),
        "prosecutor",
        "a_supervisor",
        api=True,
        own_marker=api_id("entry_other"),  # network-wide: the police station's entry too
    ),
    E(
        "api:watchlist-detail",
        url("api:watchlist-detail", "entry"),
        "investigator",
        "a_caseworker",
        api=True,
        own_marker=lambda w: '"first_name":"Muhammad Imran"',
    ),
    E(
        "api:watchlist-list POST",
        static("api:watchlist-list"),
        "investigator",
        "a_caseworker",
        method="post",
        api=True,
        data=_entry,
        ok=(201,),
    ),
    E(
        "api:watchlist-list POST prosecutor",  # prosecutors read the list, never add to it
        static("api:watchlist-list"),
        "investigator",
        "prosecutor",
        method="post",
        api=True,
        data=_entry,
        ok=(201,),
    ),
    # --- hits: the listing agency's investigators only ---
    E(
        "api:watchlisthit-list",
        static("api:watchlisthit-list"),
        "investigator",
        "a_caseworker",
        api=True,
        own_marker=api_id("hit"),
        other_marker=api_id("hit_other"),
    ),
    E(
        "api:watchlisthit-list prosecutor",
        static("api:watchlisthit-list"),
        "investigator",
        "prosecutor",
        api=True,
        own_marker=api_id("hit"),
        other_marker=api_id("hit_other"),
    ),
    E(
        "api:watchlisthit-detail",
        url("api:watchlisthit-detail", "hit"),
        "investigator",
        "a_caseworker",
        other_url=url("api:watchlisthit-detail", "hit_other"),
        api=True,
        own_marker=lambda w: f'"entry":{w["entry"].pk},',
    ),
    E(
        "api:watchlisthit-decide",
        url("api:watchlisthit-decide", "hit"),
        "investigator",
        "prosecutor",
        other_url=url("api:watchlisthit-decide", "hit_other"),
        method="post",
        api=True,
        data=lambda w: {"status": "dismissed"},
    ),
    E(
        "api:watchlisthit-decide caseworker",
        url("api:watchlisthit-decide", "hit"),
        "investigator",
        "a_caseworker",
        other_url=url("api:watchlisthit-decide", "hit_other"),
        method="post",
        api=True,
        data=lambda w: {"status": "confirmed"},
    ),
]


@pytest.mark.parametrize("condition", list(CONDITIONS))
@pytest.mark.parametrize("endpoint", ENDPOINTS, ids=str)
def test_endpoint(client, world, endpoint, condition):
    CONDITIONS[condition](client, endpoint, world)


# --- what the status codes above do not show ----------------------------------------------


def _get(client: Any, name: str, *args: Any) -> Any:
    return client.get(reverse(name, args=args))


def _post(client: Any, target: str, data: dict) -> Any:
    return client.post(target, data, content_type="application/json")


def _state() -> tuple:
    """Everything the justice API writes."""
    return (
        sorted(Fir.objects.values_list("pk", "version", "status")),
        sorted(Suspect.objects.values_list("pk", "fir")),
        sorted(Charge.objects.values_list("pk", "version", "outcome", "imprisonment_months")),
        sorted(WatchlistEntry.objects.values_list("pk", "organisation")),
        sorted(WatchlistHit.objects.values_list("pk", "status")),
    )


def test_an_ngo_caseworker_managing_the_linked_case_is_denied_the_investigation_file(client, world):
    """Alpha's caseworker manages case_a, and the FIA's FIR concerns it: she still never sees
    the file (404 on the FIR, an empty list), nor the statistics (403), the watchlist or the
    hits (empty, 404)."""
    caseworker = world["a_caseworker"]
    assert world["fir"].cases.get() == world["case_a"]
    factories.sign_in(client, caseworker)
    # her own case, which the FIR concerns, she does see
    assert _get(client, "api:case-detail", world["case_a"].pk).status_code == 200
    # the file itself, not
    assert _get(client, "api:fir-detail", world["fir"].pk).status_code == 404
    listed = _get(client, "api:fir-list")
    assert listed.status_code == 200 and listed.json()["results"] == []
    assert _get(client, "api:fir-statistics").status_code == 403
    listed = _get(client, "api:watchlist-list")
    assert listed.status_code == 200 and listed.json()["results"] == []
    assert _get(client, "api:watchlist-detail", world["entry"].pk).status_code == 404
    listed = _get(client, "api:watchlisthit-list")
    assert listed.status_code == 200 and listed.json()["results"] == []
    listed = client.get(reverse("api:watchlisthit-list"), {"status": ""})  # every status
    assert listed.json()["results"] == []
    assert _get(client, "api:watchlisthit-detail", world["hit"].pk).status_code == 404
    # nor may she write to it
    before = _state()
    fir = world["fir"].pk
    for target, data, refused in (
        (reverse("api:fir-suspects", args=[fir]), _suspect(world), 404),
        (reverse("api:fir-charges", args=[fir]), _charge(world), 404),
        (verdict("fir", "charge")(world), _verdict(world), 404),
        (reverse("api:fir-list"), {**_fir(world), "organisation": world["org_a"].pk}, 403),
        (reverse("api:watchlist-list"), _entry(world), 403),
        (reverse("api:watchlisthit-decide", args=[world["hit"].pk]), {"status": "dismissed"}, 404),
    ):
        assert _post(client, target, data).status_code == refused, target
    assert _state() == before
    body = _get(client, "api:fir-list").content.decode()
    assert world["fir"].number not in body and "Kureshi" not in body


def test_the_permitted_actions_take_effect(client, world):
    factories.sign_in(client, world["investigator"])
    response = _post(client, reverse("api:fir-list"), _fir(world))
    assert response.status_code == 201, response.content
    created = Fir.objects.get(number="113/2026")
    assert created.organisation == world["fia"] and created.created_by == world["investigator"]
    assert response.json()["offences"] == ["PTPA-3"]
    response = _post(client, reverse("api:fir-suspects", args=[world["fir"].pk]), _suspect(world))
    assert response.json()["name"] == "Bilal Shah" and response.json()["roles"] == ["Transporter"]
    assert Suspect.objects.filter(fir=world["fir"]).count() == 2
    response = _post(client, reverse("api:fir-charges", args=[world["fir"].pk]), _charge(world))
    assert Charge.objects.get(pk=response.json()["id"]).suspect == world["suspect"]
    response = _post(client, reverse("api:watchlist-list"), _entry(world))
    assert WatchlistEntry.objects.get(pk=response.json()["id"]).organisation == world["fia"]
    response = _post(
        client, reverse("api:watchlisthit-decide", args=[world["hit"].pk]), {"status": "confirmed"}
    )
    hit = WatchlistHit.objects.get(pk=world["hit"].pk)
    assert (hit.status, hit.decided_by) == ("confirmed", world["investigator"])
    factories.sign_in(client, world["prosecutor"])
    response = _post(client, verdict("fir", "charge")(world), _verdict(world))
    charge = Charge.objects.get(pk=world["charge"].pk)
    assert (charge.outcome, charge.imprisonment_months, charge.version) == ("convicted", 48, 2)


def test_refused_writes_change_nothing(client, world):
    """Another agency's FIR, charge and hit; another agency named as the owner of a new FIR
    or watchlist entry; a charge of another FIR reached through one's own."""
    before = _state()
    factories.sign_in(client, world["investigator"])
    for target, data, refused in (
        (reverse("api:fir-list"), {**_fir(world), "organisation": world["police_org"].pk}, 403),
        (
            reverse("api:watchlist-list"),
            {**_entry(world), "organisation": world["police_org"].pk},
            403,
        ),
        (reverse("api:fir-suspects", args=[world["fir_other"].pk]), _suspect(world), 404),
        (reverse("api:fir-charges", args=[world["fir_other"].pk]), _charge(world), 404),
        (verdict("fir_other", "charge_other")(world), _verdict(world), 404),
        # one's own FIR, another agency's charge (or suspect) in the body or the path
        (verdict("fir", "charge_other")(world), _verdict(world), 404),
        (
            reverse("api:fir-charges", args=[world["fir"].pk]),
            {**_charge(world), "suspect": world["suspect_other"].pk},
            404,
        ),
        (
            reverse("api:watchlisthit-decide", args=[world["hit_other"].pk]),
            {"status": "dismissed"},
            404,
        ),
    ):
        assert _post(client, target, data).status_code == refused, target
    for who in ("a_caseworker", "a_supervisor", "a_orgadmin", "secretariat", "auditor", "nobody"):
        factories.sign_in(client, world[who])
        assert _post(client, reverse("api:fir-list"), _fir(world)).status_code == 403, who
        assert _post(client, verdict("fir", "charge")(world), _verdict(world)).status_code == 404
        assert _post(client, reverse("api:watchlist-list"), _entry(world)).status_code == 403, who
    assert _state() == before


def test_the_watchlist_is_read_network_wide_and_hits_stay_with_the_listing_agency(client, world):
    factories.sign_in(client, world["investigator"])
    listed = {e["id"] for e in _get(client, "api:watchlist-list").json()["results"]}
    assert listed == {world["entry"].pk, world["entry_other"].pk}
    assert _get(client, "api:watchlist-detail", world["entry_other"].pk).status_code == 200
    hits = [h["id"] for h in _get(client, "api:watchlisthit-list").json()["results"]]
    assert hits == [world["hit"].pk]
    factories.sign_in(client, world["police"])
    hits = [h["id"] for h in _get(client, "api:watchlisthit-list").json()["results"]]
    assert hits == [world["hit_other"].pk]
    firs = [f["id"] for f in _get(client, "api:fir-list").json()["results"]]
    assert firs == [world["fir_other"].pk]


def test_statistics_for_every_role_the_matrix_names_and_no_other(client, world):
    data_officer = factories.user((world["org_a"], Role.DATA_OFFICER), username="alpha-data")

    def years(user: Any) -> set[int]:
        factories.sign_in(client, user)
        response = _get(client, "api:fir-statistics")
        assert response.status_code == 200, user
        return {row["year"] for row in response.json()}

    # an agency's own staff see their FIRs' figures; data officers and the secretariat the
    # network's
    assert years(world["investigator"]) == {2026}
    assert years(world["prosecutor"]) == {2026}
    assert years(world["police"]) == {2025}
    assert years(data_officer) == {2025, 2026}
    assert years(world["secretariat"]) == {2025, 2026}
    for who in ("a_caseworker", "a_supervisor", "a_orgadmin", "auditor", "nobody"):
        factories.sign_in(client, world[who])
        assert _get(client, "api:fir-statistics").status_code == 403, who
    # figures, no names
    factories.sign_in(client, world["secretariat"])
    body = _get(client, "api:fir-statistics").content.decode()
    assert "Kureshi" not in body and "Mehmood" not in body
