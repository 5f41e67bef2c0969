"""Code lists of the joint programme: its status, the parts organisations play in it, the
results framework's levels, the UN harmonised budget categories, and the states of periods
and progress reports. Where IATI has a code for the same thing, the mapping is beside it."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from tipsom.engine.iati.codes import ActivityStatus, IndicatorMeasure, OrganisationRole, ResultType


class ProgrammeStatus(models.TextChoices):
    PIPELINE = "pipeline", _("Pipeline")
    IMPLEMENTATION = "implementation", _("Implementation")
    FINALISATION = "finalisation", _("Finalisation")
    CLOSED = "closed", _("Closed")
    CANCELLED = "cancelled", _("Cancelled")
    SUSPENDED = "suspended", _("Suspended")


IATI_STATUS = {
    ProgrammeStatus.PIPELINE: ActivityStatus.PIPELINE,
    ProgrammeStatus.IMPLEMENTATION: ActivityStatus.IMPLEMENTATION,
    ProgrammeStatus.FINALISATION: ActivityStatus.FINALISATION,
    ProgrammeStatus.CLOSED: ActivityStatus.CLOSED,
    ProgrammeStatus.CANCELLED: ActivityStatus.CANCELLED,
    ProgrammeStatus.SUSPENDED: ActivityStatus.SUSPENDED,
}


class PartnerRole(models.TextChoices):
    """The part an organisation plays in a joint programme."""

    PARTICIPATING_UN = "participating_un", _("Participating UN organisation")
    GOVERNMENT = "government", _("Government partner")
    CIVIL_SOCIETY = "civil_society", _("Civil-society partner")
    ADMINISTRATIVE_AGENT = "administrative_agent", _("Administrative agent of the fund")
    CONTRIBUTOR = "contributor", _("Contributor to the fund")


# IATI roles: the fund (through its administrative agent) and its contributors fund; a
# participating UN organisation answers for the money it receives and implements; government
# and civil-society partners implement.
IATI_ROLES = {
    PartnerRole.PARTICIPATING_UN: (OrganisationRole.ACCOUNTABLE, OrganisationRole.IMPLEMENTING),
    PartnerRole.GOVERNMENT: (OrganisationRole.IMPLEMENTING,),
    PartnerRole.CIVIL_SOCIETY: (OrganisationRole.IMPLEMENTING,),
    PartnerRole.ADMINISTRATIVE_AGENT: (OrganisationRole.FUNDING,),
    PartnerRole.CONTRIBUTOR: (OrganisationRole.FUNDING,),
}


class MarkerScore(models.IntegerChoices):
    """The fund's gender marker and human-rights marker are scored 0 to 3."""

    NONE = 0, _("0: no contribution")
    LIMITED = 1, _("1: limited contribution")
    SIGNIFICANT = 2, _("2: significant contribution")
    PRINCIPAL = 3, _("3: principal objective")


# The OECD DAC gender equality marker (0 not targeted, 1 significant, 2 principal) from the
# fund's gender marker: a limited contribution is not yet a targeted one.
DAC_GENDER = {0: 0, 1: 0, 2: 1, 3: 2}


class ResultLevel(models.TextChoices):
    OUTCOME = "outcome", _("Outcome")
    OUTPUT = "output", _("Output")


IATI_RESULT = {ResultLevel.OUTCOME: ResultType.OUTCOME, ResultLevel.OUTPUT: ResultType.OUTPUT}


class Measure(models.TextChoices):
    NUMBER = "number", _("Number")
    PERCENTAGE = "percentage", _("Percentage")


IATI_MEASURE = {
    Measure.NUMBER: IndicatorMeasure.UNIT,
    Measure.PERCENTAGE: IndicatorMeasure.PERCENTAGE,
}


class IndicatorSource(models.TextChoices):
    MANUAL = "manual", _("Entered by hand")
    COMPUTED = "computed", _("Computed from the system's data")


class Dimension(models.TextChoices):
    """What an indicator's figures may be split by."""

    SEX = "sex", _("Sex")
    AGE_GROUP = "age_group", _("Age group")
    PROVINCE = "province", _("Province")


class AgeGroup(models.TextChoices):
    CHILD = "child", _("Child (0–17)")
    ADULT = "adult", _("Adult (18 or over)")
    UNKNOWN = "unknown", _("Unknown")


class BudgetCategory(models.TextChoices):
    """The UN harmonised budget categories (UNDG, 2012). Indirect support costs are not
    entered: they are the programme's rate (7 % by default) of the direct costs."""

    STAFF = "staff", _("Staff and other personnel")
    SUPPLIES = "supplies", _("Supplies, commodities, materials")
    EQUIPMENT = "equipment", _("Equipment, vehicles and furniture, including depreciation")
    CONTRACTUAL = "contractual", _("Contractual services")
    TRAVEL = "travel", _("Travel")
    TRANSFERS = "transfers", _("Transfers and grants to counterparts")
    OPERATING = "operating", _("General operating and other direct costs")
    INDIRECT = "indirect", _("Indirect support costs")


DIRECT_CATEGORIES = [c for c in BudgetCategory if c != BudgetCategory.INDIRECT]


class TransferKind(models.TextChoices):
    FROM_FUND = "from_fund", _("Transfer from the fund's administrative agent")
    TO_PARTNER = "to_partner", _("Disbursement to an implementing partner")


class PeriodStatus(models.TextChoices):
    OPEN = "open", _("Open")
    CLOSED = "closed", _("Closed")


class ReportStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted for review")
    APPROVED = "approved", _("Approved")
    RETURNED = "returned", _("Returned for changes")


# A report under review or approved holds its organisation's figures for the period.
LOCKED_REPORT = (ReportStatus.SUBMITTED, ReportStatus.APPROVED)


class ComputeScope(models.TextChoices):
    """Whose records a computed indicator counts."""

    NETWORK = "network", _("Every organisation in the network")
    PROGRAMME = "programme", _("The programme's organisations and partners")


class Track(models.TextChoices):
    ON = "on", _("On track")
    OFF = "off", _("Off track")
    NO_DATA = "no_data", _("No target or actual yet")
