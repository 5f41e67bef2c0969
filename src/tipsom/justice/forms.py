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
    investigating_officer = forms.ChoiceField(label=_("investigating officer"), required=False)
    summary = forms.CharField(label=_("summary"), widget=forms.Textarea, required=False)

    def __init__(
        self,
        *args: Any,
        agencies: Any = (),
        offences: Any = (),
        officers: Any = (),
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        agency: Any = self.fields["organisation"]
        listed: Any = self.fields["offences"]
        officer: Any = self.fields["investigating_officer"]
        agency.choices = [(o.pk, str(o)) for o in agencies]
        listed.choices = [(o.code, f"{o.code}: {o.title}") for o in offences]
        officer.choices = [("", "—")] + [(u.pk, u.get_full_name() or u.username) for u in officers]


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


def _date_field(label: Any, required: bool = True) -> forms.DateField:
    return forms.DateField(
        label=label, required=required, widget=forms.DateInput(attrs={"type": "date"})
    )


class StatusForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    status = forms.ChoiceField(label=_("status"), choices=c.FirStatus.choices)


class SeizureForm(forms.Form):
    seized_on = _date_field(_("seized on"))
    description = forms.CharField(label=_("what was seized"), max_length=500)
    value_pkr = forms.IntegerField(label=_("estimated value, PKR"), required=False, min_value=0)


class AppealForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    filed_on = _date_field(_("appeal filed on"))
    court = forms.CharField(label=_("appeal court"), max_length=160)
    outcome = forms.ChoiceField(label=_("appeal outcome"), choices=c.Outcome.choices)


class HearingForm(forms.Form):
    court = forms.CharField(label=_("court"), max_length=160)
    held_on = _date_field(_("held on"))
    kind = forms.ChoiceField(label=_("stage"), choices=c.HearingKind.choices)
    notes = forms.CharField(label=_("what happened"), widget=forms.Textarea, required=False)
    next_on = _date_field(_("adjourned to"), required=False)


class ShareForm(forms.Form):
    organisation = forms.ChoiceField(label=_("agency"))
    access = forms.ChoiceField(label=_("access"), choices=c.ShareAccess.choices)
    reason = forms.CharField(label=_("reason"), max_length=200)

    def __init__(self, *args: Any, organisations: Any = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        listed: Any = self.fields["organisation"]
        listed.choices = [(o.pk, str(o)) for o in organisations]


class CaseLinkForm(forms.Form):
    case = forms.ChoiceField(label=_("case"))

    def __init__(self, *args: Any, cases: Any = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        listed: Any = self.fields["case"]
        listed.choices = [(case.pk, case.case_number) for case in cases]


class WatchlistForm(forms.Form):
    organisation = forms.ChoiceField(label=_("agency"))
    first_name = forms.CharField(label=_("first name"), max_length=100, required=False)
    family_name = forms.CharField(label=_("family name"), max_length=100, required=False)
    father_name = forms.CharField(label=_("father's name"), max_length=100, required=False)
    aliases = forms.CharField(
        label=_("aliases"), required=False, help_text=_("separate several with commas")
    )
    document = forms.CharField(label=_("CNIC or passport number"), max_length=40, required=False)
    birth_year = forms.IntegerField(label=_("birth year"), required=False)
    reason = forms.CharField(label=_("wanted for"), widget=forms.Textarea, required=False)

    def __init__(self, *args: Any, agencies: Any = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        agency: Any = self.fields["organisation"]
        agency.choices = [(o.pk, str(o)) for o in agencies]
