"""Synthetic persons and cases at any size, for demonstrations and load tests.

`generate(n)` adds ``n`` invented Pakistani (and some Afghan) persons to the demo network
(`tipsom.core.demo.seed`), in cases owned by its caseworkers: smuggling along the Iran –
Turkey – Greece and the Egypt/UAE – Libya – Italy routes, labour exploitation in the Gulf,
bonded labour and servitude inside Pakistan. Every value is drawn from a seeded
`random.Random`, so a seed gives the same names, places and dates again.

Nothing here goes through the per-row services: they audit every row, which is far too slow
for a million persons. Rows are built in memory a batch at a time and written with
`bulk_create`; encryption happens in `EncryptedTextField.get_prep_value` and the blind
indexes in `BlindIndexField.pre_save`, both of which `bulk_create` calls. Name tokens are
computed as `services.refresh_name_tokens` does. The whole load is one transaction with one
audit entry summarising it.
"""

from __future__ import annotations

import itertools
import json
import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from functools import lru_cache
from typing import Any

from django.db import DEFAULT_DB_ALIAS, connection, connections, models, reset_queries, transaction
from django.db.models import Max
from django.utils import timezone

from tipsom.cases import choices as c
from tipsom.cases.models import (
    Address,
    Case,
    CaseRole,
    Consent,
    IdentityDocument,
    Person,
    PersonNameToken,
    Phone,
    Screening,
    TraffickingEvent,
)
from tipsom.cases.services import _case_prefix
from tipsom.core import audit
from tipsom.core import demo as network
from tipsom.core.choices import AuditAction
from tipsom.core.crypto import blind_index, keyed_token
from tipsom.core.fields import BlindIndexField, EncryptedTextField
from tipsom.core.models import Organisation, User
from tipsom.engine.standards import names

DEFAULT_SEED = 2026
FIRST_DAY = date(2019, 1, 1)

# Demo users who own the generated cases, with their share of the cases.
OWNERS: tuple[tuple[str, int], ...] = (
    ("caseworker.iom", 45),
    ("caseworker", 35),
    ("investigator", 20),
)
# Who decided a trafficking status, by the owner's organisation.
DECIDED_BY = {"IOM": c.DecisionMakingOrg.OTHER, "PSSS": c.DecisionMakingOrg.NGO}

# --- names -----------------------------------------------------------------------------------


def _list(text: str) -> list[str]:
    """Names written as one comma-separated text: ``"Ali, Abdul Rehman"`` -> two names."""
    return [item.strip() for item in text.split(",") if item.strip()]


MALE = _list(
    "Ali, Ahmed, Bilal, Imran, Usman, Tariq, Asif, Kamran, Faisal, Shahid, Zahid, Naveed, Waqas,"
    "Adnan, Irfan, Zeeshan, Hamza, Hassan, Hussain, Abdullah, Arslan, Umar, Yousaf, Rizwan, Sajid,"
    "Nadeem, Shahzad, Akram, Aslam, Javed, Khalid, Tahir, Mansoor, Asghar, Amjad, Sohail, Junaid,"
    "Farhan, Atif, Babar, Danish, Ehsan, Fahad, Haroon, Iqbal, Jahangir, Mudassar, Nasir, Qaiser,"
    "Rashid, Sarfraz, Tanveer, Waseem, Yasir, Zubair, Shahbaz, Awais, Umair, Mohsin, Kashif,"
    "Sheraz, Shoaib, Tayyab, Abrar, Zaheer, Noman, Saleem, Abdul Rehman, Abdul Qadeer,"
    "Ghulam Rasool, Ghulam Abbas, Inam ul Haq, Zia ud Din, Fazal ur Rehman, Saifullah, Ali Raza,"
    "Noor Ahmed"
)
MALE_PASHTUN = _list(
    "Gul Khan, Wali Khan, Naqibullah, Ihsanullah, Aminullah, Zabihullah, Samiullah, Hayatullah,"
    "Asadullah, Rahimullah, Sher Ali, Jan Muhammad, Noor Wali, Bakht Zada, Shah Faisal"
)
MALE_BALOCH = _list("Hammal, Jalal, Dad Karim, Shahdad, Bahram, Mir Hazar, Baran, Nabi Bakhsh")
MALE_SINDHI = _list(
    "Ali Nawaz, Ghulam Mustafa, Imdad Ali, Sikandar Ali, Manzoor Ahmed, Shaman Ali, Nisar Ahmed,"
    "Ali Gohar"
)
FEMALE = _list(
    "Ayesha, Fatima, Zainab, Khadija, Maryam, Saima, Nasreen, Shazia, Rukhsana, Parveen, Bushra,"
    "Samina, Nazia, Sadia, Amna, Hina, Rabia, Sana, Kiran, Iqra, Mehwish, Sobia, Uzma, Farzana,"
    "Shabana, Naseem, Razia, Tahira, Asma, Noreen, Sidra, Mahnoor, Aqsa, Anam, Hira, Javeria,"
    "Kalsoom, Zarina, Shagufta, Robina, Nargis, Sughra, Zubaida, Shamim, Rehana, Gul Bano,"
    "Mah Jabeen, Noor Jehan, Bibi Hajra"
)
FATHERS = _list(
    "Muhammad Aslam, Muhammad Akram, Muhammad Ashraf, Muhammad Sharif, Muhammad Boota,"
    "Muhammad Latif, Muhammad Yousaf, Muhammad Iqbal, Ghulam Nabi, Ghulam Muhammad, Ghulam Qadir,"
    "Ghulam Hyder, Allah Ditta, Allah Rakha, Abdul Ghafoor, Abdul Majeed, Abdul Rasheed,"
    "Abdul Sattar, Noor Muhammad, Dost Muhammad, Fazal Din, Siraj Din, Manzoor Ahmed, Bashir Ahmed,"
    "Nazir Ahmed, Rasheed Ahmed, Mushtaq Ahmed, Sardar Ali, Karam Dad, Sher Muhammad, Barkat Ali,"
    "Liaqat Ali, Inayat Ullah, Rehmat Ali, Sultan Mahmood, Khushi Muhammad, Mehar Din,"
    "Talib Hussain, Riaz Ahmed, Shaukat Ali"
)
FATHERS_OF = {
    "pashtun": _list(
        "Gul Khan, Sher Zaman, Wali Muhammad, Haji Gul, Taj Muhammad, Said Rahman, Fazal Rabi,"
        "Khan Zada, Amir Muhammad, Muhammad Nabi"
    ),
    "baloch": _list("Dad Muhammad, Mir Jan, Karim Bakhsh, Murad Bakhsh, Dur Muhammad"),
    "sindhi": _list("Allah Bachayo, Khuda Bux, Pir Bux, Ghulam Hyder, Ali Muhammad"),
}
FATHERS_OF["afghan"] = FATHERS_OF["pashtun"]
MALE_OF = {"pashtun": MALE_PASHTUN, "afghan": MALE_PASHTUN, "baloch": MALE_BALOCH}
MALE_OF["sindhi"] = MALE_SINDHI
FAMILIES = {
    "punjab": _list(
        "Chaudhry, Butt, Awan, Malik, Gujjar, Jatt, Arain, Rajput, Bhatti, Cheema, Warraich, Virk,"
        "Sandhu, Bajwa, Goraya, Tarar, Kharal, Sheikh, Mughal, Qureshi, Ansari, Dogar, Janjua,"
        "Hashmi, Gondal, Ranjha, Sahi, Mirza, Ahmed, Hussain"
    ),
    "pashtun": _list(
        "Khan, Yousafzai, Afridi, Khattak, Mohmand, Shinwari, Orakzai, Bangash, Marwat, Durrani,"
        "Swati, Tanoli, Gandapur, Shah, Kakar, Achakzai"
    ),
    "sindhi": _list(
        "Jatoi, Soomro, Memon, Bhutto, Chandio, Magsi, Shah, Laghari, Mahar, Unar, Abro, Junejo,"
        "Qureshi, Syed"
    ),
    "baloch": _list("Baloch, Baloch, Baloch, Bugti, Marri, Mengal, Rind, Raisani, Zehri, Jamali"),
    "pothohari": _list("Abbasi, Kiani, Satti, Raja, Sudhan, Janjua, Awan, Mughal, Malik, Chaudhry"),
    "afghan": _list("Ahmadzai, Popalzai, Noorzai, Safi, Stanikzai, Hotak, Mohammadi, Sultani"),
}
FEMALE_SURNAMES = _list("Bibi, Bibi, Begum, Akhtar, Kausar, Parveen, Khatoon")

