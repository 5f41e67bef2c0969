"""Forms of case management: they parse input; services validate the domain rules and write."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from tipsom.cases import choices as c
from tipsom.core.models import Organisation

DATE = forms.DateInput(attrs={"type": "date"})
MULTI = forms.CheckboxSelectMultiple


def blank(choices: Any) -> list[tuple[str, str]]:
    return [("", "—"), *choices]


class VersionedForm(forms.Form):
    """Carries the version the user started from, for the no-lost-updates check."""

    version = forms.IntegerField(widget=forms.HiddenInput)


class PersonFieldsForm(forms.Form):
    first_name = forms.CharField(label=_("First name"), max_length=100)
    father_name = forms.CharField(label=_("Father's name"), max_length=100, required=False)
    family_name = forms.CharField(label=_("Family name"), max_length=100, required=False)
    aliases = forms.CharField(
        label=_("Other names and spellings"), required=False, help_text=_("Separate names with ';'")
    )
    sex = forms.ChoiceField(label=_("Sex"), choices=c.Sex.choices, initial=c.Sex.UNKNOWN)
    gender = forms.ChoiceField(label=_("Gender"), choices=blank(c.Gender.choices), required=False)
    birth_date = forms.DateField(label=_("Birth date"), required=False, widget=DATE)
    birth_year = forms.IntegerField(label=_("Birth year (if the date is unknown)"), required=False)
    age_is_estimated = forms.BooleanField(label=_("Age is estimated"), required=False)
    citizenships = forms.CharField(
        label=_("Citizenships"),
        required=False,
        initial="PK",
        help_text=_("ISO 3166 codes separated by ';', e.g. PK;AF"),
    )
    languages = forms.CharField(
        label=_("Languages"),
        required=False,
        help_text=_("ISO 639 codes separated by ';', e.g. ur;pa"),
    )
    education = forms.ChoiceField(
        label=_("Highest education"), required=False, choices=blank(c.Education.choices)
    )
    marital_status = forms.ChoiceField(
        label=_("Marital status"), required=False, choices=blank(c.MaritalStatus.choices)
    )
    number_of_children = forms.IntegerField(
        label=_("Number of children"), required=False, min_value=0
    )

    def person_data(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in PersonFieldsForm.base_fields}


class PersonForm(VersionedForm, PersonFieldsForm):
    pass


class RegisterCaseForm(PersonFieldsForm):
    case_type = forms.ChoiceField(label=_("Case type"), choices=c.CaseType.choices)
    role = forms.ChoiceField(label=_("Role of the person"), choices=c.CaseRoleType.choices)
    organisation = forms.ModelChoiceField(
        label=_("Organisation"), queryset=Organisation.objects.none()
    )
    cnic = forms.CharField(label=_("CNIC"), required=False, max_length=20)
    passport = forms.CharField(label=_("Passport number"), required=False, max_length=20)
    phone = forms.CharField(label=_("Phone"), required=False, max_length=30)

    def __init__(self, *args: Any, organisations: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["organisation"]
        field.queryset = organisations  # type: ignore[attr-defined]
        if organisations is not None and organisations.count() == 1:
            field.initial = organisations.first()
            field.widget = forms.HiddenInput()


class CaseSearchForm(forms.Form):
    q = forms.CharField(label=_("Name"), required=False)
    document = forms.CharField(label=_("CNIC or passport"), required=False)
    phone = forms.CharField(label=_("Phone"), required=False)
    case_number = forms.CharField(label=_("Case number"), required=False)
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=blank(c.CaseStatus.choices)
    )
    stage = forms.ChoiceField(label=_("Stage"), required=False, choices=blank(c.CaseStage.choices))
    type = forms.ChoiceField(
        label=_("Case type"), required=False, choices=blank(c.CaseType.choices)
    )
    province = forms.CharField(label=_("Province code"), required=False, max_length=10)


class CaseEditForm(VersionedForm):
    type = forms.ChoiceField(label=_("Case type"), choices=c.CaseType.choices)
    status = forms.ChoiceField(
        label=_("Status"),
        choices=[
            (c.CaseStatus.ACTIVE.value, c.CaseStatus.ACTIVE.label),
            (c.CaseStatus.FOLLOW_UP.value, c.CaseStatus.FOLLOW_UP.label),
        ],
    )
    stage = forms.ChoiceField(label=_("Stage"), choices=c.CaseStage.choices)


class ScreeningForm(forms.Form):
    person = forms.TypedChoiceField(label=_("Person screened"), coerce=int)
    screened_on = forms.DateField(label=_("Screened on"), widget=DATE)
    trafficking_status = forms.ChoiceField(
        label=_("Trafficking status"), required=False, choices=blank(c.TraffickingStatus.choices)
    )
    decided_by = forms.ChoiceField(
        label=_("Status decided by"), required=False, choices=blank(c.DecisionMakingOrg.choices)
    )
    ilo_indicators = forms.MultipleChoiceField(
        label=_("ILO forced-labour indicators"),
        choices=c.IloIndicator.choices,
        required=False,
        widget=MULTI,
    )
    methods_of_control = forms.MultipleChoiceField(
        label=_("Methods of control"),
        widget=MULTI,
        choices=c.MethodOfControl.choices,
        required=False,
    )
    exploitation_types = forms.MultipleChoiceField(
        label=_("Types of exploitation"),
        widget=MULTI,
        choices=c.TypeOfExploitation.choices,
        required=False,
    )
    forced_labour_industries = forms.MultipleChoiceField(
        label=_("Forced-labour industries"),
        choices=c.Industry.choices,
        required=False,
        widget=MULTI,
    )
    sexual_exploitation_types = forms.MultipleChoiceField(
        label=_("Types of sexual exploitation"),
        choices=c.TypeOfSexExploitation.choices,
        required=False,
        widget=MULTI,
    )
    recruitment_methods = forms.MultipleChoiceField(
        label=_("Methods of recruitment"),
        choices=c.MethodOfRecruitment.choices,
        required=False,
        widget=MULTI,
    )
    recruitment_platforms = forms.MultipleChoiceField(
        label=_("Recruitment websites and apps"),
        choices=c.Platform.choices,
        required=False,
        widget=MULTI,
    )
    relationship_to_recruiter = forms.ChoiceField(
        label=_("Relation to the recruiter"),
        required=False,
        choices=blank(c.RelationshipToTrafficker.choices),
    )
    age_when_trafficked = forms.IntegerField(
        label=_("Age when trafficked"), required=False, min_value=0, max_value=120
    )
    smuggling_amount_paid = forms.DecimalField(
        label=_("Amount paid to smugglers"), required=False, min_value=0
    )
    smuggling_currency = forms.CharField(
        label=_("Currency"),
        required=False,
        max_length=3,
        help_text=_("ISO 4217, e.g. PKR, USD, EUR"),
    )
    smuggling_arranged_by = forms.ChoiceField(
        label=_("Smuggling arranged by"),
        required=False,
        choices=blank(c.SmugglingArrangedBy.choices),
    )
    smuggler_roles = forms.MultipleChoiceField(
        label=_("Smugglers' roles"), required=False, choices=c.SmugglerRole.choices, widget=MULTI
    )
    notes = forms.CharField(label=_("Notes"), required=False, widget=forms.Textarea)

    def __init__(
        self, *args: Any, persons: list[tuple[int, str]] | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["person"].choices = persons or []  # type: ignore[attr-defined]


class EventForm(forms.Form):
    type = forms.ChoiceField(label=_("Event"), choices=c.EventType.choices)
    country = forms.CharField(
        label=_("Country"),
        max_length=3,
        help_text=_("ISO 3166 code, e.g. PK, IR, TR, GR, LY, IT, SA"),
    )
    province = forms.CharField(label=_("Province code"), required=False, max_length=10)
    district = forms.CharField(label=_("District"), required=False, max_length=100)
    city = forms.CharField(label=_("City"), required=False, max_length=100)
    date = forms.DateField(label=_("Date"), required=False, widget=DATE)
    date_precision = forms.ChoiceField(label=_("Date precision"), choices=c.DatePrecision.choices)
    description = forms.CharField(label=_("Description"), required=False, widget=forms.Textarea)


class ConsentForm(forms.Form):
    person = forms.TypedChoiceField(label=_("Person"), coerce=int)
    purpose = forms.ChoiceField(label=_("Purpose"), choices=c.ConsentPurpose.choices)
    decision = forms.ChoiceField(label=_("Decision"), choices=c.ConsentDecision.choices)
    decided_on = forms.DateField(label=_("Date"), widget=DATE)
    notes = forms.CharField(label=_("Notes"), required=False, widget=forms.Textarea)

    def __init__(
        self, *args: Any, persons: list[tuple[int, str]] | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["person"].choices = persons or []  # type: ignore[attr-defined]


class SupportPlanForm(forms.Form):
    type = forms.ChoiceField(label=_("Type of support"), choices=c.SupportType.choices)
    objectives = forms.CharField(label=_("Objectives"), required=False, widget=forms.Textarea)
    action_plan = forms.CharField(label=_("Action plan"), required=False, widget=forms.Textarea)
    planned_end = forms.DateField(label=_("Planned end"), required=False, widget=DATE)


class ServiceForm(forms.Form):
    type = forms.ChoiceField(label=_("Service"), choices=c.SupportType.choices)
    provider = forms.ModelChoiceField(
        label=_("Provider"), queryset=Organisation.objects.filter(is_active=True)
    )
    support_plan = forms.TypedChoiceField(
        label=_("Support plan"), required=False, coerce=int, empty_value=None
    )
    status = forms.ChoiceField(label=_("Status"), choices=c.ServiceStatus.choices)
    planned_on = forms.DateField(label=_("Planned for"), required=False, widget=DATE)
    delivered_on = forms.DateField(label=_("Delivered on"), required=False, widget=DATE)
    outcome = forms.CharField(label=_("Outcome"), required=False, widget=forms.Textarea)

    def __init__(
        self, *args: Any, plans: list[tuple[int, str]] | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["support_plan"].choices = [("", "—"), *(plans or [])]  # type: ignore[attr-defined]


class FollowUpForm(forms.Form):
    date = forms.DateField(label=_("Date"), widget=DATE)
    method = forms.ChoiceField(label=_("Method"), choices=c.FollowUpMethod.choices)
    notes = forms.CharField(label=_("Notes"), required=False, widget=forms.Textarea)
    next_due = forms.DateField(label=_("Next follow-up due"), required=False, widget=DATE)


class CommentForm(forms.Form):
    text = forms.CharField(label=_("Comment"), widget=forms.Textarea)


class CloseForm(VersionedForm):
    closure_reason = forms.CharField(label=_("Reason for closure"), widget=forms.Textarea)
    referred = forms.BooleanField(label=_("Closed because the case was referred"), required=False)
    closed_on = forms.DateField(label=_("Closed on"), widget=DATE)


class DocumentForm(forms.Form):
    type = forms.ChoiceField(label=_("Document type"), choices=c.DocumentType.choices)
    number = forms.CharField(label=_("Document number"), max_length=30)
    issuing_country = forms.CharField(label=_("Issuing country"), required=False, max_length=3)


class PhoneForm(forms.Form):
    number = forms.CharField(label=_("Phone"), max_length=30)
    kind = forms.ChoiceField(label=_("Kind"), choices=c.PhoneKind.choices)


class AddressForm(forms.Form):
    street = forms.CharField(label=_("Street and house"), required=False)
    city = forms.CharField(label=_("City or village"), required=False, max_length=100)
    district = forms.CharField(label=_("District"), required=False, max_length=100)
    province = forms.CharField(
        label=_("Province code"),
        required=False,
        max_length=10,
        help_text=_("ISO 3166-2, e.g. PK-PB"),
    )
    country = forms.CharField(label=_("Country"), initial="PK", max_length=3)
