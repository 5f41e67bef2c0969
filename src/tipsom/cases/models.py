"""Persons, cases and everything recorded in a case: screening, events, consent, support."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from tipsom.cases import choices as c
from tipsom.core.fields import BlindIndexField, EncryptedTextField
from tipsom.core.models import Organisation
from tipsom.core.querysets import RestrictedManager

USER = settings.AUTH_USER_MODEL


class Versioned(models.Model):
    """Rows edited by people carry a version; an edit made from a stale version is refused."""

    version = models.PositiveIntegerField(default=1)

    class Meta:
        abstract = True


class Person(Versioned):
    """A person as one organisation recorded them. Identifying fields are encrypted."""

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    created_by = models.ForeignKey(USER, null=True, on_delete=models.SET_NULL, related_name="+")
    first_name = EncryptedTextField(_("first name"))
    family_name = EncryptedTextField(_("family name"))
    father_name = EncryptedTextField(_("father's name"))
    # JSON list of other names the person is known by, spellings included.
    aliases = EncryptedTextField(_("aliases"))
    sex = models.CharField(_("sex"), max_length=20, choices=c.Sex.choices, default=c.Sex.UNKNOWN)
    gender = models.CharField(_("gender"), max_length=30, choices=c.Gender.choices, blank=True)
    birth_date = EncryptedTextField(_("birth date"))  # ISO date; exact dates identify people
    birth_year = models.PositiveSmallIntegerField(_("birth year"), null=True, blank=True)
    age_is_estimated = models.BooleanField(_("age is estimated"), default=False)
    citizenships = models.JSONField(_("citizenships"), default=list, blank=True)
    languages = models.JSONField(_("languages"), default=list, blank=True)
    education = models.CharField(
        _("highest education"), max_length=40, choices=c.Education.choices, blank=True
    )
    marital_status = models.CharField(
        _("marital status"), max_length=30, choices=c.MaritalStatus.choices, blank=True
    )
    number_of_children = models.PositiveSmallIntegerField(
        _("number of children"), null=True, blank=True
    )
    # A record without identity from an anonymised dataset (CTDC): counted, never contacted.
    is_anonymous = models.BooleanField(_("anonymous record"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = RestrictedManager()
    restrict_resource = "person"
    restrict_organisation_path = "organisation"
    restrict_owner_path = ("created_by", "case_roles__case__owner")

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("persons")
        indexes = [models.Index(fields=["organisation", "-created_at"])]

    def __str__(self) -> str:
        return f"person #{self.pk}"

    @property
    def full_name(self) -> str:
        return " ".join(p for p in (self.first_name, self.father_name, self.family_name) if p)

    @property
    def display_name(self) -> str:
        return " ".join(p for p in (self.first_name, self.family_name) if p) or str(self)


class PersonNameToken(models.Model):
    """Keyed hashes of a person's normalised name parts and phonetic keys, for search."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="name_tokens")
    token = models.CharField(max_length=32)

    class Meta:
        indexes = [models.Index(fields=["token", "person"])]
        constraints = [
            models.UniqueConstraint(fields=["person", "token"], name="cases_name_token_unique")
        ]

    def __str__(self) -> str:
        return f"name token of person #{self.person_id}"


class IdentityDocument(models.Model):
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="documents")
    type = models.CharField(_("document type"), max_length=20, choices=c.DocumentType.choices)
    number = EncryptedTextField(_("document number"))
    number_index = BlindIndexField(source="number", kind="document")
    issuing_country = models.CharField(_("issuing country"), max_length=2, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("identity document")

    def __str__(self) -> str:
        return f"{self.type} of person #{self.person_id}"


class Phone(models.Model):
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="phones")
    kind = models.CharField(
        _("kind"), max_length=20, choices=c.PhoneKind.choices, default=c.PhoneKind.MOBILE
    )
    number = EncryptedTextField(_("phone number"))  # E.164
    number_index = BlindIndexField(source="number", kind="phone")

    def __str__(self) -> str:
        return f"phone of person #{self.person_id}"


