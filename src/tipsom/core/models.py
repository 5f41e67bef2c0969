"""Core tables: organisations, users and their roles, the audit log and background jobs."""

from __future__ import annotations

from typing import Any, ClassVar

import pycountry
from django.contrib.auth.models import AbstractUser, UserManager
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tipsom.core.choices import AuditAction, JobStatus, NetworkStatus, OrganisationType, Role
from tipsom.core.fields import BlindIndexField, EncryptedTextField
from tipsom.core.querysets import RestrictedManager, RestrictedQuerySet


class Organisation(models.Model):
    name = models.CharField(_("name"), max_length=200, unique=True)
    acronym = models.CharField(_("acronym"), max_length=30, blank=True)
    type = models.CharField(_("type"), max_length=30, choices=OrganisationType.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent organisation"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    country = models.CharField(
        _("country"), max_length=2, default="PK", help_text=_("ISO 3166-1 alpha-2 code")
    )
    province = models.CharField(
        _("province"), max_length=10, blank=True, help_text=_("ISO 3166-2 subdivision code")
    )
    district = models.CharField(_("district"), max_length=100, blank=True)
    network_status = models.CharField(
        _("network membership"),
        max_length=20,
        choices=NetworkStatus.choices,
        default=NetworkStatus.NON_MEMBER,
    )
    joined_network_on = models.DateField(_("joined the network on"), null=True, blank=True)
    website = models.URLField(_("website"), blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = RestrictedManager()
    restrict_resource = "organisation"
    restrict_organisation_path = "pk"
    restrict_owner_path = None

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")

    def __str__(self) -> str:
        return f"{self.name} ({self.acronym})" if self.acronym else self.name

    @property
    def label(self) -> str:
        """The short name where lists and tables are narrow: the acronym, else the name."""
        return self.acronym or self.name

    def clean(self) -> None:
        errors: dict[str, Any] = {}
        if pycountry.countries.get(alpha_2=self.country.upper()) is None:
            errors["country"] = _("'%(value)s' is not an ISO 3166-1 alpha-2 country code.") % {
                "value": self.country
            }
        elif self.province:
            codes = {s.code for s in pycountry.subdivisions.get(country_code=self.country.upper())}
            if self.province.upper() not in codes:
                errors["province"] = _(
                    "'%(value)s' is not a subdivision of %(country)s; allowed: %(allowed)s."
                ) % {
                    "value": self.province,
                    "country": self.country,
                    "allowed": ", ".join(sorted(codes)),
                }
        ancestor = self.parent
        while ancestor is not None:
            if ancestor.pk == self.pk and self.pk is not None:
                errors["parent"] = _("An organisation cannot be placed under itself.")
                break
            ancestor = ancestor.parent
        if errors:
            raise ValidationError(errors)

    @property
    def province_name(self) -> str:
        sub = pycountry.subdivisions.get(code=self.province) if self.province else None
        return sub.name if sub else ""


class ContactPoint(models.Model):
    """A focal point of an organisation. Names and numbers are encrypted at rest."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="contact_points"
    )
    name = EncryptedTextField(_("name"))
    title = models.CharField(_("title or function"), max_length=150, blank=True)
    email = EncryptedTextField(_("e-mail"))
    email_index = BlindIndexField(source="email", kind="email")
    phone = EncryptedTextField(_("phone"))
    phone_index = BlindIndexField(source="phone", kind="phone")
    is_primary = models.BooleanField(_("primary contact"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = RestrictedManager()
    restrict_resource = "contactpoint"
    restrict_organisation_path = "organisation"
    restrict_owner_path = None

    class Meta:
        ordering = ["organisation", "-is_primary", "pk"]
        verbose_name = _("contact point")
        verbose_name_plural = _("contact points")

    def __str__(self) -> str:
        # Never the name: string forms end up in logs and audit entries.
        return f"contact point #{self.pk}"


class TipsomUserManager(UserManager.from_queryset(RestrictedQuerySet)):  # type: ignore[misc]
    pass


class User(AbstractUser):
    organisations = models.ManyToManyField(
        Organisation, through="Membership", related_name="users", blank=True
    )

    objects = TipsomUserManager()  # type: ignore[misc]  # AbstractUser declares it a ClassVar
    restrict_resource = "user"
    restrict_organisation_path = "memberships__organisation"
    restrict_owner_path = None

    class Meta:
        ordering = ["username"]
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def roles(self) -> set[str]:
        return {role for _org, role in self.memberships.values_list("organisation_id", "role")}

    def has_role(self, *roles: str) -> bool:
        return self.memberships.filter(role__in=roles).exists()


class Membership(models.Model):
    """A user's role in an organisation; a user may hold several."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships")
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="memberships"
    )
    role = models.CharField(_("role"), max_length=30, choices=Role.choices)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["user", "organisation", "role"], name="core_membership_unique_role"
            )
        ]
        ordering = ["organisation", "role"]

    def __str__(self) -> str:
        return f"{self.user} – {self.get_role_display()} @ {self.organisation}"


