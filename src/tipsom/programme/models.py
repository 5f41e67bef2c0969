"""The joint programme of the UN Network on Migration's pooled fund: who takes part, its
results framework (outcomes, outputs, indicators with baseline, targets and actuals per
reporting period), its budget in the UN harmonised categories, the money transferred and
spent, progress reports, and a training register that feeds the "officials trained"
indicator.

Rows carry counts and money, never names. The programme and its framework are read by the
organisations taking part (and network-wide by programme managers, the secretariat and
auditors); actuals, expenditure, progress reports and training events belong to one
organisation, whose data officers and supervisors keep them (permissions.py)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from tipsom.core.models import Organisation
from tipsom.core.querysets import RestrictedManager
from tipsom.programme import choices as c

USER = settings.AUTH_USER_MODEL
# Rows of the programme's shared framework are seen by every organisation taking part.
PARTICIPANTS = "programme__participations__organisation"


def money(label: Any) -> models.DecimalField:
    """An amount of money (or a count or percentage) to the cent."""
    return models.DecimalField(label, max_digits=14, decimal_places=2)


class ThematicArea(models.Model):
    """A thematic area of the fund, grouping objectives of the Global Compact for Migration."""

    number = models.PositiveSmallIntegerField(_("number"), unique=True)
    title = models.CharField(_("title"), max_length=300)
    gcm_objectives = models.JSONField(_("GCM objectives"), default=list)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["number"]

    def __str__(self) -> str:
        return f"{self.number}. {self.title}"


class Programme(models.Model):
    code = models.CharField(_("code"), max_length=40, unique=True)
    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(_("description"))
    objectives = models.TextField(_("objectives"), blank=True)
    target_groups = models.TextField(_("target groups"), blank=True)
    thematic_area = models.ForeignKey(
        ThematicArea, on_delete=models.PROTECT, related_name="+", verbose_name=_("thematic area")
    )
    gcm_objectives = models.JSONField(_("GCM objectives"), default=list)
    gender_marker = models.PositiveSmallIntegerField(
        _("gender marker"), choices=c.MarkerScore.choices
    )
    human_rights_marker = models.PositiveSmallIntegerField(
        _("human-rights marker"), choices=c.MarkerScore.choices
    )
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=c.ProgrammeStatus.choices,
        default=c.ProgrammeStatus.PIPELINE,
    )
    planned_start = models.DateField(_("planned start"))
    planned_end = models.DateField(_("planned end"))
    actual_start = models.DateField(_("actual start"), null=True, blank=True)
    actual_end = models.DateField(_("actual end"), null=True, blank=True)
    approved_on = models.DateField(_("approved by the fund on"), null=True, blank=True)
    currency = models.CharField(_("currency"), max_length=3, default="USD")
    indirect_rate = models.DecimalField(
        _("indirect support costs, per cent of direct costs"),
        max_digits=5,
        decimal_places=2,
        default=Decimal("7.00"),
    )
    recipient_country = models.CharField(_("recipient country"), max_length=2, default="PK")
    # DAC 5-digit purpose codes and their shares: [{"code": "15190", "percentage": 100}]
    sectors = models.JSONField(_("sectors"), default=list)
    iati_identifier = models.CharField(_("IATI identifier"), max_length=100, blank=True)
    created_by = models.ForeignKey(USER, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = RestrictedManager()
    restrict_resource = "programme"
    restrict_organisation_path = "participations__organisation"
    restrict_owner_path = None

    class Meta:
        ordering = ["-planned_start", "code"]
        verbose_name = _("joint programme")

    def __str__(self) -> str:
        return f"{self.code}: {self.title}"


class Participation(models.Model):
    """An organisation's part in the programme. Participating UN organisations receive
    transfers, report expenditure and indicator actuals; partners implement with them."""

    programme = models.ForeignKey(
        Programme, on_delete=models.CASCADE, related_name="participations"
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="+", verbose_name=_("organisation")
    )
    role = models.CharField(_("role"), max_length=30, choices=c.PartnerRole.choices)
    iati_ref = models.CharField(
        _("IATI organisation identifier"),
        max_length=60,
        blank=True,
        help_text=_("e.g. XM-DAC-47066 for IOM; leave empty when it has none"),
    )
    starts_on = models.DateField(_("from"), null=True, blank=True)
    ends_on = models.DateField(_("until"), null=True, blank=True)

    objects = RestrictedManager()
    restrict_resource = "programme"
    restrict_organisation_path = PARTICIPANTS
    restrict_owner_path = None

    class Meta:
        ordering = ["role", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "organisation", "role"], name="programme_participation_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.organisation_id} as {self.role} in programme #{self.programme_id}"


class Result(models.Model):
    """An outcome, or an output under an outcome, of the results framework."""

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="results")
    level = models.CharField(_("level"), max_length=10, choices=c.ResultLevel.choices)
    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="outputs",
        verbose_name=_("outcome"),
    )
    code = models.CharField(_("code"), max_length=20)
    title = models.CharField(_("title"), max_length=400)
    description = models.TextField(_("description"), blank=True)

    objects = RestrictedManager()
    restrict_resource = "programme"
    restrict_organisation_path = PARTICIPANTS
    restrict_owner_path = None

    class Meta:
        ordering = ["code", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["programme", "code"], name="programme_result_code")
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.title}"


class Indicator(models.Model):
    """How a result is measured: by hand, or computed from the system's own data by a named
    computation of the registry (computations.py)."""

    result = models.ForeignKey(Result, on_delete=models.CASCADE, related_name="indicators")
    code = models.CharField(_("code"), max_length=20)
    title = models.CharField(_("title"), max_length=400)
    description = models.TextField(_("description"), blank=True)
    unit = models.CharField(_("unit"), max_length=60)
    measure = models.CharField(
        _("measure"), max_length=20, choices=c.Measure.choices, default=c.Measure.NUMBER
    )
    ascending = models.BooleanField(_("more is better"), default=True)
    baseline_value = models.DecimalField(
        _("baseline"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    baseline_year = models.PositiveSmallIntegerField(_("baseline year"), null=True, blank=True)
    baseline_note = models.CharField(_("baseline source"), max_length=300, blank=True)
    means_of_verification = models.TextField(_("means of verification"))
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("reported by"),
    )
    source = models.CharField(
        _("source"),
        max_length=20,
        choices=c.IndicatorSource.choices,
        default=c.IndicatorSource.MANUAL,
    )
    computation = models.CharField(_("computation"), max_length=40, blank=True)
    compute_scope = models.CharField(
        _("counts the records of"),
        max_length=20,
        choices=c.ComputeScope.choices,
        default=c.ComputeScope.NETWORK,
    )
    disaggregations = models.JSONField(_("disaggregated by"), default=list, blank=True)

    objects = RestrictedManager()
    restrict_resource = "programme"
    restrict_organisation_path = "result__programme__participations__organisation"
    restrict_owner_path = None

    class Meta:
        ordering = ["code", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["result", "code"], name="programme_indicator_code")
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.title}"

    @property
    def programme(self) -> Programme:
        return self.result.programme


class ReportingPeriod(models.Model):
    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="periods")
    title = models.CharField(_("title"), max_length=60)
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("until"))
    status = models.CharField(
        _("status"), max_length=10, choices=c.PeriodStatus.choices, default=c.PeriodStatus.OPEN
    )
    closed_by = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    closed_at = models.DateTimeField(null=True, blank=True)

    objects = RestrictedManager()
    restrict_resource = "programme"
    restrict_organisation_path = PARTICIPANTS
    restrict_owner_path = None

    class Meta:
        ordering = ["starts_on"]
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "starts_on"], name="programme_period_start"
            )
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_open(self) -> bool:
        return self.status == c.PeriodStatus.OPEN


class Split(models.Model):
    """A figure for the whole population (every dimension empty) or for one category of one
    dimension (sex = female; province = PK-PB)."""

    sex = models.CharField(_("sex"), max_length=20, blank=True)
    age_group = models.CharField(_("age group"), max_length=20, blank=True)
    province = models.CharField(_("province"), max_length=10, blank=True)

    class Meta:
        abstract = True

    @property
    def is_total(self) -> bool:
        return not (self.sex or self.age_group or self.province)

    @property
    def dimension(self) -> tuple[str, str] | None:
        for name in ("sex", "age_group", "province"):
            if getattr(self, name):
                return name, getattr(self, name)
        return None


class Target(Split):
    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="targets")
    period = models.ForeignKey(ReportingPeriod, on_delete=models.CASCADE, related_name="+")
    value = money(_("target"))

    objects = RestrictedManager()
    restrict_resource = "programme"
    restrict_organisation_path = "indicator__result__programme__participations__organisation"
    restrict_owner_path = None

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "period", "sex", "age_group", "province"],
                name="programme_target_once",
            )
        ]

    def __str__(self) -> str:
        return f"target #{self.pk}"


class Actual(Split):
    """What an indicator reached in a period. A computed actual keeps the definition it was
    computed by and the parameters of the query, so it can be computed again and compared."""

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="actuals")
    period = models.ForeignKey(ReportingPeriod, on_delete=models.CASCADE, related_name="+")
    value = money(_("actual"))
    comment = models.TextField(_("comment"), blank=True)
    source = models.CharField(_("source"), max_length=20, choices=c.IndicatorSource.choices)
    computation = models.CharField(_("computation"), max_length=40, blank=True)
    definition = models.TextField(_("definition"), blank=True)
    parameters = models.JSONField(_("query parameters"), default=dict, blank=True)
    recorded_by = models.ForeignKey(USER, null=True, on_delete=models.SET_NULL, related_name="+")
    recorded_at = models.DateTimeField(auto_now=True)

    objects = RestrictedManager()
    restrict_resource = "indicatoractual"
    restrict_organisation_path = "indicator__organisation"
    restrict_owner_path = None

    class Meta:
        ordering = ["period__starts_on", "sex", "age_group", "province"]
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "period", "sex", "age_group", "province"],
                name="programme_actual_once",
            )
        ]

    def __str__(self) -> str:
        return f"actual #{self.pk}"


class BudgetLine(models.Model):
    """A participating organisation's budget for one year in one direct-cost category."""

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="budget_lines")
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="+", verbose_name=_("organisation")
    )
    category = models.CharField(_("category"), max_length=20, choices=c.BudgetCategory.choices)
    year = models.PositiveSmallIntegerField(_("year"))
    amount = money(_("amount"))

    objects = RestrictedManager()
    restrict_resource = "programme"
    restrict_organisation_path = PARTICIPANTS
    restrict_owner_path = None

    class Meta:
        ordering = ["year", "organisation", "category"]
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "organisation", "category", "year"],
                name="programme_budget_once",
            )
        ]

    def __str__(self) -> str:
        return f"budget line #{self.pk}"


