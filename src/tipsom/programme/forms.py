"""Forms of the joint programme's pages. They shape input; the services check everything
again and name each field's problem."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from tipsom.cases.choices import Sex
from tipsom.core.forms import province_choices
from tipsom.engine.iati.codes import GCM_OBJECTIVES
from tipsom.programme import choices as c
from tipsom.programme import computations


def _date(label: Any, required: bool = True) -> forms.DateField:
    return forms.DateField(
        label=label, required=required, widget=forms.DateInput(attrs={"type": "date"})
    )


def _amount(label: Any, required: bool = True) -> forms.DecimalField:
    return forms.DecimalField(
        label=label, required=required, min_value=0, max_digits=14, decimal_places=2
    )


def _choose(field: Any, rows: Any, blank: bool = False) -> None:
    field.choices = ([("", "—")] if blank else []) + [(o.pk, str(o)) for o in rows]


class ProgrammeForm(forms.Form):
    code = forms.CharField(label=_("code"), max_length=40)
    title = forms.CharField(label=_("title"), max_length=300)
    description = forms.CharField(label=_("description"), widget=forms.Textarea)
    objectives = forms.CharField(label=_("objectives"), widget=forms.Textarea, required=False)
    target_groups = forms.CharField(label=_("target groups"), widget=forms.Textarea, required=False)
    thematic_area = forms.ChoiceField(label=_("thematic area of the fund"))
    gcm_objectives = forms.MultipleChoiceField(
        label=_("GCM objectives"),
        choices=[(n, f"{n}. {title}") for n, title in GCM_OBJECTIVES.items()],
        widget=forms.CheckboxSelectMultiple,
    )
    gender_marker = forms.TypedChoiceField(
        label=_("gender marker"), choices=c.MarkerScore.choices, coerce=int
    )
    human_rights_marker = forms.TypedChoiceField(
        label=_("human-rights marker"), choices=c.MarkerScore.choices, coerce=int
    )
    status = forms.ChoiceField(label=_("status"), choices=c.ProgrammeStatus.choices)
    planned_start = _date(_("planned start"))
    planned_end = _date(_("planned end"))
    actual_start = _date(_("actual start"), required=False)
    actual_end = _date(_("actual end"), required=False)
    approved_on = _date(_("approved by the fund on"), required=False)
    currency = forms.CharField(label=_("currency"), max_length=3, initial="USD")
    indirect_rate = forms.DecimalField(
        label=_("indirect support costs, per cent of direct costs"),
        initial=7,
        min_value=0,
        max_value=100,
    )
    iati_identifier = forms.CharField(label=_("IATI identifier"), max_length=100, required=False)

    def __init__(self, *args: Any, areas: Any = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["thematic_area"].choices = [(a.number, str(a)) for a in areas]  # type: ignore[attr-defined]


class ParticipationForm(forms.Form):
    organisation = forms.ChoiceField(label=_("organisation"))
    role = forms.ChoiceField(label=_("role"), choices=c.PartnerRole.choices)
    iati_ref = forms.CharField(label=_("IATI organisation identifier"), required=False)

    def __init__(self, *args: Any, organisations: Any = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _choose(self.fields["organisation"], organisations)


class ResultForm(forms.Form):
    level = forms.ChoiceField(label=_("level"), choices=c.ResultLevel.choices)
    parent = forms.ChoiceField(label=_("under the outcome"), required=False)
    code = forms.CharField(label=_("code"), max_length=20)
    title = forms.CharField(label=_("title"), max_length=400)

    def __init__(self, *args: Any, outcomes: Any = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _choose(self.fields["parent"], outcomes, blank=True)


class IndicatorForm(forms.Form):
    result = forms.ChoiceField(label=_("result"))
    code = forms.CharField(label=_("code"), max_length=20)
    title = forms.CharField(label=_("title"), max_length=400)
    unit = forms.CharField(label=_("unit"), max_length=60, required=False)
    measure = forms.ChoiceField(label=_("measure"), choices=c.Measure.choices)
    baseline_value = _amount(_("baseline"), required=False)
    baseline_year = forms.IntegerField(label=_("baseline year"), required=False)
    means_of_verification = forms.CharField(label=_("means of verification"), widget=forms.Textarea)
    organisation = forms.ChoiceField(label=_("reported by"))
    source = forms.ChoiceField(label=_("source"), choices=c.IndicatorSource.choices)
    computation = forms.ChoiceField(label=_("computation"), required=False)
    compute_scope = forms.ChoiceField(
        label=_("counts the records of"), choices=c.ComputeScope.choices
    )
    disaggregations = forms.MultipleChoiceField(
        label=_("disaggregated by"),
        choices=c.Dimension.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    def __init__(
        self, *args: Any, results: Any = (), organisations: Any = (), **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        _choose(self.fields["result"], results)
        _choose(self.fields["organisation"], organisations)
        self.fields["computation"].choices = [("", "—")] + [  # type: ignore[attr-defined]
            (key, str(comp.title)) for key, comp in computations.REGISTRY.items()
        ]


class PeriodForm(forms.Form):
    title = forms.CharField(label=_("title"), max_length=60)
    starts_on = _date(_("from"))
    ends_on = _date(_("until"))


DIRECT = [(category.value, category.label) for category in c.DIRECT_CATEGORIES]


def _split_fields(form: forms.Form, dimensions: Any) -> None:
    """The category fields of the dimensions the indicator is disaggregated by (the others
    are always empty: the figure is for everyone in them)."""
    fields = {
        "sex": lambda: forms.ChoiceField(
            label=_("sex"), choices=[("", _("all")), *list(Sex.choices)], required=False
        ),
        "age_group": lambda: forms.ChoiceField(
            label=_("age group"),
            choices=[("", _("all")), *list(c.AgeGroup.choices)],
            required=False,
        ),
        "province": lambda: forms.ChoiceField(
            label=_("province"), choices=province_choices, required=False
        ),
    }
    for name, make in fields.items():
        form.fields[name] = (
            make()
            if name in dimensions
            else forms.CharField(required=False, widget=forms.HiddenInput)
        )


class TargetForm(forms.Form):
    period = forms.ChoiceField(label=_("period"))
    value = _amount(_("target"))

    def __init__(self, *args: Any, periods: Any = (), dimensions: Any = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _choose(self.fields["period"], periods)
        _split_fields(self, dimensions)


class ActualForm(forms.Form):
    period = forms.ChoiceField(label=_("period"))
    value = forms.CharField(label=_("actual"), max_length=20)
    comment = forms.CharField(label=_("comment"), widget=forms.Textarea, required=False)

    def __init__(self, *args: Any, periods: Any = (), dimensions: Any = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _choose(self.fields["period"], periods)
        _split_fields(self, dimensions)


class BudgetForm(forms.Form):
    organisation = forms.ChoiceField(label=_("organisation"))
    category = forms.ChoiceField(label=_("category"), choices=DIRECT)
    year = forms.IntegerField(label=_("year"))
    amount = _amount(_("amount"))

    def __init__(self, *args: Any, organisations: Any = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _choose(self.fields["organisation"], organisations)


class TransferForm(forms.Form):
    kind = forms.ChoiceField(label=_("kind"), choices=c.TransferKind.choices)
    organisation = forms.ChoiceField(label=_("participating UN organisation"))
    partner = forms.ChoiceField(label=_("implementing partner"), required=False)
    transferred_on = _date(_("date"))
    amount = _amount(_("amount"))
    reference = forms.CharField(label=_("reference"), max_length=60, required=False)

    def __init__(
        self, *args: Any, organisations: Any = (), partners: Any = (), **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        _choose(self.fields["organisation"], organisations)
        _choose(self.fields["partner"], partners, blank=True)


class ExpenditureForm(forms.Form):
    period = forms.ChoiceField(label=_("period"))
    organisation = forms.ChoiceField(label=_("organisation"))
    category = forms.ChoiceField(label=_("category"), choices=DIRECT)
    amount = forms.CharField(label=_("amount"), max_length=20)
    justification = forms.CharField(
        label=_("justification"),
        widget=forms.Textarea,
        required=False,
        help_text=_("needed when the expenditure goes above what the fund transferred"),
    )

    def __init__(
        self, *args: Any, periods: Any = (), organisations: Any = (), **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        _choose(self.fields["period"], periods)
        _choose(self.fields["organisation"], organisations)


class ReportForm(forms.Form):
    period = forms.ChoiceField(label=_("period"))
    organisation = forms.ChoiceField(label=_("organisation"))
    narrative = forms.CharField(label=_("progress"), widget=forms.Textarea)
    challenges = forms.CharField(
        label=_("challenges and lessons"), widget=forms.Textarea, required=False
    )

    def __init__(
        self, *args: Any, periods: Any = (), organisations: Any = (), **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        _choose(self.fields["period"], periods)
        _choose(self.fields["organisation"], organisations)


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("decision"),
        choices=[("approve", _("Approve")), ("return", _("Return for changes"))],
    )
    note = forms.CharField(label=_("note"), widget=forms.Textarea, required=False)


class TrainingForm(forms.Form):
    organisation = forms.ChoiceField(label=_("organiser"))
    programme = forms.ChoiceField(label=_("joint programme"), required=False)
    title = forms.CharField(label=_("title"), max_length=300)
    starts_on = _date(_("from"))
    ends_on = _date(_("until"), required=False)
    province = forms.ChoiceField(label=_("province"), choices=province_choices, required=False)
    place = forms.CharField(label=_("place"), max_length=200, required=False)

    def __init__(
        self, *args: Any, organisations: Any = (), programmes: Any = (), **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        _choose(self.fields["organisation"], organisations)
        _choose(self.fields["programme"], programmes, blank=True)


class AttendanceForm(forms.Form):
    organisation = forms.ChoiceField(label=_("participants' organisation"))
    female = forms.IntegerField(label=_("women"), min_value=0, initial=0)
    male = forms.IntegerField(label=_("men"), min_value=0, initial=0)
    transgender = forms.IntegerField(label=_("transgender persons"), min_value=0, initial=0)

    def __init__(self, *args: Any, organisations: Any = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _choose(self.fields["organisation"], organisations)
