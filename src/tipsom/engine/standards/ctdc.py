"""The Counter-Trafficking Data Collaborative's public formats as data, and the crosswalk
between them and HTCDS v2.0.

Two releases are read: the 2021 k-anonymised global dataset (63 columns, flags ``1``/``0``,
countries ISO 3166-1 alpha-2, missing written ``-99``, ``00``, ``NA`` or empty) and the 2024
global synthetic dataset (codebook v2: 27 variables, flags ``1`` or empty, countries alpha-3).
Releases after 2025 name the six sector columns ``sectorOfLabour*``/``sectorOfSex*``
instead of ``typeOfLabour*``/``typeOfSex*``; both are read as the codebook v2 names.

The crosswalk is a table per direction: a CTDC flag column -> (HTCDS field, codes).
Reading, a flag set to 1 sets every code of its entry (so a merged 2024 flag sets all the
HTCDS codes it merges). Writing, a flag is 1 when the record holds any code of its entry.
Where the two do not match one to one the comment next to the entry says which way the
information is lost. Columns with no HTCDS counterpart are listed in ``NOT_IMPORTED_*`` and
are reported to the importer as columns not imported, never read silently.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# --- The columns ------------------------------------------------------------------------

# The 2021 k-anonymised dataset, in file order (CSV copies add a leading case_id/index).
COLUMNS_2021: tuple[str, ...] = (
    "yearOfRegistration",
    "Datasource",
    "gender",
    "ageBroad",
    "majorityStatus",
    "majorityStatusAtExploit",
    "majorityEntry",
    "citizenship",
    "meansOfControlDebtBondage",
    "meansOfControlTakesEarnings",
    "meansOfControlRestrictsFinancialAccess",
    "meansOfControlThreats",
    "meansOfControlPsychologicalAbuse",
    "meansOfControlPhysicalAbuse",
    "meansOfControlSexualAbuse",
    "meansOfControlFalsePromises",
    "meansOfControlPsychoactiveSubstances",
    "meansOfControlRestrictsMovement",
    "meansOfControlRestrictsMedicalCare",
    "meansOfControlExcessiveWorkingHours",
    "meansOfControlUsesChildren",
    "meansOfControlThreatOfLawEnforcement",
    "meansOfControlWithholdsNecessities",
    "meansOfControlWithholdsDocuments",
    "meansOfControlOther",
    "meansOfControlNotSpecified",
    "meansOfControlConcatenated",
    "isForcedLabour",
    "isSexualExploit",
    "isOtherExploit",
    "isSexAndLabour",
    "isForcedMarriage",
    "isForcedMilitary",
    "isOrganRemoval",
    "isSlaveryAndPractices",
    "typeOfExploitConcatenated",
    "typeOfLabourAgriculture",
    "typeOfLabourAquafarming",
    "typeOfLabourBegging",
    "typeOfLabourConstruction",
    "typeOfLabourDomesticWork",
    "typeOfLabourHospitality",
    "typeOfLabourIllicitActivities",
    "typeOfLabourManufacturing",
    "typeOfLabourMiningOrDrilling",
    "typeOfLabourPeddling",
    "typeOfLabourTransportation",
    "typeOfLabourOther",
    "typeOfLabourNotSpecified",
    "typeOfLabourConcatenated",
    "typeOfSexProstitution",
    "typeOfSexPornography",
    "typeOfSexRemoteInteractiveServices",
    "typeOfSexPrivateSexualServices",
    "typeOfSexConcatenated",
    "isAbduction",
    "RecruiterRelationship",
    "CountryOfExploitation",
    "recruiterRelationIntimatePartner",
    "recruiterRelationFriend",
    "recruiterRelationFamily",
    "recruiterRelationOther",
    "recruiterRelationUnknown",
)

# The 2024 synthetic dataset, in codebook v2 order.
VARIABLES_2024: tuple[str, ...] = (
    "yearOfRegistration",
    "gender",
    "ageBroad",
    "citizenship",
    "CountryOfExploitation",
    "traffickMonths",
    "meansDebtBondageEarnings",
    "meansThreats",
    "meansAbusePsyPhySex",
    "meansFalsePromises",
    "meansDrugsAlcohol",
    "meansDenyBasicNeeds",
    "meansExcessiveWorkHours",
    "meansWithholdDocs",
    "isForcedLabour",
    "isSexualExploit",
    "isOtherExploit",
    "typeOfLabourAgriculture",
    "typeOfLabourConstruction",
    "typeOfLabourDomesticWork",
    "typeOfLabourHospitality",
    "typeOfSexProstitution",
    "typeOfSexPornography",
    "recruiterRelationIntimatePartner",
    "recruiterRelationFriend",
    "recruiterRelationFamily",
    "recruiterRelationOther",
)

# Later releases' names of the sector columns -> the codebook v2 names.
SECTOR_PREFIXES = {"sectorOfLabour": "typeOfLabour", "sectorOfSex": "typeOfSex"}


def name_2024(header: str) -> str:
    """The codebook v2 name of a 2024 column (``sectorOfLabourAgriculture`` ->
    ``typeOfLabourAgriculture``); other names unchanged."""
    for newer, older in SECTOR_PREFIXES.items():
        if header.startswith(newer):
            return older + header[len(newer) :]
    return header


# Cells that mean "not recorded" (compared lower-cased, stripped). -99 and 00 are the 2021
# file's markers; NA/NULL/NaN are what R and pandas write when they save a copy. In the
# 2021 country columns ``NA`` is Namibia (see exchange.ctdc), not missing.
MISSING = frozenset({"", "-99", "-99.0", "00", "na", "n/a", "null", "nan", "none"})
FLAG_SET = frozenset({"1", "1.0"})
FLAG_UNSET = frozenset({"0", "0.0"})  # 2021; 2024 publishes no 0 but a 0 is read the same


# --- Values -----------------------------------------------------------------------------


@dataclass(frozen=True)
class AgeBand:
    label: str  # as written in 2021 ("9--17")
    low: int
    high: int | None  # None: open band (48+)

    @property
    def label_2024(self) -> str:
        """As written in 2024: the second band is zero-padded (``09--17``)."""
        return "09--17" if self.label == "9--17" else self.label

    @property
    def midpoint(self) -> int:
        """The age a birth year is estimated from. The closed bands have an odd width, so
        their midpoint is a whole number; 48+ is taken as 48--56, as wide as the two bands
        below it (30--38, 39--47), giving 52."""
        high = self.high if self.high is not None else self.low + 8
        return (self.low + high) // 2

    def holds(self, age: int) -> bool:
        return age >= self.low and (self.high is None or age <= self.high)


AGE_BANDS: tuple[AgeBand, ...] = (
    AgeBand("0--8", 0, 8),
    AgeBand("9--17", 9, 17),
    AgeBand("18--20", 18, 20),
    AgeBand("21--23", 21, 23),
    AgeBand("24--26", 24, 26),
    AgeBand("27--29", 27, 29),
    AgeBand("30--38", 30, 38),
    AgeBand("39--47", 39, 47),
    AgeBand("48+", 48, None),
)
_BAND = re.compile(r"(\d{1,3})\s*(?:--|-|–|—)\s*(\d{1,3})|(\d{1,3})\s*\+")


def age_band(age: int) -> AgeBand | None:
    """The band an age falls in (None for a negative age)."""
    return next((band for band in AGE_BANDS if band.holds(age)), None)


def parse_age_band(text: str) -> AgeBand | None:
    """The band a cell names: ``9--17``, ``09--17``, ``9-17``, ``9—17`` (the codebook PDF's
    dash) and ``48+`` are read; None for anything that is not one of CTDC's bands."""
    match = _BAND.fullmatch(text.strip())
    if match is None:
        return None
    if match.group(3) is not None:
        low, high = int(match.group(3)), None
    else:
        low, high = int(match.group(1)), int(match.group(2))
    return next((b for b in AGE_BANDS if (b.low, b.high) == (low, high)), None)


