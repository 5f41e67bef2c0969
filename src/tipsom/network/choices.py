"""Code lists of the network's coordination."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class FocalPointKind(models.TextChoices):
    PRIMARY = "primary", _("Focal point")
    ALTERNATE = "alternate", _("Alternate focal point")


class GovernanceRole(models.TextChoices):
    """A member organisation's part in running the network."""

    CHAIR = "chair", _("Chair")
    CO_CHAIR = "co_chair", _("Co-chair")
    SECRETARIAT = "secretariat", _("Secretariat")
    EXECUTIVE = "executive", _("Executive committee member")


# Roles one organisation at a time holds (the others may be shared).
SINGLE_HOLDER_ROLES = frozenset({GovernanceRole.CHAIR, GovernanceRole.SECRETARIAT})


class GroupKind(models.TextChoices):
    WORKING_GROUP = "working_group", _("Working group")
    WORKSTREAM = "workstream", _("Workstream")
    TASK_FORCE = "task_force", _("Task force")


class GroupRole(models.TextChoices):
    LEAD = "lead", _("Lead")
    CO_LEAD = "co_lead", _("Co-lead")
    MEMBER = "member", pgettext_lazy("working group role", "Member")


class MeetingStatus(models.TextChoices):
    SCHEDULED = "scheduled", _("Scheduled")
    HELD = "held", _("Held")
    CANCELLED = "cancelled", pgettext_lazy("meeting status", "Cancelled")


class AttendanceStatus(models.TextChoices):
    PRESENT = "present", _("Present")
    APOLOGIES = "apologies", _("Sent apologies")
    ABSENT = "absent", _("Absent")


class ActionStatus(models.TextChoices):
    OPEN = "open", pgettext_lazy("action point status", "Open")
    IN_PROGRESS = "in_progress", _("In progress")
    DONE = "done", _("Done")
    CANCELLED = "cancelled", pgettext_lazy("action point status", "Cancelled")


# Action points still to be done: reminded, counted as open or overdue.
PENDING = (ActionStatus.OPEN, ActionStatus.IN_PROGRESS)
CLOSED = (ActionStatus.DONE, ActionStatus.CANCELLED)


class AccessLevel(models.TextChoices):
    """Who may read a document: ordered, each level reaching fewer readers."""

    PUBLIC = "public", _("Public")
    MEMBERS = "members", _("Network members")
    SECRETARIAT = "secretariat", _("Secretariat only")


# Organisations taking part in the network: members, and observers (who attend meetings,
# own action points and read members' documents, but hold no governance role).
PARTICIPANT_STATUSES = ("member", "observer")
