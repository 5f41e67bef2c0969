"""Forms of the criminal-justice pages; the services check everything again."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from tipsom.justice import choices as c


class FirForm(forms.Form):
    organisation = forms.ChoiceField(label=_("agency"))
    number = forms.CharField(label=_("FIR number"), max_length=40)
    station = forms.CharField(label=_("police station or FIA circle"), max_length=120)
    registered_on = forms.DateField(
        label=_("registered on"), widget=forms.DateInput(attrs={"type": "date"})
    )
    offences = forms.MultipleChoiceField(label=_("offences"), widget=forms.CheckboxSelectMultiple)
    summary = forms.CharField(label=_("summary"), widget=forms.Textarea, required=False)

    def __init__(self, *args: Any, agencies: Any = (), offences: Any = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        agency: Any = self.fields["organisation"]
        listed: Any = self.fields["offences"]
        agency.choices = [(o.pk, str(o)) for o in agencies]
        listed.choices = [(o.code, f"{o.code}: {o.title}") for o in offences]


class SuspectForm(forms.Form):
    first_name = forms.CharField(label=_("first name"), max_length=100)
    family_name = forms.CharField(label=_("family name"), max_length=100, required=False)
    father_name = forms.CharField(label=_("father's name"), max_length=100, required=False)
    roles = forms.MultipleChoiceField(
        label=_("role in the process"),
        choices=c.RoleInProcess.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    aliases = forms.CharField(
        label=_("aliases"), required=False, help_text=_("separate several with commas")
    )
    network = forms.CharField(label=_("organisation or network"), required=False)


class ChargeForm(forms.Form):
    offence = forms.ChoiceField(label=_("offence"))
    court = forms.CharField(label=_("court"), max_length=160)
    filed_on = forms.DateField(
        label=_("charged on"), widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args: Any, offences: Any = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        listed: Any = self.fields["offence"]
        listed.choices = [(o.code, f"{o.code}: {o.title}") for o in offences]


class VerdictForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    outcome = forms.ChoiceField(label=_("outcome"), choices=c.Outcome.choices)
    decided_on = forms.DateField(
        label=_("decided on"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    imprisonment_months = forms.IntegerField(
        label=_("imprisonment, months"), required=False, min_value=0, max_value=1200
    )
    fine_pkr = forms.IntegerField(label=_("fine, PKR"), required=False, min_value=0)
