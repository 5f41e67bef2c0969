"""Forms of data exchange: they parse input; services check the rules and write."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from tipsom.core.models import Organisation
from tipsom.engine.exchange.formats import FORMATS
from tipsom.exchange.exports import FORMATS as EXPORT_FORMATS


class ImportForm(forms.Form):
    file = forms.FileField(label=_("File"))
    format = forms.ChoiceField(
        label=_("Format"), choices=[(f.name, f.label) for f in FORMATS.values()]
    )
    organisation = forms.ModelChoiceField(
        label=_("Into organisation"), queryset=Organisation.objects.none()
    )
    source_system = forms.CharField(
        label=_("Source system"),
        max_length=100,
        help_text=_("Where the records come from, e.g. 'PSSS register' or a Kobo project."),
    )
    dry_run = forms.BooleanField(
        label=_("Dry run: check every row and show the report, import nothing"),
        required=False,
        initial=True,
    )

    def __init__(self, *args: Any, organisations: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if organisations is not None:
            self.fields["organisation"].queryset = organisations  # type: ignore[attr-defined]


class ExportForm(forms.Form):
    format = forms.ChoiceField(label=_("Format"), choices=[(f, f) for f in EXPORT_FORMATS])
    organisation = forms.ModelChoiceField(
        label=_("Only this organisation"), queryset=Organisation.objects.none(), required=False
    )

    def __init__(self, *args: Any, organisations: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if organisations is not None:
            self.fields["organisation"].queryset = organisations  # type: ignore[attr-defined]


class DiscardForm(forms.Form):
    reason = forms.CharField(label=_("Why is this row discarded?"), max_length=500)