# Time in trafficking (2024 only). HTCDS has no field for it: not imported, exported empty.
TRAFFICK_MONTHS: tuple[str, ...] = ("0--12 (0-1 yr)", "13--24 (1-2 yrs)", "25+ (2+ yrs)")

# ``Unknown`` appears in older files; no transgender value was published before 2024.
GENDERS_2021: tuple[str, ...] = ("Female", "Male", "Unknown")
TRANS = "Trans/Transgender/NonConforming"
GENDERS_2024: tuple[str, ...] = ("Woman", "Man", TRANS)

# CTDC gender -> HTCDS prs_Gender (both releases' values are read in either file).
# CTDC's one value for trans and non-conforming persons cannot tell HTCDS's three apart:
# it is read as NonConforming, the only one of them that assumes no direction.
GENDER_TO_HTCDS = {
    "Female": "Feminine",
    "Woman": "Feminine",
    "Male": "Masculine",
    "Man": "Masculine",
    TRANS: "NonConforming",
    "Unknown": "NonSpecifiedUnknown",
}
# HTCDS prs_Gender -> CTDC 2024 gender (NonSpecifiedUnknown is written as missing).
GENDER_2024_OF_HTCDS = {
    "Feminine": "Woman",
    "Masculine": "Man",
    "TransgenderFeminine": TRANS,
    "TransgenderMasculine": TRANS,
    "NonConforming": TRANS,
    "NonSpecifiedUnknown": "",
}