class AppendOnlyQuerySet(RestrictedQuerySet):
    def update(self, **kwargs: Any) -> int:
        raise PermissionError("the audit log is append-only")

    def delete(self) -> Any:
        raise PermissionError("the audit log is append-only")


class AuditEntry(models.Model):
    """One audited event. Append-only, and each entry's HMAC covers the one before it."""

    seq = models.BigIntegerField(unique=True, editable=False)
    created_at = models.DateTimeField(default=timezone.now, db_index=True, editable=False)
    # Rows of users and organisations are deactivated, never deleted; the audit log keeps
    # their ids without database constraints so nothing can cascade into it.
    actor = models.ForeignKey(
        User,
        null=True,
        blank=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
    )
    actor_username = models.CharField(max_length=150, blank=True)
    organisation = models.ForeignKey(
        Organisation,
        null=True,
        blank=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
    )
    action = models.CharField(max_length=20, choices=AuditAction.choices, db_index=True)
    object_type = models.CharField(max_length=100, blank=True, db_index=True)
    object_id = models.CharField(max_length=64, blank=True, db_index=True)
    summary = models.CharField(max_length=300, blank=True)
    changes = models.JSONField(default=dict, blank=True)
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    prev_hash = models.CharField(max_length=64)
    entry_hash = models.CharField(max_length=64)

    objects = models.Manager.from_queryset(AppendOnlyQuerySet)()
    restrict_resource = "auditentry"
    restrict_organisation_path = "organisation"
    restrict_owner_path = None

    class Meta:
        ordering = ["-seq"]
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit entries")

    def __str__(self) -> str:
        return f"audit #{self.seq} {self.action} {self.object_type}:{self.object_id}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise PermissionError("the audit log is append-only")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> Any:
        raise PermissionError("the audit log is append-only")


class AuditChainHead(models.Model):
    """The chain's newest entry, MAC-sealed so that cutting off the tail is detected."""

    last_seq = models.BigIntegerField(default=0)
    last_hash = models.CharField(max_length=64, blank=True)
    seal = models.CharField(max_length=64, blank=True)

    def __str__(self) -> str:
        return f"audit chain head at {self.last_seq}"


class Job(models.Model):
    """Long work run in the background, with progress the CLI and the web both show."""

    kind = models.CharField(max_length=60)
    params = models.JSONField(default=dict, blank=True)
    status = models.CharField(max_length=20, choices=JobStatus.choices, default=JobStatus.QUEUED)
    progress = models.FloatField(default=0.0)
    messages = models.JSONField(default=list, blank=True)
    result = models.JSONField(default=dict, blank=True)
    result_file = models.FileField(upload_to="jobs/%Y/%m/", blank=True)
    created_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="jobs"
    )
    organisation = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.SET_NULL, related_name="jobs"
    )
    task_result_id = models.CharField(max_length=64, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    objects = RestrictedManager()
    restrict_resource = "job"
    restrict_organisation_path = "organisation"
    restrict_owner_path = "created_by"

    FINISHED: ClassVar[set[str]] = {JobStatus.SUCCEEDED, JobStatus.FAILED}

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"job #{self.pk} {self.kind}"

    @property
    def is_finished(self) -> bool:
        return self.status in self.FINISHED


class Notification(models.Model):
    """One message in a user's in-app inbox (also mailed when they have an address).

    Texts name records by number and never carry a person's name or identifiers: e-mail
    leaves the system.
    """

    recipient = models.ForeignKey(User, on_delete=models.CASCADE, related_name="notifications")
    kind = models.CharField(max_length=40)
    subject = models.CharField(max_length=200)
    body = models.TextField(blank=True)
    url = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)
    emailed = models.BooleanField(default=False)

    objects = RestrictedManager()
    restrict_resource = "notification"
    restrict_organisation_path = None
    restrict_owner_path = "recipient"

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["recipient", "read_at"])]

    def __str__(self) -> str:
        return f"notification #{self.pk} ({self.kind})"