SPELLINGS: dict[str, list[str]] = {
    "Muhammad": ["Mohammad", "Mohammed", "Muhammed", "Mohd", "Md"],
    "Ahmed": ["Ahmad"],
    "Hussain": ["Husain", "Hussein"],
    "Hassan": ["Hasan"],
    "Rehman": ["Rahman"],
    "Yousaf": ["Yousuf", "Yusuf"],
    "Usman": ["Osman", "Usmaan"],
    "Umar": ["Omar", "Umer"],
    "Ayesha": ["Aisha", "Aysha"],
    "Zainab": ["Zenab", "Zaynab"],
    "Fatima": ["Fatimah", "Fatma"],
    "Khadija": ["Khadeeja"],
    "Chaudhry": ["Chaudhary", "Choudhry", "Chaudhri"],
    "Qureshi": ["Quraishi", "Kureshi"],
    "Sheikh": ["Shaikh"],
    "Malik": ["Malick"],
    "Rasool": ["Rasul"],
    "Ghulam": ["Gulam"],
    "Tariq": ["Tarik"],
    "Rizwan": ["Rizvan"],
    "Waseem": ["Wasim"],
    "Naveed": ["Navid"],
    "Zeeshan": ["Zishan"],
    "Shahzad": ["Shehzad"],
    "Nadeem": ["Nadim"],
    "Saleem": ["Salim"],
    "Faisal": ["Faysal"],
    "Javed": ["Javaid"],
    "Iqbal": ["Ikbal"],
    "Nasreen": ["Nasrin"],
    "Parveen": ["Perveen", "Parvin"],
    "Kalsoom": ["Kulsoom", "Kulsum"],
    "Yousafzai": ["Yusufzai"],
    "Baloch": ["Baluch"],
    "Mahmood": ["Mehmood", "Mahmud"],
    "Syed": ["Sayed", "Sayyid"],
    "Noor": ["Nur"],
    "Inam ul Haq": ["Inam-ul-Haq", "Inamul Haq"],
    "Zia ud Din": ["Zia-ud-Din", "Ziauddin"],
    "Fazal ur Rehman": ["Fazlur Rehman", "Fazal-ur-Rahman"],
    "Abdul Rehman": ["Abdur Rahman", "Abdulrehman"],
}
# Urdu spellings of some names: a few aliases are written in Urdu script.
URDU = {
    "Muhammad": "محمد",
    "Ali": "علی",
    "Ahmed": "احمد",
    "Imran": "عمران",
    "Bilal": "بلال",
    "Usman": "عثمان",
    "Tariq": "طارق",
    "Kamran": "کامران",
    "Asif": "آصف",
    "Hussain": "حسین",
    "Fatima": "فاطمہ",
    "Zainab": "زینب",
    "Khan": "خان",
    "Malik": "ملک",
    "Butt": "بٹ",
    "Awan": "اعوان",
    "Qureshi": "قریشی",
    "Shah": "شاہ",
    "Baloch": "بلوچ",
}


# --- places ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class District:
    name: str
    province: str  # ISO 3166-2
    cnic_prefix: str  # first five digits of CNICs issued there
    weight: float
    cities: tuple[str, ...]
    people: str  # key of FAMILIES
    languages: tuple[str, ...]  # ISO 639


PB, KP, SD, BA, IS, JK = "PK-PB", "PK-KP", "PK-SD", "PK-BA", "PK-IS", "PK-JK"
# name | province | CNIC prefix | weight | people | languages | cities. Central Punjab sends most
# irregular migrants to Europe: its districts weigh most.
_DISTRICT_TABLE = """
Gujranwala       | PK-PB | 34101 | 16  | punjab    | ur pa     | Gujranwala, Kamoke, Wazirabad
Gujrat           | PK-PB | 34201 | 14  | punjab    | ur pa     | Gujrat, Kharian, Lalamusa
Sialkot          | PK-PB | 34603 | 13  | punjab    | ur pa     | Sialkot, Daska, Sambrial, Pasrur
Mandi Bahauddin  | PK-PB | 34401 | 11  | punjab    | ur pa     | Mandi Bahauddin, Phalia, Malakwal
Hafizabad        | PK-PB | 34301 | 3   | punjab    | ur pa     | Hafizabad, Pindi Bhattian
Narowal          | PK-PB | 34501 | 3   | punjab    | ur pa     | Narowal, Shakargarh
Sheikhupura      | PK-PB | 35401 | 3   | punjab    | ur pa     | Sheikhupura, Muridke
Lahore           | PK-PB | 35202 | 4   | punjab    | ur pa     | Lahore
Jhelum           | PK-PB | 37301 | 3   | pothohari | ur pa     | Jhelum, Dina, Sohawa
Faisalabad       | PK-PB | 33100 | 3   | punjab    | ur pa     | Faisalabad, Jaranwala
Rawalpindi       | PK-PB | 37405 | 2   | pothohari | ur pa     | Rawalpindi, Gujar Khan
Multan           | PK-PB | 36302 | 1   | punjab    | ur skr    | Multan, Shujabad
Mirpur           | PK-JK | 81302 | 1.5 | pothohari | ur pa     | Mirpur, Dadyal
Islamabad        | PK-IS | 61101 | 1   | pothohari | ur        | Islamabad
Peshawar         | PK-KP | 17301 | 3   | pashtun   | ps ur     | Peshawar
Mardan           | PK-KP | 16101 | 2   | pashtun   | ps ur     | Mardan, Takht Bhai
Swat             | PK-KP | 15602 | 2   | pashtun   | ps ur     | Mingora, Matta, Kabal
Khyber           | PK-KP | 21103 | 1.5 | pashtun   | ps ur     | Landi Kotal, Jamrud
Bajaur           | PK-KP | 21202 | 1   | pashtun   | ps ur     | Khar
Dera Ismail Khan | PK-KP | 12101 | 1   | pashtun   | ps skr ur | Dera Ismail Khan
Karachi          | PK-SD | 42101 | 3   | sindhi    | ur        | Karachi
Hyderabad        | PK-SD | 41303 | 1   | sindhi    | sd ur     | Hyderabad
Larkana          | PK-SD | 43203 | 1   | sindhi    | sd ur     | Larkana
Sukkur           | PK-SD | 45504 | 1   | sindhi    | sd ur     | Sukkur, Rohri
Quetta           | PK-BA | 54400 | 2   | pashtun   | ps bal ur | Quetta
Kech             | PK-BA | 52203 | 2   | baloch    | bal ur    | Turbat, Tump
Gwadar           | PK-BA | 52201 | 1   | baloch    | bal ur    | Gwadar, Pasni
"""
DISTRICTS: tuple[District, ...] = tuple(
    District(
        name,
        province,
        prefix,
        float(weight),
        tuple(cities.split(", ")),
        people,
        tuple(languages.split()),
    )
    for name, province, prefix, weight, people, languages, cities in (
        [cell.strip() for cell in line.split("|")] for line in _DISTRICT_TABLE.strip().splitlines()
    )
)
# Afghan nationals in the network's cases mostly live in these districts.
AFGHAN_HOMES = ("Peshawar", "Quetta", "Karachi", "Islamabad", "Khyber")
MOHALLAS = _list(
    "Islampura, Rehmanpura, Ghousia Colony, Model Town, Satellite Town, Peoples Colony,"
    "Madina Town, Faisal Town, Mohalla Sharqi, Garden Town, Iqbal Town, Jinnah Abadi, Usmanabad"
)


@dataclass(frozen=True)
class Place:
    country: str
    province: str
    district: str
    city: str


