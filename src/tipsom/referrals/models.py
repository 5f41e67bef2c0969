"""The service directory and referrals (with transfers) between partner organisations."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from tipsom.cases.choices import SupportType
from tipsom.cases.models import Case
from tipsom.core.fields import EncryptedTextField
from tipsom.core.models import ContactPoint, Organisation
from tipsom.core.querysets import RestrictedManager
from tipsom.referrals import choices as c

USER = settings.AUTH_USER_MODEL


class ServiceOffer(models.Model):
    """One service an organisation offers: where, for whom, how many places."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="service_offers"
    )
    service = models.CharField(_("service"), max_length=40, choices=SupportType.choices)
    provinces = models.JSONField(_("provinces"), default=list, blank=True)  # ISO 3166-2; [] = all
    districts = models.JSONField(_("districts"), default=list, blank=True)  # [] = the provinces'
    target_groups = models.JSONField(_("for whom"), default=list, blank=True)  # [] = everyone
    capacity = models.PositiveIntegerField(_("places or persons at a time"), null=True, blank=True)
    contact_point = models.ForeignKey(
        ContactPoint,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("contact point"),
    )
    notes = models.TextField(_("notes"), blank=True)
    is_active = models.BooleanField(_("offered now"), default=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = RestrictedManager()
    restrict_resource = "serviceoffer"
    restrict_organisation_path = "organisation"
    restrict_owner_path = None

    class Meta:
        verbose_name = _("service offer")
        ordering = ["organisation__name", "service"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "service"], name="referrals_one_offer_per_service"
            )
        ]

    def __str__(self) -> str:
        return f"{self.service} by {self.organisation_id}"


class Referral(models.Model):
    """A case shared for a service (referral), or moved to another organisation (transfer,
    or a transfer asked for by the organisation that wants the case).

    ``sender`` holds the case; ``receiver`` gets the shared sections or the case itself.
    """

    kind = models.CharField(_("kind"), max_length=20, choices=c.ReferralKind.choices)
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="referrals")
    sender = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="+", verbose_name=_("from")
    )
    receiver = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="+", verbose_name=_("to")
    )
    service = models.CharField(_("service"), max_length=40, choices=SupportType.choices, blank=True)
    sections = models.JSONField(_("shared sections"), default=list)
    reason = EncryptedTextField(_("reason for referral"))
    details = EncryptedTextField(_("details and arrangements"))
    state = models.CharField(
        _("state"), max_length=20, choices=c.ReferralState.choices, default=c.ReferralState.PENDING
    )
    state_reason = EncryptedTextField(_("reason given"))  # for declining or revoking
    outcome = EncryptedTextField(_("outcome"))
    consent_overridden = models.BooleanField(_("sent without recorded consent"), default=False)
    override_justification = EncryptedTextField(_("justification for proceeding without consent"))
    due_on = models.DateField(_("answer due by"))
    created_by = models.ForeignKey(USER, null=True, on_delete=models.SET_NULL, related_name="+")
    decided_by = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    assigned_to = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)  # completed or revoked
    overdue_notified_at = models.DateTimeField(null=True, blank=True)
    version = models.PositiveIntegerField(default=1)

    objects = RestrictedManager()
    restrict_resource = "referral"
    restrict_organisation_path = ("sender", "receiver")
    restrict_owner_path = ("created_by", "assigned_to")

    class Meta:
        verbose_name = _("referral")
        verbose_name_plural = _("referrals")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["receiver", "state"]),
            models.Index(fields=["sender", "state"]),
            models.Index(fields=["case", "state"]),
        ]

    def __str__(self) -> str:
        return f"referral #{self.pk}"

    @property
    def is_open(self) -> bool:
        return self.state in c.OPEN_STATES

    @property
    def asked_by(self) -> Organisation:
        """The side that asked, and so may revoke: the requester of a transfer request."""
        return self.receiver if self.kind == c.ReferralKind.TRANSFER_REQUEST else self.sender

    @property
    def answered_by(self) -> Organisation:
        """The side that accepts or declines: the case's holder for a transfer request."""
        return self.sender if self.kind == c.ReferralKind.TRANSFER_REQUEST else self.receiver
