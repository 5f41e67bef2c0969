"""Districts, routes and forms of exploitation the demo cases follow."""

from __future__ import annotations

from dataclasses import dataclass

from tipsom.cases import choices as c
from tipsom.cases.demo.people import _list

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
