"""The IATI code lists this package writes, as of the 2.03 standard, and the vocabularies it
defines for what IATI has no code for (GCM objectives).

The XML Schema checks none of these: an attribute such as ``transaction-type/@code`` is any
string to it. Each list is a `Code` enum named as IATI names the list, so a caller can write
``OrganisationRole.IMPLEMENTING`` or the plain code ``"4"`` (members compare equal to their
codes), and the checks can say which codes are allowed, with their names.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Self


class Code(StrEnum):
    """A code from an IATI code list: the member's value is the code, ``label`` its name."""

    _value_: str
    label: str

    def __new__(cls, code: str, label: str) -> Self:
        member = str.__new__(cls, code)
        member._value_ = code
        member.label = label
        return member

    @classmethod
    def allowed(cls) -> str:
        """The codes with their names, for an error message: ``1 (Funding), 2 (...)``."""
        return ", ".join(f"{m.value} ({m.label})" for m in cls)

    @classmethod
    def has(cls, code: object) -> bool:
        return str(code) in cls._value2member_map_


class ActivityStatus(Code):
    PIPELINE = "1", "Pipeline/identification"
    IMPLEMENTATION = "2", "Implementation"
    FINALISATION = "3", "Finalisation"
    CLOSED = "4", "Closed"
    CANCELLED = "5", "Cancelled"
    SUSPENDED = "6", "Suspended"


class ActivityDateType(Code):
    PLANNED_START = "1", "Planned start"
    ACTUAL_START = "2", "Actual start"
    PLANNED_END = "3", "Planned end"
    ACTUAL_END = "4", "Actual end"


class ActivityScope(Code):
    GLOBAL = "1", "Global"
    REGIONAL = "2", "Regional"
    MULTI_NATIONAL = "3", "Multi-national"
    NATIONAL = "4", "National"
    SUB_NATIONAL_MULTI = "5", "Sub-national: multi first-level administrative areas"
    SUB_NATIONAL_FIRST = "6", "Sub-national: single first-level administrative area"
    SUB_NATIONAL_SECOND = "7", "Sub-national: single second-level administrative area"
    SINGLE_LOCATION = "8", "Single location"


class DescriptionType(Code):
    GENERAL = "1", "General"
    OBJECTIVES = "2", "Objectives"
    TARGET_GROUPS = "3", "Target groups"
    OTHER = "4", "Other"


class OrganisationRole(Code):
    FUNDING = "1", "Funding"
    ACCOUNTABLE = "2", "Accountable"
    EXTENDING = "3", "Extending"
    IMPLEMENTING = "4", "Implementing"


class OrganisationType(Code):
    GOVERNMENT = "10", "Government"
    LOCAL_GOVERNMENT = "11", "Local government"
    OTHER_PUBLIC_SECTOR = "15", "Other public sector"
    INTERNATIONAL_NGO = "21", "International NGO"
    NATIONAL_NGO = "22", "National NGO"
    REGIONAL_NGO = "23", "Regional NGO"
    PARTNER_COUNTRY_NGO = "24", "Partner country based NGO"
    PUBLIC_PRIVATE_PARTNERSHIP = "30", "Public private partnership"
    MULTILATERAL = "40", "Multilateral"
    FOUNDATION = "60", "Foundation"
    PRIVATE_SECTOR = "70", "Private sector"
    PRIVATE_SECTOR_PROVIDER = "71", "Private sector in provider country"
    PRIVATE_SECTOR_RECIPIENT = "72", "Private sector in aid recipient country"
    PRIVATE_SECTOR_THIRD = "73", "Private sector in third country"
    ACADEMIC = "80", "Academic, training and research"
    OTHER = "90", "Other"


class TransactionType(Code):
    INCOMING_FUNDS = "1", "Incoming funds"
    OUTGOING_COMMITMENT = "2", "Outgoing commitment"
    DISBURSEMENT = "3", "Disbursement"
    EXPENDITURE = "4", "Expenditure"
    INTEREST_PAYMENT = "5", "Interest payment"
    LOAN_REPAYMENT = "6", "Loan repayment"
    REIMBURSEMENT = "7", "Reimbursement"
    PURCHASE_OF_EQUITY = "8", "Purchase of equity"
    SALE_OF_EQUITY = "9", "Sale of equity"
    CREDIT_GUARANTEE = "10", "Credit guarantee"
    INCOMING_COMMITMENT = "11", "Incoming commitment"
    OUTGOING_PLEDGE = "12", "Outgoing pledge"
    INCOMING_PLEDGE = "13", "Incoming pledge"


class BudgetType(Code):
    ORIGINAL = "1", "Original"
    REVISED = "2", "Revised"


class BudgetStatus(Code):
    INDICATIVE = "1", "Indicative"
    COMMITTED = "2", "Committed"


class ResultType(Code):
    OUTPUT = "1", "Output"
    OUTCOME = "2", "Outcome"
    IMPACT = "3", "Impact"
    OTHER = "9", "Other"


class IndicatorMeasure(Code):
    UNIT = "1", "Unit"
    PERCENTAGE = "2", "Percentage"
    NOMINAL = "3", "Nominal"
    ORDINAL = "4", "Ordinal"
    QUALITATIVE = "5", "Qualitative"


