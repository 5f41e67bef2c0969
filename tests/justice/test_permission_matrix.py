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

The pages (``justice:*``) follow the same pattern: permitted the FIA investigator (the
prosecutor for the verdict), no permission Alpha's caseworker (403 on the sections, 404 on a
row), other organisation the police station's FIR, charge and hit (404) or, for the lists,
its FIR number and wanted person, which never show. A page's POST redirects (302) whether
the service took the write or told the user why not, so a test below also checks that each
permitted POST took effect.

Sharing: the FIA shares ``fir`` with Police Station Gulberg to read (its investigator,
``gulberg``) and with a prosecution department to prosecute (its prosecutor, ``dpp``); the
FIR is linked to the FIA's own case ``case_fia`` (its client ``victim``), ``case_new`` is
not linked yet. Rows "shared to view": Gulberg reads the file, is refused what steers it and
the court's side; "shared to prosecute": the department records charges, hearings, verdicts
and appeals, is refused what steers it; the police station (nothing shared with it) gets
404. Only the FIA's investigators steer the investigation (status, suspects, seizures,
shares, linked cases, victims): its own prosecutor is refused that too. Tests below pin the
exact answers (404 before a share, 403 after it, 404 once it ended), show that every
refused write writes nothing, and that Alpha's caseworker is denied the file even when it
is shared with Alpha.
"""

from __future__ import annotations

import html
import json
import re
from datetime import date
from typing import Any

import pytest
from django.urls import reverse

from tests import factories, worlds
from tests.permission_matrix import CONDITIONS, Endpoint, World, static, url
from tipsom.cases import services as cases
from tipsom.core.choices import Role
from tipsom.justice import services
from tipsom.justice.models import (
    Charge,
    Fir,
    FirShare,
    Hearing,
    Seizure,
    Suspect,
    WatchlistEntry,
    WatchlistHit,
)


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
    # a decided charge: the one an appeal can be recorded against
    decided = services.charge(
        w["investigator"], w["suspect"], "PTPA-3", "Sessions Court Lahore", "2026-04-01"
    )
    w["charge_decided"] = services.record_verdict(
        w["investigator"], decided, "acquitted", "2026-09-01", version=1
    )
    w["hit"] = WatchlistHit.objects.get(entry=w["entry"])
    w["hit_other"] = WatchlistHit.objects.get(entry=w["entry_other"])
    assert w["hit"].person == w["suspect"].person
    assert w["hit_other"].person == w["suspect_other"].person
    assert WatchlistHit.objects.count() == 2
    # the file shared: with another police station to read (``gulberg``, its investigator)
    # and with a prosecution department to prosecute (``dpp``, its prosecutor); the police
    # station shares its own FIR with a department of which nobody here is a member
    gulberg = factories.organisation("Police Station Gulberg")
    prosecution = factories.organisation("Public Prosecution Department Punjab")
    sindh = factories.organisation("Public Prosecution Department Sindh")
    w.update(gulberg_org=gulberg, prosecution=prosecution)
    w["gulberg"] = factories.user((gulberg, Role.INVESTIGATOR), username="gulberg-investigator")
    w["dpp"] = factories.user((prosecution, Role.PROSECUTOR), username="dpp-prosecutor")
    w["share"] = services.share_fir(w["investigator"], w["fir"], gulberg, "view", "joint raid")
    w["share_prosecute"] = services.share_fir(
        w["investigator"], w["fir"], prosecution, "prosecute", "challan submitted"
    )
    w["share_other"] = services.share_fir(w["police"], w["fir_other"], sindh, "view", "challan")
    # the FIA's own cases: one linked after registration (its client a victim a suspect can
    # be connected with), one not linked yet; the police station's FIR concerns Beta's case
    w["case_fia"] = cases.register_case(
        w["investigator"],
        fia,
        {"first_name": "Nasreen", "family_name": "Akhtar"},
        "trafficking",
        "victim",
        opened_on=date(2026, 3, 1),
    )
    w["victim"] = w["case_fia"].roles.get().person
    services.link_case(w["investigator"], w["fir"], w["case_fia"])
    w["case_new"] = cases.register_case(
        w["investigator"],
        fia,
        {"first_name": "Sadia", "family_name": "Noor"},
        "trafficking",
        "victim",
        opened_on=date(2026, 3, 4),
    )
    w["fir_other"].cases.add(w["case_b"])
    assert WatchlistHit.objects.count() == 2
    return w


def offence(code: str):
    return lambda w: reverse("api:offence-detail", args=[code])


def verdict(fir: str, charge: str):
    return lambda w: reverse("api:fir-verdict", kwargs={"pk": w[fir].pk, "charge": w[charge].pk})


def appeal(fir: str, charge: str):
    return lambda w: reverse("api:fir-appeal", kwargs={"pk": w[fir].pk, "charge": w[charge].pk})


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


def end_share(fir: str, share: str):
    return lambda w: reverse("api:fir-end-share", kwargs={"pk": w[fir].pk, "share": w[share].pk})


def unlink(fir: str, case: str):
    return lambda w: reverse("api:fir-unlink-case", kwargs={"pk": w[fir].pk, "case": w[case].pk})


def victims(fir: str, suspect: str):
    return lambda w: reverse("api:fir-victims", kwargs={"pk": w[fir].pk, "suspect": w[suspect].pk})


def _status(w: World) -> dict:
    return {"version": w["fir"].version, "status": "investigation"}


def _seizure(w: World) -> dict:
    return {
        "seized_on": "2026-03-10",
        "description": "two forged passports and PKR 400,000 in cash",
        "value_pkr": 400000,
    }


def _appeal(w: World) -> dict:
    return {
        "version": w["charge_decided"].version,
        "filed_on": "2026-11-01",
        "court": "Lahore High Court",
    }


def _share(w: World) -> dict:
    return {"organisation": w["police_org"].pk, "access": "view", "reason": "raid in Saddar"}


def _hearing(w: World) -> dict:
    return {
        "court": "Sessions Court Lahore",
        "held_on": "2026-05-04",
        "kind": "framing",
        "next_on": "2026-06-01",
    }


def _case(w: World) -> dict:
    return {"case": w["case_new"].pk}


def _victim(w: World) -> dict:
    return {"person": w["victim"].pk}


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
        "api:fir-status",
        url("api:fir-status", "fir"),
        "investigator",
        "a_caseworker",
        other_url=url("api:fir-status", "fir_other"),
        method="post",
        api=True,
        data=_status,
    ),
    E(
        "api:fir-seizures",
        url("api:fir-seizures", "fir"),
        "investigator",
        "a_caseworker",
        other_url=url("api:fir-seizures", "fir_other"),
        method="post",
        api=True,
        ok=(201,),
        data=_seizure,
    ),
    E(
        "api:fir-appeal",
        appeal("fir", "charge_decided"),
        "prosecutor",
        "a_caseworker",
        other_url=appeal("fir_other", "charge_other"),
        method="post",
        api=True,
        data=_appeal,
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
    # --- sharing the file: the registering agency's investigators only ---
    E(
        "api:fir-shares",
        url("api:fir-shares", "fir"),
        "investigator",
        "a_caseworker",
        other_url=url("api:fir-shares", "fir_other"),
        method="post",
        api=True,
        data=_share,
        ok=(201,),
    ),
    E(
        "api:fir-shares prosecutor",  # the FIA's own prosecutor prosecutes, never steers
        url("api:fir-shares", "fir"),
        "investigator",
        "prosecutor",
        other_url=url("api:fir-shares", "fir_other"),
        method="post",
        api=True,
        data=_share,
        ok=(201,),
    ),
    E(
        "api:fir-shares shared to view",  # an agency the file is shared with never passes it on
        url("api:fir-shares", "fir"),
        "investigator",
        "gulberg",
        other_url=url("api:fir-shares", "fir_other"),
        method="post",
        api=True,
        data=_share,
        ok=(201,),
    ),
    E(
        "api:fir-shares shared to prosecute",
        url("api:fir-shares", "fir"),
        "investigator",
        "dpp",
        other_url=url("api:fir-shares", "fir_other"),
        method="post",
        api=True,
        data=_share,
        ok=(201,),
    ),
    E(
        "api:fir-end-share",
        end_share("fir", "share"),
        "investigator",
        "a_caseworker",
        other_url=end_share("fir_other", "share_other"),
        method="delete",
        api=True,
        ok=(204,),
    ),
    E(
        "api:fir-end-share prosecutor",
        end_share("fir", "share"),
        "investigator",
        "prosecutor",
        other_url=end_share("fir_other", "share_other"),
        method="delete",
        api=True,
        ok=(204,),
    ),
    E(
        "api:fir-end-share shared to view",  # not even the share with one's own agency
        end_share("fir", "share"),
        "investigator",
        "gulberg",
        other_url=end_share("fir_other", "share_other"),
        method="delete",
        api=True,
        ok=(204,),
    ),
    E(
        "api:fir-end-share shared to prosecute",
        end_share("fir", "share_prosecute"),
        "investigator",
        "dpp",
        other_url=end_share("fir_other", "share_other"),
        method="delete",
        api=True,
        ok=(204,),
    ),
    # --- what an agency the file is shared with may do: read it; with "prosecute" also
    # record the court's side (charges, hearings, verdicts, appeals); never steer it ---
    E(
        "api:fir-list shared to view",
        static("api:fir-list"),
        "gulberg",
        "a_caseworker",
        api=True,
        own_marker=fir_number("fir"),
        other_marker=fir_number("fir_other"),
    ),
    E(
        "api:fir-detail shared to view",  # the police station's investigator: not shared
        url("api:fir-detail", "fir"),
        "gulberg",
        "police",
        other_url=url("api:fir-detail", "fir_other"),
        api=True,
        own_marker=lambda w: '"name":"Mohd Imraan Kureshi"',
    ),
    E(
        "api:fir-detail shared to prosecute",
        url("api:fir-detail", "fir"),
        "dpp",
        "police",
        other_url=url("api:fir-detail", "fir_other"),
        api=True,
        own_marker=lambda w: '"offence":"PTPA-3-WC"',
    ),
    E(
        "api:fir-status shared to view",
        url("api:fir-status", "fir"),
        "investigator",
        "gulberg",
        other_url=url("api:fir-status", "fir_other"),
        method="post",
        api=True,
        data=_status,
    ),
    E(
        "api:fir-status shared to prosecute",
        url("api:fir-status", "fir"),
        "investigator",
        "dpp",
        other_url=url("api:fir-status", "fir_other"),
        method="post",
        api=True,
        data=_status,
    ),
    E(
        "api:fir-status prosecutor",
        url("api:fir-status", "fir"),
        "investigator",
        "prosecutor",
        other_url=url("api:fir-status", "fir_other"),
        method="post",
        api=True,
        data=_status,
    ),
    E(
        "api:fir-suspects shared to view",
        url("api:fir-suspects", "fir"),
        "investigator",
        "gulberg",
        other_url=url("api:fir-suspects", "fir_other"),
        method="post",
        api=True,
        data=_suspect,
        ok=(201,),
    ),
    E(
        "api:fir-suspects shared to prosecute",
        url("api:fir-suspects", "fir"),
        "investigator",
        "dpp",
        other_url=url("api:fir-suspects", "fir_other"),
        method="post",
        api=True,
        data=_suspect,
        ok=(201,),
    ),
    E(
        "api:fir-seizures shared to prosecute",
        url("api:fir-seizures", "fir"),
        "investigator",
        "dpp",
        other_url=url("api:fir-seizures", "fir_other"),
        method="post",
        api=True,
        data=_seizure,
        ok=(201,),
    ),
    E(
        "api:fir-seizures prosecutor",
        url("api:fir-seizures", "fir"),
        "investigator",
        "prosecutor",
        other_url=url("api:fir-seizures", "fir_other"),
        method="post",
        api=True,
        data=_seizure,
        ok=(201,),
    ),
    E(
        "api:fir-charges shared to view",
        url("api:fir-charges", "fir"),
        "investigator",
        "gulberg",
        other_url=url("api:fir-charges", "fir_other"),
        method="post",
        api=True,
        data=_charge,
        ok=(201,),
    ),
    E(
        "api:fir-charges shared to prosecute",
        url("api:fir-charges", "fir"),
        "dpp",
        "gulberg",
        other_url=url("api:fir-charges", "fir_other"),
        method="post",
        api=True,
        data=_charge,
        ok=(201,),
    ),
    E(
        "api:fir-verdict shared to prosecute",
        verdict("fir", "charge"),
        "dpp",
        "gulberg",
        other_url=verdict("fir_other", "charge_other"),
        method="post",
        api=True,
        data=_verdict,
    ),
    E(
        "api:fir-appeal shared to prosecute",
        appeal("fir", "charge_decided"),
        "dpp",
        "gulberg",
        other_url=appeal("fir_other", "charge_other"),
        method="post",
        api=True,
        data=_appeal,
    ),
    # --- hearings: the court's side, like charges ---
    E(
        "api:fir-hearings",
        url("api:fir-hearings", "fir"),
        "investigator",
        "a_caseworker",
        other_url=url("api:fir-hearings", "fir_other"),
        method="post",
        api=True,
        data=_hearing,
        ok=(201,),
    ),
    E(
        "api:fir-hearings prosecutor",
        url("api:fir-hearings", "fir"),
        "prosecutor",
        "b_caseworker",
        other_url=url("api:fir-hearings", "fir_other"),
        method="post",
        api=True,
        data=_hearing,
        ok=(201,),
    ),
    E(
        "api:fir-hearings shared to prosecute",  # shared only to read: refused
        url("api:fir-hearings", "fir"),
        "dpp",
        "gulberg",
        other_url=url("api:fir-hearings", "fir_other"),
        method="post",
        api=True,
        data=_hearing,
        ok=(201,),
    ),
    # --- linked cases and victims: the registering agency's investigators ---
    E(
        "api:fir-cases",
        url("api:fir-cases", "fir"),
        "investigator",
        "a_caseworker",  # who manages case_a, linked to the FIR
        other_url=url("api:fir-cases", "fir_other"),
        method="post",
        api=True,
        data=_case,
        ok=(201,),
    ),
    E(
        "api:fir-cases shared to view",
        url("api:fir-cases", "fir"),
        "investigator",
        "gulberg",
        other_url=url("api:fir-cases", "fir_other"),
        method="post",
        api=True,
        data=_case,
        ok=(201,),
    ),
    E(
        "api:fir-unlink-case",
        unlink("fir", "case_fia"),
        "investigator",
        "a_caseworker",
        other_url=unlink("fir_other", "case_b"),
        method="delete",
        api=True,
        ok=(204,),
    ),
    E(
        "api:fir-unlink-case shared to prosecute",
        unlink("fir", "case_fia"),
        "investigator",
        "dpp",
        other_url=unlink("fir_other", "case_b"),
        method="delete",
        api=True,
        ok=(204,),
    ),
    E(
        "api:fir-victims",
        victims("fir", "suspect"),
        "investigator",
        "a_caseworker",
        other_url=victims("fir_other", "suspect_other"),
        method="post",
        api=True,
        data=_victim,
        ok=(201,),
    ),
    E(
        "api:fir-victims shared to view",
        victims("fir", "suspect"),
        "investigator",
        "gulberg",
        other_url=victims("fir_other", "suspect_other"),
        method="post",
        api=True,
        data=_victim,
        ok=(201,),
    ),
]


# --- the pages --------------------------------------------------------------------------------


def verdict_page(fir: str, charge: str):
    return lambda w: reverse("justice:verdict", args=[w[fir].pk, w[charge].pk])


def number(key: str):
    return lambda w: f">{w[key].number}</a>"


def _fir_form(w: World) -> dict:
    return {
        "organisation": w["fia"].pk,
        "number": "113/2026",
        "station": "AHTC Lahore",
        "registered_on": "2026-03-03",
        "offences": ["PTPA-3"],
        "summary": "a second recruiter of the same ring",
    }


def _suspect_form(w: World) -> dict:
    return {
        "first_name": "Bilal",
        "family_name": "Shah",
        "father_name": "Akram",
        "roles": ["Transporter", "BrokerTravelAgent"],
        "aliases": "Billu, B. Shah",
        "network": "Gujranwala ring",
    }


def _charge_form(w: World) -> dict:
    return {
        "suspect": w["suspect"].pk,
        "offence": "PSMA-3",
        "court": "Sessions Court Lahore",
        "filed_on": "2026-04-02",
    }


def _verdict_form(w: World) -> dict:
    return {
        "version": 1,
        "outcome": "convicted",
        "decided_on": "2026-10-01",
        "imprisonment_months": 48,
        "fine_pkr": "",
    }


def _decide(w: World) -> dict:
    return {"status": "dismissed"}


def _status_form(w: World) -> dict:
    return {"version": w["fir"].version, "status": "investigation"}


def _seizure_form(w: World) -> dict:
    return {"seized_on": "2026-03-10", "description": "two forged passports", "value_pkr": 400000}


def _hearing_form(w: World) -> dict:
    return {
        "court": "ATC-1 Lahore",
        "held_on": "2026-05-04",
        "kind": "bail",
        "notes": "bail refused",
        "next_on": "2026-06-01",
    }


def _appeal_form(w: World) -> dict:
    return {
        "version": w["charge_decided"].version,
        "filed_on": "2026-11-01",
        "court": "Lahore High Court",
        "outcome": "pending",
    }


def _share_form(w: World) -> dict:
    return {"organisation": w["police_org"].pk, "access": "view", "reason": "raid in Saddar"}


def _case_form(w: World) -> dict:
    return {"case": w["case_new"].pk}


def _victim_form(w: World) -> dict:
    return {"person": w["victim"].pk}


def _watchlist_form(w: World) -> dict:
    return {
        "organisation": w["fia"].pk,
        "first_name": "Zafar",
        "family_name": "Iqbal",
        "aliases": "Zafri, Jaffar",
        "birth_year": "1980",
        "reason": "PTPA s.3",
    }


PAGES = [
    E(
        "justice:fir_list",
        static("justice:fir_list"),
        "investigator",
        "a_caseworker",
        own_marker=number("fir"),
        other_marker=number("fir_other"),
    ),
    E(
        "justice:fir_list prosecutor",
        static("justice:fir_list"),
        "prosecutor",
        "a_supervisor",
        own_marker=number("fir"),
        other_marker=number("fir_other"),
    ),
    E("justice:fir_new", static("justice:fir_new"), "investigator", "a_caseworker"),
    E(
        "justice:fir_new prosecutor",  # prosecutors never register FIRs
        static("justice:fir_new"),
        "investigator",
        "prosecutor",
    ),
    E(
        "justice:fir_new POST",
        static("justice:fir_new"),
        "investigator",
        "a_caseworker",
        method="post",
        data=_fir_form,
        ok=(302,),
    ),
    E(
        "justice:fir_new POST prosecutor",
        static("justice:fir_new"),
        "investigator",
        "prosecutor",
        method="post",
        data=_fir_form,
        ok=(302,),
    ),
    E(
        "justice:fir_detail",
        url("justice:fir_detail", "fir"),
        "investigator",
        "a_caseworker",
        other_url=url("justice:fir_detail", "fir_other"),
        own_marker=lambda w: "Mohd Imraan",
    ),
    E(
        "justice:fir_detail prosecutor",
        url("justice:fir_detail", "fir"),
        "prosecutor",
        "b_caseworker",
        other_url=url("justice:fir_detail", "fir_other"),
        own_marker=lambda w: "Sessions Court Lahore",
    ),
    E(
        "justice:suspect_add",
        url("justice:suspect_add", "fir"),
        "investigator",
        "a_caseworker",
        other_url=url("justice:suspect_add", "fir_other"),
        method="post",
        data=_suspect_form,
        ok=(302,),
    ),
    E(
        "justice:suspect_add prosecutor",  # prosecutors hold no grant on persons
        url("justice:suspect_add", "fir"),
        "investigator",
        "prosecutor",
        other_url=url("justice:suspect_add", "fir_other"),
        method="post",
        data=_suspect_form,
        ok=(302,),
    ),
    E(
        "justice:charge_add",
        url("justice:charge_add", "fir"),
        "investigator",
        "a_caseworker",
        other_url=url("justice:charge_add", "fir_other"),
        method="post",
        data=_charge_form,
        ok=(302,),
    ),
    E(
        "justice:charge_add prosecutor",
        url("justice:charge_add", "fir"),
        "prosecutor",
        "b_caseworker",
        other_url=url("justice:charge_add", "fir_other"),
        method="post",
        data=_charge_form,
        ok=(302,),
    ),
    E(
        "justice:verdict",
        verdict_page("fir", "charge"),
        "prosecutor",
        "a_caseworker",
        other_url=verdict_page("fir_other", "charge_other"),
        method="post",
        data=_verdict_form,
        ok=(302,),
    ),
    E(
        "justice:verdict investigator",
        verdict_page("fir", "charge"),
        "investigator",
        "b_caseworker",
        other_url=verdict_page("fir_other", "charge_other"),
        method="post",
        data=_verdict_form,
        ok=(302,),
    ),
    E(
        "justice:hit_list",
        static("justice:hit_list"),
        "investigator",
        "a_caseworker",
        own_marker=lambda w: "Muhammad Imran Qureshi",
        other_marker=lambda w: "Rashid Mehmood",
    ),
    E(
        "justice:hit_list prosecutor",  # hits go to the listing agency's investigators only
        static("justice:hit_list"),
        "investigator",
        "prosecutor",
        own_marker=lambda w: "Muhammad Imran Qureshi",
        other_marker=lambda w: "Rashid Mehmood",
    ),
    E(
        "justice:hit_decide",
        url("justice:hit_decide", "hit"),
        "investigator",
        "a_caseworker",
        other_url=url("justice:hit_decide", "hit_other"),
        method="post",
        data=_decide,
        ok=(302,),
    ),
    E(
        "justice:hit_decide prosecutor",
        url("justice:hit_decide", "hit"),
        "investigator",
        "prosecutor",
        other_url=url("justice:hit_decide", "hit_other"),
        method="post",
        data=_decide,
        ok=(302,),
    ),
    # --- steering the investigation: the registering agency's investigators. An agency
    # the file is shared with reaches these pages, and is told no (302 with the reason):
    # a test below; here the one who may not see the file at all ---
    E(
        "justice:status",
        url("justice:status", "fir"),
        "investigator",
        "a_caseworker",
        other_url=url("justice:status", "fir_other"),
        method="post",
        data=_status_form,
        ok=(302,),
    ),
    E(
        "justice:seizure_add",
        url("justice:seizure_add", "fir"),
        "investigator",
        "a_caseworker",
        other_url=url("justice:seizure_add", "fir_other"),
        method="post",
        data=_seizure_form,
        ok=(302,),
    ),
    E(
        "justice:share",
        url("justice:share", "fir"),
        "investigator",
        "a_caseworker",
        other_url=url("justice:share", "fir_other"),
        method="post",
        data=_share_form,
        ok=(302,),
    ),
    E(
        "justice:share_end",
        url("justice:share_end", "fir", "share"),
        "investigator",
        "a_caseworker",
        other_url=url("justice:share_end", "fir_other", "share_other"),
        method="post",
        data=lambda w: {},
        ok=(302,),
    ),
    E(
        "justice:case_link",
        url("justice:case_link", "fir"),
        "investigator",
        "a_caseworker",  # who manages case_a, linked to the FIR
        other_url=url("justice:case_link", "fir_other"),
        method="post",
        data=_case_form,
        ok=(302,),
    ),
    E(
        "justice:victim_link",
        url("justice:victim_link", "fir", "suspect"),
        "investigator",
        "a_caseworker",
        other_url=url("justice:victim_link", "fir_other", "suspect_other"),
        method="post",
        data=_victim_form,
        ok=(302,),
    ),
    # --- the court's side: also an agency the file is shared with for prosecution ---
    E(
        "justice:hearing_add",
        url("justice:hearing_add", "fir"),
        "investigator",
        "a_caseworker",
        other_url=url("justice:hearing_add", "fir_other"),
        method="post",
        data=_hearing_form,
        ok=(302,),
    ),
    E(
        "justice:hearing_add prosecutor",
        url("justice:hearing_add", "fir"),
        "prosecutor",
        "b_caseworker",
        other_url=url("justice:hearing_add", "fir_other"),
        method="post",
        data=_hearing_form,
        ok=(302,),
    ),
    E(
        "justice:hearing_add shared to prosecute",  # the police station: not shared, 404
        url("justice:hearing_add", "fir"),
        "dpp",
        "police",
        other_url=url("justice:hearing_add", "fir_other"),
        method="post",
        data=_hearing_form,
        ok=(302,),
    ),
    E(
        "justice:appeal",
        url("justice:appeal", "fir", "charge_decided"),
        "prosecutor",
        "a_caseworker",
        other_url=url("justice:appeal", "fir_other", "charge_other"),
        method="post",
        data=_appeal_form,
        ok=(302,),
    ),
    E(
        "justice:appeal shared to prosecute",
        url("justice:appeal", "fir", "charge_decided"),
        "dpp",
        "police",
        other_url=url("justice:appeal", "fir_other", "charge_other"),
        method="post",
        data=_appeal_form,
        ok=(302,),
    ),
    E(
        "justice:charge_add shared to prosecute",
        url("justice:charge_add", "fir"),
        "dpp",
        "police",
        other_url=url("justice:charge_add", "fir_other"),
        method="post",
        data=_charge_form,
        ok=(302,),
    ),
    E(
        "justice:verdict shared to prosecute",
        verdict_page("fir", "charge"),
        "dpp",
        "police",
        other_url=verdict_page("fir_other", "charge_other"),
        method="post",
        data=_verdict_form,
        ok=(302,),
    ),
    # --- reading a shared file ---
    E(
        "justice:fir_list shared to view",
        static("justice:fir_list"),
        "gulberg",
        "a_caseworker",
        own_marker=number("fir"),
        other_marker=number("fir_other"),
    ),
    E(
        "justice:fir_detail shared to view",
        url("justice:fir_detail", "fir"),
        "gulberg",
        "police",
        other_url=url("justice:fir_detail", "fir_other"),
        own_marker=lambda w: "Mohd Imraan",
    ),
    E(
        "justice:fir_detail shared to prosecute",  # offered the court's forms
        url("justice:fir_detail", "fir"),
        "dpp",
        "police",
        other_url=url("justice:fir_detail", "fir_other"),
        own_marker=lambda w: 'data-testid="add-hearing"',
    ),
    # --- the watchlist page: read by law enforcement and prosecutors network-wide, added
    # to by an agency's investigators ---
    E(
        "justice:watchlist",
        static("justice:watchlist"),
        "investigator",
        "a_caseworker",
        own_marker=lambda w: "smuggling ring",
    ),
    E(
        "justice:watchlist prosecutor",
        static("justice:watchlist"),
        "prosecutor",
        "a_supervisor",
        own_marker=lambda w: "boat agent",  # network-wide: the police station's entry too
    ),
    E(
        "justice:watchlist POST",
        static("justice:watchlist"),
        "investigator",
        "a_caseworker",
        method="post",
        data=_watchlist_form,
        ok=(302,),
    ),
    E(
        "justice:watchlist POST prosecutor",  # prosecutors read the list, never add to it
        static("justice:watchlist"),
        "investigator",
        "prosecutor",
        method="post",
        data=_watchlist_form,
        ok=(302,),
    ),
]
ENDPOINTS += PAGES

# Cells of the matrix that fail today because of a bug in src/ (strict: fixing it turns red).
KNOWN_BUGS: dict[tuple[str, str], str] = {}


def _cells() -> list[Any]:
    cells = []
    for endpoint in ENDPOINTS:
        for condition in CONDITIONS:
            reason = KNOWN_BUGS.get((str(endpoint), condition))
            marks = [pytest.mark.xfail(strict=True, reason=reason)] if reason else []
            cells.append(
                pytest.param(endpoint, condition, marks=marks, id=f"{endpoint}-{condition}")
            )
    return cells


@pytest.mark.parametrize(("endpoint", "condition"), _cells())
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
        sorted(Fir.cases.through.objects.values_list("fir", "case")),
        sorted(FirShare.objects.values_list("pk", "fir", "organisation", "access")),
        sorted(Suspect.objects.values_list("pk", "fir")),
        sorted(Suspect.victims.through.objects.values_list("suspect", "person")),
        sorted(Charge.objects.values_list("pk", "version", "outcome", "imprisonment_months")),
        sorted(Hearing.objects.values_list("pk", "fir")),
        sorted(Seizure.objects.values_list("pk", "fir")),
        sorted(WatchlistEntry.objects.values_list("pk", "organisation")),
        sorted(WatchlistHit.objects.values_list("pk", "status")),
    )


def test_an_ngo_caseworker_managing_the_linked_case_is_denied_the_investigation_file(client, world):
    """Alpha's caseworker manages case_a, and the FIA's FIR concerns it: she still never sees
    the file (404 on the FIR, an empty list), nor the statistics (403), the watchlist or the
    hits (empty, 404)."""
    caseworker = world["a_caseworker"]
    assert world["case_a"] in world["fir"].cases.all()
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


# --- the pages: what the status codes above do not show --------------------------------------


def _shown(response: Any) -> dict[str, list[str]]:
    """The flash messages as rendered: `messages` in the context is spent by the render."""
    body = response.content.decode()
    found: dict[str, list[str]] = {}
    for level, text in re.findall(r'<li class="(\w+)">(.*?)</li>', body.split("<main")[-1]):
        found.setdefault(level, []).append(html.unescape(text))
    return found


PAGE_POSTS = [e for e in PAGES if e.method == "post"]


@pytest.mark.parametrize("endpoint", PAGE_POSTS, ids=str)
def test_each_permitted_page_post_takes_effect(client, world, endpoint):
    """A page's POST redirects whatever happened: followed, the permitted user's write shows
    its success and no error, and something was written."""
    before = _state()
    factories.sign_in(client, world[endpoint.permitted])
    response = client.post(endpoint.url(world), endpoint.data(world), follow=True)
    assert response.status_code == 200
    assert response.redirect_chain and response.redirect_chain[0][1] == 302
    shown = _shown(response)
    assert "error" not in shown, shown
    assert shown.get("success"), shown
    assert _state() != before


def test_the_page_writes_record_what_was_typed(client, world):
    factories.sign_in(client, world["investigator"])
    response = client.post(reverse("justice:fir_new"), _fir_form(world))
    created = Fir.objects.get(number="113/2026")
    assert response["Location"] == reverse("justice:fir_detail", args=[created.pk])
    assert (created.organisation, created.created_by) == (world["fia"], world["investigator"])
    assert [o.code for o in created.offences.all()] == ["PTPA-3"]
    assert created.summary == "a second recruiter of the same ring"
    client.post(reverse("justice:suspect_add", args=[world["fir"].pk]), _suspect_form(world))
    added = Suspect.objects.filter(fir=world["fir"]).exclude(pk=world["suspect"].pk).get()
    person = added.person
    assert (person.first_name, person.father_name, person.family_name) == ("Bilal", "Akram", "Shah")
    assert person.organisation == world["fia"]
    assert added.roles == ["Transporter", "BrokerTravelAgent"]
    assert json.loads(added.aliases) == ["Billu", "B. Shah"]
    assert added.network == "Gujranwala ring"
    client.post(reverse("justice:charge_add", args=[world["fir"].pk]), _charge_form(world))
    charged = Charge.objects.get(suspect=world["suspect"], offence__code="PSMA-3")
    assert (charged.court, str(charged.filed_on)) == ("Sessions Court Lahore", "2026-04-02")
    client.post(reverse("justice:hit_decide", args=[world["hit"].pk]), _decide(world))
    hit = WatchlistHit.objects.get(pk=world["hit"].pk)
    assert (hit.status, hit.decided_by) == ("dismissed", world["investigator"])
    factories.sign_in(client, world["prosecutor"])
    client.post(verdict_page("fir", "charge")(world), _verdict_form(world))
    charge = Charge.objects.get(pk=world["charge"].pk)
    assert (charge.outcome, charge.imprisonment_months, charge.fine_pkr) == ("convicted", 48, None)
    assert (str(charge.decided_on), charge.version, charge.sentence_warnings) == (
        "2026-10-01",
        2,
        [],
    )


def test_the_fir_page_shows_the_agencys_own_hit_on_a_suspect(client, world):
    factories.sign_in(client, world["investigator"])
    body = _get(client, "justice:fir_detail", world["fir"].pk).content.decode()
    assert 'data-testid="fir-hits"' in body
    assert f"May be wanted person #{world['entry'].pk}" in body
    # the prosecutor sees the file, not the hit queue
    factories.sign_in(client, world["prosecutor"])
    body = _get(client, "justice:fir_detail", world["fir"].pk).content.decode()
    assert "Mohd Imraan" in body and 'data-testid="fir-hits"' not in body


def test_a_verdict_outside_the_legal_range_is_kept_and_its_warning_shown(client, world):
    """PTPA-3-WC carries 2 to 10 years: 150 months is recorded, and the FIR page the verdict
    redirects to says it is above the most."""
    factories.sign_in(client, world["prosecutor"])
    response = client.post(
        verdict_page("fir", "charge")(world),
        {**_verdict_form(world), "imprisonment_months": 150},
        follow=True,
    )
    detail = reverse("justice:fir_detail", args=[world["fir"].pk])
    assert response.redirect_chain == [(detail, 302)]
    assert response.status_code == 200
    warning = (
        "150 months of imprisonment is above the most the law allows for PTPA-3-WC (120 months)"
    )
    shown = _shown(response)
    assert shown.get("success") == ["Verdict recorded."]
    assert shown.get("warning") == [warning]
    body = response.content.decode()
    # and stored with the charge, so it stays on the page after the message is gone
    assert f'<div class="warning" data-testid="sentence-warning">{warning}</div>' in body
    charge = Charge.objects.get(pk=world["charge"].pk)
    assert (charge.outcome, charge.imprisonment_months) == ("convicted", 150)
    assert charge.sentence_warnings == [warning]
    again = _get(client, "justice:fir_detail", world["fir"].pk)
    assert "warning" not in _shown(again)
    assert warning in again.content.decode()


def test_a_verdict_below_the_least_warns_too(client, world):
    factories.sign_in(client, world["investigator"])
    response = client.post(
        verdict_page("fir", "charge")(world),
        {**_verdict_form(world), "imprisonment_months": 12},
        follow=True,
    )
    assert _shown(response).get("warning") == [
        "12 months of imprisonment is below the least the law sets for PTPA-3-WC (24 months)"
    ]


def test_a_refused_verdict_says_why_and_changes_nothing(client, world):
    before = _state()
    factories.sign_in(client, world["prosecutor"])
    target = verdict_page("fir", "charge")(world)
    for data, problem in (
        ({**_verdict_form(world), "imprisonment_months": ""}, "a conviction needs its sentence"),
        ({**_verdict_form(world), "decided_on": "2026-03-01"}, "cannot come before the charge"),
        ({**_verdict_form(world), "version": 7}, "changed by someone else"),
        ({**_verdict_form(world), "outcome": "hanged"}, "hanged is not one of the available"),
    ):
        response = client.post(target, data, follow=True)
        errors = _shown(response).get("error", [])
        assert len(errors) == 1 and problem in errors[0], (data, errors)
        assert "success" not in _shown(response)
    assert _state() == before


@pytest.mark.parametrize(
    ("typed", "problem"),
    [
        (
            {"first_name": "Zahid", "family_name": "Tarar", "roles": ["Smuggler", "Kingpin"]},
            "Kingpin is not one of the available choices",
        ),
        ({"first_name": "", "family_name": "Tarar"}, "This field is required."),
    ],
    ids=["unknown role", "no first name"],
)
def test_a_refused_suspect_form_keeps_what_was_typed(client, world, typed, problem):
    before = _state()
    factories.sign_in(client, world["investigator"])
    data = {**typed, "father_name": "Aslam", "aliases": "Zee, ZT", "network": "Gujrat agents"}
    response = client.post(reverse("justice:suspect_add", args=[world["fir"].pk]), data)
    assert response.status_code == 400
    body = response.content.decode()
    assert problem in body
    assert world["fir"].number in body  # the FIR page itself, with the form refilled
    for name in ("family_name", "father_name", "aliases", "network"):
        assert f'name="{name}" value="{html.escape(data[name])}"' in body, name
    if data["first_name"]:
        assert 'name="first_name" value="Zahid"' in body
    if "Smuggler" in data.get("roles", []):
        assert re.search(r'value="Smuggler"[^>]*checked', body)
    assert _state() == before


def test_refused_page_writes_change_nothing(client, world):
    """Another agency's FIR, charge and hit; another agency as the owner of a new FIR; one's
    own FIR with another's charge or suspect; the caseworker and every other role without
    the grant."""
    before = _state()
    fir, other = world["fir"].pk, world["fir_other"].pk
    factories.sign_in(client, world["investigator"])
    for target, data, refused in (
        (reverse("justice:suspect_add", args=[other]), _suspect_form(world), 404),
        (reverse("justice:charge_add", args=[other]), _charge_form(world), 404),
        (verdict_page("fir_other", "charge_other")(world), _verdict_form(world), 404),
        (verdict_page("fir", "charge_other")(world), _verdict_form(world), 404),
        (
            reverse("justice:charge_add", args=[fir]),
            {**_charge_form(world), "suspect": world["suspect_other"].pk},
            404,
        ),
        (reverse("justice:hit_decide", args=[world["hit_other"].pk]), _decide(world), 404),
    ):
        assert client.post(target, data).status_code == refused, target
    # the police station is not among the agencies the form offers: refused on the form
    response = client.post(
        reverse("justice:fir_new"), {**_fir_form(world), "organisation": world["police_org"].pk}
    )
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    for who in ("a_caseworker", "a_supervisor", "a_orgadmin", "secretariat", "auditor", "nobody"):
        factories.sign_in(client, world[who])
        assert client.post(reverse("justice:fir_new"), _fir_form(world)).status_code == 403, who
        for target, data in (
            (reverse("justice:suspect_add", args=[fir]), _suspect_form(world)),
            (reverse("justice:charge_add", args=[fir]), _charge_form(world)),
            (verdict_page("fir", "charge")(world), _verdict_form(world)),
            (reverse("justice:hit_decide", args=[world["hit"].pk]), _decide(world)),
        ):
            assert client.post(target, data).status_code == 404, (who, target)
        for name in ("justice:fir_list", "justice:hit_list"):
            assert _get(client, name).status_code == 403, (who, name)
        assert _get(client, "justice:fir_detail", fir).status_code == 404, who
    assert _state() == before


def test_the_caseworker_managing_the_linked_case_never_sees_the_file_on_a_page(client, world):
    factories.sign_in(client, world["a_caseworker"])
    assert world["case_a"] in world["fir"].cases.all()
    for response in (
        _get(client, "justice:fir_list"),
        _get(client, "justice:fir_detail", world["fir"].pk),
        _get(client, "justice:hit_list"),
        _get(client, "core:home"),
    ):
        body = response.content.decode()
        assert world["fir"].number not in body and "Kureshi" not in body
        assert "Qureshi" not in body
    home = _get(client, "core:home").content.decode()
    assert reverse("justice:fir_list") not in home and reverse("justice:hit_list") not in home


def test_a_malformed_suspect_on_the_charge_form_is_refused_not_a_server_error(client, world):
    """A non-numeric suspect is an unknown one: 404, never a 500."""
    before = _state()
    factories.sign_in(client, world["investigator"])
    response = client.post(
        reverse("justice:charge_add", args=[world["fir"].pk]),
        {**_charge_form(world), "suspect": "x"},
    )
    assert response.status_code == 404
    assert _state() == before


# --- sharing, hearings, linked cases and victims: what the status codes above do not show --


def _send(client: Any, method: str, target: str, data: dict | None = None) -> Any:
    return getattr(client, method)(target, data or {}, content_type="application/json")


WRITES = [e for e in ENDPOINTS if e.method != "get"]


def _write_cells() -> list[Any]:
    cells = []
    for endpoint in WRITES:
        reason = KNOWN_BUGS.get((str(endpoint), "no_permission"))
        marks = [pytest.mark.xfail(strict=True, reason=reason)] if reason else []
        cells.append(pytest.param(endpoint, marks=marks, id=str(endpoint)))
    return cells


@pytest.mark.parametrize("endpoint", _write_cells())
def test_each_refused_write_writes_nothing_and_each_permitted_one_writes(client, world, endpoint):
    """Every write of the matrix, API and page: refused for the user without the right and
    on another agency's record, with nothing written; then the permitted user's write
    lands."""
    before = _state()
    CONDITIONS["no_permission"](client, endpoint, world)
    assert _state() == before, "written by a user without the right"
    CONDITIONS["other_organisation"](client, endpoint, world)
    assert _state() == before, "written to another agency's record"
    CONDITIONS["permitted"](client, endpoint, world)
    assert _state() != before, "the permitted write did not happen"


def test_the_new_api_writes_take_effect(client, world):
    fir, investigator = world["fir"], world["investigator"]
    factories.sign_in(client, investigator)
    response = _post(client, reverse("api:fir-shares", args=[fir.pk]), _share(world))
    assert response.status_code == 201, response.content
    share = FirShare.objects.get(pk=response.json()["id"])
    assert (share.fir, share.organisation, share.access) == (fir, world["police_org"], "view")
    assert (share.reason, share.shared_by) == ("raid in Saddar", investigator)
    # sharing again changes the access of the same share
    again = _post(
        client,
        reverse("api:fir-shares", args=[fir.pk]),
        {**_share(world), "access": "prosecute", "reason": "challan"},
    )
    assert again.json()["id"] == share.pk
    assert FirShare.objects.get(pk=share.pk).access == "prosecute"
    response = _send(client, "delete", end_share("fir", "share")(world))
    assert response.status_code == 204
    assert not FirShare.objects.filter(pk=world["share"].pk).exists()
    response = _post(client, reverse("api:fir-hearings", args=[fir.pk]), _hearing(world))
    hearing = Hearing.objects.get(pk=response.json()["id"])
    assert (hearing.fir, hearing.court, hearing.kind) == (fir, "Sessions Court Lahore", "framing")
    assert (hearing.held_on, hearing.next_on) == (date(2026, 5, 4), date(2026, 6, 1))
    assert hearing.recorded_by == investigator
    response = _post(client, reverse("api:fir-cases", args=[fir.pk]), _case(world))
    assert response.status_code == 201
    assert set(fir.cases.all()) == {world["case_a"], world["case_fia"], world["case_new"]}
    # the NGO's case by its holder only, the agency's own by number
    shown = {c["pk"]: c["number"] for c in response.json()["cases"]}
    assert shown == {
        world["case_a"].pk: "",
        world["case_fia"].pk: world["case_fia"].case_number,
        world["case_new"].pk: world["case_new"].case_number,
    }
    response = _post(client, victims("fir", "suspect")(world), _victim(world))
    assert response.status_code == 201 and response.json()["victims"] == [world["victim"].pk]
    assert list(world["suspect"].victims.all()) == [world["victim"]]
    response = _send(client, "delete", unlink("fir", "case_new")(world))
    assert response.status_code == 204
    assert set(fir.cases.all()) == {world["case_a"], world["case_fia"]}
    response = _post(client, reverse("api:fir-status", args=[fir.pk]), _status(world))
    assert response.status_code == 200
    assert Fir.objects.values_list("status", "version").get(pk=fir.pk) == ("investigation", 2)
    response = _post(client, reverse("api:fir-seizures", args=[fir.pk]), _seizure(world))
    seizure = Seizure.objects.get(pk=response.json()["id"])
    assert (seizure.fir, seizure.value_pkr) == (fir, 400000)
    factories.sign_in(client, world["prosecutor"])
    response = _post(client, appeal("fir", "charge_decided")(world), _appeal(world))
    assert response.status_code == 200
    charge = Charge.objects.get(pk=world["charge_decided"].pk)
    assert (charge.appeal_court, str(charge.appeal_filed_on)) == ("Lahore High Court", "2026-11-01")
    assert (charge.appeal_outcome, charge.version) == ("pending", 3)


def _own_cases(world: World, user: str, org: str) -> tuple[Any, Any]:
    """Two cases of ``user``'s own agency: one linked to the FIA's FIR (by hand, as the
    world links Alpha's), one not."""
    linked, unlinked = (
        cases.register_case(
            world[user],
            world[org],
            {"first_name": first, "family_name": "Masih"},
            "trafficking",
            "victim",
            opened_on=date(2026, 3, 5),
        )
        for first in ("Kiran", "Shazia")
    )
    world["fir"].cases.add(linked)
    return linked, unlinked


def _steering(world: World, linked: Any, unlinked: Any, share: Any) -> list[tuple[str, str, dict]]:
    """Every write that steers the FIA's investigation, for an agency's user whose own
    cases are ``linked`` (to the FIR) and ``unlinked``, and whose agency's share is
    ``share``."""
    fir = world["fir"].pk
    return [
        ("post", reverse("api:fir-status", args=[fir]), _status(world)),
        ("post", reverse("api:fir-suspects", args=[fir]), _suspect(world)),
        ("post", reverse("api:fir-seizures", args=[fir]), _seizure(world)),
        (
            "post",
            reverse("api:fir-shares", args=[fir]),
            {"organisation": world["org_b"].pk, "access": "view", "reason": "passing it on"},
        ),
        ("delete", reverse("api:fir-end-share", args=[fir, share.pk]), {}),
        ("post", reverse("api:fir-cases", args=[fir]), {"case": unlinked.pk}),
        ("delete", reverse("api:fir-unlink-case", args=[fir, linked.pk]), {}),
        (
            "post",
            victims("fir", "suspect")(world),
            {"person": linked.roles.get().person.pk},
        ),
    ]


def _court(world: World) -> list[tuple[str, str, dict]]:
    """Every write of the court's side of the FIA's FIR."""
    fir = world["fir"].pk
    return [
        ("post", reverse("api:fir-charges", args=[fir]), _charge(world)),
        ("post", reverse("api:fir-hearings", args=[fir]), _hearing(world)),
        ("post", verdict("fir", "charge")(world), _verdict(world)),
        ("post", appeal("fir", "charge_decided")(world), _appeal(world)),
    ]


def test_another_agency_reads_the_file_only_once_shared_and_never_steers_it(client, world):
    """The police station's investigator: the FIA's file is unknown to him (404) until it is
    shared with his station; shared to read, he reads it and every write is refused (403);
    shared to prosecute, he records the court's side and still never steers; once the
    share ends, the file is unknown to him again."""
    fir, police = world["fir"], world["police"]
    linked, unlinked = _own_cases(world, "police", "police_org")
    detail = reverse("api:fir-detail", args=[fir.pk])
    before = _state()
    factories.sign_in(client, police)
    assert _get(client, "api:fir-detail", fir.pk).status_code == 404
    assert _get(client, "justice:fir_detail", fir.pk).status_code == 404
    assert fir.number not in _get(client, "api:fir-list").content.decode()
    writes = [*_steering(world, linked, unlinked, world["share"]), *_court(world)]
    for method, target, data in writes:
        assert _send(client, method, target, data).status_code == 404, target
    assert _state() == before
    # shared to read
    factories.sign_in(client, world["investigator"])
    response = _post(client, reverse("api:fir-shares", args=[fir.pk]), _share(world))
    assert response.status_code == 201
    shared = FirShare.objects.get(pk=response.json()["id"])
    before = _state()
    factories.sign_in(client, police)
    assert client.get(detail).json()["number"] == fir.number
    assert fir_number("fir")(world) in _get(client, "api:fir-list").content.decode()
    page = _get(client, "justice:fir_detail", fir.pk)
    assert page.status_code == 200 and "Mohd Imraan" in page.content.decode()
    for testid in ("change-status", "add-seizure", "share-fir", "add-hearing", "add-charge"):
        assert f'data-testid="{testid}"' not in page.content.decode(), testid
    for method, target, data in [*_steering(world, linked, unlinked, shared), *_court(world)]:
        response = _send(client, method, target, data)
        assert response.status_code == 403, (target, response.content)
    assert _state() == before
    # shared to prosecute: the court's side, never the investigation
    factories.sign_in(client, world["investigator"])
    again = {**_share(world), "access": "prosecute", "reason": "challan"}
    assert _post(client, reverse("api:fir-shares", args=[fir.pk]), again).status_code == 201
    before = _state()
    factories.sign_in(client, police)
    for method, target, data in _steering(world, linked, unlinked, shared):
        assert _send(client, method, target, data).status_code == 403, target
    assert _state() == before
    response = _post(client, reverse("api:fir-hearings", args=[fir.pk]), _hearing(world))
    assert response.status_code == 201
    assert Hearing.objects.get(pk=response.json()["id"]).recorded_by == police
    response = _post(client, reverse("api:fir-charges", args=[fir.pk]), _charge(world))
    assert response.status_code == 201
    assert Charge.objects.get(pk=response.json()["id"]).suspect == world["suspect"]
    # the share ended: unknown again
    factories.sign_in(client, world["investigator"])
    assert _send(client, "delete", end_share("fir", "share")(world)).status_code == 204
    target = reverse("api:fir-end-share", args=[fir.pk, shared.pk])
    assert _send(client, "delete", target).status_code == 204
    factories.sign_in(client, police)
    assert client.get(detail).status_code == 404
    before = _state()
    for method, target, data in _court(world):
        assert _send(client, method, target, data).status_code == 404, target
    assert _state() == before


def test_a_prosecution_department_records_the_court_side_and_never_steers(client, world):
    """The department the file is shared with to prosecute: its prosecutor records charges,
    hearings, verdicts and appeals; the investigation itself (status, suspects, seizures,
    shares) is refused (403), and cases and persons it may not see are unknown (404)."""
    fir, dpp = world["fir"], world["dpp"]
    before = _state()
    factories.sign_in(client, dpp)
    assert _get(client, "api:fir-detail", fir.pk).status_code == 200
    steering = _steering(world, world["case_fia"], world["case_new"], world["share_prosecute"])
    for method, target, data in steering:
        # prosecutors hold no grant on cases and persons: those are unknown to them
        unknown = "/cases/" in target or "/victims/" in target
        response = _send(client, method, target, data)
        assert response.status_code == (404 if unknown else 403), (target, response.content)
    assert _state() == before
    answers = [_send(client, method, target, data) for method, target, data in _court(world)]
    assert [a.status_code for a in answers] == [201, 201, 200, 200]
    charged = Charge.objects.get(pk=answers[0].json()["id"])
    assert (charged.suspect, charged.offence.code) == (world["suspect"], "PSMA-3")
    assert Hearing.objects.get(pk=answers[1].json()["id"]).recorded_by == dpp
    decided = Charge.objects.get(pk=world["charge"].pk)
    assert (decided.outcome, decided.imprisonment_months) == ("convicted", 48)
    appealed = Charge.objects.get(pk=world["charge_decided"].pk)
    assert appealed.appeal_court == "Lahore High Court"
    # and the audit names the department's prosecutor, under the registering agency
    from tipsom.core.models import AuditEntry

    entry = AuditEntry.objects.filter(object_type="justice.hearing").get()
    assert (entry.actor, entry.organisation_id) == (dpp, world["fia"].pk)


def test_refused_new_writes_change_nothing(client, world):
    """One's own FIR with another agency's share, a case or person one may not see, a
    suspect of another FIR; a victim who is no client of a linked case; a share with one's
    own agency."""
    before = _state()
    fir, other = world["fir"].pk, world["fir_other"].pk
    factories.sign_in(client, world["investigator"])
    for method, target, data, refused in (
        ("delete", reverse("api:fir-end-share", args=[fir, world["share_other"].pk]), {}, 404),
        ("delete", reverse("api:fir-end-share", args=[other, world["share"].pk]), {}, 404),
        ("post", reverse("api:fir-hearings", args=[other]), _hearing(world), 404),
        ("post", reverse("api:fir-cases", args=[fir]), {"case": world["case_b"].pk}, 404),
        # Alpha's case, linked to the FIR, is not the investigator's to see, nor to unlink
        ("delete", reverse("api:fir-unlink-case", args=[fir, world["case_a"].pk]), {}, 404),
        ("delete", reverse("api:fir-unlink-case", args=[fir, world["case_b"].pk]), {}, 404),
        ("post", victims("fir", "suspect")(world), {"person": world["person_a"].pk}, 404),
        ("post", victims("fir", "suspect_other")(world), _victim(world), 404),
        (
            "post",
            victims("fir", "suspect")(world),
            {"person": world["case_new"].roles.get().person.pk},
            400,
        ),
        (
            "post",
            reverse("api:fir-shares", args=[fir]),
            {**_share(world), "organisation": world["fia"].pk},
            400,
        ),
    ):
        response = _send(client, method, target, data)
        assert response.status_code == refused, (target, response.content)
    assert _state() == before


# --- the NGO whose case the FIR concerns: never the file, also when it is shared with it --

NGO_DENIED = [e for e in ENDPOINTS if e.forbidden == "a_caseworker"]


@pytest.mark.parametrize("endpoint", NGO_DENIED, ids=str)
def test_the_linked_cases_ngo_is_denied_even_when_the_file_is_shared_with_it(
    client, world, endpoint
):
    """Each row that refuses Alpha's caseworker (who manages case_a, linked to the FIR)
    refuses her as well once the FIA shared the file with Alpha, even to prosecute; nothing
    is written."""
    services.share_fir(world["investigator"], world["fir"], world["org_a"], "prosecute", "NGO")
    before = _state()
    CONDITIONS["no_permission"](client, endpoint, world)
    assert _state() == before


def test_the_caseworker_is_told_nothing_of_the_file_shared_with_her_ngo(client, world):
    fir = world["fir"]
    factories.sign_in(client, world["investigator"])
    ngo = {"organisation": world["org_a"].pk, "access": "prosecute", "reason": "the NGO"}
    assert _post(client, reverse("api:fir-shares", args=[fir.pk]), ngo).status_code == 201
    assert world["case_a"] in fir.cases.all()
    linked, unlinked = _own_cases(world, "a_caseworker", "org_a")
    share = FirShare.objects.get(fir=fir, organisation=world["org_a"])
    before = _state()
    factories.sign_in(client, world["a_caseworker"])
    assert _get(client, "api:fir-detail", fir.pk).status_code == 404
    assert _get(client, "api:fir-list").json()["results"] == []
    assert _get(client, "justice:fir_detail", fir.pk).status_code == 404
    assert _get(client, "justice:fir_list").status_code == 403
    for method, target, data in [*_steering(world, linked, unlinked, share), *_court(world)]:
        assert _send(client, method, target, data).status_code == 404, target
    pages = [
        (reverse(name, args=[fir.pk]), data)
        for name, data in (
            ("justice:status", _status_form(world)),
            ("justice:seizure_add", _seizure_form(world)),
            ("justice:hearing_add", _hearing_form(world)),
            ("justice:share", _share_form(world)),
            ("justice:case_link", {"case": unlinked.pk}),
            ("justice:charge_add", _charge_form(world)),
        )
    ]
    pages += [
        (reverse("justice:share_end", args=[fir.pk, share.pk]), {}),
        (reverse("justice:appeal", args=[fir.pk, world["charge_decided"].pk]), _appeal_form(world)),
        (
            reverse("justice:victim_link", args=[fir.pk, world["suspect"].pk]),
            {"person": linked.roles.get().person.pk},
        ),
    ]
    for target, data in pages:
        assert client.post(target, data).status_code == 404, target
    assert _state() == before
    # that her case has proceedings, she may know; not who is suspected
    body = _get(client, "cases:case_detail", world["case_a"].pk).content.decode()
    assert "Kureshi" not in body and fir.number not in body


# --- the pages of a shared file ----------------------------------------------------------


def test_the_new_page_writes_record_what_was_typed(client, world):
    fir, investigator = world["fir"], world["investigator"]
    factories.sign_in(client, investigator)
    client.post(reverse("justice:status", args=[fir.pk]), _status_form(world))
    assert Fir.objects.values_list("status", "version").get(pk=fir.pk) == ("investigation", 2)
    client.post(reverse("justice:seizure_add", args=[fir.pk]), _seizure_form(world))
    seizure = Seizure.objects.get(fir=fir)
    assert (str(seizure.seized_on), seizure.description, seizure.value_pkr) == (
        "2026-03-10",
        "two forged passports",
        400000,
    )
    client.post(reverse("justice:hearing_add", args=[fir.pk]), _hearing_form(world))
    hearing = Hearing.objects.get(fir=fir)
    assert (hearing.court, hearing.kind, hearing.notes) == ("ATC-1 Lahore", "bail", "bail refused")
    assert (hearing.held_on, hearing.next_on, hearing.recorded_by) == (
        date(2026, 5, 4),
        date(2026, 6, 1),
        investigator,
    )
    client.post(reverse("justice:share", args=[fir.pk]), _share_form(world))
    share = FirShare.objects.get(fir=fir, organisation=world["police_org"])
    assert (share.access, share.reason, share.shared_by) == ("view", "raid in Saddar", investigator)
    client.post(reverse("justice:share_end", args=[fir.pk, world["share"].pk]))
    assert set(fir.shares.values_list("organisation", flat=True)) == {
        world["police_org"].pk,
        world["prosecution"].pk,
    }
    client.post(reverse("justice:case_link", args=[fir.pk]), _case_form(world))
    assert world["case_new"] in fir.cases.all()
    target = reverse("justice:victim_link", args=[fir.pk, world["suspect"].pk])
    client.post(target, _victim_form(world))
    assert list(world["suspect"].victims.all()) == [world["victim"]]
    page = _get(client, "justice:fir_detail", fir.pk).content.decode()
    assert "Nasreen Akhtar" in page and "ATC-1 Lahore" in page and "two forged passports" in page
    response = client.post(reverse("justice:watchlist"), _watchlist_form(world))
    assert response["Location"] == reverse("justice:watchlist")
    entry = WatchlistEntry.objects.exclude(
        pk__in=[world["entry"].pk, world["entry_other"].pk]
    ).get()
    assert entry.first_name == "Zafar"
    assert (entry.organisation, entry.added_by, entry.birth_year) == (
        world["fia"],
        investigator,
        1980,
    )
    assert json.loads(entry.aliases) == ["Zafri", "Jaffar"]
    factories.sign_in(client, world["dpp"])
    target = reverse("justice:appeal", args=[fir.pk, world["charge_decided"].pk])
    client.post(target, _appeal_form(world))
    charge = Charge.objects.get(pk=world["charge_decided"].pk)
    assert (charge.appeal_court, str(charge.appeal_filed_on), charge.version) == (
        "Lahore High Court",
        "2026-11-01",
        3,
    )


STEERING_PAGES = ["status", "seizure_add", "share", "share_end", "case_link", "victim_link"]
STEERING_TESTIDS = ("change-status", "add-seizure", "share-fir", "end-share", "link-case")


@pytest.mark.parametrize(
    ("who", "names"),
    [
        ("gulberg", [*STEERING_PAGES, "hearing_add", "charge_add", "verdict", "appeal"]),
        ("dpp", STEERING_PAGES),
        ("prosecutor", STEERING_PAGES),
    ],
    ids=["shared to view", "shared to prosecute", "the agency's own prosecutor"],
)
def test_who_reads_the_file_but_may_not_write_is_told_why_and_nothing_is_written(
    client, world, who, names
):
    """On a page, a user who reads the file reaches a form's target and is sent back to the
    file with the reason, never a success. The police station Gulberg (shared to read):
    every write; the prosecution department (shared to prosecute) and the FIA's own
    prosecutor: the investigation's. Gulberg's own case is linked to the FIR, so that only
    the share's limit refuses it; prosecutors hold no cases nor persons, so the FIA's case
    is not among those they are offered and its victim is unknown to them (404). None is
    offered the investigation's forms."""
    fir = world["fir"]
    if who == "gulberg":
        linked, unlinked = _own_cases(world, "gulberg", "gulberg_org")
    else:
        linked, unlinked = world["case_fia"], world["case_new"]
    forms = {
        "status": (reverse("justice:status", args=[fir.pk]), _status_form(world)),
        "seizure_add": (reverse("justice:seizure_add", args=[fir.pk]), _seizure_form(world)),
        "share": (reverse("justice:share", args=[fir.pk]), _share_form(world)),
        "share_end": (reverse("justice:share_end", args=[fir.pk, world["share"].pk]), {}),
        "case_link": (reverse("justice:case_link", args=[fir.pk]), {"case": unlinked.pk}),
        "victim_link": (
            reverse("justice:victim_link", args=[fir.pk, world["suspect"].pk]),
            {"person": linked.roles.get().person.pk},
        ),
        "hearing_add": (reverse("justice:hearing_add", args=[fir.pk]), _hearing_form(world)),
        "charge_add": (reverse("justice:charge_add", args=[fir.pk]), _charge_form(world)),
        "verdict": (verdict_page("fir", "charge")(world), _verdict_form(world)),
        "appeal": (
            reverse("justice:appeal", args=[fir.pk, world["charge_decided"].pk]),
            _appeal_form(world),
        ),
    }
    detail = reverse("justice:fir_detail", args=[fir.pk])
    before = _state()
    factories.sign_in(client, world[who])
    page = _get(client, "justice:fir_detail", fir.pk).content.decode()
    for testid in STEERING_TESTIDS:
        assert f'data-testid="{testid}"' not in page, testid
    prosecutes = who != "gulberg"
    for name in names:
        target, data = forms[name]
        if prosecutes and name == "victim_link":
            assert client.post(target, data).status_code == 404
            continue
        response = client.post(target, data, follow=True)
        assert response.redirect_chain == [(detail, 302)], name
        shown = _shown(response)
        assert "success" not in shown, (name, shown)
        (error,) = shown.get("error", [None])
        if prosecutes and name == "case_link":
            expected = f"{unlinked.pk} is not one of the available choices"
        elif name in ("hearing_add", "charge_add", "verdict", "appeal"):
            expected = "shared with your agency to read"
        else:
            expected = "may change the investigation"
        assert error and expected in error, (name, shown)
    assert _state() == before


# --- bugs found in the pages (strict: these turn red when fixed) -----------------------------


def test_an_fir_can_be_registered_for_any_agency_the_user_may_register_in(client, world):
    circle = factories.organisation("FIA Circle Karachi", parent=world["fia"])
    factories.sign_in(client, world["investigator"])
    page_ = _get(client, "justice:fir_new").content.decode()
    assert f'value="{circle.pk}"' in page_  # offered: organisation scope covers the circle
    response = client.post(
        reverse("justice:fir_new"), {**_fir_form(world), "organisation": circle.pk}
    )
    assert response.status_code == 302
    assert Fir.objects.get(number="113/2026").organisation == circle