P = Place
TAFTAN, MAND = P("PK", BA, "Chagai", "Taftan"), P("PK", BA, "Kech", "Mand")
IRAN_ENTRY = (P("IR", "IR-11", "Zahedan", "Zahedan"), P("IR", "IR-11", "Saravan", "Saravan"))
IRAN_INLAND = (P("IR", "IR-08", "Kerman", "Kerman"), P("IR", "IR-23", "Tehran", "Tehran"))
IRAN_EXIT = (P("IR", "IR-04", "Salmas", "Salmas"), P("IR", "IR-04", "Maku", "Maku"))
TURKEY_ENTRY = (P("TR", "TR-65", "Van", "Van"), P("TR", "TR-65", "Van", "Başkale"))
TURKEY_EXIT = (
    P("TR", "TR-34", "Istanbul", "Istanbul"),
    P("TR", "TR-35", "Izmir", "Izmir"),
    P("TR", "TR-22", "Edirne", "Edirne"),
)
GREECE_ENTRY = (P("GR", "GR-A", "Evros", "Alexandroupoli"), P("GR", "GR-K", "Lesvos", "Mytilene"))
ATHENS, MANOLADA = P("GR", "GR-I", "Athens", "Athens"), P("GR", "GR-G", "Ilia", "Manolada")
ISTANBUL_WORKSHOP = P("TR", "TR-34", "Istanbul", "Zeytinburnu")
GATEWAYS = (P("AE", "AE-DU", "Dubai", "Dubai"), P("EG", "EG-C", "Cairo", "Cairo"))
LIBYA = (
    P("LY", "LY-BA", "Benghazi", "Benghazi"),
    P("LY", "LY-TB", "Tripoli", "Tripoli"),
    P("LY", "LY-NQ", "Zuwara", "Zuwara"),
    P("LY", "LY-ZA", "Zawiya", "Zawiya"),
)
ITALY = (
    P("IT", "IT-AG", "Agrigento", "Lampedusa"),
    P("IT", "IT-RG", "Ragusa", "Pozzallo"),
    P("IT", "IT-RC", "Reggio Calabria", "Reggio Calabria"),
)
GULF = (
    (P("SA", "SA-01", "Riyadh", "Riyadh"), 14),
    (P("SA", "SA-02", "Jeddah", "Jeddah"), 10),
    (P("SA", "SA-04", "Dammam", "Dammam"), 5),
    (P("SA", "SA-05", "Qassim", "Buraydah"), 3),
    (P("AE", "AE-DU", "Dubai", "Dubai"), 10),
    (P("AE", "AE-SH", "Sharjah", "Sharjah"), 5),
    (P("AE", "AE-AZ", "Abu Dhabi", "Abu Dhabi"), 5),
    (P("QA", "QA-DA", "Doha", "Doha"), 7),
    (P("QA", "QA-RA", "Al Rayyan", "Al Rayyan"), 2),
    (P("OM", "OM-MA", "Muscat", "Muscat"), 5),
    (P("OM", "OM-BS", "Sohar", "Sohar"), 2),
    (P("OM", "OM-ZU", "Dhofar", "Salalah"), 2),
)
KILNS = (P("PK", PB, "Kasur", "Kasur"), P("PK", PB, "Sheikhupura", "Muridke"))
FIELDS_SINDH = (P("PK", SD, "Sanghar", "Sanghar"), P("PK", SD, "Umerkot", "Umerkot"))
CITIES = (
    P("PK", PB, "Lahore", "Lahore"),
    P("PK", IS, "Islamabad", "Islamabad"),
    P("PK", SD, "Karachi", "Karachi"),
)

# --- exploitation ----------------------------------------------------------------------------

E, IND, M, G = c.TypeOfExploitation, c.Industry, c.MethodOfControl, c.IloIndicator


@dataclass(frozen=True)
class Exploitation:
    types: tuple[str, ...]
    industries: tuple[str, ...] = ()
    sexual: tuple[str, ...] = ()
    methods: tuple[str, ...] = ()
    indicators: tuple[str, ...] = ()


LABOUR_METHODS = (
    M.WITHHOLDS_DOCUMENTS,
    M.TAKES_EARNINGS,
    M.DEBT_BONDAGE,
    M.FALSE_PROMISES,
    M.EXCESSIVE_WORKING_HOURS,
    M.THREATS_LAW_ENFORCEMENT,
    M.WITHHOLDS_NECESSITIES,
    M.PSYCHOLOGICAL_ABUSE,
)
LABOUR_ILO = (
    G.DECEPTION,
    G.RETENTION_OF_DOCUMENTS,
    G.WITHHOLDING_OF_WAGES,
    G.DEBT_BONDAGE,
    G.EXCESSIVE_OVERTIME,
    G.ABUSIVE_CONDITIONS,
    G.ISOLATION,
    G.ABUSE_OF_VULNERABILITY,
)
VIOLENT_METHODS = (
    M.PHYSICAL_THREATS,
    M.PHYSICAL_ABUSE,
    M.THREATENS_FAMILY,
    M.DEBT_BONDAGE,
    M.WITHHOLDS_NECESSITIES,
    M.RESTRICTS_MEDICAL_CARE,
    M.TAKES_EARNINGS,
)
VIOLENT_ILO = (
    G.VIOLENCE,
    G.INTIMIDATION,
    G.RESTRICTION_OF_MOVEMENT,
    G.DEBT_BONDAGE,
    G.ABUSIVE_CONDITIONS,
    G.ISOLATION,
)
SEX_METHODS = (
    M.SEXUAL_ABUSE,
    M.PHYSICAL_ABUSE,
    M.PSYCHOLOGICAL_ABUSE,
    M.THREATENS_FAMILY,
    M.TAKES_EARNINGS,
    M.PSYCHOACTIVE_SUBSTANCE,
    M.WITHHOLDS_DOCUMENTS,
)
SEX_ILO = (
    G.VIOLENCE,
    G.INTIMIDATION,
    G.ISOLATION,
    G.RESTRICTION_OF_MOVEMENT,
    G.ABUSE_OF_VULNERABILITY,
    G.DECEPTION,
)


def _labour(*industries: str) -> Exploitation:
    return Exploitation((E.FORCED_LABOUR,), industries, (), LABOUR_METHODS, LABOUR_ILO)


GULF_MEN = (
    (_labour(IND.F), 40),
    (_labour(IND.H), 20),
    (_labour(IND.A), 12),
    (_labour(IND.I), 10),
    (_labour(IND.N), 12),
    (_labour(IND.G), 6),
)
GULF_WOMEN = (
    (Exploitation((E.FORCED_LABOUR, E.SERVITUDE), (IND.T,), (), LABOUR_METHODS, LABOUR_ILO), 70),
    (_labour(IND.Q), 10),
    (_labour(IND.I), 8),
    (
        Exploitation(
            (E.SEXUAL_EXPLOITATION,),
            (),
            (c.TypeOfSexExploitation.PROSTITUTION, c.TypeOfSexExploitation.PRIVATE_SEXUAL_SERVICES),
            SEX_METHODS,
            SEX_ILO,
        ),
        12,
    ),
)
LIBYA_LABOUR = Exploitation(
    (E.FORCED_LABOUR,), (IND.F, IND.A), (), (*VIOLENT_METHODS, M.WITHHOLDS_DOCUMENTS), VIOLENT_ILO
)
TURKEY_LABOUR = _labour(IND.C)
GREECE_LABOUR = _labour(IND.A)
KILN = Exploitation(
    (E.FORCED_LABOUR,),
    (IND.C,),
    (),
    (
        M.DEBT_BONDAGE,
        M.PHYSICAL_THREATS,
        M.TAKES_EARNINGS,
        M.THREATENS_FAMILY,
        M.EXCESSIVE_WORKING_HOURS,
    ),
    (
        G.DEBT_BONDAGE,
        G.RESTRICTION_OF_MOVEMENT,
        G.WITHHOLDING_OF_WAGES,
        G.INTIMIDATION,
        G.ABUSIVE_CONDITIONS,
    ),
)
HARI = Exploitation(KILN.types, (IND.A,), (), KILN.methods, KILN.indicators)
DOMESTIC_SERVITUDE = Exploitation(
    (E.FORCED_LABOUR, E.SERVITUDE), (IND.T,), (), (*LABOUR_METHODS, M.PHYSICAL_ABUSE), LABOUR_ILO
)
CHILD_SERVANT = Exploitation(
    (E.CHILD_LABOUR, E.FORCED_LABOUR, E.SERVITUDE),
    (IND.T,),
    (),
    DOMESTIC_SERVITUDE.methods,
    LABOUR_ILO,
)
BEGGING = Exploitation((E.FORCED_BEGGING,), (), (), VIOLENT_METHODS, VIOLENT_ILO)
SEX_TRADE = Exploitation(
    (E.SEXUAL_EXPLOITATION,),
    (),
    tuple(c.TypeOfSexExploitation.values),
    SEX_METHODS,
    SEX_ILO,
)
FORCED_MARRIAGE = Exploitation(
    (E.FORCED_MARRIAGE, E.SERVITUDE),
    (),
    (),
    (M.THREATENS_FAMILY, M.PSYCHOLOGICAL_ABUSE, M.RESTRICTS_FINANCIAL_ACCESS, M.PHYSICAL_ABUSE),
    (G.ISOLATION, G.INTIMIDATION, G.ABUSE_OF_VULNERABILITY, G.RESTRICTION_OF_MOVEMENT),
)

