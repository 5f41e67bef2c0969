"""The investigation file shared with another agency, hearings, cases and victims linked
after registration, and the statistics deduplicated through record linkage."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from tests import factories, worlds
from tipsom.cases import services as cases
from tipsom.core.choices import Role
from tipsom.core.models import AuditEntry
from tipsom.justice import choices as c
from tipsom.justice import selectors, services
from tipsom.justice.models import Fir, FirShare, Hearing
from tipsom.linkage.models import Identity, Membership


@pytest.fixture
def w(db) -> dict[str, Any]:
    w = worlds.cases_world()
    fia = factories.organisation("FIA Anti-Human Trafficking Circle Lahore")
    police = factories.organisation("Police Station Saddar")
    prosecution = factories.organisation("Public Prosecution Department Punjab")
    w.update(fia=fia, police_org=police, prosecution=prosecution)
    w["investigator"] = factories.user((fia, Role.INVESTIGATOR), username="fia-investigator")
    w["police"] = factories.user((police, Role.INVESTIGATOR), username="police-investigator")
    w["dpp"] = factories.user((prosecution, Role.PROSECUTOR), username="dpp-prosecutor")
    w["fir"] = services.register_fir(
        w["investigator"],
        fia,
        {
            "number": "7/2026",
            "station": "AHTC Lahore",
            "registered_on": "2026-03-02",
            "offences": ["PTPA-3-WC"],
        },
    )
    w["suspect"] = services.add_suspect(
        w["investigator"], w["fir"], person_data={"first_name": "Shahid", "family_name": "Iqbal"}
    )
    return w


def sees(user: Any, fir: Fir) -> bool:
    return selectors.firs(user).filter(pk=fir.pk).exists()


def test_a_file_shared_to_read_is_seen_but_not_steered_or_prosecuted(w):
    fir = w["fir"]
    assert not sees(w["police"], fir)
    services.share_fir(w["investigator"], fir, w["police_org"], "view", "joint raid in Saddar")
    assert sees(w["police"], fir)
    assert selectors.fir_detail(w["police"], fir.pk) == fir
    with pytest.raises(PermissionDenied):
        services.set_fir_status(w["police"], fir, c.FirStatus.INVESTIGATION, fir.version)
    with pytest.raises(PermissionDenied):
        services.add_suspect(w["police"], fir, person_data={"first_name": "Other"})
    with pytest.raises(PermissionDenied):
        services.charge(w["police"], w["suspect"], "PTPA-3-WC", "ATC Lahore", "2026-04-01")
    with pytest.raises(PermissionDenied):
        services.share_fir(w["police"], fir, w["prosecution"], "view", "passing it on")
    assert not selectors.can_change(w["police"], fir)
    assert not selectors.can_prosecute(w["police"], fir)


def test_a_file_shared_for_prosecution_takes_charges_hearings_and_verdicts(w):
    fir = w["fir"]
    services.share_fir(w["investigator"], fir, w["prosecution"], "prosecute", "challan")
    dpp = w["dpp"]
    assert selectors.can_prosecute(dpp, fir) and not selectors.can_change(dpp, fir)
    found = services.charge(dpp, w["suspect"], "PTPA-3-WC", "Sessions Court Lahore", "2026-04-01")
    hearing = services.add_hearing(
        dpp,
        fir,
        {
            "court": "Sessions Court Lahore",
            "held_on": "2026-05-04",
            "kind": "framing",
            "next_on": "2026-06-01",
        },
    )
    assert hearing.next_on == date(2026, 6, 1)
    services.record_verdict(dpp, found, "convicted", "2026-09-01", 48, None, found.version)
    with pytest.raises(PermissionDenied):
        services.add_seizure(dpp, fir, "2026-04-02", "cash")


def test_ending_a_share_takes_the_file_back_and_is_audited(w):
    fir = w["fir"]
    share = services.share_fir(w["investigator"], fir, w["police_org"], "view", "joint raid")
    services.end_share(w["investigator"], share)
    assert not sees(w["police"], fir)
    assert not FirShare.objects.exists()
    logged = AuditEntry.objects.filter(object_type="justice.firshare").values_list(
        "action", flat=True
    )
    assert sorted(logged) == ["create", "delete"]


def test_sharing_again_changes_the_access_and_sharing_needs_a_reason(w):
    fir = w["fir"]
    services.share_fir(w["investigator"], fir, w["prosecution"], "view", "for reading")
    services.share_fir(w["investigator"], fir, w["prosecution"], "prosecute", "challan filed")
    assert FirShare.objects.get().access == "prosecute"
    with pytest.raises(ValidationError) as refused:
        services.share_fir(w["investigator"], fir, w["police_org"], "everything", " ")
    assert set(refused.value.message_dict) == {"access", "reason"}
    assert "allowed: view, prosecute" in refused.value.message_dict["access"][0]
    with pytest.raises(ValidationError) as own:
        services.share_fir(w["investigator"], fir, w["fia"], "view", "to myself")
    assert "organisation" in own.value.message_dict


def test_an_ngo_caseworker_never_reads_a_file_even_if_it_is_shared_with_their_ngo(w):
    fir = w["fir"]
    fir.cases.add(w["case_a"])
    services.share_fir(w["investigator"], fir, w["org_a"], "view", "the victim's NGO")
    caseworker = w["a_caseworker"]
    assert not sees(caseworker, fir)
    assert selectors.proceedings(caseworker, w["case_a"])  # that there are proceedings, only


def test_bad_hearings_are_refused_by_field(w):
    with pytest.raises(ValidationError) as refused:
        services.add_hearing(
            w["investigator"],
            w["fir"],
            {"court": "", "held_on": "2026-01-01", "kind": "tea", "next_on": "2025-12-31"},
        )
    problems = refused.value.message_dict
    assert set(problems) == {"court", "held_on", "kind", "next_on"}
    assert "before the FIR" in problems["held_on"][0]
    assert "allowed: framing" in problems["kind"][0]
    assert not Hearing.objects.exists()


def test_cases_and_victims_are_linked_after_registration(w):
    fir, investigator = w["fir"], w["investigator"]
    own = cases.register_case(
        investigator,
        w["fia"],
        {"first_name": "Nasreen", "family_name": "Akhtar"},
        "trafficking",
        "victim",
        opened_on=date(2026, 3, 1),
    )
    victim = own.roles.get().person
    with pytest.raises(ValidationError):  # not a client of a linked case yet
        services.link_victim(investigator, w["suspect"], victim)
    services.link_case(investigator, fir, own)
    assert list(fir.cases.all()) == [own]
    services.link_victim(investigator, w["suspect"], victim)
    assert list(w["suspect"].victims.all()) == [victim]
    with pytest.raises(ValidationError):
        services.link_case(investigator, fir, own)  # already linked
    with pytest.raises(PermissionDenied):  # a case the investigator may not see
        services.link_case(investigator, fir, w["case_b"])
    services.unlink_case(investigator, fir, own)
    assert not fir.cases.exists()
    summaries = AuditEntry.objects.filter(object_type="justice.fir").values_list(
        "summary", flat=True
    )
    assert any("linked to" in s for s in summaries) and any("unlinked" in s for s in summaries)


def test_linked_cases_name_only_the_holder_of_a_case_the_user_may_not_open(w):
    fir = w["fir"]
    fir.cases.add(w["case_a"])
    (shown,) = selectors.linked_cases(w["investigator"], fir)
    assert shown["number"] == "" and not shown["visible"]
    assert shown["organisation"] == w["org_a"].label


def test_statistics_count_a_person_of_two_agencies_once_when_linked(w):
    fir = w["fir"]
    second = services.register_fir(
        w["police"],
        w["police_org"],
        {
            "number": "19/2026",
            "station": "Saddar",
            "registered_on": "2026-04-02",
            "offences": ["PTPA-3-WC"],
        },
    )
    again = services.add_suspect(
        w["police"], second, person_data={"first_name": "Shahid", "family_name": "Iqbal"}
    )
    data_officer = factories.user((w["org_a"], Role.DATA_OFFICER), username="data-officer")

    def suspected() -> tuple[int, int]:
        rows = [r for r in selectors.statistics(data_officer) or [] if r["stage"] == "suspected"]
        return sum(r["persons"] for r in rows), sum(r["distinct_persons"] for r in rows)

    assert suspected() == (2, 2)
    identity = Identity.objects.create()
    for person in (w["suspect"].person, again.person):
        Membership.objects.create(identity=identity, person=person)
    assert suspected() == (2, 1)
    assert fir.pk != second.pk


def test_pages_show_the_file_and_let_the_owner_act(client, w):
    fir = w["fir"]
    client.force_login(w["investigator"])
    url = reverse("justice:fir_detail", args=[fir.pk])
    answer = client.post(
        reverse("justice:share", args=[fir.pk]),
        {"organisation": w["prosecution"].pk, "access": "prosecute", "reason": "challan"},
    )
    assert answer.status_code == 302
    client.post(
        reverse("justice:status", args=[fir.pk]),
        {"status": "investigation", "version": fir.version},
    )
    client.post(
        reverse("justice:seizure_add", args=[fir.pk]),
        {"seized_on": "2026-03-05", "description": "two passports", "value_pkr": ""},
    )
    page = client.get(url).content.decode()
    assert "Under investigation" in page
    assert "two passports" in page
    assert "Public Prosecution Department Punjab" in page
    assert 'data-testid="share-fir"' in page
    # the prosecutor of the department reads it and records a hearing, but does not steer
    client.force_login(w["dpp"])
    client.post(
        reverse("justice:hearing_add", args=[fir.pk]),
        {"court": "ATC-1 Lahore", "held_on": "2026-05-04", "kind": "bail", "notes": ""},
    )
    page = client.get(url).content.decode()
    assert "ATC-1 Lahore" in page
    assert 'data-testid="add-hearing"' in page
    assert 'data-testid="share-fir"' not in page and 'data-testid="add-seizure"' not in page
    refused = client.post(
        reverse("justice:status", args=[fir.pk]), {"status": "cancelled", "version": 2}
    )
    assert refused.status_code == 302
    fir.refresh_from_db()
    assert fir.status == "investigation"


def test_a_bad_hearing_on_the_page_names_its_field_and_keeps_nothing(client, w):
    client.force_login(w["investigator"])
    answer = client.post(
        reverse("justice:hearing_add", args=[w["fir"].pk]),
        {"court": "ATC", "held_on": "2026-05-04", "kind": "bail", "next_on": "2026-05-01"},
        follow=True,
    )
    assert "next_on: the next hearing must come after this one" in answer.content.decode()
    assert not Hearing.objects.exists()


def test_the_watchlist_page_lists_and_adds_for_investigators_only(client, w):
    client.force_login(w["investigator"])
    answer = client.post(
        reverse("justice:watchlist"),
        {
            "organisation": w["fia"].pk,
            "first_name": "Zafar",
            "family_name": "Iqbal",
            "aliases": "Zafri, Jaffar",
            "birth_year": "1980",
            "reason": "PTPA s.3",
        },
    )
    assert answer.status_code == 302
    assert "Zafar" in client.get(reverse("justice:watchlist")).content.decode()
    bad = client.post(
        reverse("justice:watchlist"), {"organisation": w["fia"].pk, "birth_year": "1700"}
    )
    assert bad.status_code == 400
    assert "not a plausible birth year" in bad.content.decode()
    client.force_login(w["a_caseworker"])
    assert client.get(reverse("justice:watchlist")).status_code == 403


def test_the_api_shares_records_hearings_and_links_cases(client, w):
    fir = w["fir"]
    client.force_login(w["investigator"])
    base = f"/api/justice/firs/{fir.pk}"
    answer = client.post(
        f"{base}/shares/",
        {"organisation": w["police_org"].pk, "access": "view", "reason": "joint raid"},
        content_type="application/json",
    )
    assert answer.status_code == 201, answer.json()
    share = answer.json()["id"]
    bad = client.post(
        f"{base}/hearings/",
        {"court": "ATC", "held_on": "2026-13-01", "kind": "bail"},
        content_type="application/json",
    )
    assert bad.status_code == 400 and "held_on" in str(bad.json())
    ok = client.post(
        f"{base}/hearings/",
        {"court": "ATC", "held_on": "2026-04-01", "kind": "bail"},
        content_type="application/json",
    )
    assert ok.status_code == 201
    own = cases.register_case(
        w["investigator"],
        w["fia"],
        {"first_name": "Nasreen"},
        "trafficking",
        "victim",
        opened_on=date(2026, 3, 1),
    )
    linked = client.post(f"{base}/cases/", {"case": own.pk}, content_type="application/json")
    assert linked.status_code == 201
    assert [x["number"] for x in linked.json()["cases"]] == [own.case_number]
    victim = own.roles.get().person
    connected = client.post(
        f"{base}/suspects/{w['suspect'].pk}/victims/",
        {"person": victim.pk},
        content_type="application/json",
    )
    assert connected.status_code == 201 and connected.json()["victims"] == [victim.pk]
    detail = client.get(f"{base}/").json()
    assert [h["kind"] for h in detail["hearings"]] == ["bail"]
    assert [s["organisation"] for s in detail["shares"]] == [w["police_org"].pk]
    client.force_login(w["police"])
    assert client.get(f"{base}/").status_code == 200
    assert (
        client.post(
            f"{base}/hearings/",
            {"court": "ATC", "held_on": "2026-04-02", "kind": "bail"},
            content_type="application/json",
        ).status_code
        == 403
    )
    client.force_login(w["investigator"])
    assert client.delete(f"{base}/shares/{share}/").status_code == 204
    assert client.delete(f"{base}/cases/{own.pk}/").status_code == 204
    client.force_login(w["police"])
    assert client.get(f"{base}/").status_code == 404


def test_the_investigating_officer_is_an_investigator_of_the_agency(client, w):
    prosecutor = factories.user((w["fia"], Role.PROSECUTOR), username="fia-prosecutor")
    client.force_login(w["investigator"])
    base = {
        "organisation": w["fia"].pk,
        "station": "AHTC Lahore",
        "registered_on": "2026-03-03",
        "offences": ["PSMA-3"],
    }
    refused = client.post(
        "/api/justice/firs/",
        {**base, "number": "8/2026", "investigating_officer": prosecutor.pk},
        content_type="application/json",
    )
    assert refused.status_code == 400
    assert "investigating_officer" in refused.json()
    made = client.post(
        "/api/justice/firs/",
        {**base, "number": "8/2026", "investigating_officer": w["investigator"].pk},
        content_type="application/json",
    )
    assert made.status_code == 201
    assert made.json()["investigating_officer"] == w["investigator"].pk
    page = client.post(
        reverse("justice:fir_new"),
        {**base, "number": "9/2026", "investigating_officer": w["investigator"].pk},
    )
    assert page.status_code == 302
    assert Fir.objects.get(number="9/2026").investigating_officer == w["investigator"]


def test_a_prosecutor_of_the_registering_agency_does_not_steer_the_investigation(w):
    prosecutor = factories.user((w["fia"], Role.PROSECUTOR), username="fia-prosecutor")
    fir = w["fir"]
    assert selectors.can_prosecute(prosecutor, fir) and not selectors.can_change(prosecutor, fir)
    for act in (
        lambda: services.set_fir_status(prosecutor, fir, "challan", fir.version),
        lambda: services.add_seizure(prosecutor, fir, "2026-03-05", "cash"),
        lambda: services.share_fir(prosecutor, fir, w["police_org"], "view", "court"),
    ):
        with pytest.raises(PermissionDenied):
            act()
    services.charge(prosecutor, w["suspect"], "PTPA-3-WC", "ATC Lahore", "2026-04-01")
