"""Criminal justice: the offence list, FIRs and their investigation, suspects, charges and
verdicts. Suspects are persons (the cases app's Person); the investigation file is its own
resource, seen only by law-enforcement and prosecution roles (permissions.py)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from tipsom.cases.models import Case, Person, Versioned
from tipsom.core.fields import EncryptedTextField
from tipsom.core.models import Organisation
from tipsom.core.querysets import RestrictedManager
from tipsom.justice import choices as c

USER = settings.AUTH_USER_MODEL


class Offence(models.Model):
    """An offence of the maintained list, with its legal penalty range where known."""

    code = models.CharField(_("code"), max_length=30, unique=True)
    law = models.CharField(_("law"), max_length=30, choices=c.Law.choices)
    section = models.CharField(_("section"), max_length=30)
    title = models.CharField(_("offence"), max_length=200)
    min_months = models.PositiveIntegerField(_("least imprisonment, months"), null=True, blank=True)
    max_months = models.PositiveIntegerField(_("most imprisonment, months"), null=True, blank=True)
    max_fine = models.PositiveBigIntegerField(_("largest fine, PKR"), null=True, blank=True)
    fine_or_prison = models.BooleanField(
        _("imprisonment or fine or both"), default=False
    )  # "and/or": a fine alone is a lawful sentence
    note = models.TextField(_("source and caveats"), blank=True)
    is_active = models.BooleanField(default=True)

    objects = RestrictedManager()
    restrict_resource = "offence"
    restrict_organisation_path = None
    restrict_owner_path = None

    class Meta:
        ordering = ["law", "code"]

    def __str__(self) -> str:
        return f"{self.code}: {self.title}"


class Fir(Versioned):
    """A First Information Report and the investigation that follows it."""

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    number = models.CharField(_("FIR number"), max_length=40)
    station = models.CharField(_("police station or FIA circle"), max_length=120)
    registered_on = models.DateField(_("registered on"))
    offences = models.ManyToManyField(Offence, related_name="firs", verbose_name=_("offences"))
    status = models.CharField(
        _("status"), max_length=20, choices=c.FirStatus.choices, default=c.FirStatus.REGISTERED
    )
    investigating_officer = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    summary = EncryptedTextField(_("summary"))
    cases = models.ManyToManyField(Case, related_name="firs", blank=True)
    created_by = models.ForeignKey(USER, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = RestrictedManager()
    restrict_resource = "fir"
    # The owning agency, and the agencies it shared the file with (FirShare).
    restrict_organisation_path = ("organisation", "shares__organisation")
    restrict_owner_path = ("created_by", "investigating_officer")

    class Meta:
        verbose_name = "FIR"
        constraints = [
            models.UniqueConstraint(fields=["organisation", "number"], name="justice_fir_number")
        ]

    def __str__(self) -> str:
        return f"FIR {self.number}"


class Suspect(models.Model):
    """A person suspected in an FIR: their part in the process, aliases and network."""

    fir = models.ForeignKey(Fir, on_delete=models.CASCADE, related_name="suspects")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="suspicions")
    roles = models.JSONField(_("role in the process"), default=list, blank=True)
    aliases = EncryptedTextField(_("aliases"))  # JSON list
    network = EncryptedTextField(_("organisation or network"))
    arrested_on = models.DateField(_("arrested on"), null=True, blank=True)
    # The victims this suspect is connected with: clients of the cases linked to the FIR.
    victims = models.ManyToManyField(
        Person, blank=True, related_name="suspected_against", verbose_name=_("victims")
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = RestrictedManager()
    restrict_resource = "fir"
    restrict_organisation_path = ("fir__organisation", "fir__shares__organisation")
    restrict_owner_path = ("fir__created_by", "fir__investigating_officer")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["fir", "person"], name="justice_suspect_once")
        ]

    def __str__(self) -> str:
        return f"suspect #{self.pk} in {self.fir}"

    @property
    def role_labels(self) -> list[str]:
        labels = dict(c.RoleInProcess.choices)
        return [str(labels.get(role, role)) for role in self.roles]


class Seizure(models.Model):
    fir = models.ForeignKey(Fir, on_delete=models.CASCADE, related_name="seizures")
    seized_on = models.DateField(_("seized on"))
    description = EncryptedTextField(_("what was seized"))
    value_pkr = models.PositiveBigIntegerField(_("estimated value, PKR"), null=True, blank=True)

    objects = RestrictedManager()
    restrict_resource = "fir"
    restrict_organisation_path = ("fir__organisation", "fir__shares__organisation")
    restrict_owner_path = ("fir__created_by", "fir__investigating_officer")

    def __str__(self) -> str:
        return f"seizure #{self.pk}"


class FirShare(models.Model):
    """The investigation file shared with another agency (a prosecution department, another
    FIA circle, the police of another province): its law-enforcement and prosecution staff
    then read it, and with `prosecute` access record the court's side. Ending a share
    deletes the row; the audit log keeps who shared what, when, and who ended it."""

    fir = models.ForeignKey(Fir, on_delete=models.CASCADE, related_name="shares")
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    access = models.CharField(
        _("access"), max_length=20, choices=c.ShareAccess.choices, default=c.ShareAccess.VIEW
    )
    reason = models.CharField(_("reason"), max_length=200)
    shared_by = models.ForeignKey(USER, null=True, on_delete=models.SET_NULL, related_name="+")
    shared_at = models.DateTimeField(auto_now_add=True)

    objects = RestrictedManager()
    restrict_resource = "fir"
    restrict_organisation_path = ("fir__organisation", "organisation")
    restrict_owner_path = None

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["fir", "organisation"], name="justice_share_once")
        ]

    def __str__(self) -> str:
        return f"{self.fir} shared with organisation #{self.organisation_id}"


class Hearing(models.Model):
    """One sitting of the court in the trial of an FIR's accused."""

    fir = models.ForeignKey(Fir, on_delete=models.CASCADE, related_name="hearings")
    court = models.CharField(_("court"), max_length=160)
    held_on = models.DateField(_("held on"))
    kind = models.CharField(_("stage"), max_length=20, choices=c.HearingKind.choices)
    notes = EncryptedTextField(_("what happened"))
    next_on = models.DateField(_("adjourned to"), null=True, blank=True)
    recorded_by = models.ForeignKey(USER, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = RestrictedManager()
    restrict_resource = "fir"
    restrict_organisation_path = ("fir__organisation", "fir__shares__organisation")
    restrict_owner_path = ("fir__created_by", "fir__investigating_officer")

    class Meta:
        ordering = ["held_on", "pk"]

    def __str__(self) -> str:
        return f"hearing #{self.pk}"


class Charge(Versioned):
    """One offence charged against one suspect, and its verdict and sentence."""

    suspect = models.ForeignKey(Suspect, on_delete=models.CASCADE, related_name="charges")
    offence = models.ForeignKey(Offence, on_delete=models.PROTECT, related_name="+")
    court = models.CharField(_("court"), max_length=160)
    filed_on = models.DateField(_("charged on"))
    outcome = models.CharField(
        _("outcome"), max_length=20, choices=c.Outcome.choices, default=c.Outcome.PENDING
    )
    decided_on = models.DateField(_("decided on"), null=True, blank=True)
    imprisonment_months = models.PositiveIntegerField(
        _("imprisonment, months"), null=True, blank=True
    )
    fine_pkr = models.PositiveBigIntegerField(_("fine, PKR"), null=True, blank=True)
    sentence_warnings = models.JSONField(default=list, blank=True)  # outside the legal range
    appeal_filed_on = models.DateField(_("appeal filed on"), null=True, blank=True)
    appeal_court = models.CharField(_("appeal court"), max_length=160, blank=True)
    appeal_outcome = models.CharField(
        _("appeal outcome"), max_length=20, choices=c.Outcome.choices, blank=True
    )

    objects = RestrictedManager()
    restrict_resource = "fir"
    restrict_organisation_path = (
        "suspect__fir__organisation",
        "suspect__fir__shares__organisation",
    )
    restrict_owner_path = ("suspect__fir__created_by", "suspect__fir__investigating_officer")

    def __str__(self) -> str:
        return f"charge #{self.pk}"


class WatchlistEntry(models.Model):
    """A wanted person (like the FIA's most-wanted book): names, aliases, documents."""

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    first_name = EncryptedTextField(_("first name"))
    family_name = EncryptedTextField(_("family name"))
    father_name = EncryptedTextField(_("father's name"))
    aliases = EncryptedTextField(_("aliases"))  # JSON list
    document = EncryptedTextField(_("CNIC or passport number"))
    birth_year = models.PositiveSmallIntegerField(_("birth year"), null=True, blank=True)
    reason = EncryptedTextField(_("wanted for"))
    is_active = models.BooleanField(_("wanted now"), default=True)
    added_by = models.ForeignKey(USER, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = RestrictedManager()
    restrict_resource = "watchlist"
    restrict_organisation_path = "organisation"
    restrict_owner_path = None

    def __str__(self) -> str:
        return f"watchlist entry #{self.pk}"


class WatchlistHit(models.Model):
    """A person who may be a wanted person, waiting for an investigator of the listing
    agency to confirm or dismiss."""

    entry = models.ForeignKey(WatchlistEntry, on_delete=models.CASCADE, related_name="hits")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    points = models.PositiveSmallIntegerField()
    reasons = models.JSONField(default=list)
    status = models.CharField(max_length=20, choices=c.HitStatus.choices, default=c.HitStatus.OPEN)
    decided_by = models.ForeignKey(USER, null=True, on_delete=models.SET_NULL, related_name="+")
    decided_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = RestrictedManager()
    restrict_resource = "watchlisthit"
    restrict_organisation_path = "entry__organisation"
    restrict_owner_path = None

    class Meta:
        constraints = [models.UniqueConstraint(fields=["entry", "person"], name="justice_hit_once")]

    def __str__(self) -> str:
        return f"watchlist hit #{self.pk}"