CLOSURE_REASONS = (
    "Reintegration plan completed",
    "Person returned home and declined further support",
    "Referred to the provincial social welfare department",
    "Lost contact after three follow-up attempts",
    "Person moved abroad again",
    "Case transferred to the FIA for investigation",
)
RECRUITERS = ("Agent", "Sub-agent", "Relative", "Neighbour", "Travel agency", "Friend abroad")


# --- generated structure ---------------------------------------------------------------------


@dataclass
class _Event:
    type: str
    place: Place
    when: date
    description: str
    precision: str = c.DatePrecision.DAY


@dataclass
class _Plan:
    """One case and everything in it, before it is written."""

    route: str
    case_type: str
    owner: User
    organisation: Organisation
    opened_on: date
    persons: list[Person] = field(default_factory=list)
    roles: list[str] = field(default_factory=list)
    events: list[_Event] = field(default_factory=list)
    exploitation: Exploitation | None = None
    recruited_on: date = FIRST_DAY
    children: list[Any] = field(default_factory=list)  # rows needing the case's and persons' ids
    spellings: list[list[tuple[str, ...]]] = field(default_factory=list)  # names, per person
    case: Case | None = None


class _Generator:
    def __init__(self, rng: random.Random, first_number: int, today: date) -> None:
        self.rng = rng
        self.number = first_number  # a counter that makes document and phone numbers unique
        self.today = today
        self.tokens: dict[str, str] = {}
        users = {u.username: u for u in User.objects.filter(username__in=[o for o, _ in OWNERS])}
        acronyms = {d.username: d.organisation for d in network.USERS}
        orgs = {o.acronym: o for o in Organisation.objects.filter(acronym__in=acronyms.values())}
        missing = [name for name, _ in OWNERS if name not in users]
        if missing:
            raise ValueError(
                f"the demo network is not seeded (no user {', '.join(missing)}): run `tipsom demo`"
            )
        self.owners = [(users[name], orgs[acronyms[name]]) for name, _ in OWNERS]
        self.owner_weights = [w for _, w in OWNERS]
        self.district_weights = [d.weight for d in DISTRICTS]
        self.afghan_homes = [d for d in DISTRICTS if d.name in AFGHAN_HOMES]

    # helpers: every draw uses random() or a fixed-size choice, so a seed replays exactly

    def chance(self, p: float) -> bool:
        return self.rng.random() < p

    def pick(self, items: Sequence[Any]) -> Any:
        return items[int(self.rng.random() * len(items))]

    def weighted(self, pairs: Sequence[tuple[Any, float]]) -> Any:
        return self.rng.choices([v for v, _ in pairs], [w for _, w in pairs])[0]

    def some(self, items: Sequence[str], low: int, high: int) -> list[str]:
        k = min(len(items), low + int(self.rng.random() * (high - low + 1)))
        return sorted(self.rng.sample(list(items), k))

    def day(self, low: date, high: date) -> date:
        high = min(high, self.today)
        if high <= low:
            return min(low, self.today)
        return low + timedelta(days=int(self.rng.random() * ((high - low).days + 1)))

    def after(self, start: date, low: int, high: int) -> date:
        return self.day(start + timedelta(days=low), start + timedelta(days=high))

    # cases

    def plan(self) -> _Plan:
        route = self.weighted(
            (("east_med", 40), ("central_med", 25), ("gulf", 25), ("domestic", 10))
        )
        case_type = {
            "east_med": lambda: c.CaseType.BOTH if self.chance(0.2) else c.CaseType.SMUGGLING,
            "central_med": lambda: c.CaseType.BOTH if self.chance(0.35) else c.CaseType.SMUGGLING,
            "gulf": lambda: c.CaseType.BOTH if self.chance(0.1) else c.CaseType.TRAFFICKING,
            "domestic": lambda: c.CaseType.TRAFFICKING,
        }[route]()
        owner, organisation = self.rng.choices(self.owners, self.owner_weights)[0]
        plan = _Plan(route, case_type, owner, organisation, FIRST_DAY)
        sex = self.sex(route)
        district = self.pick(self.afghan_homes) if self.chance(0.06) else None
        afghan = district is not None
        district = district or self.rng.choices(DISTRICTS, self.district_weights)[0]
        getattr(self, f"route_{route}")(plan, district, sex)
        opened_from = plan.events[-1].when if plan.events else plan.recruited_on
        plan.opened_on = self.after(opened_from, 3, 150)
        for event in plan.events:  # nothing is recorded before the case knew of it
            event.when = min(event.when, plan.opened_on)
        age = self.age(route, sex, plan.exploitation)
        main = self.person(plan, district, sex, age, afghan)
        plan.persons.append(main)
        plan.roles.append(self.role(case_type, route))
        if route in ("east_med", "central_med") and self.chance(0.12):  # relatives travelling
            for _ in range(1 if self.chance(0.75) else 2):
                plan.persons.append(
                    self.person(
                        plan,
                        district,
                        c.Sex.MALE,
                        17 + int(self.rng.random() * 15),
                        afghan,
                        family=main.family_name,
                    )
                )
                plan.roles.append(plan.roles[0])
        return plan

    def sex(self, route: str) -> str:
        if route in ("east_med", "central_med"):
            return c.Sex.MALE if self.chance(0.97) else c.Sex.FEMALE
        if route == "gulf":
            return c.Sex.MALE if self.chance(0.7) else c.Sex.FEMALE
        return self.weighted(((c.Sex.MALE, 45), (c.Sex.FEMALE, 51), (c.Sex.TRANSGENDER, 4)))

    def age(self, route: str, sex: str, exploitation: Exploitation | None) -> int:
        if exploitation is CHILD_SERVANT or (route == "domestic" and self.chance(0.25)):
            return 8 + int(self.rng.random() * 10)
        if route == "gulf":
            return 20 + int(self.rng.random() * 28)
        if route == "domestic":
            return 12 + int(self.rng.random() * 45)
        return (
            16 + int(self.rng.random() * 22)
            if sex == c.Sex.MALE
            else 20 + int(self.rng.random() * 20)
        )

    def role(self, case_type: str, route: str) -> str:
        if case_type == c.CaseType.SMUGGLING:
            return self.weighted(
                ((c.CaseRoleType.SMUGGLED_MIGRANT, 60), (c.CaseRoleType.RETURNEE, 40))
            )
        if route == "domestic":
            return c.CaseRoleType.VICTIM
        return self.weighted(((c.CaseRoleType.VICTIM, 70), (c.CaseRoleType.RETURNEE, 30)))

    def recruitment(self, plan: _Plan, district: District) -> date:
        plan.recruited_on = self.day(FIRST_DAY, self.today - timedelta(days=60))
        city = self.pick(district.cities)
        who = self.pick(RECRUITERS)
        plan.events.append(
            _Event(
                c.EventType.RECRUITMENT,
                Place("PK", district.province, district.name, city),
                plan.recruited_on,
                f"{who} in {city} offered work abroad against a fee",
                c.DatePrecision.MONTH if self.chance(0.3) else c.DatePrecision.DAY,
            )
        )
        return plan.recruited_on

    def transit(self, plan: _Plan, place: Place, when: date, text: str) -> date:
        plan.events.append(_Event(c.EventType.TRANSIT, place, when, text))
        return when

    def exploited(self, plan: _Plan, place: Place, when: date, what: Exploitation) -> date:
        plan.exploitation = what
        text = ", ".join(str(E(t).label).lower() for t in what.types)
        plan.events.append(
            _Event(c.EventType.EXPLOITATION, place, when, f"{text.capitalize()} in {place.city}")
        )
        return when

    def route_east_med(self, plan: _Plan, district: District, sex: str) -> None:
        when = self.recruitment(plan, district)
        border = TAFTAN if self.chance(0.7) else MAND
        when = self.transit(plan, border, self.after(when, 7, 60), "Crossed into Iran by road")
        when = self.transit(
            plan, self.pick(IRAN_ENTRY), self.after(when, 1, 3), "Handed to a new group"
        )
        when = self.transit(
            plan, self.pick(IRAN_INLAND), self.after(when, 2, 20), "Kept in a safe house"
        )
        if self.chance(0.25):
            self.transit(
                plan, self.pick(IRAN_EXIT), self.after(when, 3, 30), "Arrested and deported"
            )
            return
        when = self.transit(
            plan, self.pick(IRAN_EXIT), self.after(when, 3, 30), "Walked over the mountains"
        )
        when = self.transit(
            plan, self.pick(TURKEY_ENTRY), self.after(when, 1, 4), "Entered Turkey on foot"
        )
        when = self.transit(
            plan, self.pick(TURKEY_EXIT), self.after(when, 5, 60), "Waited for the next leg"
        )
        if plan.case_type == c.CaseType.BOTH and self.chance(0.5):
            when = self.exploited(plan, ISTANBUL_WORKSHOP, self.after(when, 3, 30), TURKEY_LABOUR)
        if self.chance(0.4):
            self.transit(
                plan, self.pick(TURKEY_EXIT), self.after(when, 10, 200), "Apprehended and deported"
            )
            return
        when = self.transit(
            plan, self.pick(GREECE_ENTRY), self.after(when, 1, 20), "Crossed into Greece"
        )
        when = self.transit(plan, ATHENS, self.after(when, 5, 40), "Reached Athens")
        if plan.case_type == c.CaseType.BOTH and plan.exploitation is None:
            self.exploited(plan, MANOLADA, self.after(when, 10, 90), GREECE_LABOUR)

    def route_central_med(self, plan: _Plan, district: District, sex: str) -> None:
        when = self.recruitment(plan, district)
        gateway = self.pick(GATEWAYS)
        when = self.transit(plan, gateway, self.after(when, 14, 90), "Flew out on a visit visa")
        if self.chance(0.08):
            self.transit(
                plan, gateway, self.after(when, 1, 20), "Refused onward travel and returned"
            )
            return
        libya = self.pick(LIBYA[:2])
        when = self.transit(plan, libya, self.after(when, 2, 30), "Flown to Libya by the network")
        if plan.case_type == c.CaseType.BOTH:
            when = self.exploited(plan, libya, self.after(when, 5, 60), LIBYA_LABOUR)
        when = self.transit(
            plan,
            self.pick(LIBYA[2:]),
            self.after(when, 10, 120),
            "Held in a warehouse near the coast",
        )
        if self.chance(0.3):
            self.transit(
                plan, LIBYA[1], self.after(when, 10, 180), "Detained and returned home with IOM"
            )
            return
        self.transit(plan, self.pick(ITALY), self.after(when, 1, 6), "Crossed the sea by boat")

    def route_gulf(self, plan: _Plan, district: District, sex: str) -> None:
        when = self.recruitment(plan, district)
        place = self.weighted(GULF)
        if place.country in ("OM", "QA") and self.chance(0.3):
            when = self.transit(
                plan, GATEWAYS[0], self.after(when, 20, 90), "Arrived on a visit visa"
            )
        work = self.weighted(GULF_MEN if sex == c.Sex.MALE else GULF_WOMEN)
        self.exploited(plan, place, self.after(when, 20, 120), work)

    def route_domestic(self, plan: _Plan, district: District, sex: str) -> None:
        when = self.recruitment(plan, district)
        plan.events[-1].description = "Offered an advance against work"
        options: list[tuple[tuple[Place, ...], Exploitation, float]] = [
            (KILNS, KILN, 35),
            (FIELDS_SINDH, HARI, 15),
            (CITIES, DOMESTIC_SERVITUDE if sex == c.Sex.FEMALE else BEGGING, 20),
            (CITIES, CHILD_SERVANT, 10),
            (CITIES, SEX_TRADE if sex != c.Sex.MALE else BEGGING, 12),
            (CITIES, FORCED_MARRIAGE if sex == c.Sex.FEMALE else KILN, 8),
        ]
        places, what, _ = self.rng.choices(options, [w for _, _, w in options])[0]
        self.exploited(plan, self.pick(places), self.after(when, 3, 60), what)

    # persons

    def person(
        self, plan: _Plan, district: District, sex: str, age: int, afghan: bool, family: str = ""
    ) -> Person:
        rng, self.number = self.rng, self.number + 1
        people = "afghan" if afghan else district.people
        female = sex == c.Sex.FEMALE or (sex == c.Sex.TRANSGENDER and self.chance(0.7))
        first = self.first_name(people, female)
        father = self.pick(FATHERS_OF.get(people, FATHERS) if self.chance(0.6) else FATHERS)
        if not family:
            family = self.pick(FAMILIES[people])
            if female and self.chance(0.4):
                family = self.pick(FEMALE_SURNAMES)
        year = min(2012, max(1965, plan.opened_on.year - age))
        estimated = self.chance(0.2)
        birth = ""
        if not estimated and self.chance(0.6):
            birth = self.day(date(year, 1, 1), date(year, 12, 31)).isoformat()
        languages = (
            list(district.languages) if not afghan else ["ps" if self.chance(0.6) else "prs"]
        )
        if not afghan and self.chance(0.06):
            languages.append("en")
        married = age >= 18 and self.chance(min(0.9, (age - 15) / 20))
        aliases = self.aliases(first, family)
        person = Person(
            organisation_id=plan.organisation.pk,
            created_by_id=plan.owner.pk,
            first_name=first,
            father_name=father,
            family_name=family,
            aliases=json.dumps([" ".join(a) for a in aliases], ensure_ascii=False)
            if aliases
            else "",
            sex=sex,
            gender=c.Gender.TRANSGENDER_FEMININE if sex == c.Sex.TRANSGENDER else "",
            birth_date=birth,
            birth_year=year,
            age_is_estimated=estimated,
            citizenships=["AF"] if afghan else (["PK", "AF"] if self.chance(0.003) else ["PK"]),
            languages=languages,
            education=self.weighted(EDUCATION) if age >= 10 else c.Education.PRIMARY,
            marital_status=(c.MaritalStatus.MARRIED if married else c.MaritalStatus.SINGLE)
            if self.chance(0.85)
            else "",
            number_of_children=int(rng.random() * 6) if married and self.chance(0.8) else None,
        )
        # The names `services.refresh_name_tokens` makes tokens of, as components.
        plan.spellings.append([(first, father, family), (first, family), *aliases])
        plan.children.extend(self.contacts(person, district, female, age, afghan, plan))
        return person

    def first_name(self, people: str, female: bool) -> str:
        if female:
            return self.pick(FEMALE)
        pool = MALE_OF.get(people)
        name = self.pick(pool if pool and self.chance(0.5) else MALE)
        if " " not in name and self.chance(0.35):
            name = f"Muhammad {name}"
        return name

    def aliases(self, first: str, family: str) -> list[tuple[str, ...]]:
        """Other spellings of the name, each as (first, family) or one Urdu-script name."""
        if not self.chance(0.35):
            return []
        out: list[tuple[str, ...]] = []
        for _ in range(1 if self.chance(0.7) else 2):
            if self.chance(0.1):
                words = f"{first} {family}".split()
                if all(w in URDU for w in words):
                    out.append((" ".join(URDU[w] for w in words),))
                    continue
            alias = (self.respell(first), self.respell(family))
            if alias != (first, family) and alias not in out:
                out.append(alias)
        return out

    def respell(self, name: str) -> str:
        if name in SPELLINGS and self.chance(0.8):
            return self.pick(SPELLINGS[name])
        words = []
        for word in name.split():
            if word in SPELLINGS and self.chance(0.7):
                word = self.pick(SPELLINGS[word])
            elif word.endswith("ullah") and self.chance(0.7):
                word = self.pick((word[:-1], word[:-5] + "-ullah", word[:-4] + "ula"))
            words.append(word)
        return " ".join(words)

    def contacts(
        self, person: Person, district: District, female: bool, age: int, afghan: bool, plan: _Plan
    ) -> list[Any]:
        rng, n = self.rng, self.number
        rows: list[Any] = []
        if afghan:
            if self.chance(0.5):
                rows.append(
                    IdentityDocument(
                        person=person,
                        type=c.DocumentType.OTHER,
                        number=f"POR{(n * 7_654_321 + 11) % 10**8:08d}",
                        issuing_country="PK",
                    )
                )
            if self.chance(0.4):
                rows.append(
                    IdentityDocument(
                        person=person,
                        type=c.DocumentType.PASSPORT,
                        number=f"P{(n * 2_718_281 + 3) % 10**8:08d}",
                        issuing_country="AF",
                    )
                )
        else:
            middle = f"{(n * 3_141_593 + 1_234_567) % 10**7:07d}"
            last = self.pick("2468" if female else "13579")
            number = f"{district.cnic_prefix}-{middle}-{last}"
            if age >= 18 and self.chance(0.92):
                rows.append(
                    IdentityDocument(
                        person=person, type=c.DocumentType.CNIC, number=number, issuing_country="PK"
                    )
                )
            elif age < 18 and self.chance(0.5):  # B-form (child registration certificate)
                rows.append(
                    IdentityDocument(
                        person=person,
                        type=c.DocumentType.OTHER,
                        number=number,
                        issuing_country="PK",
                    )
                )
            if self.chance({"gulf": 0.95, "domestic": 0.05}.get(plan.route, 0.65)):
                letters = chr(65 + int(rng.random() * 26)) + chr(65 + int(rng.random() * 26))
                rows.append(
                    IdentityDocument(
                        person=person,
                        type=c.DocumentType.PASSPORT,
                        number=f"{letters}{(n * 2_718_281 + 7) % 10**7:07d}",
                        issuing_country="PK",
                    )
                )
        if age >= 14 and self.chance(0.9):
            if afghan and self.chance(0.3):
                number = f"+937{self.pick('0236789')}{(n * 1_618_033 + 5) % 10**7:07d}"
            else:
                number = f"+92{self.pick(MOBILE_PREFIXES)}{(n * 1_618_033 + 5) % 10**7:07d}"
            rows.append(Phone(person=person, kind=c.PhoneKind.MOBILE, number=number))
        if self.chance(0.3):
            number = f"+92{self.pick(MOBILE_PREFIXES)}{(n * 4_398_047 + 9) % 10**7:07d}"
            rows.append(Phone(person=person, kind=c.PhoneKind.FAMILY, number=number))
        city = self.pick(district.cities)
        if self.chance(0.6):
            street = (
                f"House {1 + int(rng.random() * 900)}, Street {1 + int(rng.random() * 40)}, "
                f"{self.pick(MOHALLAS)}"
            )
        else:
            street = f"Village Chak No. {1 + int(rng.random() * 300)}, P.O. {city}"
        rows.append(
            Address(
                person=person,
                street=street,
                city=city,
                district=district.name,
                province=district.province,
                country="PK",
                is_current=True,
            )
        )
        if self.chance(0.08):
            other = self.rng.choices(DISTRICTS, self.district_weights)[0]
            rows.append(
                Address(
                    person=person,
                    street="",
                    city=self.pick(other.cities),
                    district=other.name,
                    province=other.province,
                    country="PK",
                    is_current=False,
                )
            )
        return rows


