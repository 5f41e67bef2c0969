"""Code lists of record linkage."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class RunKind(models.TextChoices):
    FULL = "full", _("Every person, network-wide")
    INCREMENTAL = "incremental", _("New persons against the known ones")


class RunStatus(models.TextChoices):
    RUNNING = "running", _("Running")
    DONE = "done", _("Done")
    FAILED = "failed", _("Failed")


class PairStatus(models.TextChoices):
    LINKED = "linked", _("Linked by score")  # at or above the match threshold
    PENDING = "pending", _("Waiting for review")  # the uncertain band
    CONFIRMED = "confirmed", _("Confirmed by a reviewer")
    REJECTED = "rejected", _("Rejected by a reviewer")


# Pairs that join two persons into one identity.
JOINING = frozenset({PairStatus.LINKED, PairStatus.CONFIRMED})
# Pairs a later run may rescore but never change the status of.
DECIDED = frozenset({PairStatus.CONFIRMED, PairStatus.REJECTED})


class DecisionKind(models.TextChoices):
    CONFIRM = "confirm", _("Confirmed a pair")
    REJECT = "reject", _("Rejected a pair")
    DETACH = "detach", _("Took a person out of an identity")
    UNDO = "undo", _("Undid a decision")
