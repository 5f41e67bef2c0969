"""The network's coordination: focal points and governance roles of member organisations,
working groups, meetings with their agenda, attendance, minutes and decisions, action points,
and documents. Membership itself is core's `Organisation.network_status`.

Every row is the network's, not one organisation's: the grants (permissions.py) give every
role network-wide reading and the secretariat the writing. The exception is an action point,
whose owner organisation may move it along: its path to the owner and to the owner's focal
points are declared for `restrict` below.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tipsom.cases.models import Versioned
from tipsom.core.models import Organisation
from tipsom.core.querysets import RestrictedManager
from tipsom.network import choices as c
from tipsom.network import codes

USER = settings.AUTH_USER_MODEL


class Tagged(models.Model):
    """An item tagged with GCM objectives (1–23) and SDG targets ("16.2")."""

    gcm_objectives = models.JSONField(_("GCM objectives"), default=list, blank=True)
    sdg_targets = models.JSONField(_("SDG targets"), default=list, blank=True)

    class Meta:
        abstract = True

    @property
    def tags(self) -> list[str]:
        return [codes.gcm_label(n) for n in self.gcm_objectives] + [
            codes.sdg_label(t) for t in self.sdg_targets
        ]


class FocalPoint(models.Model):
    """A user of a member organisation designated as its focal point for the network (or
    the alternate, who stands in). Reminders of the organisation's action points go to them."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="network_focal_points"
    )
    user = models.ForeignKey(USER, on_delete=models.CASCADE, related_name="network_focal_points")
    kind = models.CharField(
        _("kind"), max_length=20, choices=c.FocalPointKind.choices, default=c.FocalPointKind.PRIMARY
    )
    designated_by = models.ForeignKey(USER, null=True, on_delete=models.SET_NULL, related_name="+")
    designated_at = models.DateTimeField(auto_now_add=True)

    objects = RestrictedManager()
    restrict_resource = "networkmember"
    restrict_organisation_path = "organisation"
    restrict_owner_path = None

    class Meta:
        ordering = ["organisation", "kind", "pk"]
        verbose_name = _("focal point")
        verbose_name_plural = _("focal points")
        constraints = [
            models.UniqueConstraint(fields=["organisation", "user"], name="network_focal_once"),
            models.UniqueConstraint(
                fields=["organisation"],
                condition=Q(kind="primary"),
                name="network_one_primary_focal_point",
            ),
        ]

    def __str__(self) -> str:
        return f"focal point #{self.pk} of organisation #{self.organisation_id}"


class GovernanceTerm(models.Model):
    """A member organisation's governance role in the network for a term: chair, co-chair,
    secretariat or executive committee member. An open end means until further notice."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="network_governance"
    )
    role = models.CharField(_("role"), max_length=20, choices=c.GovernanceRole.choices)
    starts_on = models.DateField(_("term starts on"))
    ends_on = models.DateField(_("term ends on"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=300, blank=True)
    created_by = models.ForeignKey(USER, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = RestrictedManager()
    restrict_resource = "networkmember"
    restrict_organisation_path = "organisation"
    restrict_owner_path = None

    class Meta:
        ordering = ["role", "-starts_on", "pk"]
        verbose_name = _("governance term")
        verbose_name_plural = _("governance terms")

    def __str__(self) -> str:
        return f"{self.role} term #{self.pk}"

    def is_current(self, on: Any = None) -> bool:
        day = on or timezone.localdate()
        return self.starts_on <= day and (self.ends_on is None or self.ends_on >= day)


class WorkingGroup(Tagged):
    """A working group, workstream or task force of the network, with its terms of reference
    and member organisations. Closed groups keep their record."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    kind = models.CharField(
        _("kind"), max_length=20, choices=c.GroupKind.choices, default=c.GroupKind.WORKING_GROUP
    )
    terms_of_reference = models.TextField(_("terms of reference"), blank=True)
    established_on = models.DateField(_("established on"))
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    created_by = models.ForeignKey(USER, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = RestrictedManager()
    restrict_resource = "networkgroup"
    restrict_organisation_path = None
    restrict_owner_path = None

    class Meta:
        ordering = ["name"]
        verbose_name = _("working group")
        verbose_name_plural = _("working groups")

    def __str__(self) -> str:
        return self.name

    @property
    def is_open(self) -> bool:
        return self.closed_on is None or self.closed_on >= timezone.localdate()


class GroupMember(models.Model):
    group = models.ForeignKey(WorkingGroup, on_delete=models.CASCADE, related_name="members")
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="network_groups"
    )
    role = models.CharField(
        _("role"), max_length=20, choices=c.GroupRole.choices, default=c.GroupRole.MEMBER
    )
    joined_on = models.DateField(_("joined on"))
    added_by = models.ForeignKey(USER, null=True, on_delete=models.SET_NULL, related_name="+")

    objects = RestrictedManager()
    restrict_resource = "networkgroup"
    restrict_organisation_path = None
    restrict_owner_path = None

    class Meta:
        ordering = ["group", "role", "organisation__name"]
        constraints = [
            models.UniqueConstraint(fields=["group", "organisation"], name="network_group_once"),
            models.UniqueConstraint(
                fields=["group"], condition=Q(role="lead"), name="network_group_one_lead"
            ),
        ]

    def __str__(self) -> str:
        return f"member #{self.pk} of group #{self.group_id}"