EDUCATION = (
    ("", 20),
    (c.Education.PRIMARY, 25),
    (c.Education.LOWER_SECONDARY, 22),
    (c.Education.UPPER_SECONDARY, 18),
    (c.Education.POST_SECONDARY, 5),
    (c.Education.SHORT_TERTIARY, 3),
    (c.Education.BACHELORS, 6),
    (c.Education.MASTERS, 1),
)
# Mobile network prefixes (Jazz, Zong, Warid, Ufone, Telenor, SCO).
MOBILE_PREFIXES = tuple(
    str(p)
    for p in [
        *range(300, 310),
        *range(310, 319),
        *range(320, 326),
        *range(330, 337),
        *range(340, 348),
        355,
    ]
)


# --- case contents ---------------------------------------------------------------------------


def _case_contents(gen: _Generator, plan: _Plan, case: Case) -> dict[str, list[Any]]:
    """Roles, events, screenings, consents and the closure of one planned case."""
    out: dict[str, list[Any]] = {"roles": [], "events": [], "screenings": [], "consents": []}
    main = plan.persons[0]
    for person, role in zip(plan.persons, plan.roles, strict=True):
        out["roles"].append(CaseRole(case=case, person=person, role=role))
    for event in plan.events:
        out["events"].append(
            TraffickingEvent(
                case=case,
                recorded_by_id=plan.owner.pk,
                person=main if len(plan.persons) == 1 else None,
                type=event.type,
                country=event.place.country,
                province=event.place.province,
                district=event.place.district,
                city=event.place.city,
                date=event.when.replace(day=1)
                if event.precision == c.DatePrecision.MONTH
                else event.when,
                date_precision=event.precision,
                description=event.description,
            )
        )
    screened = gen.chance(0.7)
    last_day = plan.opened_on
    if screened:
        for person in plan.persons:
            screening = _screening(gen, plan, case, person)
            out["screenings"].append(screening)
            last_day = max(last_day, screening.screened_on)
        case.stage = c.CaseStage.SCREENING
    for person in plan.persons:
        for purpose, p in (
            (c.ConsentPurpose.ASSISTANCE, 0.92),
            (c.ConsentPurpose.DATA_SHARING, 0.6),
            (c.ConsentPurpose.REFERRAL, 0.5),
            (c.ConsentPurpose.RESEARCH, 0.2),
        ):
            if not gen.chance(p):
                continue
            decided = plan.opened_on
            out["consents"].append(
                Consent(
                    person=person,
                    case=case,
                    purpose=purpose,
                    decision=c.ConsentDecision.GIVEN,
                    decided_on=decided,
                    recorded_by_id=plan.owner.pk,
                )
            )
            if gen.chance(0.03):
                out["consents"].append(
                    Consent(
                        person=person,
                        case=case,
                        purpose=purpose,
                        decision=c.ConsentDecision.WITHDRAWN,
                        decided_on=gen.after(decided, 10, 300),
                        recorded_by_id=plan.owner.pk,
                    )
                )
    age_days = (gen.today - plan.opened_on).days
    if age_days > 60 and gen.chance(min(0.4, age_days / 4000)):
        case.closed_on = gen.day(last_day + timedelta(days=30), last_day + timedelta(days=600))
        referred = gen.chance(0.3)
        case.status = c.CaseStatus.CLOSED_REFERRED if referred else c.CaseStatus.CLOSED
        case.stage = c.CaseStage.CLOSURE
        case.closure_reason = gen.pick(CLOSURE_REASONS[2:3] if referred else CLOSURE_REASONS)
    return out


