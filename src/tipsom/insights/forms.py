"""The release form; `releases.clean_parameters` checks everything again."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from tipsom.insights.releases import DEFAULTS


class ReleaseForm(forms.Form):
    title = forms.CharField(label=_("title"), max_length=200)
    year_from = forms.IntegerField(label=_("first year"), min_value=1900, max_value=2100)
    year_to = forms.IntegerField(label=_("last year"), min_value=1900, max_value=2100)
    threshold = forms.IntegerField(
        label=_("smallest published count"),
        initial=DEFAULTS["threshold"],
        min_value=2,
        help_text=_("counts below it are suppressed (CTDC: 11)"),
    )
    epsilon_tables = forms.FloatField(
        label=_("epsilon per table"), initial=DEFAULTS["epsilon_tables"], min_value=0.01
    )
    epsilon_synthetic = forms.FloatField(
        label=_("epsilon of the synthetic data"),
        initial=DEFAULTS["epsilon_synthetic"],
        min_value=0.01,
    )
    resolution = forms.IntegerField(
        label=_("resolution"),
        initial=DEFAULTS["resolution"],
        min_value=1,
        help_text=_("no combination of values rarer than this in the synthetic data"),
    )
    reporting_length = forms.IntegerField(
        label=_("reporting length"), initial=DEFAULTS["reporting_length"], min_value=1, max_value=4
    )
    synthetic_rows = forms.IntegerField(
        label=_("synthetic records"),
        initial=DEFAULTS["synthetic_rows"],
        min_value=0,
        help_text=_("0: as many as the real records"),
    )
    notes = forms.CharField(label=_("release notes"), widget=forms.Textarea, required=False)
