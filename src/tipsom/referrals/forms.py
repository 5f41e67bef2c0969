"""Forms of the referral mechanism: they parse input; services check the rules and write."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from tipsom.cases import sharing
from tipsom.cases.choices import SupportType
from tipsom.cases.forms import VersionedForm, blank
from tipsom.core.models import Organisation
from tipsom.referrals import choices as c


class ReferralForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Kind"),
        choices=[k for k in c.ReferralKind.choices if k[0] != c.ReferralKind.TRANSFER_REQUEST],
        initial=c.ReferralKind.REFERRAL,
    )
    receiver = forms.ModelChoiceField(
        label=_("Refer to"), queryset=Organisation.objects.filter(is_active=True)
    )
    service = forms.ChoiceField(
        label=_("Service"), choices=blank(SupportType.choices), required=False
    )
    sections = forms.MultipleChoiceField(
        label=_("Parts of the case to share"),
        choices=sharing.section_choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("The receiver sees only these. A transfer always moves the whole case."),
    )
    reason = forms.CharField(label=_("Reason for referral"), widget=forms.Textarea, required=False)
    details = forms.CharField(
        label=_("Details and arrangements"), widget=forms.Textarea, required=False
    )
    override_justification = forms.CharField(
        label=_("Justification for proceeding without recorded consent"),
        widget=forms.Textarea,
        required=False,
        help_text=_("Only if consent to referral is not recorded and the referral cannot wait."),
    )

    def __init__(self, *args: Any, exclude: Organisation | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if exclude is not None:
            field = self.fields["receiver"]
            field.queryset = field.queryset.exclude(pk=exclude.pk)  # type: ignore[attr-defined]


class TransferRequestForm(forms.Form):
    case_number = forms.CharField(label=_("Case number"), max_length=40)
    requester = forms.ModelChoiceField(label=_("For"), queryset=Organisation.objects.none())
    reason = forms.CharField(
        label=_("Why your organisation should take over"), widget=forms.Textarea
    )

    def __init__(self, *args: Any, organisations: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if organisations is not None:
            self.fields["requester"].queryset = organisations  # type: ignore[attr-defined]


class ReasonForm(VersionedForm):
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea)


class OutcomeForm(VersionedForm):
    outcome = forms.CharField(label=_("Outcome"), widget=forms.Textarea)


class OfferForm(forms.Form):
    organisation = forms.ModelChoiceField(
        label=_("Organisation"), queryset=Organisation.objects.none()
    )
    service = forms.ChoiceField(label=_("Service"), choices=SupportType.choices)
    provinces = forms.CharField(
        label=_("Provinces"),
        required=False,
        help_text=_("ISO 3166-2 codes separated by ';', e.g. PK-PB;PK-SD. Empty: everywhere."),
    )
    districts = forms.CharField(
        label=_("Districts"), required=False, help_text=_("Separate districts with ';'")
    )
    target_groups = forms.MultipleChoiceField(
        label=_("For whom"),
        choices=c.TargetGroup.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("None ticked: everyone."),
    )
    capacity = forms.IntegerField(
        label=_("Places or persons at a time"), required=False, min_value=0
    )
    notes = forms.CharField(label=_("Notes"), widget=forms.Textarea, required=False)
    is_active = forms.BooleanField(label=_("Offered now"), required=False, initial=True)

    def __init__(
        self, *args: Any, organisations: Any = None, fixed: bool = False, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        if organisations is not None:
            self.fields["organisation"].queryset = organisations  # type: ignore[attr-defined]
        if fixed:  # an entry keeps its organisation and service; list a new one instead
            for name in ("organisation", "service"):
                self.fields[name].disabled = True

    def offer_data(self) -> dict[str, Any]:
        d = dict(self.cleaned_data)
        d.pop("organisation", None)
        for name in ("provinces", "districts"):
            d[name] = [p.strip() for p in (d.get(name) or "").split(";") if p.strip()]
        return d


class DirectoryFilterForm(forms.Form):
    service = forms.ChoiceField(
        label=_("Service"), choices=blank(SupportType.choices), required=False
    )
    province = forms.CharField(label=_("Province"), required=False, max_length=10)
    district = forms.CharField(label=_("District"), required=False, max_length=100)
    target_group = forms.ChoiceField(
        label=_("For whom"), choices=blank(c.TargetGroup.choices), required=False
    )


class ReferralFilterForm(forms.Form):
    direction = forms.ChoiceField(
        label=_("Direction"),
        choices=[("", "—"), ("incoming", _("Incoming")), ("outgoing", _("Outgoing"))],
        required=False,
    )
    state = forms.ChoiceField(
        label=_("State"), choices=blank(c.ReferralState.choices), required=False
    )
    overdue = forms.BooleanField(label=_("Overdue only"), required=False)


class ReportFilterForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), required=False, min_value=2000, max_value=2100)
    service = forms.ChoiceField(
        label=_("Service"), choices=blank(SupportType.choices), required=False
    )
    province = forms.CharField(label=_("Province"), required=False, max_length=10)
    case_number = forms.CharField(label=_("Case number"), required=False, max_length=40)