def _screening(gen: _Generator, plan: _Plan, case: Case, person: Person) -> Screening:
    """A screening that obeys `services.record_screening`'s rules."""
    trafficking = plan.case_type in (c.CaseType.TRAFFICKING, c.CaseType.BOTH)
    if trafficking and plan.exploitation is not None:
        status = gen.weighted(
            (
                (c.TraffickingStatus.ACTUAL, 45),
                (c.TraffickingStatus.POSSIBLE, 45),
                (c.TraffickingStatus.NOT_A_VICTIM, 10),
            )
        )
    elif trafficking:
        status = gen.weighted(
            ((c.TraffickingStatus.POSSIBLE, 70), (c.TraffickingStatus.NOT_A_VICTIM, 30))
        )
    else:
        status = gen.weighted(
            (("", 25), (c.TraffickingStatus.NOT_A_VICTIM, 55), (c.TraffickingStatus.POSSIBLE, 20))
        )
    screening = Screening(
        case=case,
        recorded_by_id=plan.owner.pk,
        person=person,
        screened_on=gen.after(plan.opened_on, 0, 30),
        trafficking_status=status,
        decided_by=DECIDED_BY.get(plan.organisation.acronym, c.DecisionMakingOrg.POLICE)
        if status
        else "",
    )
    what = plan.exploitation
    if what is not None and status in (c.TraffickingStatus.ACTUAL, c.TraffickingStatus.POSSIBLE):
        screening.exploitation_types = list(what.types)
        if E.FORCED_LABOUR in what.types:
            screening.forced_labour_industries = gen.some(what.industries, 1, 1)
        if E.SEXUAL_EXPLOITATION in what.types:
            screening.sexual_exploitation_types = gen.some(what.sexual, 1, 2)
        screening.methods_of_control = gen.some(what.methods, 2, 4)
        screening.ilo_indicators = gen.some(what.indicators, 2, 4)
        methods = gen.some(RECRUITMENT_METHODS, 1, 2)
        screening.recruitment_methods = methods
        if c.MethodOfRecruitment.ONLINE_SOCIAL_NETWORKS in methods:
            screening.recruitment_platforms = gen.some(PLATFORMS, 1, 2)
        screening.relationship_to_recruiter = gen.weighted(
            (
                (c.RelationshipToTrafficker.FAMILIAL, 20),
                (c.RelationshipToTrafficker.ACQUAINTED, 55),
                (c.RelationshipToTrafficker.UNACQUAINTED, 25),
            )
        )
        if person.birth_year:
            screening.age_when_trafficked = max(0, plan.recruited_on.year - person.birth_year)
    elif status == c.TraffickingStatus.POSSIBLE:
        screening.methods_of_control = gen.some(VIOLENT_METHODS, 1, 3)
        screening.ilo_indicators = gen.some(VIOLENT_ILO, 1, 2)
    if plan.case_type in (c.CaseType.SMUGGLING, c.CaseType.BOTH):
        if gen.chance(0.85):
            if gen.chance(0.88):
                low, high = (12, 30) if plan.route == "east_med" else (20, 40)
                amount = Decimal(50_000 * int(low + gen.rng.random() * (high - low))) * 2
                screening.smuggling_currency = "PKR"
            else:
                amount = Decimal(500 * int(10 + gen.rng.random() * 16))
                screening.smuggling_currency = "USD" if gen.chance(0.6) else "EUR"
            screening.smuggling_amount_paid = amount
        screening.smuggling_arranged_by = gen.weighted(
            (
                (c.SmugglingArrangedBy.AGENT, 70),
                (c.SmugglingArrangedBy.FAMILY, 24),
                (c.SmugglingArrangedBy.SELF, 6),
            )
        )
        screening.smuggler_roles = gen.some(SMUGGLER_ROLES, 1, 4)
    return screening