# --- The crosswalk ----------------------------------------------------------------------

MOC = "vic_MethodsOfControl"
EXPLOIT = "vic_TypeOfExploitation"
INDUSTRY = "vic_ForcedLabourIndustry"
SEX = "vic_TypeOfSexExploitation"
RELATION = "vic_RelationshipToTrafficker"

Crosswalk = dict[str, tuple[str, tuple[str, ...]]]

# 2021 flag -> the HTCDS codes it sets.
IMPORT_2021: Crosswalk = {
    # Means of control: one to one where HTCDS has the code.
    "meansOfControlDebtBondage": (MOC, ("DebtBondage",)),
    "meansOfControlTakesEarnings": (MOC, ("TakesEarnings",)),
    "meansOfControlRestrictsFinancialAccess": (MOC, ("RestrictsFinancialAccess",)),
    # CTDC's "threats" are threats of harm; HTCDS calls them physical threats.
    "meansOfControlThreats": (MOC, ("PhysicalThreats",)),
    "meansOfControlPsychologicalAbuse": (MOC, ("PsychologicalAbuse",)),
    "meansOfControlPhysicalAbuse": (MOC, ("PhysicalAbuse",)),
    "meansOfControlSexualAbuse": (MOC, ("SexualAbuse",)),
    "meansOfControlFalsePromises": (MOC, ("FalsePromises",)),
    "meansOfControlPsychoactiveSubstances": (MOC, ("PsychoactiveSubstance",)),
    # HTCDS has no code for restricting movement: read as Other, so the person still counts
    # as one with a known means of control (the CTDC denominator rule). Lossy: Other is
    # written back as meansOfControlOther, and not at all in 2024.
    "meansOfControlRestrictsMovement": (MOC, ("Other",)),
    "meansOfControlRestrictsMedicalCare": (MOC, ("RestrictsMedicalCare",)),
    "meansOfControlExcessiveWorkingHours": (MOC, ("ExcessiveWorkingHours",)),
    # "Uses children" is the use of (threats against) the victim's children and family.
    "meansOfControlUsesChildren": (MOC, ("ThreatensChildrenFamily",)),
    "meansOfControlThreatOfLawEnforcement": (MOC, ("ThreatsLawEnforcement",)),
    "meansOfControlWithholdsNecessities": (MOC, ("WithholdsNecessities",)),
    "meansOfControlWithholdsDocuments": (MOC, ("WithholdsDocuments",)),
    "meansOfControlOther": (MOC, ("Other",)),
    # Types of exploitation.
    "isForcedLabour": (EXPLOIT, ("ForcedLabour",)),
    "isSexualExploit": (EXPLOIT, ("SexualExploitation",)),
    "isOtherExploit": (EXPLOIT, ("Other",)),
    "isSexAndLabour": (EXPLOIT, ("ForcedLabour", "SexualExploitation")),
    "isForcedMarriage": (EXPLOIT, ("ForcedMarriage",)),
    # Nearest: CTDC does not say whether the armed group was a state's or not.
    "isForcedMilitary": (EXPLOIT, ("ForcedMilitaryByNonStateActors",)),
    "isOrganRemoval": (EXPLOIT, ("OrganRemoval",)),
    # Nearest: slavery and practices similar to slavery -> HTCDS servitude.
    "isSlaveryAndPractices": (EXPLOIT, ("Servitude",)),
    # Begging is a sector in CTDC and a type of exploitation in HTCDS.
    "typeOfLabourBegging": (EXPLOIT, ("ForcedBegging",)),
    # Sectors of forced labour -> ISIC sections.
    "typeOfLabourAgriculture": (INDUSTRY, ("A_AgricultureForestryAndFishing",)),
    # Aquaculture is ISIC section A too: lossy, it comes back as agriculture.
    "typeOfLabourAquafarming": (INDUSTRY, ("A_AgricultureForestryAndFishing",)),
    "typeOfLabourConstruction": (INDUSTRY, ("F_Construction",)),
    "typeOfLabourDomesticWork": (INDUSTRY, ("T_ActivitiesOfHouseholdsAsEmployers",)),
    "typeOfLabourHospitality": (INDUSTRY, ("I_AccommodationAndFoodServiceActivities",)),
    "typeOfLabourManufacturing": (INDUSTRY, ("C_Manufacturing",)),
    "typeOfLabourMiningOrDrilling": (INDUSTRY, ("B_MiningAndQuarrying",)),
    # Nearest: street vending is retail trade (ISIC G). One way: G is written as Other.
    "typeOfLabourPeddling": (INDUSTRY, ("G_WholesaleAndRetailTradeRepairOfMotorVehicles",)),
    "typeOfLabourTransportation": (INDUSTRY, ("H_TransportationAndStorage",)),
    # Forms of sexual exploitation: one to one.
    "typeOfSexProstitution": (SEX, ("Prostitution",)),
    "typeOfSexPornography": (SEX, ("Pornography",)),
    "typeOfSexRemoteInteractiveServices": (SEX, ("RemoteInteractiveServices",)),
    "typeOfSexPrivateSexualServices": (SEX, ("PrivateSexualServices",)),
    # Recruiter: HTCDS knows family, acquaintance or stranger. A partner is someone known
    # (a spouse might be called family; we read every partner as acquainted), a friend too.
    # HTCDS holds one relationship: when several flags are set the closest wins
    # (RELATION_PRIORITY).
    "recruiterRelationIntimatePartner": (RELATION, ("Acquainted",)),
    "recruiterRelationFriend": (RELATION, ("Acquainted",)),
    "recruiterRelationFamily": (RELATION, ("Familial",)),
}

