"""Record linkage: runs, scored pairs, national identities and the reviewers' decisions.

No source record is changed by linkage. An identity is a separate row that groups persons;
which persons it groups follows from the pairs' statuses (scored links and reviewers'
confirmations join, rejections keep apart), so every decision can be undone by restoring
the statuses it changed.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from tipsom.cases.models import Person
from tipsom.core.fields import EncryptedTextField
from tipsom.core.models import Job
from tipsom.core.querysets import RestrictedManager
from tipsom.linkage import choices as c

USER = settings.AUTH_USER_MODEL


class LinkageRun(models.Model):
    kind = models.CharField(_("kind"), max_length=20, choices=c.RunKind.choices)
    status = models.CharField(
        _("status"), max_length=20, choices=c.RunStatus.choices, default=c.RunStatus.RUNNING
    )
    started_by = models.ForeignKey(USER, null=True, on_delete=models.SET_NULL, related_name="+")
    job = models.ForeignKey(Job, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    # The persons this run covers: every person up to this id (incremental runs start after
    # the previous run's).
    first_person_id = models.BigIntegerField(default=0)
    last_person_id = models.BigIntegerField(default=0)
    records = models.PositiveIntegerField(default=0)
    pairs = models.PositiveIntegerField(default=0)
    linked = models.PositiveIntegerField(default=0)
    pending = models.PositiveIntegerField(default=0)
    identities = models.PositiveIntegerField(default=0)
    seconds = models.FloatField(default=0)
    match_threshold = models.FloatField()
    review_threshold = models.FloatField()
    model_version = models.CharField(max_length=40, blank=True)  # engine version + digest
    model = models.JSONField(default=dict, blank=True)  # the trained Splink model
    error = models.TextField(blank=True)

    objects = RestrictedManager()
    restrict_resource = "linkagerun"
    restrict_organisation_path = None
    restrict_owner_path = None

    class Meta:
        ordering = ["-pk"]

    def __str__(self) -> str:
        return f"linkage run #{self.pk}"


class Identity(models.Model):
    """One person as the network knows them: the persons (source records) linked together."""

    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = RestrictedManager()
    restrict_resource = "identity"
    # seen by the organisations of its persons, and of the persons decisions about it took
    # out (an identity left empty stays reachable, to undo the decision that emptied it)
    restrict_organisation_path = (
        "members__person__organisation",
        "decisions__persons__organisation",
    )
    restrict_owner_path = None

    class Meta:
        verbose_name_plural = "identities"

    def __str__(self) -> str:
        return f"identity #{self.pk}"


class Membership(models.Model):
    identity = models.ForeignKey(Identity, on_delete=models.CASCADE, related_name="members")
    person = models.OneToOneField(Person, on_delete=models.CASCADE, related_name="identity_link")
    since = models.DateTimeField(auto_now=True)

    class Meta:
        indexes = [models.Index(fields=["identity"])]

    def __str__(self) -> str:
        return f"person #{self.person_id} in identity #{self.identity_id}"


class MatchPair(models.Model):
    """Two persons a run found alike, with the score and why; ``left`` has the lower id."""

    left = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    right = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    run = models.ForeignKey(
        LinkageRun, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )  # none for pairs a reviewer made by taking a person out of an identity
    probability = models.FloatField()
    weight = models.FloatField()
    explanation = models.JSONField(default=list)  # [{field, level, weight}]
    status = models.CharField(max_length=20, choices=c.PairStatus.choices)
    decided_by = models.ForeignKey(USER, null=True, on_delete=models.SET_NULL, related_name="+")
    decided_at = models.DateTimeField(null=True, blank=True)
    note = EncryptedTextField(_("note"))

    objects = RestrictedManager()
    restrict_resource = "matchpair"
    restrict_organisation_path = ("left__organisation", "right__organisation")
    restrict_owner_path = None

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["left", "right"], name="linkage_pair_once"),
            models.CheckConstraint(
                condition=models.Q(left__lt=models.F("right")), name="linkage_pair_ordered"
            ),
        ]
        indexes = [
            models.Index(fields=["status", "-probability"]),
            models.Index(fields=["right"]),
        ]

    def __str__(self) -> str:
        return f"pair #{self.pk}"


class Decision(models.Model):
    """A reviewer's decision, with the pair statuses it changed (to undo it) and the
    memberships before and after (to show what it did)."""

    kind = models.CharField(max_length=20, choices=c.DecisionKind.choices)
    actor = models.ForeignKey(USER, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    pair = models.ForeignKey(MatchPair, null=True, on_delete=models.SET_NULL, related_name="+")
    person = models.ForeignKey(Person, null=True, on_delete=models.SET_NULL, related_name="+")
    # the identity a person was taken out of (its members' organisations may see the decision)
    identity = models.ForeignKey(
        Identity, null=True, on_delete=models.SET_NULL, related_name="decisions"
    )
    # everyone whose identity it could change: their organisations see the decision
    persons = models.ManyToManyField(Person, related_name="+")
    note = EncryptedTextField(_("note"))
    statuses_before = models.JSONField(default=dict)  # {pair id: status or "" (new pair)}
    statuses_after = models.JSONField(default=dict)
    members_before = models.JSONField(default=dict)  # {person id: identity id or None}
    members_after = models.JSONField(default=dict)
    undoes = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="undone_by"
    )

    objects = RestrictedManager()
    restrict_resource = "matchpair"
    restrict_organisation_path = "persons__organisation"
    restrict_owner_path = None

    class Meta:
        ordering = ["-pk"]

    def __str__(self) -> str:
        return f"linkage decision #{self.pk}"