RECRUITMENT_METHODS = (
    c.MethodOfRecruitment.FAMILY,
    c.MethodOfRecruitment.FRIENDS,
    c.MethodOfRecruitment.FRIENDS,
    c.MethodOfRecruitment.ONLINE_SOCIAL_NETWORKS,
    c.MethodOfRecruitment.PLACE_OF_BUSINESS,
    c.MethodOfRecruitment.AT_WORK,
)
PLATFORMS = (c.Platform.FACEBOOK, c.Platform.WHATSAPP, c.Platform.TIKTOK, c.Platform.INSTAGRAM)
SMUGGLER_ROLES = (
    c.SmugglerRole.RECRUITER,
    c.SmugglerRole.ORGANISER,
    c.SmugglerRole.TRANSPORTER,
    c.SmugglerRole.GUIDE,
    c.SmugglerRole.MONEY_HANDLER,
    c.SmugglerRole.DOCUMENT_FORGER,
)


# --- writing ---------------------------------------------------------------------------------


def name_tokens(person: Person) -> set[str]:
    """The search tokens `services.refresh_name_tokens` stores for ``person`` (reference)."""
    keys: set[str] = set()
    aliases = json.loads(person.aliases) if person.aliases else []
    for name in [person.full_name, f"{person.first_name} {person.family_name}", *aliases]:
        keys |= names.search_keys(name)
    return {keyed_token("name", k) for k in keys}


@lru_cache(maxsize=65536)
def _parts(text: str) -> tuple[str, ...]:
    return tuple(names.name_parts(text))


@lru_cache(maxsize=65536)
def _separable(left: str, right: str) -> bool:
    """Whether the words "left right" split into the parts of each (no particle or "Abdul"
    joins them). Parts join by looking at neighbouring words only, so the last word of one
    name and the first of the next decide whether the two names' parts simply add up."""
    return _parts(f"{left} {right}") == _parts(left) + _parts(right)


@lru_cache(maxsize=4096)
def _part_keys(part: str) -> tuple[str, str]:
    return "p:" + part, "f:" + names.phonetic_key(part)


def _search_keys(components: tuple[str, ...]) -> set[str]:
    """`names.search_keys(" ".join(components))`, from cached parts of each component."""
    components = tuple(x for x in components if x)
    if not all(
        _separable(a.rpartition(" ")[2], b.partition(" ")[0])
        for a, b in itertools.pairwise(components)
    ):
        return names.search_keys(" ".join(components))
    parts = [part for component in components for part in _parts(component)]
    if not parts:
        return set()
    keys = {"n:" + " ".join(sorted(parts))}
    for part in parts:
        keys.update(_part_keys(part))
    return keys


class _Tokens:
    """Keyed tokens of name keys, each key hashed once per load."""

    def __init__(self) -> None:
        self.cache: dict[str, str] = {}

    def __call__(self, spellings: list[tuple[str, ...]]) -> list[str]:
        keys: set[str] = set()
        for components in spellings:
            keys |= _search_keys(components)
        tokens = []
        for key in keys:
            token = self.cache.get(key)
            if token is None:
                token = keyed_token("name", key)
                if not key.startswith("n:"):  # whole names rarely repeat: keep parts only
                    self.cache[key] = token
            tokens.append(token)
        return tokens


FAST = ("postgresql", "sqlite")  # databases written to without bulk_create


def _allocate_ids(model: type[Any], count: int) -> list[int]:
    """Ids for ``count`` new rows, taken before the insert: rows can point at each other and
    case numbers can follow the case's id. PostgreSQL and SQLite only (see `FAST`)."""
    table = model._meta.db_table
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)",
                [table, count],
            )
            return [row[0] for row in cursor.fetchall()]
        # SQLite serialises writers: past the top id (and any id used before) is ours.
        cursor.execute(f"SELECT MAX(id) FROM {connection.ops.quote_name(table)}")  # noqa: S608
        top = cursor.fetchone()[0] or 0
        cursor.execute("SELECT seq FROM sqlite_sequence WHERE name = %s", [table])
        row = cursor.fetchone()
        top = max(top, row[0] if row else 0)
        return list(range(top + 1, top + 1 + count))


PLAIN_FIELDS = (
    models.CharField,
    models.TextField,
    models.IntegerField,
    models.BooleanField,
    models.ForeignKey,
    models.AutoField,
    models.BigAutoField,
)


