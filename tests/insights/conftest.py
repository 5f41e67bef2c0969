"""The statistics world: victims registered by two organisations, a smuggled migrant, two
FIRs of an FIA circle with suspects, charges and a conviction, and two records of one person
linked as one identity; every row made through the services, as users make them."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from tests import factories
from tests.permission_matrix import World
from tipsom.cases import services as cases
from tipsom.core.choices import OrganisationType, Role
from tipsom.justice import services as justice
from tipsom.linkage import choices as lc
from tipsom.linkage.models import Identity, LinkageRun, Membership
from tipsom.referrals import services as referrals

# What must never reach the extract: names, document and phone numbers, street.
NAMES = (
    "Zarmeena",
    "Khattak",
    "Zarmina",
    "Khatak",
    "Bashirullah",
    "Durrani",
    "Imranzeb",
    "Boatwala",
    "Witnessa",
    "Qadirjan",
    "Smugglerzai",
    "Nargisbano",
    "Recruiterkhel",
)
DOCUMENT = "35202-1234567-1"
PHONE = "3001234567"
STREET = "House 12 Testgali"


@pytest.fixture(autouse=True)
def _offence_list(db):
    """The offence list comes from a data migration; a transactional test earlier in the run
    empties every table, so put it back as the migration would."""
    from tipsom.justice import offences
    from tipsom.justice.models import Offence

    offences.load(Offence)


@pytest.fixture(autouse=True)
def _data_dir(settings, tmp_path):
    settings.DATA_DIR = tmp_path / "data"


@pytest.fixture
def w(db) -> World:
    return statistics_world()


def _victim(
    w: World, user: str, org: str, person: dict[str, Any], case_type: str, role: str, on: date
) -> tuple[Any, Any]:
    case = cases.register_case(w[user], w[org], person, case_type, role, opened_on=on)
    return case, case.roles.get().person


def statistics_world() -> World:
    """Alpha (acronym ALPHA, Punjab) and Beta Legal Aid (no acronym, Sindh) register victims;
    Gamma offers services; the FIA circle (FIA-KHI, Islamabad) registers two FIRs.

    * ``v1``: Alpha, 2025-03-10, trafficking, female born 2008, PK, current address in
      Sindh (an older one in Punjab), two screenings (the later dated one recorded first),
      a delivered service, a document and a phone;
    * ``v2``: Beta, 2026-01-15, trafficking and smuggling, male born 1990, AF, address in
      Khyber Pakhtunkhwa, not screened, a planned service only, referred to Gamma;
    * ``v3``: Beta, 2026-02-01, trafficking, sex and age unknown, no address, screened
      possible victim: the same person as ``v1`` (one identity);
    * ``migrant``: Alpha, 2026-06-01, smuggling, a smuggled migrant, male born 2000;
    * a witness in ``v1``'s case (not a client: not in the extract);
    * ``fir``: 2025-11-02, PTPA-3 and PSMA-3; suspect ``s1`` (male, born 1980, PK) charged
      under PSMA-3 on 2025-12-01 (acquitted) and PTPA-3 on 2026-01-10 (convicted
      2026-06-01); suspect ``s2`` (female) never charged;
    * ``fir2``: 2026-03-03, EO-1979, no suspect, never prosecuted.
    """
    w: World = {}
    w["alpha"] = factories.organisation("Alpha Shelter", acronym="ALPHA", province="PK-PB")
    w["beta"] = factories.organisation("Beta Legal Aid", province="PK-SD")
    w["gamma"] = factories.organisation("Gamma Shelter", acronym="GAMMA", province="PK-PB")
    w["fia"] = factories.organisation(
        "FIA Circle Islamabad",
        acronym="FIA-KHI",
        province="PK-IS",
        type=OrganisationType.GOVERNMENT,
    )
    w["a_caseworker"] = factories.user((w["alpha"], Role.CASEWORKER), username="alpha-caseworker")
    w["b_caseworker"] = factories.user((w["beta"], Role.CASEWORKER), username="beta-caseworker")
    w["c_orgadmin"] = factories.user((w["gamma"], Role.ORG_ADMIN), username="gamma-admin")
    w["investigator"] = factories.user((w["fia"], Role.INVESTIGATOR), username="fia-investigator")
    w["data_officer"] = factories.user((w["alpha"], Role.DATA_OFFICER), username="alpha-data")
    w["secretariat"] = factories.user((w["alpha"], Role.SECRETARIAT), username="the-secretariat")

    alpha_cw, beta_cw = w["a_caseworker"], w["b_caseworker"]
    # --- v1 ---
    w["case_v1"], w["v1"] = _victim(
        w,
        "a_caseworker",
        "alpha",
        {
            "first_name": "Zarmeena",
            "family_name": "Khattak",
            "sex": "female",
            "birth_year": 2008,
            "citizenships": ["PK"],
        },
        "trafficking",
        "victim",
        date(2025, 3, 10),
    )
    cases.add_address(
        alpha_cw, w["v1"], {"street": STREET, "province": "PK-PB", "is_current": False}
    )
    cases.add_address(
        alpha_cw, w["v1"], {"street": STREET, "city": "Hyderabad", "province": "PK-SD"}
    )
    cases.add_document(alpha_cw, w["v1"], "cnic", DOCUMENT)
    cases.add_phone(alpha_cw, w["v1"], f"+92 {PHONE[:3]} {PHONE[3:]}")
    for screened_on, status, forms in (
        (date(2025, 5, 1), "ActualVictimOfTrafficking", ["SexualExploitation", "ForcedLabour"]),
        (date(2025, 4, 1), "PossibleVictimOfTrafficking", ["ForcedBegging"]),
    ):
        cases.record_screening(
            alpha_cw,
            w["case_v1"],
            w["v1"],
            {
                "screened_on": screened_on,
                "trafficking_status": status,
                "decided_by": "NGO",
                "exploitation_types": forms,
            },
        )
    cases.add_service(
        alpha_cw,
        w["case_v1"],
        {
            "type": "shelter",
            "provider": w["alpha"],
            "status": "delivered",
            "delivered_on": date(2025, 3, 12),
        },
    )
    witness = cases.create_person(alpha_cw, w["alpha"], {"first_name": "Witnessa"})
    cases.add_person_to_case(alpha_cw, w["case_v1"], witness, "witness")
    # --- v2 ---
    w["case_v2"], w["v2"] = _victim(
        w,
        "b_caseworker",
        "beta",
        {
            "first_name": "Bashirullah",
            "family_name": "Durrani",
            "sex": "male",
            "birth_year": 1990,
            "citizenships": ["AF"],
        },
        "both",
        "victim",
        date(2026, 1, 15),
    )
    cases.add_address(beta_cw, w["v2"], {"street": STREET, "province": "PK-KP"})
    cases.add_service(
        beta_cw, w["case_v2"], {"type": "medical", "provider": w["beta"], "status": "planned"}
    )
    referrals.add_offer(w["c_orgadmin"], w["gamma"], {"service": "shelter", "provinces": ["PK-PB"]})
    cases.record_consent(beta_cw, w["v2"], "referral", "given", date(2026, 1, 16), w["case_v2"])
    w["referral"] = referrals.refer(
        beta_cw, w["case_v2"], "referral", w["gamma"], service="shelter", sections=["support"]
    )
    # --- v3: v1 again, registered by Beta ---
    w["case_v3"], w["v3"] = _victim(
        w,
        "b_caseworker",
        "beta",
        {"first_name": "Zarmina", "family_name": "Khatak"},
        "trafficking",
        "victim",
        date(2026, 2, 1),
    )
    cases.record_screening(
        beta_cw,
        w["case_v3"],
        w["v3"],
        {
            "screened_on": date(2026, 2, 2),
            "trafficking_status": "PossibleVictimOfTrafficking",
            "decided_by": "NGO",
            "exploitation_types": ["ForcedMarriage"],
        },
    )
    w["run"] = LinkageRun.objects.create(
        kind=lc.RunKind.FULL,
        status=lc.RunStatus.DONE,
        match_threshold=0.8,
        review_threshold=0.5,
        records=2,
    )
    w["identity"] = Identity.objects.create()
    for person in (w["v1"], w["v3"]):
        Membership.objects.create(identity=w["identity"], person=person)
    # --- a smuggled migrant ---
    w["case_migrant"], w["migrant"] = _victim(
        w,
        "a_caseworker",
        "alpha",
        {
            "first_name": "Imranzeb",
            "family_name": "Boatwala",
            "sex": "male",
            "birth_year": 2000,
            "citizenships": ["PK"],
        },
        "smuggling",
        "smuggled_migrant",
        date(2026, 6, 1),
    )
    # --- the criminal-justice side ---
    investigator = w["investigator"]
    w["fir"] = justice.register_fir(
        investigator,
        w["fia"],
        {
            "number": "1/2025",
            "station": "AHTC Islamabad",
            "registered_on": "2025-11-02",
            "offences": ["PTPA-3", "PSMA-3"],
        },
    )
    w["s1"] = justice.add_suspect(
        investigator,
        w["fir"],
        person_data={
            "first_name": "Qadirjan",
            "family_name": "Smugglerzai",
            "sex": "male",
            "birth_year": 1980,
            "citizenships": ["PK"],
        },
    )
    w["s2"] = justice.add_suspect(
        investigator,
        w["fir"],
        person_data={"first_name": "Nargisbano", "family_name": "Recruiterkhel", "sex": "female"},
    )
    acquitted = justice.charge(investigator, w["s1"], "PSMA-3", "ATC Islamabad", "2025-12-01")
    justice.record_verdict(investigator, acquitted, "acquitted", "2026-02-01", version=1)
    convicted = justice.charge(investigator, w["s1"], "PTPA-3", "ATC Islamabad", "2026-01-10")
    justice.record_verdict(investigator, convicted, "convicted", "2026-06-01", 24, version=1)
    w["fir2"] = justice.register_fir(
        investigator,
        w["fia"],
        {
            "number": "2/2026",
            "station": "AHTC Islamabad",
            "registered_on": "2026-03-03",
            "offences": ["EO-1979"],
        },
    )
    return w


# --- releases ---------------------------------------------------------------------------------

# The further victims of the release world, each with a name no published file may hold.
RELEASE_VICTIMS = 48
RELEASE_NAMES = tuple(
    f"Relvictim{chr(97 + i // 26)}{chr(97 + i % 26)}" for i in range(RELEASE_VICTIMS)
)
# Parameters that leave something to publish in a world of some fifty victims. The number
# of synthetic records is fixed: left to the noisy count of records (the default), a world
# this small often gets none.
SMALL_RELEASE = {"threshold": 5, "resolution": 2, "reporting_length": 2, "synthetic_rows": 100}
RELEASE_FORMS = (
    ["SexualExploitation"],
    ["ForcedLabour"],
    ["SexualExploitation"],
    ["ForcedBegging"],
)


def release_world() -> World:
    """The statistics world with enough victims of trafficking for a useful release:
    `RELEASE_VICTIMS` more, registered by Alpha in 2025 (two thirds female, born 1990 to
    2009, Pakistani or Afghan, living in Punjab or Sindh, screened as actual victims of
    sexual exploitation, forced labour or begging), a second data officer and an auditor,
    and an extract taken after them."""
    from tipsom.insights import services as insights

    w = statistics_world()
    for index, name in enumerate(RELEASE_NAMES):
        case, person = _victim(
            w,
            "a_caseworker",
            "alpha",
            {
                "first_name": name,
                "family_name": f"{name}khel",
                "sex": "female" if index % 3 else "male",
                "birth_year": 1990 + index % 20,
                "citizenships": ["PK" if index % 4 else "AF"],
            },
            "trafficking",
            "victim",
            date(2025, 1 + index % 12, 1 + index % 28),
        )
        cases.add_address(
            w["a_caseworker"],
            person,
            {"street": STREET, "province": "PK-PB" if index % 2 else "PK-SD"},
        )
        cases.record_screening(
            w["a_caseworker"],
            case,
            person,
            {
                "screened_on": date(2025, 12, 1),
                "trafficking_status": "ActualVictimOfTrafficking",
                "decided_by": "NGO",
                "exploitation_types": RELEASE_FORMS[index % len(RELEASE_FORMS)],
            },
        )
    w["data_officer_2"] = factories.user((w["beta"], Role.DATA_OFFICER), username="beta-data")
    w["auditor"] = factories.user((w["alpha"], Role.AUDITOR), username="the-auditor")
    w["extract"] = insights.take_extract(w["data_officer"])
    return w


@pytest.fixture
def rw(db, settings) -> World:
    """The release world, with a privacy budget large enough for every release a test
    prepares (the budget tests set their own)."""
    settings.TIPSOM_PRIVACY_EPSILON = 1000.0
    return release_world()
