"""An extract of the database for statistics: Parquet files under the data directory, with
the record of when it was taken, by whom, and what it holds."""

from __future__ import annotations

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
