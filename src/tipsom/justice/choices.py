"""Code lists of the criminal-justice records."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Law(models.TextChoices):
    PTPA_2018 = "ptpa_2018", _("Prevention of Trafficking in Persons Act 2018")
    PSMA_2018 = "psma_2018", _("Prevention of Smuggling of Migrants Act 2018")
    EMIGRATION_1979 = "emigration_1979", _("Emigration Ordinance 1979")
    PASSPORT_1974 = "passport_1974", _("Passport Act 1974")
    PPC = "ppc", _("Pakistan Penal Code")


class RoleInProcess(models.TextChoices):
    """HTCDS per_RoleInProcess: a suspect's part in the trafficking or smuggling process."""

    TRAVELLING_PARTNER = "TravellingPartner", _("Travelling partner")
    TRANSPORTER = "Transporter", _("Transporter")
    RECRUITER = "RecruiterOrIntermediary", _("Recruiter or intermediary")
    BROKER = "BrokerTravelAgent", _("Broker or travel agent")
    SMUGGLER = "Smuggler", _("Smuggler")
    ABUSER = "Abuser", _("Abuser")
    KIDNAPPER = "Kidnapper", _("Kidnapper")
    EXPLOITER = "Exploiter", _("Exploiter")
    OTHER = "Other", _("Other")


class FirStatus(models.TextChoices):
    REGISTERED = "registered", _("Registered")
    INVESTIGATION = "investigation", _("Under investigation")
    CHALLAN = "challan", _("Charge sheet (challan) submitted to court")
    UNTRACED = "untraced", _("Closed: accused untraced")
    CANCELLED = "cancelled", _("Cancelled")


class Outcome(models.TextChoices):
    PENDING = "pending", _("Pending")
    CONVICTED = "convicted", _("Convicted")
    ACQUITTED = "acquitted", _("Acquitted")
    DISCHARGED = "discharged", _("Discharged")
    WITHDRAWN = "withdrawn", pgettext_lazy("charge outcome", "Withdrawn")


class HitStatus(models.TextChoices):
    OPEN = "open", _("Waiting for an investigator")
    CONFIRMED = "confirmed", _("Confirmed: the wanted person")
    DISMISSED = "dismissed", _("Dismissed: someone else")


class ShareAccess(models.TextChoices):
    """What another agency may do with an investigation file shared with it."""

    VIEW = "view", _("Read the file")
    PROSECUTE = "prosecute", _("Read it and record charges, hearings, verdicts and appeals")


class HearingKind(models.TextChoices):
    FRAMING = "framing", _("Framing of charges")
    BAIL = "bail", _("Bail")
    EVIDENCE = "evidence", _("Prosecution or defence evidence")
    STATEMENT = "statement", _("Statement of the accused")
    ARGUMENTS = "arguments", _("Final arguments")
    JUDGMENT = "judgment", _("Judgment")
    OTHER = "other", _("Other")
