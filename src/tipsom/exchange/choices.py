"""Code lists of data exchange."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class BatchStatus(models.TextChoices):
    RUNNING = "running", _("Running")
    CHECKED = "checked", _("Checked (dry run)")
    DONE = "done", _("Imported")
    FAILED = "failed", _("Failed")


class RowStatus(models.TextChoices):
    QUARANTINED = "quarantined", _("Waiting for correction")
    IMPORTED = "imported", _("Imported after correction")
    DISCARDED = "discarded", _("Discarded")


class Outcome(models.TextChoices):
    CREATED = "created", _("Created")
    UPDATED = "updated", _("Updated")
    UNCHANGED = "unchanged", _("Unchanged")
    REJECTED = "rejected", _("Rejected")