class Transfer(models.Model):
    """Money moved: from the fund's administrative agent to a participating UN organisation,
    or from that organisation on to an implementing partner."""

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="transfers")
    kind = models.CharField(_("kind"), max_length=20, choices=c.TransferKind.choices)
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("participating UN organisation"),
    )
    partner = models.ForeignKey(
        Organisation,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("implementing partner"),
    )
    transferred_on = models.DateField(_("date"))
    amount = money(_("amount"))
    reference = models.CharField(_("reference"), max_length=60, blank=True)
    recorded_by = models.ForeignKey(USER, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = RestrictedManager()
    restrict_resource = "programme"
    restrict_organisation_path = PARTICIPANTS
    restrict_owner_path = None

    class Meta:
        ordering = ["transferred_on", "pk"]

    def __str__(self) -> str:
        return f"transfer #{self.pk}"


class Expenditure(models.Model):
    """What a participating organisation spent in a period in one direct-cost category."""

    period = models.ForeignKey(
        ReportingPeriod, on_delete=models.CASCADE, related_name="expenditures"
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="+", verbose_name=_("organisation")
    )
    category = models.CharField(_("category"), max_length=20, choices=c.BudgetCategory.choices)
    amount = money(_("amount"))
    justification = models.TextField(_("justification"), blank=True)
    recorded_by = models.ForeignKey(USER, null=True, on_delete=models.SET_NULL, related_name="+")
    recorded_at = models.DateTimeField(auto_now=True)

    objects = RestrictedManager()
    restrict_resource = "expenditure"
    restrict_organisation_path = "organisation"
    restrict_owner_path = None

    class Meta:
        ordering = ["period__starts_on", "organisation", "category"]
        constraints = [
            models.UniqueConstraint(
                fields=["period", "organisation", "category"], name="programme_expenditure_once"
            )
        ]

    def __str__(self) -> str:
        return f"expenditure #{self.pk}"


class ProgressReport(models.Model):
    """A participating organisation's narrative of a period, with its indicator actuals;
    reviewed and approved by a programme manager other than the one who prepared it."""

    period = models.ForeignKey(ReportingPeriod, on_delete=models.CASCADE, related_name="reports")
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="+", verbose_name=_("organisation")
    )
    narrative = models.TextField(_("progress"))
    challenges = models.TextField(_("challenges and lessons"), blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=c.ReportStatus.choices, default=c.ReportStatus.DRAFT
    )
    prepared_by = models.ForeignKey(USER, null=True, on_delete=models.SET_NULL, related_name="+")
    submitted_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_note = models.TextField(_("reviewer's note"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = RestrictedManager()
    restrict_resource = "progressreport"
    restrict_organisation_path = "organisation"
    restrict_owner_path = None

    class Meta:
        ordering = ["period__starts_on", "organisation"]
        constraints = [
            models.UniqueConstraint(fields=["period", "organisation"], name="programme_report_once")
        ]

    def __str__(self) -> str:
        return f"progress report #{self.pk}"


class TrainingEvent(models.Model):
    """A training held by an organisation: the register behind "officials trained"."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="+", verbose_name=_("organiser")
    )
    programme = models.ForeignKey(
        Programme,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="training_events",
        verbose_name=_("joint programme"),
    )
    title = models.CharField(_("title"), max_length=300)
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("until"))
    province = models.CharField(_("province"), max_length=10, blank=True)
    place = models.CharField(_("place"), max_length=200, blank=True)
    recorded_by = models.ForeignKey(USER, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = RestrictedManager()
    restrict_resource = "training"
    restrict_organisation_path = "organisation"
    restrict_owner_path = None

    class Meta:
        ordering = ["-starts_on", "-pk"]

    def __str__(self) -> str:
        return f"training #{self.pk}"


class Attendance(models.Model):
    """How many of an organisation's staff attended a training, by sex (no names)."""

    event = models.ForeignKey(TrainingEvent, on_delete=models.CASCADE, related_name="attendance")
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="+", verbose_name=_("organisation")
    )
    female = models.PositiveIntegerField(_("women"), default=0)
    male = models.PositiveIntegerField(_("men"), default=0)
    transgender = models.PositiveIntegerField(_("transgender persons"), default=0)

    objects = RestrictedManager()
    restrict_resource = "training"
    restrict_organisation_path = "event__organisation"
    restrict_owner_path = None

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(fields=["event", "organisation"], name="programme_attend_once")
        ]

    def __str__(self) -> str:
        return f"attendance #{self.pk}"

    @property
    def total(self) -> int:
        return self.female + self.male + self.transgender