class Address(models.Model):
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="addresses")
    street = EncryptedTextField(_("street and house"))
    city = models.CharField(_("city or village"), max_length=100, blank=True)
    district = models.CharField(_("district"), max_length=100, blank=True)
    province = models.CharField(_("province"), max_length=10, blank=True)
    country = models.CharField(_("country"), max_length=2, default="PK")
    is_current = models.BooleanField(_("current address"), default=True)

    def __str__(self) -> str:
        return f"address of person #{self.person_id}"


class Case(Versioned):
    case_number = models.CharField(_("case number"), max_length=40, unique=True)
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    owner = models.ForeignKey(USER, null=True, on_delete=models.SET_NULL, related_name="+")
    type = models.CharField(_("case type"), max_length=30, choices=c.CaseType.choices)
    status = models.CharField(
        _("status"), max_length=20, choices=c.CaseStatus.choices, default=c.CaseStatus.ACTIVE
    )
    stage = models.CharField(
        _("stage"), max_length=20, choices=c.CaseStage.choices, default=c.CaseStage.INTAKE
    )
    opened_on = models.DateField(_("opened on"))
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    closure_reason = models.TextField(_("reason for closure"), blank=True)
    persons = models.ManyToManyField(Person, through="CaseRole", related_name="cases")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = RestrictedManager()
    restrict_resource = "case"
    restrict_organisation_path = "organisation"
    restrict_owner_path = "owner"

    class Meta:
        verbose_name = _("case")
        verbose_name_plural = _("cases")
        indexes = [
            models.Index(fields=["organisation", "status", "-opened_on"]),
            models.Index(fields=["owner", "status"]),
        ]

    def __str__(self) -> str:
        return self.case_number

    @property
    def is_closed(self) -> bool:
        return self.status in c.CLOSED_STATUSES


class CaseRole(models.Model):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="roles")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="case_roles")
    role = models.CharField(_("role"), max_length=30, choices=c.CaseRoleType.choices)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["case", "person", "role"], name="cases_role_unique")
        ]

    def __str__(self) -> str:
        return f"{self.role} in {self.case_id}"


