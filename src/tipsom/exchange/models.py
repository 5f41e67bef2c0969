"""Imports, their quarantined rows, and the link from a source system's records to ours."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from tipsom.cases.models import Case, Person
from tipsom.core.fields import EncryptedTextField
from tipsom.core.models import Job, Organisation
from tipsom.core.querysets import RestrictedManager
from tipsom.exchange import choices as c

USER = settings.AUTH_USER_MODEL


class ImportBatch(models.Model):
    """One run of one file into one organisation. ``position`` is the last row fully dealt
    with, written in the same transaction as that row: a run killed half-way resumes there
    and no row is taken twice."""

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    created_by = models.ForeignKey(USER, null=True, on_delete=models.SET_NULL, related_name="+")
    format = models.CharField(_("format"), max_length=20)
    source_system = models.CharField(_("source system"), max_length=100)
    file_name = models.CharField(_("file name"), max_length=255)
    file_sha256 = models.CharField(max_length=64)
    dry_run = models.BooleanField(_("dry run"), default=False)
    status = models.CharField(
        _("status"), max_length=20, choices=c.BatchStatus.choices, default=c.BatchStatus.RUNNING
    )
    position = models.PositiveIntegerField(default=0)
    counts = models.JSONField(default=dict, blank=True)  # outcome -> rows
    notes = models.JSONField(default=list, blank=True)  # file-level remarks (ignored columns)
    id_column = models.CharField(max_length=100, blank=True)
    # An upload from the web, sealed with the field keys, until the import is done.
    upload = models.CharField(max_length=255, blank=True)
    job = models.ForeignKey(Job, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    objects = RestrictedManager()
    restrict_resource = "importbatch"
    restrict_organisation_path = "organisation"
    restrict_owner_path = "created_by"

    class Meta:
        verbose_name = _("import")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"import #{self.pk} ({self.format})"


class ImportRow(models.Model):
    """A row that was refused, kept with its values and problems until a data officer
    corrects it (or discards it). Values and problems are personal data: encrypted."""

    batch = models.ForeignKey(ImportBatch, on_delete=models.CASCADE, related_name="rows")
    row_number = models.PositiveIntegerField()
    record_id = models.CharField(max_length=200)
    values = EncryptedTextField()  # JSON: {column as in the file: value}
    problems = EncryptedTextField()  # JSON: [{row, column, value, reason, allowed}]
    status = models.CharField(
        max_length=20, choices=c.RowStatus.choices, default=c.RowStatus.QUARANTINED
    )
    updated_at = models.DateTimeField(auto_now=True)

    objects = RestrictedManager()
    restrict_resource = "importbatch"
    restrict_organisation_path = "batch__organisation"
    restrict_owner_path = "batch__created_by"

    class Meta:
        ordering = ["batch", "row_number"]
        constraints = [
            models.UniqueConstraint(fields=["batch", "row_number"], name="exchange_row_once")
        ]

    def __str__(self) -> str:
        return f"row {self.row_number} of import #{self.batch_id}"


class SourceRecord(models.Model):
    """Which of our cases and persons a source system's record became: re-importing it
    updates them instead of adding new ones."""

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    source_system = models.CharField(max_length=100)
    record_id = models.CharField(max_length=200)
    # Rows of one source case share this (our exports write it): they become one case.
    case_ref = models.CharField(max_length=200, blank=True)
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="+")
    digests = models.JSONField(default=dict)  # part -> sha256 of what the import wrote
    batch = models.ForeignKey(ImportBatch, null=True, on_delete=models.SET_NULL, related_name="+")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "source_system", "record_id"],
                name="exchange_source_record_once",
            )
        ]
        indexes = [models.Index(fields=["organisation", "source_system", "case_ref"])]

    def __str__(self) -> str:
        return f"{self.source_system}:{self.record_id}"
