"""Criminal-justice records: the offence list, FIRs, suspects, charges and verdicts, and who
may see the investigation file."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from tests import factories, worlds
from tipsom.core.choices import Role
from tipsom.core.models import AuditEntry
from tipsom.justice import choices as c
from tipsom.justice import selectors, services
from tipsom.justice.models import Charge, Fir, Offence, Suspect
from tipsom.justice.offences import OFFENCES


@pytest.fixture
def w(db):
    w = worlds.cases_world()
    fia = factories.organisation("FIA Anti-Human Trafficking Circle Lahore")
    w["fia"] = fia
    w["investigator"] = factories.user((fia, Role.INVESTIGATOR), username="fia-investigator")
    w["prosecutor"] = factories.user((fia, Role.PROSECUTOR), username="fia-prosecutor")
    other = factories.organisation("Police Station Saddar")
    w["police"] = factories.user((other, Role.INVESTIGATOR), username="police-investigator")
    # the NGO caseworker's case, which the FIR concerns; the investigator is told of it
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
    return w


def test_the_offence_list_is_loaded_with_its_ranges(db):
    loaded = {o.code: o for o in Offence.objects.all()}
    assert set(loaded) >= {row["code"] for row in OFFENCES}
    assert (loaded["PTPA-3-WC"].min_months, loaded["PTPA-3-WC"].max_months) == (24, 120)
    assert loaded["PSMA-3"].max_fine == 1_000_000


def test_an_unknown_offence_code_is_refused_with_the_valid_ones(w):
    with pytest.raises(ValidationError) as refused:
        services.register_fir(
            w["investigator"],
            w["fia"],
            {
                "number": "113/2026",
                "station": "AHTC Lahore",
                "registered_on": "2026-03-03",
                "offences": ["PTPA-99"],
            },
        )
    message = refused.value.message_dict["offences"][0]
    assert "'PTPA-99'" in message and "PTPA-3" in message and "PSMA-3" in message
    assert not Fir.objects.filter(number="113/2026").exists()


def test_bad_fir_fields_are_named(w):
    with pytest.raises(ValidationError) as refused:
        services.register_fir(
            w["investigator"], w["fia"], {"number": "112/2026", "registered_on": "2999-01-01"}
        )
    errors = refused.value.message_dict
    assert {"number", "station", "registered_on", "offences"} <= set(errors)
    assert "already registered" in errors["number"][0]


def test_suspects_charges_and_a_conviction_inside_the_range(w):
    suspect = services.add_suspect(
        w["investigator"],
        w["fir"],
        person_data={"first_name": "Javed", "family_name": "Iqbal", "sex": "male"},
        roles=["RecruiterOrIntermediary", "Smuggler"],
        aliases=["Javi", "Agent Javed"],
        network="Gujrat travel ring",
        arrested_on="2026-03-05",
    )
    assert suspect.person.organisation == w["fia"]
    with pytest.raises(ValidationError, match="allowed: TravellingPartner"):
        services.add_suspect(
            w["investigator"], w["fir"], person_data={"first_name": "X"}, roles=["Boss"]
        )
    charged = services.charge(
        w["investigator"], suspect, "PTPA-3-WC", "Sessions Court Lahore", "2026-04-01"
    )
    decided = services.record_verdict(
        w["prosecutor"], charged, "convicted", "2026-10-01", 60, 500_000, version=1
    )
    assert decided.sentence_warnings == []
    entry = AuditEntry.objects.filter(object_type="justice.charge", object_id=str(charged.pk))
    assert entry.count() == 2  # charged, decided


def test_a_sentence_outside_the_legal_range_warns_and_is_kept(w):
    suspect = services.add_suspect(
        w["investigator"], w["fir"], person_data={"first_name": "Tariq", "family_name": "Mehmood"}
    )
    charged = services.charge(w["investigator"], suspect, "PSMA-3", "Sessions Court", "2026-04-01")
    decided = services.record_verdict(
        w["investigator"], charged, "convicted", "2026-10-01", 96, 3_000_000, version=1
    )
    assert Charge.objects.get(pk=charged.pk).imprisonment_months == 96
    joined = " | ".join(decided.sentence_warnings)
    assert "96 months" in joined and "60 months" in joined and "PKR 3,000,000" in joined
    low = services.charge(w["investigator"], suspect, "PTPA-3-WC", "Sessions Court", "2026-04-01")
    decided = services.record_verdict(
        w["investigator"], low, "convicted", "2026-10-01", 6, None, version=1
    )
    assert "below the least" in decided.sentence_warnings[0]
    # "and/or": a fine alone is a lawful sentence for PTPA-3-WC
    fine_only = services.charge(w["investigator"], suspect, "PTPA-3-WC", "Court", "2026-04-01")
    decided = services.record_verdict(
        w["investigator"], fine_only, "convicted", "2026-10-01", None, 200_000, version=1
    )
    assert decided.sentence_warnings == []
    unchecked = services.charge(w["investigator"], suspect, "EO-1979", "Court", "2026-04-01")
    decided = services.record_verdict(
        w["investigator"], unchecked, "convicted", "2026-10-01", 12, None, version=1
    )
    assert "not checked" in decided.sentence_warnings[0]


def test_verdicts_that_do_not_add_up_are_refused(w):
    suspect = services.add_suspect(
        w["investigator"], w["fir"], person_data={"first_name": "Asif", "family_name": "Ali"}
    )
    charged = services.charge(w["investigator"], suspect, "PSMA-3", "Court", "2026-04-01")
    with pytest.raises(ValidationError, match="needs its sentence"):
        services.record_verdict(w["investigator"], charged, "convicted", "2026-10-01", version=1)
    with pytest.raises(ValidationError, match="only a conviction"):
        services.record_verdict(
            w["investigator"], charged, "acquitted", "2026-10-01", 12, version=1
        )
    with pytest.raises(ValidationError, match="before the charge"):
        services.record_verdict(w["investigator"], charged, "acquitted", "2026-01-01", version=1)
    with pytest.raises(ValidationError) as refused:
        services.record_verdict(w["investigator"], charged, "guilty", "2026-10-01", version=1)
    assert "outcome" in refused.value.message_dict
    with pytest.raises(ValidationError):
        services.charge(w["investigator"], suspect, "PPC-420", "Court", "2026-04-01")


def test_the_investigation_file_is_law_enforcement_only(w):
    fir = w["fir"]
    assert list(selectors.firs(w["investigator"])) == [fir]
    assert list(selectors.firs(w["prosecutor"])) == [fir]
    # the NGO caseworker manages the victim's case, but not the investigation
    assert not selectors.firs(w["a_caseworker"]).exists()
    assert not Suspect.objects.restrict(w["a_caseworker"]).exists()
    assert not selectors.firs(w["police"]).exists()  # another agency
    with pytest.raises(PermissionDenied):
        services.add_suspect(w["a_caseworker"], fir, person_data={"first_name": "Z"})
    with pytest.raises(PermissionDenied):
        services.register_fir(
            w["a_caseworker"],
            w["org_a"],
            {"number": "1", "station": "x", "registered_on": "2026-01-01", "offences": ["PSMA-3"]},
        )
    # ... yet knows that the case has criminal proceedings, and how far they are
    shown = selectors.proceedings(w["a_caseworker"], w["case_a"])
    assert shown == [
        {"agency": w["fia"].name, "status": "Registered", "registered_on": date(2026, 3, 2)}
    ]
    assert selectors.proceedings(w["b_caseworker"], w["case_a"]) is None  # not their case
    services.set_fir_status(w["investigator"], fir, c.FirStatus.INVESTIGATION, fir.version)
    assert selectors.proceedings(w["a_caseworker"], w["case_a"])[0]["status"] == (
        "Under investigation"
    )


def test_a_new_suspect_matching_the_watchlist_under_another_spelling_raises_a_hit(w):
    from tipsom.cases import services as cases
    from tipsom.justice.models import WatchlistHit

    entry = services.add_to_watchlist(
        w["investigator"],
        w["fia"],
        {
            "first_name": "Muhammad Imran",
            "family_name": "Qureshi",
            "father_name": "Ghulam Nabi",
            "aliases": ["Imran Kala"],
            "document": "35202-1234567-1",
            "reason": "smuggling ring, Gujrat to Libya",
        },
    )
    services.add_suspect(
        w["investigator"],
        w["fir"],
        person_data={"first_name": "Mohd Imraan", "family_name": "Kureshi"},
        roles=["Smuggler"],
    )
    services.add_suspect(
        w["investigator"], w["fir"], person_data={"first_name": "Bilal", "family_name": "Shah"}
    )
    (hit,) = WatchlistHit.objects.all()
    assert hit.entry == entry and "names alike by sound" in hit.reasons
    # a person registered elsewhere, found by document added after the person
    person = cases.create_person(w["a_caseworker"], w["org_a"], {"first_name": "Someone"})
    assert WatchlistHit.objects.count() == 1
    cases.add_document(w["a_caseworker"], person, "cnic", "35202-1234567-1")
    assert WatchlistHit.objects.filter(person=person, entry=entry).exists()
    # the listing agency's investigators see and decide the hits; no one else does
    assert WatchlistHit.objects.restrict(w["investigator"]).count() == 2
    assert not WatchlistHit.objects.restrict(w["police"]).exists()
    assert not WatchlistHit.objects.restrict(w["a_caseworker"]).exists()
    with pytest.raises(ValidationError, match="allowed: confirmed, dismissed"):
        services.decide_hit(w["investigator"], hit, "maybe")
    with pytest.raises(PermissionDenied):
        services.decide_hit(w["police"], hit, "dismissed")
    services.decide_hit(w["investigator"], hit, "confirmed")
    with pytest.raises(ValidationError, match="already confirmed"):
        services.decide_hit(w["investigator"], hit, "dismissed")
    assert AuditEntry.objects.filter(object_type="justice.watchlisthit").count() >= 3


def test_the_statistics_count_persons_suspected_prosecuted_and_convicted(w):
    from tipsom.cases import services as cases

    adult = cases.create_person(
        w["investigator"],
        w["fia"],
        {
            "first_name": "Javed",
            "family_name": "Iqbal",
            "sex": "male",
            "birth_year": 1980,
            "citizenships": ["PK"],
        },
    )
    minor = cases.create_person(
        w["investigator"],
        w["fia"],
        {
            "first_name": "Sana",
            "family_name": "Gul",
            "sex": "female",
            "birth_year": 2010,
            "citizenships": ["AF"],
        },
    )
    one = services.add_suspect(w["investigator"], w["fir"], person=adult)
    services.add_suspect(w["investigator"], w["fir"], person=minor)
    for code in ("PTPA-3-WC", "PTPA-4"):  # two trafficking charges: one person prosecuted
        charged = services.charge(w["investigator"], one, code, "Court", "2026-04-01")
    services.record_verdict(w["investigator"], charged, "convicted", "2026-10-01", 48, version=1)
    rows = selectors.statistics(w["investigator"])

    def cell(stage, offence, sex):
        return sum(
            r["persons"]
            for r in rows
            if (r["stage"], r["offence"], r["sex"]) == (stage, offence, sex)
        )

    # the FIR names PTPA-3-WC and PSMA-3: both suspects count under both offence groups
    assert cell("suspected", "trafficking", "male") == 1
    assert cell("suspected", "smuggling", "female") == 1
    assert cell("prosecuted", "trafficking", "male") == 1
    assert cell("convicted", "trafficking", "male") == 1
    assert cell("convicted", "trafficking", "female") == 0
    girl = [r for r in rows if r["sex"] == "female"]
    assert {(r["age_group"], r["citizenship"]) for r in girl} == {("child", "foreign")}
    assert all(r["year"] == 2026 for r in rows)
    assert selectors.statistics(w["police"]) == []  # another agency's FIRs are not theirs
    assert selectors.statistics(w["a_caseworker"]) is None


def test_seizures_status_and_appeals_are_recorded_and_checked(w):
    seizure = services.add_seizure(
        w["investigator"], w["fir"], "2026-03-04", "forged visas and a laptop", 250_000
    )
    assert seizure.fir == w["fir"]
    with pytest.raises(ValidationError) as refused:
        services.add_seizure(w["investigator"], w["fir"], "2026-01-01", " ", -5)
    assert {"seized_on", "description", "value_pkr"} <= set(refused.value.message_dict)
    fir = services.set_fir_status(w["investigator"], w["fir"], "challan", w["fir"].version)
    assert fir.get_status_display().startswith("Charge sheet")
    with pytest.raises(ValidationError, match="allowed: registered"):
        services.set_fir_status(w["investigator"], fir, "solved", fir.version)
    suspect = services.add_suspect(
        w["investigator"], w["fir"], person_data={"first_name": "Asif", "family_name": "Ali"}
    )
    charged = services.charge(w["investigator"], suspect, "PSMA-3", "Court", "2026-04-01")
    with pytest.raises(ValidationError, match="only a decided charge"):
        services.record_appeal(w["prosecutor"], charged, "2026-11-01", "High Court", version=1)
    services.record_verdict(w["investigator"], charged, "acquitted", "2026-09-01", version=1)
    with pytest.raises(ValidationError, match="before the decision"):
        services.record_appeal(w["prosecutor"], charged, "2026-08-01", "High Court", version=2)
    appealed = services.record_appeal(
        w["prosecutor"], charged, "2026-11-01", "Lahore High Court", version=2
    )
    assert (appealed.appeal_court, appealed.appeal_outcome) == ("Lahore High Court", "pending")
    with pytest.raises(PermissionDenied):
        services.add_seizure(w["a_caseworker"], w["fir"], "2026-03-05", "cash")


def test_bulk_loaded_persons_are_checked_by_the_command(w):
    from io import StringIO

    from django.core.management import call_command

    from tipsom.cases.models import IdentityDocument, Person
    from tipsom.justice.models import WatchlistHit

    services.add_to_watchlist(
        w["investigator"],
        w["fia"],
        {"first_name": "Rashid", "family_name": "Mehmood", "document": "42101-7654321-3"},
    )
    (loaded,) = Person.objects.bulk_create(
        [Person(organisation=w["org_b"], first_name="Rasheed", family_name="Mahmood")]
    )
    (by_document,) = Person.objects.bulk_create(
        [Person(organisation=w["org_b"], first_name="Unknown")]
    )
    IdentityDocument.objects.bulk_create(
        [IdentityDocument(person=by_document, type="cnic", number="42101-7654321-3")]
    )
    assert not WatchlistHit.objects.exists()  # bulk writes send no signal
    out = StringIO()
    call_command("justice", "watchlist-check", stdout=out)
    assert set(WatchlistHit.objects.values_list("person", flat=True)) == {loaded.pk, by_document.pk}
    assert "2 new watchlist hits" in out.getvalue()
    call_command("justice", "watchlist-check", "--days", "1", stdout=out)
    assert WatchlistHit.objects.count() == 2  # once only