# 2024 flag -> the HTCDS codes it sets: a merged flag sets every code it merges (the file
# cannot say which of them applied; counts of the merged group stay right).
IMPORT_2024: Crosswalk = {
    "meansDebtBondageEarnings": (MOC, ("DebtBondage", "TakesEarnings")),
    "meansThreats": (MOC, ("PhysicalThreats", "ThreatensChildrenFamily", "ThreatsLawEnforcement")),
    "meansAbusePsyPhySex": (MOC, ("PsychologicalAbuse", "PhysicalAbuse", "SexualAbuse")),
    "meansFalsePromises": (MOC, ("FalsePromises",)),
    "meansDrugsAlcohol": (MOC, ("PsychoactiveSubstance",)),
    # CTDC merges restricted movement in too; HTCDS has no code for it.
    "meansDenyBasicNeeds": (
        MOC,
        ("RestrictsFinancialAccess", "RestrictsMedicalCare", "WithholdsNecessities"),
    ),
    "meansExcessiveWorkHours": (MOC, ("ExcessiveWorkingHours",)),
    "meansWithholdDocs": (MOC, ("WithholdsDocuments",)),
    "isForcedLabour": (EXPLOIT, ("ForcedLabour",)),
    "isSexualExploit": (EXPLOIT, ("SexualExploitation",)),
    "isOtherExploit": (EXPLOIT, ("Other",)),
    "typeOfLabourAgriculture": (INDUSTRY, ("A_AgricultureForestryAndFishing",)),
    "typeOfLabourConstruction": (INDUSTRY, ("F_Construction",)),
    "typeOfLabourDomesticWork": (INDUSTRY, ("T_ActivitiesOfHouseholdsAsEmployers",)),
    "typeOfLabourHospitality": (INDUSTRY, ("I_AccommodationAndFoodServiceActivities",)),
    "typeOfSexProstitution": (SEX, ("Prostitution",)),
    "typeOfSexPornography": (SEX, ("Pornography",)),
    "recruiterRelationIntimatePartner": (RELATION, ("Acquainted",)),
    "recruiterRelationFriend": (RELATION, ("Acquainted",)),
    "recruiterRelationFamily": (RELATION, ("Familial",)),
}

# HTCDS holds one relationship to the trafficker; the closest of several flags wins.
RELATION_PRIORITY: tuple[str, ...] = ("Familial", "Acquainted", "Unaquainted")