class CaseChild(models.Model):
    """Base of everything recorded inside a case: access follows the case."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="%(class)ss")
    recorded_by = models.ForeignKey(USER, null=True, on_delete=models.SET_NULL, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return f"{self._meta.verbose_name} #{self.pk} of case {self.case_id}"


class Screening(CaseChild):
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    screened_on = models.DateField(_("screened on"))
    trafficking_status = models.CharField(
        _("trafficking status"), max_length=40, choices=c.TraffickingStatus.choices, blank=True
    )
    decided_by = models.CharField(
        _("status decided by"), max_length=40, choices=c.DecisionMakingOrg.choices, blank=True
    )
    ilo_indicators = models.JSONField(_("ILO forced-labour indicators"), default=list, blank=True)
    methods_of_control = models.JSONField(_("methods of control"), default=list, blank=True)
    exploitation_types = models.JSONField(_("types of exploitation"), default=list, blank=True)
    forced_labour_industries = models.JSONField(
        _("forced-labour industries"), default=list, blank=True
    )
    sexual_exploitation_types = models.JSONField(
        _("types of sexual exploitation"), default=list, blank=True
    )
    recruitment_methods = models.JSONField(_("methods of recruitment"), default=list, blank=True)
    recruitment_platforms = models.JSONField(
        _("recruitment websites and apps"), default=list, blank=True
    )
    relationship_to_recruiter = models.CharField(
        _("relation to the recruiter"),
        max_length=20,
        choices=c.RelationshipToTrafficker.choices,
        blank=True,
    )
    age_when_trafficked = models.PositiveSmallIntegerField(
        _("age when trafficked"), null=True, blank=True
    )
    smuggling_amount_paid = models.DecimalField(
        _("amount paid to smugglers"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    smuggling_currency = models.CharField(_("currency"), max_length=3, blank=True)
    smuggling_arranged_by = models.CharField(
        _("smuggling arranged by"),
        max_length=20,
        choices=c.SmugglingArrangedBy.choices,
        blank=True,
    )
    smuggler_roles = models.JSONField(_("smugglers' roles"), default=list, blank=True)
    notes = EncryptedTextField(_("notes"))

    class Meta:
        verbose_name = _("screening")
        ordering = ["-screened_on", "-pk"]


class TraffickingEvent(CaseChild):
    person = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    type = models.CharField(_("event"), max_length=20, choices=c.EventType.choices)
    country = models.CharField(_("country"), max_length=2)
    province = models.CharField(_("province"), max_length=10, blank=True)
    district = models.CharField(_("district"), max_length=100, blank=True)
    city = models.CharField(_("city"), max_length=100, blank=True)
    date = models.DateField(_("date"), null=True, blank=True)
    date_precision = models.CharField(
        _("date precision"),
        max_length=10,
        choices=c.DatePrecision.choices,
        default=c.DatePrecision.DAY,
    )
    description = EncryptedTextField(_("description"))

    class Meta:
        verbose_name = _("trafficking event")
        ordering = ["date", "pk"]


class Consent(models.Model):
    """One decision of a person on one purpose; the newest decision is in force."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="consents")
    case = models.ForeignKey(
        Case, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    purpose = models.CharField(_("purpose"), max_length=20, choices=c.ConsentPurpose.choices)
    decision = models.CharField(_("decision"), max_length=20, choices=c.ConsentDecision.choices)
    decided_on = models.DateField(_("date"))
    recorded_by = models.ForeignKey(USER, null=True, on_delete=models.SET_NULL, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)
    notes = EncryptedTextField(_("notes"))

    class Meta:
        verbose_name = _("consent")
        ordering = ["-decided_on", "-pk"]
        indexes = [models.Index(fields=["person", "purpose", "-decided_on", "-id"])]

    def __str__(self) -> str:
        return f"consent #{self.pk} ({self.purpose}) of person #{self.person_id}"


class SupportPlan(CaseChild):
    type = models.CharField(_("type of support"), max_length=40, choices=c.SupportType.choices)
    objectives = EncryptedTextField(_("objectives"))
    action_plan = EncryptedTextField(_("action plan"))
    planned_end = models.DateField(_("planned end"), null=True, blank=True)
    actual_end = models.DateField(_("actual end"), null=True, blank=True)

    class Meta:
        verbose_name = _("support plan")
        ordering = ["pk"]


class Service(CaseChild):
    support_plan = models.ForeignKey(
        SupportPlan, null=True, blank=True, on_delete=models.SET_NULL, related_name="services"
    )
    type = models.CharField(_("service"), max_length=40, choices=c.SupportType.choices)
    provider = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="+", verbose_name=_("provider")
    )
    status = models.CharField(
        _("status"), max_length=20, choices=c.ServiceStatus.choices, default=c.ServiceStatus.PLANNED
    )
    planned_on = models.DateField(_("planned for"), null=True, blank=True)
    delivered_on = models.DateField(_("delivered on"), null=True, blank=True)
    outcome = EncryptedTextField(_("outcome"))

    class Meta:
        verbose_name = _("service")
        ordering = ["planned_on", "pk"]


class FollowUp(CaseChild):
    date = models.DateField(_("date"))
    method = models.CharField(_("method"), max_length=20, choices=c.FollowUpMethod.choices)
    notes = EncryptedTextField(_("notes"))
    next_due = models.DateField(_("next follow-up due"), null=True, blank=True)

    class Meta:
        verbose_name = _("follow-up")
        ordering = ["-date", "-pk"]


class CaseComment(CaseChild):
    text = EncryptedTextField(_("comment"))

    class Meta:
        verbose_name = _("case comment")
        ordering = ["-recorded_at", "-pk"]


CASE_CHILDREN: tuple[type[Any], ...] = (
    Screening,
    TraffickingEvent,
    SupportPlan,
    Service,
    FollowUp,
    CaseComment,
)