class SectorVocabulary(Code):
    DAC_5 = "1", "OECD DAC CRS purpose codes (5 digit)"
    DAC_3 = "2", "OECD DAC CRS purpose codes (3 digit)"
    COFOG = "3", "Classification of the Functions of Government (UN)"
    NACE = "4", "Statistical classification of economic activities in the EC"
    NTEE = "5", "National Taxonomy of Exempt Entities (USA)"
    AIDDATA = "6", "AidData"
    SDG_GOAL = "7", "SDG goal"
    SDG_TARGET = "8", "SDG target"
    SDG_INDICATOR = "9", "SDG indicator"
    HUMANITARIAN_CLUSTER = "10", "Humanitarian global clusters (Inter-Agency Standing Committee)"
    REPORTING_ORG_2 = "98", "Reporting organisation 2"
    REPORTING_ORG = "99", "Reporting organisation"


class TagVocabulary(Code):
    AGROVOC = "1", "Agrovoc"
    SDG_GOAL = "2", "UN Sustainable Development Goals (SDG)"
    SDG_TARGET = "3", "UN Sustainable Development Goals (SDG) targets"
    REPORTING_ORG = "99", "Reporting organisation"


class PolicyMarkerVocabulary(Code):
    DAC = "1", "OECD DAC CRS"
    REPORTING_ORG = "99", "Reporting organisation"


class DacPolicyMarker(Code):
    """Policy markers of the OECD DAC vocabulary (1)."""

    GENDER_EQUALITY = "1", "Gender equality"
    AID_TO_ENVIRONMENT = "2", "Aid to environment"
    GOVERNANCE = "3", "Participatory development/good governance"
    TRADE_DEVELOPMENT = "4", "Trade development"
    BIODIVERSITY = "5", "Rio Convention: biodiversity"
    CLIMATE_MITIGATION = "6", "Rio Convention: climate change mitigation"
    CLIMATE_ADAPTATION = "7", "Rio Convention: climate change adaptation"
    DESERTIFICATION = "8", "Rio Convention: desertification"
    RMNCH = "9", "Reproductive, maternal, newborn and child health"
    DISASTER_RISK_REDUCTION = "10", "Disaster risk reduction"
    DISABILITY = "11", "Disability"
    NUTRITION = "12", "Nutrition"


class PolicySignificance(Code):
    NOT_TARGETED = "0", "Not targeted"
    SIGNIFICANT = "1", "Significant objective"
    PRINCIPAL = "2", "Principal objective"
    PRINCIPAL_AND_ACTION_PROGRAMME = (
        "3",
        "Principal objective and in support of an action programme",
    )
    EXPLICIT_PRIMARY = "4", "Explicit primary objective"


# The gender equality marker is scored 0 (not targeted), 1 (significant) or 2 (principal);
# codes 3 and 4 of PolicySignificance belong to other markers.
GENDER_SIGNIFICANCE = ("0", "1", "2")

# DAC 5-digit purpose codes a counter-trafficking joint programme typically reports.
MIGRATION = "15190"  # Facilitation of orderly, safe, regular and responsible migration and mobility
ENDING_VIOLENCE_AGAINST_WOMEN = "15180"  # Ending violence against women and girls
LEGAL_AND_JUDICIAL = "15130"  # Legal and judicial development
HUMAN_RIGHTS = "15160"  # Human rights

# The Global Compact for Safe, Orderly and Regular Migration (A/RES/73/195) defines the
# objectives; the resolution is the vocabulary's definition, so its address is the URI.
GCM_VOCABULARY_URI = "https://undocs.org/A/RES/73/195"
GCM_OBJECTIVES: dict[int, str] = {
    1: "Collect and utilize accurate and disaggregated data as a basis for evidence-based policies",
    2: "Minimize the adverse drivers and structural factors that compel people to leave their "
    "country of origin",
    3: "Provide accurate and timely information at all stages of migration",
    4: "Ensure that all migrants have proof of legal identity and adequate documentation",
    5: "Enhance availability and flexibility of pathways for regular migration",
    6: "Facilitate fair and ethical recruitment and safeguard conditions that ensure decent work",
    7: "Address and reduce vulnerabilities in migration",
    8: "Save lives and establish coordinated international efforts on missing migrants",
    9: "Strengthen the transnational response to smuggling of migrants",
    10: "Prevent, combat and eradicate trafficking in persons in the context of international "
    "migration",
    11: "Manage borders in an integrated, secure and coordinated manner",
    12: "Strengthen certainty and predictability in migration procedures for appropriate "
    "screening, assessment and referral",
    13: "Use migration detention only as a measure of last resort and work towards alternatives",
    14: "Enhance consular protection, assistance and cooperation throughout the migration cycle",
    15: "Provide access to basic services for migrants",
    16: "Empower migrants and societies to realize full inclusion and social cohesion",
    17: "Eliminate all forms of discrimination and promote evidence-based public discourse to "
    "shape perceptions of migration",
    18: "Invest in skills development and facilitate mutual recognition of skills, "
    "qualifications and competences",
    19: "Create conditions for migrants and diasporas to fully contribute to sustainable "
    "development in all countries",
    20: "Promote faster, safer and cheaper transfer of remittances and foster financial "
    "inclusion of migrants",
    21: "Cooperate in facilitating safe and dignified return and readmission, as well as "
    "sustainable reintegration",
    22: "Establish mechanisms for the portability of social security entitlements and earned "
    "benefits",
    23: "Strengthen international cooperation and global partnerships for safe, orderly and "
    "regular migration",
}