class Meeting(Tagged, Versioned):
    """A meeting of the whole network (no group) or of one working group."""

    title = models.CharField(_("title"), max_length=200)
    group = models.ForeignKey(
        WorkingGroup,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="meetings",
        verbose_name=_("working group"),
    )
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"), null=True, blank=True)
    location = models.CharField(_("place or link"), max_length=300, blank=True)
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=c.MeetingStatus.choices,
        default=c.MeetingStatus.SCHEDULED,
    )
    cancel_reason = models.CharField(_("why cancelled"), max_length=300, blank=True)
    minutes = models.TextField(_("minutes"), blank=True)
    minutes_approved_at = models.DateTimeField(_("minutes approved at"), null=True, blank=True)
    minutes_approved_by = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_by = models.ForeignKey(USER, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = RestrictedManager()
    restrict_resource = "networkmeeting"
    restrict_organisation_path = None
    restrict_owner_path = None

    class Meta:
        ordering = ["-starts_at", "-pk"]
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")

    def __str__(self) -> str:
        return f"meeting #{self.pk}"

    @property
    def day(self) -> Any:
        """The meeting's date where it is held (the site's time zone)."""
        return timezone.localtime(self.starts_at).date()

    @property
    def has_started(self) -> bool:
        return self.starts_at <= timezone.now()

    @property
    def minutes_approved(self) -> bool:
        return self.minutes_approved_at is not None


class AgendaItem(Tagged):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="agenda")
    position = models.PositiveSmallIntegerField(_("position"))
    title = models.CharField(_("item"), max_length=300)
    presenter = models.ForeignKey(
        Organisation,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("presented by"),
    )
    notes = models.TextField(_("notes"), blank=True)

    objects = RestrictedManager()
    restrict_resource = "networkmeeting"
    restrict_organisation_path = None
    restrict_owner_path = None

    class Meta:
        ordering = ["meeting", "position"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "position"], name="network_agenda_position")
        ]

    def __str__(self) -> str:
        return f"agenda item {self.position} of meeting #{self.meeting_id}"


