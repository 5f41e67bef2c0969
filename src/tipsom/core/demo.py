"""A synthetic network for demonstration and tests: organisations, contact points, a user per role.

Names of people and phone numbers are invented; organisation names follow the real
network's shape (UN agencies, FIA and its circles, police, ministries, NGOs per province).
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from django.db import transaction

from tipsom.core import services
from tipsom.core.choices import NetworkStatus, OrganisationType, Role
from tipsom.core.models import Organisation, User

DEMO_PASSWORD = "tipsom-demo-2026"  # noqa: S105 - published demo credential, demo data only

T = OrganisationType
# (name, acronym, type, province, district, parent acronym, network status)
# fmt: off
ORGANISATIONS: list[tuple[str, str, str, str, str, str, str]] = [
    ("International Organization for Migration", "IOM", T.UN_AGENCY, "PK-IS", "Islamabad", "", "member"),
    ("United Nations Office on Drugs and Crime", "UNODC", T.UN_AGENCY, "PK-IS", "Islamabad", "", "member"),
    ("United Nations High Commissioner for Refugees", "UNHCR", T.UN_AGENCY, "PK-IS", "Islamabad", "", "member"),
    ("United Nations Children's Fund", "UNICEF", T.UN_AGENCY, "PK-IS", "Islamabad", "", "member"),
    ("UN Women", "UNW", T.UN_AGENCY, "PK-IS", "Islamabad", "", "member"),
    ("International Labour Organization", "ILO", T.UN_AGENCY, "PK-IS", "Islamabad", "", "member"),
    ("Federal Investigation Agency", "FIA", T.LAW_ENFORCEMENT, "PK-IS", "Islamabad", "", "member"),
    ("FIA Anti-Human Trafficking Circle Islamabad", "FIA-ISB", T.LAW_ENFORCEMENT, "PK-IS", "Islamabad", "FIA", "member"),
    ("FIA Anti-Human Trafficking Circle Lahore", "FIA-LHR", T.LAW_ENFORCEMENT, "PK-PB", "Lahore", "FIA", "member"),
    ("FIA Anti-Human Trafficking Circle Gujranwala", "FIA-GRW", T.LAW_ENFORCEMENT, "PK-PB", "Gujranwala", "FIA", "member"),
    ("FIA Anti-Human Trafficking Circle Karachi", "FIA-KHI", T.LAW_ENFORCEMENT, "PK-SD", "Karachi", "FIA", "member"),
    ("FIA Anti-Human Trafficking Circle Peshawar", "FIA-PEW", T.LAW_ENFORCEMENT, "PK-KP", "Peshawar", "FIA", "member"),
    ("FIA Anti-Human Trafficking Circle Quetta", "FIA-UET", T.LAW_ENFORCEMENT, "PK-BA", "Quetta", "FIA", "member"),
    ("Punjab Police", "PP", T.LAW_ENFORCEMENT, "PK-PB", "Lahore", "", "observer"),
    ("Sindh Police", "SP", T.LAW_ENFORCEMENT, "PK-SD", "Karachi", "", "observer"),
    ("Khyber Pakhtunkhwa Police", "KPP", T.LAW_ENFORCEMENT, "PK-KP", "Peshawar", "", "observer"),
    ("Balochistan Police", "BP", T.LAW_ENFORCEMENT, "PK-BA", "Quetta", "", "observer"),
    ("Ministry of Interior", "MoI", T.GOVERNMENT, "PK-IS", "Islamabad", "", "member"),
    ("Ministry of Foreign Affairs", "MoFA", T.GOVERNMENT, "PK-IS", "Islamabad", "", "member"),
    ("Ministry of Overseas Pakistanis and Human Resource Development", "MOPHRD", T.GOVERNMENT, "PK-IS", "Islamabad", "", "member"),
    ("Bureau of Emigration and Overseas Employment", "BEOE", T.GOVERNMENT, "PK-IS", "Islamabad", "MOPHRD", "member"),
    ("National Commission for Human Rights", "NCHR", T.GOVERNMENT, "PK-IS", "Islamabad", "", "member"),
    ("Punjab Safe Shelter Society", "PSSS", T.NGO, "PK-PB", "Lahore", "", "member"),
    ("Sindh Legal Aid Forum", "SLAF", T.NGO, "PK-SD", "Karachi", "", "member"),
    ("Khyber Returnee Support Network", "KRSN", T.NGO, "PK-KP", "Peshawar", "", "member"),
    ("Balochistan Migrant Rights Initiative", "BMRI", T.NGO, "PK-BA", "Quetta", "", "member"),
    ("Islamabad Psychosocial Care Centre", "IPCC", T.NGO, "PK-IS", "Islamabad", "", "member"),
    ("Gilgit-Baltistan Community Development Trust", "GBCDT", T.NGO, "PK-GB", "Gilgit", "", "observer"),
    ("Azad Kashmir Women's Aid", "AKWA", T.NGO, "PK-JK", "Muzaffarabad", "", "observer"),
    ("Centre for Migration Studies, Quaid-i-Azam University", "CMS-QAU", T.ACADEMIA, "PK-IS", "Islamabad", "", "observer"),
    ("Pakistan Association of Overseas Employment Promoters", "PAOEP", T.PRIVATE_SECTOR, "PK-PB", "Lahore", "", "non_member"),
    ("Journalists for Safe Migration", "JSM", T.MEDIA, "PK-SD", "Karachi", "", "non_member"),
    ("Migration Multi-Partner Trust Fund", "MPTF", T.DONOR, "", "", "", "non_member"),
]
# fmt: on


@dataclass(frozen=True)
class DemoUser:
    username: str
    role: str
    organisation: str  # acronym


USERS = [
    DemoUser("caseworker", Role.CASEWORKER, "PSSS"),
    DemoUser("supervisor", Role.SUPERVISOR, "PSSS"),
    DemoUser("orgadmin", Role.ORG_ADMIN, "PSSS"),
    DemoUser("caseworker.iom", Role.CASEWORKER, "IOM"),
    DemoUser("investigator", Role.INVESTIGATOR, "FIA-LHR"),
    DemoUser("prosecutor", Role.PROSECUTOR, "FIA-LHR"),
    DemoUser("dataofficer", Role.DATA_OFFICER, "IOM"),
    DemoUser("secretariat", Role.SECRETARIAT, "IOM"),
    DemoUser("programme", Role.PROGRAMME_MANAGER, "UNODC"),
    DemoUser("auditor", Role.AUDITOR, "NCHR"),
    DemoUser("sysadmin", Role.SYSTEM_ADMIN, "IOM"),
]

FIRST = [
    "Ayesha",
    "Bilal",
    "Farah",
    "Imran",
    "Khadija",
    "Omar",
    "Saima",
    "Tariq",
    "Zainab",
    "Usman",
]
LAST = ["Ahmed", "Baloch", "Chaudhry", "Durrani", "Khan", "Malik", "Qureshi", "Shah", "Siddiqui"]


def seeded() -> bool:
    return (
        Organisation.objects.filter(acronym="IOM").exists()
        and User.objects.filter(username="caseworker").exists()
    )


@transaction.atomic
def seed(rng_seed: int = 2026) -> None:
    """Create the demo network once; does nothing if it is already there."""
    if seeded():
        return
    rng = random.Random(rng_seed)  # noqa: S311 - synthetic names, not secrets
    root = User(is_superuser=True, is_active=True)  # the seeding script acts as the system
    by_acronym: dict[str, Organisation] = {}
    for name, acronym, kind, province, district, parent, status in ORGANISATIONS:
        org = services.create_organisation(
            root,
            {
                "name": name,
                "acronym": acronym,
                "type": kind,
                "province": province,
                "district": district,
                "parent": by_acronym.get(parent),
                "network_status": status,
                "joined_network_on": None if status == NetworkStatus.NON_MEMBER else "2024-05-15",
            },
        )
        by_acronym[acronym] = org
        for primary in (True, False):
            services.add_contact_point(
                root,
                org,
                {
                    "name": f"{rng.choice(FIRST)} {rng.choice(LAST)}",
                    "title": "Focal point" if primary else "Alternate focal point",
                    "email": f"focal.{acronym.lower()}{'' if primary else '2'}@example.org",
                    "phone": f"+92 3{rng.randint(0, 4)}{rng.randint(0, 9)} "
                    f"{rng.randint(1000000, 9999999)}",
                    "is_primary": primary,
                },
            )
    for demo in USERS:
        services.create_user(
            root,
            by_acronym[demo.organisation],
            username=demo.username,
            first_name=rng.choice(FIRST),
            last_name=rng.choice(LAST),
            email=f"{demo.username}@example.org",
            roles=[demo.role],
            password=DEMO_PASSWORD,
        )


def logins() -> list[tuple[str, str, str]]:
    return [(u.username, str(Role(u.role).label), u.organisation) for u in USERS]