_FORCED_LABOUR = ("ForcedLabour", "ChildLabour", "ForcedBegging")
_OTHER_EXPLOITATION = (
    "ForcedMarriage",
    "Servitude",
    "ForcedMilitaryByNonStateActors",
    "OrganRemoval",
    "ForcedAdoption",
    "Surrogacy",
    "Other",
)
_OTHER_INDUSTRIES = (
    "D_ElectricityGasSteamAndAirConditioningSupply",
    "E_WaterSupplySewerageWasteManagement",
    "G_WholesaleAndRetailTradeRepairOfMotorVehicles",
    "J_InformationAndCommunication",
    "K_FinancialAndInsuranceActivities",
    "L_RealEstateActivities",
    "M_ProfessionalScientificAndTechnicalActivities",
    "N_AdministrativeAndSupportServiceActivities",
    "O_PublicAdministrationAndDefence",
    "P_Education",
    "Q_HumanHealthAndSocialWorkActivities",
    "R_ArtsEntertainmentAndRecreation",
    "S_OtherServiceActivities",
    "U_ActivitiesOfExtraterritorialOrganizations",
)

# HTCDS codes -> 2021 flag: the flag is 1 when the record holds any of its codes.
EXPORT_2021: Crosswalk = {
    "meansOfControlDebtBondage": (MOC, ("DebtBondage",)),
    "meansOfControlTakesEarnings": (MOC, ("TakesEarnings",)),
    "meansOfControlRestrictsFinancialAccess": (MOC, ("RestrictsFinancialAccess",)),
    "meansOfControlThreats": (MOC, ("PhysicalThreats",)),
    "meansOfControlPsychologicalAbuse": (MOC, ("PsychologicalAbuse",)),
    "meansOfControlPhysicalAbuse": (MOC, ("PhysicalAbuse",)),
    "meansOfControlSexualAbuse": (MOC, ("SexualAbuse",)),
    "meansOfControlFalsePromises": (MOC, ("FalsePromises",)),
    "meansOfControlPsychoactiveSubstances": (MOC, ("PsychoactiveSubstance",)),
    "meansOfControlRestrictsMedicalCare": (MOC, ("RestrictsMedicalCare",)),
    "meansOfControlExcessiveWorkingHours": (MOC, ("ExcessiveWorkingHours",)),
    "meansOfControlUsesChildren": (MOC, ("ThreatensChildrenFamily",)),
    "meansOfControlThreatOfLawEnforcement": (MOC, ("ThreatsLawEnforcement",)),
    "meansOfControlWithholdsNecessities": (MOC, ("WithholdsNecessities",)),
    "meansOfControlWithholdsDocuments": (MOC, ("WithholdsDocuments",)),
    "meansOfControlOther": (MOC, ("Other",)),
    # CTDC counts child labour and forced begging as forced labour.
    "isForcedLabour": (EXPLOIT, _FORCED_LABOUR),
    "isSexualExploit": (EXPLOIT, ("SexualExploitation",)),
    "isForcedMarriage": (EXPLOIT, ("ForcedMarriage",)),
    "isForcedMilitary": (EXPLOIT, ("ForcedMilitaryByNonStateActors",)),
    "isOrganRemoval": (EXPLOIT, ("OrganRemoval",)),
    "isSlaveryAndPractices": (EXPLOIT, ("Servitude",)),
    "isOtherExploit": (EXPLOIT, ("ForcedAdoption", "Surrogacy", "Other")),
    "typeOfLabourBegging": (EXPLOIT, ("ForcedBegging",)),
    "typeOfLabourAgriculture": (INDUSTRY, ("A_AgricultureForestryAndFishing",)),
    "typeOfLabourMiningOrDrilling": (INDUSTRY, ("B_MiningAndQuarrying",)),
    "typeOfLabourManufacturing": (INDUSTRY, ("C_Manufacturing",)),
    "typeOfLabourConstruction": (INDUSTRY, ("F_Construction",)),
    "typeOfLabourTransportation": (INDUSTRY, ("H_TransportationAndStorage",)),
    "typeOfLabourHospitality": (INDUSTRY, ("I_AccommodationAndFoodServiceActivities",)),
    "typeOfLabourDomesticWork": (INDUSTRY, ("T_ActivitiesOfHouseholdsAsEmployers",)),
    # Every other ISIC section, retail trade included (not all of it is peddling).
    "typeOfLabourOther": (INDUSTRY, _OTHER_INDUSTRIES),
    "typeOfSexProstitution": (SEX, ("Prostitution",)),
    "typeOfSexPornography": (SEX, ("Pornography",)),
    "typeOfSexRemoteInteractiveServices": (SEX, ("RemoteInteractiveServices",)),
    "typeOfSexPrivateSexualServices": (SEX, ("PrivateSexualServices",)),
    "recruiterRelationFamily": (RELATION, ("Familial",)),
    "recruiterRelationFriend": (RELATION, ("Acquainted",)),
    # A stranger is an "other" recruiter in CTDC's four categories.
    "recruiterRelationOther": (RELATION, ("Unaquainted",)),
}