class Attendance(models.Model):
    """Who was at a meeting: an organisation, or one of its staff (a user), present, excused
    (sent apologies) or absent."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendance")
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    person = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    status = models.CharField(
        _("attendance"),
        max_length=20,
        choices=c.AttendanceStatus.choices,
        default=c.AttendanceStatus.PRESENT,
    )
    recorded_by = models.ForeignKey(USER, null=True, on_delete=models.SET_NULL, related_name="+")

    objects = RestrictedManager()
    restrict_resource = "networkmeeting"
    restrict_organisation_path = None
    restrict_owner_path = None

    class Meta:
        ordering = ["meeting", "organisation__name", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "organisation"],
                condition=Q(person__isnull=True),
                name="network_attendance_organisation_once",
            ),
            models.UniqueConstraint(
                fields=["meeting", "person"],
                condition=Q(person__isnull=False),
                name="network_attendance_person_once",
            ),
        ]

    def __str__(self) -> str:
        return f"attendance #{self.pk} at meeting #{self.meeting_id}"


class Decision(Tagged):
    """A decision taken at a meeting, numbered within it."""

    meeting = models.ForeignKey(Meeting, on_delete=models.PROTECT, related_name="decisions")
    number = models.PositiveSmallIntegerField(_("number"))
    text = models.TextField(_("decision"))
    agenda_item = models.ForeignKey(
        AgendaItem,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="decisions",
        verbose_name=_("agenda item"),
    )
    created_by = models.ForeignKey(USER, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = RestrictedManager()
    restrict_resource = "networkmeeting"
    restrict_organisation_path = None
    restrict_owner_path = None

    class Meta:
        ordering = ["meeting", "number"]
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")
        constraints = [
            models.UniqueConstraint(fields=["meeting", "number"], name="network_decision_number")
        ]

    def __str__(self) -> str:
        return f"decision {self.number} of meeting #{self.meeting_id}"


class ActionPoint(Tagged, Versioned):
    """Work arising from a meeting (or one of its decisions), owned by a member organisation,
    due on a date. Who closed it and when is kept; reopening clears that, the audit log keeps
    it."""

    meeting = models.ForeignKey(Meeting, on_delete=models.PROTECT, related_name="action_points")
    decision = models.ForeignKey(
        Decision,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="action_points",
        verbose_name=_("decision"),
    )
    title = models.CharField(_("action"), max_length=300)
    description = models.TextField(_("details"), blank=True)
    owner = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="network_action_points",
        verbose_name=_("owner organisation"),
    )
    due_on = models.DateField(_("due on"))
    status = models.CharField(
        _("status"), max_length=20, choices=c.ActionStatus.choices, default=c.ActionStatus.OPEN
    )
    status_note = models.CharField(_("note on the status"), max_length=500, blank=True)
    closed_by = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    last_reminded_on = models.DateField(null=True, blank=True)
    created_by = models.ForeignKey(USER, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = RestrictedManager()
    restrict_resource = "actionpoint"
    # The owner organisation's supervisors and admins (organisation scope), and its focal
    # points (own scope: "their" action points), may move it along.
    restrict_organisation_path = "owner"
    restrict_owner_path = "owner__network_focal_points__user"

    class Meta:
        ordering = ["due_on", "pk"]
        verbose_name = _("action point")
        verbose_name_plural = _("action points")
        indexes = [models.Index(fields=["status", "due_on"])]

    def __str__(self) -> str:
        return f"action point #{self.pk}"

    @property
    def reference(self) -> str:
        return f"AP-{self.pk}"

    @property
    def is_pending(self) -> bool:
        return self.status in c.PENDING

    @property
    def is_overdue(self) -> bool:
        return self.is_pending and self.due_on < timezone.localdate()


class Document(Tagged):
    """A file of the network (terms of reference, minutes, reports, presentations), read by
    the public, the network's members, or the secretariat only. Files are served only
    through the permission-checked download, never from MEDIA_URL."""

    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    file = models.FileField(_("file"), upload_to="network/%Y/%m/", max_length=300)
    filename = models.CharField(_("file name"), max_length=200)
    size = models.PositiveBigIntegerField(_("size, bytes"), default=0)
    access_level = models.CharField(
        _("who may read it"),
        max_length=20,
        choices=c.AccessLevel.choices,
        default=c.AccessLevel.MEMBERS,
    )
    meeting = models.ForeignKey(
        Meeting,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="documents",
        verbose_name=_("meeting"),
    )
    group = models.ForeignKey(
        WorkingGroup,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="documents",
        verbose_name=_("working group"),
    )
    uploaded_by = models.ForeignKey(USER, null=True, on_delete=models.SET_NULL, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    objects = RestrictedManager()
    restrict_resource = "networkdocument"
    restrict_organisation_path = None
    restrict_owner_path = None

    class Meta:
        ordering = ["-uploaded_at", "-pk"]
        verbose_name = _("network document")
        verbose_name_plural = _("network documents")

    def __str__(self) -> str:
        return f"network document #{self.pk}"
