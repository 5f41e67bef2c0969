"""Code lists of the referral mechanism."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ReferralKind(models.TextChoices):
    REFERRAL = "referral", _("Referral for a service")
    TRANSFER = "transfer", _("Transfer of the case")
    TRANSFER_REQUEST = "transfer_request", _("Request to take over the case")


class ReferralState(models.TextChoices):
    PENDING = "pending", _("Pending")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")
    COMPLETED = "completed", _("Completed")
    REVOKED = "revoked", _("Revoked")


# While a referral is in these states its receiver sees the shared sections.
OPEN_STATES = frozenset({ReferralState.PENDING, ReferralState.ACCEPTED})


class TargetGroup(models.TextChoices):
    WOMEN = "women", _("Women")
    MEN = "men", _("Men")
    GIRLS = "girls", _("Girls")
    BOYS = "boys", _("Boys")
    TRANSGENDER = "transgender", _("Transgender persons")
