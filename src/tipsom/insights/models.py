"""An extract of the database for statistics: Parquet files under the data directory, with
the record of when it was taken, by whom, and what it holds."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from tipsom.core.querysets import RestrictedManager

USER = settings.AUTH_USER_MODEL


class Extract(models.Model):
    """One snapshot of the records the indicators count (no names, documents or phones)."""

    directory = models.CharField(max_length=300)  # relative to the data directory
    taken_at = models.DateTimeField(_("taken at"), auto_now_add=True)
    taken_by = models.ForeignKey(USER, null=True, on_delete=models.SET_NULL, related_name="+")
    seconds = models.FloatField(_("seconds to take"), default=0)
    victims = models.PositiveIntegerField(_("victim records"), default=0)
    suspects = models.PositiveIntegerField(_("suspect records"), default=0)
    offences = models.PositiveIntegerField(_("offences recorded"), default=0)
    linkage_run = models.PositiveIntegerField(
        _("linkage run"), null=True, blank=True
    )  # the identities it counts by; None: no linkage had run, every record its own person
    first_year = models.PositiveSmallIntegerField(null=True, blank=True)
    last_year = models.PositiveSmallIntegerField(null=True, blank=True)

    objects = RestrictedManager()
    restrict_resource = "statistics"
    restrict_organisation_path = None
    restrict_owner_path = None

    class Meta:
        ordering = ["-pk"]

    def __str__(self) -> str:
        return f"statistics extract #{self.pk}"


class ReleaseStatus(models.TextChoices):
    PREPARED = "prepared", _("Waiting for approval")
    PUBLISHED = "published", _("Approved and public")
    REJECTED = "rejected", _("Rejected")


class PrivacyBudget(models.Model):
    """The privacy budget of one dataset (e.g. the victim records): the total epsilon and
    delta every differentially private release of it may spend together (basic sequential
    composition). A release that would go over it is refused."""

    dataset = models.CharField(_("dataset"), max_length=40, unique=True)
    epsilon = models.FloatField(_("total epsilon"))
    delta = models.FloatField(_("total delta"), default=0.0)

    objects = RestrictedManager()
    restrict_resource = "release"
    restrict_organisation_path = None
    restrict_owner_path = None

    def __str__(self) -> str:
        return f"privacy budget of {self.dataset}"


class Release(models.Model):
    """A publication: suppressed and noised tables, differentially private synthetic
    microdata, the parameters that made them and the notes that explain them. Prepared by
    one person, approved by another, and only then public. Never changed once approved: a
    correction is a new release that names the one it corrects."""

    title = models.CharField(_("title"), max_length=200)
    year_from = models.PositiveSmallIntegerField(_("first year"))
    year_to = models.PositiveSmallIntegerField(_("last year"))
    status = models.CharField(
        max_length=20, choices=ReleaseStatus.choices, default=ReleaseStatus.PREPARED
    )
    parameters = models.JSONField(default=dict)  # threshold, epsilon, delta, resolution, ...
    tables = models.JSONField(default=list)  # engine.indicators Table dicts, as published
    synthetic = models.FileField(upload_to="releases/", blank=True)  # CSV, CTDC 2024 layout
    synthetic_rows = models.PositiveIntegerField(default=0)
    utility = models.JSONField(default=dict)  # the synthetic data's marginal errors
    notes = models.TextField(_("release notes"), blank=True)
    method = models.TextField(_("methods"), blank=True)  # written by the system
    extract = models.ForeignKey(Extract, null=True, on_delete=models.SET_NULL, related_name="+")
    corrects = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="corrections"
    )
    prepared_by = models.ForeignKey(USER, null=True, on_delete=models.SET_NULL, related_name="+")
    prepared_at = models.DateTimeField(auto_now_add=True)
    decided_by = models.ForeignKey(USER, null=True, on_delete=models.SET_NULL, related_name="+")
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_note = models.TextField(blank=True)

    objects = RestrictedManager()
    restrict_resource = "release"
    restrict_organisation_path = None
    restrict_owner_path = None

    class Meta:
        ordering = ["-pk"]

    def __str__(self) -> str:
        return f"release #{self.pk}: {self.title}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            before = Release.objects.filter(pk=self.pk).values_list("status", flat=True).first()
            if before in (ReleaseStatus.PUBLISHED, ReleaseStatus.REJECTED):
                raise ValueError(f"release #{self.pk} is {before} and can no longer change")
        super().save(*args, **kwargs)


class BudgetSpend(models.Model):
    """Epsilon and delta one release spent of a dataset's budget (kept if it is rejected:
    the noise was drawn and seen)."""

    budget = models.ForeignKey(PrivacyBudget, on_delete=models.PROTECT, related_name="spends")
    release = models.ForeignKey(Release, on_delete=models.PROTECT, related_name="spends")
    what = models.CharField(max_length=200)
    epsilon = models.FloatField()
    delta = models.FloatField(default=0.0)
    spent_at = models.DateTimeField(auto_now_add=True)

    objects = RestrictedManager()
    restrict_resource = "release"
    restrict_organisation_path = None
    restrict_owner_path = None

    def __str__(self) -> str:
        return f"{self.what}: epsilon {self.epsilon}"
