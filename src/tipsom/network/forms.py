"""Forms of the network pages; the services check everything again."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from tipsom.core.choices import NetworkStatus
from tipsom.network import choices as c
from tipsom.network import codes


def _date(label: Any, required: bool = True) -> forms.DateField:
    return forms.DateField(
        label=label, required=required, widget=forms.DateInput(attrs={"type": "date"})
    )


def _moment(label: Any, required: bool = True) -> forms.DateTimeField:
    return forms.DateTimeField(
        label=label,
        required=required,
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S"],
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )


def _choices(field: Any, rows: Any, blank: Any = None) -> None:
    options = [(str(row.pk), str(row)) for row in rows]
    field.choices = ([("", blank)] if blank is not None else []) + options


class Tags(forms.Form):
    """GCM objectives and SDG targets, on every form of a taggable item."""

    gcm_objectives = forms.TypedMultipleChoiceField(
        label=_("GCM objectives"),
        choices=[(str(n), f"{n}. {title}") for n, title in codes.GCM_OBJECTIVES.items()],
        coerce=int,
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 6}),
        error_messages={
            "invalid_choice": _("%(value)s is not a GCM objective; valid: 1–23"),
        },
    )
    sdg_targets = forms.CharField(
        label=_("SDG targets"),
        required=False,
        max_length=200,
        help_text=_("goal.target, separated by commas, e.g. 5.2, 8.7, 10.7, 16.2, 16.3"),
    )

    def tags(self) -> dict[str, Any]:
        d = self.cleaned_data
        return {"gcm_objectives": d.get("gcm_objectives") or [], "sdg_targets": d["sdg_targets"]}


class VersionedForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)


# --- members ---------------------------------------------------------------------------------


class MembershipForm(forms.Form):
    organisation = forms.ChoiceField(label=_("organisation"))
    network_status = forms.ChoiceField(label=_("network membership"), choices=NetworkStatus.choices)
    joined_network_on = _date(_("joined the network on"), required=False)

    def __init__(self, *args: Any, organisations: Any = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _choices(self.fields["organisation"], organisations)


class FocalPointForm(forms.Form):
    user = forms.ChoiceField(label=_("user"))
    kind = forms.ChoiceField(label=_("kind"), choices=c.FocalPointKind.choices)

    def __init__(self, *args: Any, users: Any = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field: Any = self.fields["user"]
        field.choices = [(str(u.pk), u.get_full_name() or u.username) for u in users]


class GovernanceForm(forms.Form):
    role = forms.ChoiceField(label=_("role"), choices=c.GovernanceRole.choices)
    starts_on = _date(_("term starts on"))
    ends_on = _date(_("term ends on"), required=False)
    note = forms.CharField(label=_("note"), max_length=300, required=False)


class EndTermForm(forms.Form):
    ends_on = _date(_("term ends on"), required=False)


# --- working groups --------------------------------------------------------------------------


class GroupForm(Tags):
    name = forms.CharField(label=_("name"), max_length=200)
    kind = forms.ChoiceField(label=_("kind"), choices=c.GroupKind.choices)
    terms_of_reference = forms.CharField(
        label=_("terms of reference"), widget=forms.Textarea, required=False
    )
    established_on = _date(_("established on"), required=False)
    closed_on = _date(_("closed on"), required=False)
    field_order = ["name", "kind", "terms_of_reference", "established_on", "closed_on"]


class GroupMemberForm(forms.Form):
    organisation = forms.ChoiceField(label=_("organisation"))
    role = forms.ChoiceField(label=_("role"), choices=c.GroupRole.choices)

    def __init__(self, *args: Any, organisations: Any = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _choices(self.fields["organisation"], organisations)


# --- meetings --------------------------------------------------------------------------------


class MeetingForm(Tags):
    title = forms.CharField(label=_("title"), max_length=200)
    group = forms.ChoiceField(label=_("working group"), required=False)
    starts_at = _moment(_("starts at"))
    ends_at = _moment(_("ends at"), required=False)
    location = forms.CharField(label=_("place or link"), max_length=300, required=False)
    field_order = ["title", "group", "starts_at", "ends_at", "location"]

    def __init__(self, *args: Any, groups: Any = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _choices(self.fields["group"], groups, _("— the whole network —"))


class MeetingEditForm(MeetingForm, VersionedForm):
    pass


class CancelForm(VersionedForm):
    prefix = "cancel"
    reason = forms.CharField(label=_("why cancelled"), max_length=300)


class AgendaForm(Tags):
    prefix = "agenda"
    title = forms.CharField(label=_("item"), max_length=300)
    presenter = forms.ChoiceField(label=_("presented by"), required=False)
    notes = forms.CharField(label=_("notes"), widget=forms.Textarea, required=False)
    field_order = ["title", "presenter", "notes"]

    def __init__(self, *args: Any, organisations: Any = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _choices(self.fields["presenter"], organisations, "—")


class AttendanceForm(forms.Form):
    organisation = forms.ChoiceField(label=_("organisation"))
    person = forms.ChoiceField(label=_("person"), required=False)
    status = forms.ChoiceField(label=_("attendance"), choices=c.AttendanceStatus.choices)

    def __init__(
        self, *args: Any, organisations: Any = (), people: Any = (), **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        _choices(self.fields["organisation"], organisations)
        field: Any = self.fields["person"]
        field.choices = [("", _("— the organisation —"))] + [
            (str(u.pk), u.get_full_name() or u.username) for u in people
        ]


class MinutesForm(VersionedForm):
    prefix = "minutes"
    minutes = forms.CharField(label=_("minutes"), widget=forms.Textarea(attrs={"rows": 10}))


class DecisionForm(Tags):
    prefix = "decision"
    text = forms.CharField(label=_("decision"), widget=forms.Textarea(attrs={"rows": 3}))
    agenda_item = forms.ChoiceField(label=_("agenda item"), required=False)
    field_order = ["text", "agenda_item"]

    def __init__(self, *args: Any, agenda: Any = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field: Any = self.fields["agenda_item"]
        field.choices = [("", "—")] + [(str(i.pk), f"{i.position}. {i.title}") for i in agenda]


class ActionPointForm(Tags):
    prefix = "action"
    title = forms.CharField(label=_("action"), max_length=300)
    description = forms.CharField(
        label=_("details"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    owner = forms.ChoiceField(label=_("owner organisation"))
    due_on = _date(_("due on"))
    decision = forms.ChoiceField(label=_("decision"), required=False)
    field_order = ["title", "description", "owner", "due_on", "decision"]

    def __init__(
        self, *args: Any, organisations: Any = (), decisions: Any = (), **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        _choices(self.fields["owner"], organisations, "—")
        field: Any = self.fields["decision"]
        field.choices = [("", "—")] + [(str(d.pk), f"{d.number}. {d.text[:80]}") for d in decisions]


class StatusForm(forms.Form):
    version = forms.IntegerField(required=False, widget=forms.HiddenInput)
    status = forms.ChoiceField(label=_("status"), choices=c.ActionStatus.choices)
    note = forms.CharField(label=_("note"), max_length=500, required=False)


# --- documents -------------------------------------------------------------------------------


class DocumentForm(Tags):
    title = forms.CharField(label=_("title"), max_length=200)
    file = forms.FileField(label=_("file"))
    access_level = forms.ChoiceField(label=_("who may read it"), choices=c.AccessLevel.choices)
    description = forms.CharField(
        label=_("description"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    meeting = forms.ChoiceField(label=_("meeting"), required=False)
    group = forms.ChoiceField(label=_("working group"), required=False)
    field_order = ["title", "file", "access_level", "description", "meeting", "group"]

    def __init__(self, *args: Any, meetings: Any = (), groups: Any = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field: Any = self.fields["meeting"]
        field.choices = [("", "—")] + [
            (str(m.pk), f"{m.day.isoformat()} {m.title}") for m in meetings
        ]
        _choices(self.fields["group"], groups, "—")