# HTCDS codes -> 2024 flag: merged means as in codebook v2.
EXPORT_2024: Crosswalk = {
    "meansDebtBondageEarnings": IMPORT_2024["meansDebtBondageEarnings"],
    "meansThreats": IMPORT_2024["meansThreats"],
    "meansAbusePsyPhySex": IMPORT_2024["meansAbusePsyPhySex"],
    "meansFalsePromises": IMPORT_2024["meansFalsePromises"],
    "meansDrugsAlcohol": IMPORT_2024["meansDrugsAlcohol"],
    "meansDenyBasicNeeds": IMPORT_2024["meansDenyBasicNeeds"],
    "meansExcessiveWorkHours": IMPORT_2024["meansExcessiveWorkHours"],
    "meansWithholdDocs": IMPORT_2024["meansWithholdDocs"],
    "isForcedLabour": (EXPLOIT, _FORCED_LABOUR),
    "isSexualExploit": (EXPLOIT, ("SexualExploitation",)),
    "isOtherExploit": (EXPLOIT, _OTHER_EXPLOITATION),
    "typeOfLabourAgriculture": IMPORT_2024["typeOfLabourAgriculture"],
    "typeOfLabourConstruction": IMPORT_2024["typeOfLabourConstruction"],
    "typeOfLabourDomesticWork": IMPORT_2024["typeOfLabourDomesticWork"],
    "typeOfLabourHospitality": IMPORT_2024["typeOfLabourHospitality"],
    "typeOfSexProstitution": IMPORT_2024["typeOfSexProstitution"],
    "typeOfSexPornography": IMPORT_2024["typeOfSexPornography"],
    # HTCDS has no partner category: never 1 in our exports.
    "recruiterRelationIntimatePartner": (RELATION, ()),
    "recruiterRelationFriend": (RELATION, ("Acquainted",)),
    "recruiterRelationFamily": (RELATION, ("Familial",)),
    "recruiterRelationOther": (RELATION, ("Unaquainted",)),
}

# HTCDS codes that no 2024 variable holds: an export to 2024 leaves them out.
NOT_IN_2024: dict[str, tuple[str, ...]] = {
    MOC: ("Other",),
    INDUSTRY: (
        "B_MiningAndQuarrying",
        "C_Manufacturing",
        "H_TransportationAndStorage",
        *_OTHER_INDUSTRIES,
    ),
    SEX: ("RemoteInteractiveServices", "PrivateSexualServices"),
}

# Columns that say the information is not known: read as missing, like a -99 cell.
NOT_SPECIFIED_2021: frozenset[str] = frozenset(
    {"meansOfControlNotSpecified", "typeOfLabourNotSpecified", "recruiterRelationUnknown"}
)

# Columns with no HTCDS counterpart: reported as columns not imported.
NOT_IMPORTED_2021: frozenset[str] = frozenset(
    {
        "Datasource",  # who registered the case (hotline, case management)
        "majorityStatus",  # adult/minor: held more precisely by the birth year from ageBroad
        "majorityStatusAtExploit",
        "majorityEntry",
        "meansOfControlConcatenated",  # text copies of the flags
        "typeOfExploitConcatenated",
        "typeOfLabourConcatenated",
        "typeOfSexConcatenated",
        "RecruiterRelationship",
        "typeOfLabourIllicitActivities",  # forced criminality: no ISIC section, no HTCDS type
        "typeOfLabourOther",  # unknown which sector
        "isAbduction",  # HTCDS's methods of recruitment have no abduction
        "recruiterRelationOther",  # not a stranger necessarily: no HTCDS code fits
    }
)
NOT_IMPORTED_2024: frozenset[str] = frozenset({"traffickMonths", "recruiterRelationOther"})

# Columns read on their own: year, gender, age band, countries.
VALUE_COLUMNS: tuple[str, ...] = (
    "yearOfRegistration",
    "gender",
    "ageBroad",
    "citizenship",
    "CountryOfExploitation",
)