class _Table:
    """Writes model instances as `bulk_create` would, without building SQL for every row.

    Each value goes through what `bulk_create` applies: ``pre_save`` (blind indexes from their
    source, ``auto_now`` timestamps) and ``get_db_prep_save`` (which encrypts an
    `EncryptedTextField`); plain text, numbers and ids are passed as they are. PostgreSQL
    takes the rows with COPY, SQLite with one prepared INSERT; other databases get
    `bulk_create` itself.
    """

    def __init__(self, model: type[Any], with_pk: bool = False) -> None:
        self.model = model
        fields = [f for f in model._meta.concrete_fields if with_pk or not f.primary_key]
        self.columns = [f.column for f in fields]
        self.steps: list[tuple[str, Any, Any]] = []
        for f in fields:
            if isinstance(f, BlindIndexField):
                self.steps.append(("index", f.kind, model._meta.get_field(f.source).attname))
            elif getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False):
                self.steps.append(("now", f, None))
            elif isinstance(f, EncryptedTextField) or not isinstance(f, PLAIN_FIELDS):
                self.steps.append(("prep", f, f.attname))
            elif isinstance(f, models.CharField | models.TextField):
                self.steps.append(("str", f.attname, None))
            else:
                self.steps.append(("plain", f.attname, None))

    def write(self, objs: list[Any], batch_size: int) -> None:
        if not objs:
            return
        if connection.vendor not in FAST:
            self.model.objects.bulk_create(objs, batch_size=batch_size)
            return
        db = connections[DEFAULT_DB_ALIAS]  # not the `connection` proxy: it costs a lookup a call
        now = timezone.now()
        now_values = {f: f.get_db_prep_save(now, db) for kind, f, _ in self.steps if kind == "now"}
        rows = []
        for obj in objs:
            row = []
            for kind, a, b in self.steps:
                if kind == "plain":
                    row.append(getattr(obj, a))
                elif kind == "str":  # choices are str subclasses: store the plain value
                    value = getattr(obj, a)
                    row.append(value if value is None or type(value) is str else str(value))
                elif kind == "prep":
                    row.append(a.get_db_prep_save(getattr(obj, b), db))
                elif kind == "index":
                    row.append(blind_index(a, getattr(obj, b)))
                else:  # auto_now, auto_now_add
                    setattr(obj, a.attname, now)
                    row.append(now_values[a])
            rows.append(row)
        _insert(self.model, self.columns, rows)


def _insert(model: type[Any], columns: list[str], rows: Sequence[Sequence[Any]]) -> None:
    """Insert rows of database-ready values: COPY on PostgreSQL, executemany elsewhere."""
    if not rows:
        return
    table = connection.ops.quote_name(model._meta.db_table)
    names_sql = ", ".join(connection.ops.quote_name(column) for column in columns)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {table} ({names_sql}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
        else:
            marks = ", ".join(["%s"] * len(columns))
            sql = f"INSERT INTO {table} ({names_sql}) VALUES ({marks})"  # noqa: S608
            cursor.executemany(sql, rows)


COUNTED = ["persons", "cases", "closed_cases", "documents", "phones", "addresses", "name_tokens",
           "events", "screenings", "consents"]  # fmt: skip
TABLES = (Person, Case, IdentityDocument, Phone, Address, CaseRole, TraffickingEvent, Screening,
          Consent)  # fmt: skip


class _Writer:
    def __init__(self, batch_size: int) -> None:
        self.batch_size = batch_size
        self.counts: dict[str, int] = dict.fromkeys(COUNTED, 0)
        self.tokens = _Tokens()
        self.tables = {model: _Table(model, with_pk=model in (Person, Case)) for model in TABLES}
        self.fast = connection.vendor in FAST

    def write(self, gen: _Generator, plans: list[_Plan]) -> None:
        bs, tables = self.batch_size, self.tables
        persons = [p for plan in plans for p in plan.persons]
        if self.fast:
            for person, pk in zip(persons, _allocate_ids(Person, len(persons)), strict=True):
                person.pk = pk
        tables[Person].write(persons, bs)
        tokens = [
            (person.pk, token)
            for plan in plans
            for person, spellings in zip(plan.persons, plan.spellings, strict=True)
            for token in self.tokens(spellings)
        ]
        _insert(PersonNameToken, ["person_id", "token"], tokens)
        children = [row for plan in plans for row in plan.children]
        for row in children:
            row.person_id = row.person.pk
        documents = [r for r in children if isinstance(r, IdentityDocument)]
        phones = [r for r in children if isinstance(r, Phone)]
        addresses = [r for r in children if isinstance(r, Address)]
        tables[IdentityDocument].write(documents, bs)
        tables[Phone].write(phones, bs)
        tables[Address].write(addresses, bs)

        ids = _allocate_ids(Case, len(plans)) if self.fast else None
        cases = []
        for n, plan in enumerate(plans):
            case = Case(
                organisation_id=plan.organisation.pk,
                owner_id=plan.owner.pk,
                type=plan.case_type,
                opened_on=plan.opened_on,
            )
            if ids is not None:
                case.pk = ids[n]
                case.case_number = self._number(plan, ids[n])
            else:
                case.case_number = f"pending-demo-{gen.number}-{n}"
            plan.case = case
            cases.append(case)
        contents = [
            _case_contents(gen, plan, case) for plan, case in zip(plans, cases, strict=True)
        ]
        tables[Case].write(cases, bs)
        if ids is None:  # other databases: number the cases once their ids are known
            for plan, case in zip(plans, cases, strict=True):
                case.case_number = self._number(plan, case.pk)
            Case.objects.bulk_update(cases, ["case_number"], batch_size=bs)
        rows: dict[str, list[Any]] = {"roles": [], "events": [], "screenings": [], "consents": []}
        for content in contents:
            for key, items in content.items():
                for item in items:
                    item.case_id = item.case.pk
                    if getattr(item, "person", None) is not None:
                        item.person_id = item.person.pk
                rows[key].extend(items)
        tables[CaseRole].write(rows["roles"], bs)
        tables[TraffickingEvent].write(rows["events"], bs)
        tables[Screening].write(rows["screenings"], bs)
        tables[Consent].write(rows["consents"], bs)

        counts = self.counts
        counts["persons"] += len(persons)
        counts["cases"] += len(cases)
        counts["closed_cases"] += sum(1 for case in cases if case.closed_on)
        counts["documents"] += len(documents)
        counts["phones"] += len(phones)
        counts["addresses"] += len(addresses)
        counts["name_tokens"] += len(tokens)
        for key in ("events", "screenings", "consents"):
            counts[key] += len(rows[key])

    @staticmethod
    def _number(plan: _Plan, pk: int) -> str:
        return f"{_case_prefix(plan.organisation)}-{plan.opened_on.year}-{pk:06d}"


def default_seed() -> int:
    """The seed `tipsom demo --persons` uses when none is given: 2026 for the first load, then
    one that depends on what is there, so a second load does not repeat the first's names."""
    return DEFAULT_SEED + Person.objects.count()


def generate(
    n: int,
    seed: int = DEFAULT_SEED,
    batch_size: int = 2000,
    progress: Callable[[int, int], None] | None = None,
) -> dict[str, int]:
    """Add ``n`` synthetic persons with their cases to the demo network; returns row counts.

    Needs the demo network (`tipsom.core.demo.seed`). One transaction, one audit entry.
    ``progress(done, total)`` is called after every batch of about ``batch_size`` persons.
    """
    if n < 0:
        raise ValueError("the number of persons cannot be negative")
    batch_size = max(1, batch_size)
    with transaction.atomic():
        first_number = Person.objects.aggregate(top=Max("pk"))["top"] or 0
        gen = _Generator(random.Random(seed), first_number, timezone.localdate())  # noqa: S311
        writer = _Writer(batch_size)
        made = 0
        if progress is not None:
            progress(0, n)
        while made < n:
            plans: list[_Plan] = []
            in_batch = 0
            while made + in_batch < n and in_batch < batch_size:
                plan = gen.plan()
                if len(plan.persons) > n - made - in_batch:  # the last case may be too big
                    plan.persons = plan.persons[: n - made - in_batch]
                    plan.roles = plan.roles[: len(plan.persons)]
                    plan.spellings = plan.spellings[: len(plan.persons)]
                    kept = {id(p) for p in plan.persons}
                    plan.children = [r for r in plan.children if id(r.person) in kept]
                in_batch += len(plan.persons)
                plans.append(plan)
            writer.write(gen, plans)
            reset_queries()  # with DEBUG on, Django keeps every query's SQL: drop each batch's
            made += in_batch
            if progress is not None:
                progress(made, n)
        counts = writer.counts
        audit.record(
            AuditAction.CREATE,
            object_type="cases.person",
            summary=(
                f"demo data: {counts['persons']} persons in {counts['cases']} cases "
                f"({counts['events']} events, {counts['screenings']} screenings, "
                f"{counts['consents']} consents), seed {seed}"
            ),
            changes={**counts, "seed": seed},
        )
    return counts
