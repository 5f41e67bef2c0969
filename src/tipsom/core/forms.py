"""Forms of the core app. They validate input; services do the writing."""

from __future__ import annotations

from typing import Any

import pycountry
from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from tipsom.core.choices import AuditAction, NetworkStatus, OrganisationType, Role
from tipsom.core.models import Organisation


def attach_errors(form: forms.BaseForm, error: ValidationError) -> None:
    """Show a service's ValidationError on the form, by field where it names one."""
    if hasattr(error, "error_dict"):
        for field, messages in error.message_dict.items():
            form.add_error(field if field in form.fields else None, messages)
    else:
        form.add_error(None, error.messages)


def province_choices() -> list[tuple[str, str]]:
    subdivisions = sorted(pycountry.subdivisions.get(country_code="PK"), key=lambda s: s.name)
    return [("", "—"), *[(s.code, s.name) for s in subdivisions]]


class OrganisationForm(forms.ModelForm):
    website = forms.URLField(label=_("website"), required=False, assume_scheme="https")

    class Meta:
        model = Organisation
        fields = [
            "name",
            "acronym",
            "type",
            "parent",
            "country",
            "province",
            "district",
            "network_status",
            "joined_network_on",
            "website",
            "is_active",
        ]
        widgets = {"joined_network_on": forms.DateInput(attrs={"type": "date"})}


class OrganisationFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False)
    type = forms.ChoiceField(
        label=_("Type"), required=False, choices=[("", _("All types")), *OrganisationType.choices]
    )
    province = forms.ChoiceField(label=_("Province"), required=False, choices=province_choices)
    network_status = forms.ChoiceField(
        label=_("Network membership"),
        required=False,
        choices=[("", _("Any")), *NetworkStatus.choices],
    )


class ContactPointForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    title = forms.CharField(label=_("Title or function"), max_length=150, required=False)
    email = forms.EmailField(label=_("E-mail"), required=False)
    phone = forms.CharField(
        label=_("Phone"),
        max_length=30,
        required=False,
        help_text=_("International format, e.g. +92 51 1234567"),
    )
    is_primary = forms.BooleanField(label=_("Primary contact"), required=False)

    def clean_phone(self) -> str:
        import phonenumbers

        raw = self.cleaned_data["phone"].strip()
        if not raw:
            return ""
        try:
            number = phonenumbers.parse(raw, "PK")
        except phonenumbers.NumberParseException as exc:
            raise ValidationError(_("'%(value)s' is not a phone number.") % {"value": raw}) from exc
        if not phonenumbers.is_valid_number(number):
            raise ValidationError(
                _(
                    "'%(value)s' is not a valid phone number; write it with its country code, "
                    "e.g. +92 51 1234567."
                )
                % {"value": raw}
            )
        return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


class UserCreateForm(forms.Form):
    username = forms.RegexField(label=_("Username"), max_length=150, regex=r"^[\w.@+-]+$")
    first_name = forms.CharField(label=_("First name"), max_length=150, required=False)
    last_name = forms.CharField(label=_("Last name"), max_length=150, required=False)
    email = forms.EmailField(label=_("E-mail"), required=False)
    organisation = forms.ModelChoiceField(
        label=_("Organisation"), queryset=Organisation.objects.none()
    )
    roles = forms.MultipleChoiceField(
        label=_("Roles"), choices=Role.choices, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args: Any, organisations: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations  # type: ignore[attr-defined]


class RolesForm(forms.Form):
    roles = forms.MultipleChoiceField(
        label=_("Roles"), choices=Role.choices, required=False, widget=forms.CheckboxSelectMultiple
    )


class AuditSearchForm(forms.Form):
    actor = forms.CharField(label=_("User"), required=False)
    action = forms.ChoiceField(
        label=_("Action"), required=False, choices=[("", _("Any action")), *AuditAction.choices]
    )
    object_type = forms.CharField(label=_("Record type"), required=False)
    object_id = forms.CharField(label=_("Record id"), required=False)
    ip_address = forms.GenericIPAddressField(label=_("IP address"), required=False)
    since = forms.DateField(
        label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    until = forms.DateField(
        label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def filters(self) -> dict[str, Any]:
        if not self.is_valid():
            return {}
        return {
            k: (v.isoformat() if hasattr(v, "isoformat") else v)
            for k, v in self.cleaned_data.items()
            if v
        }


class SignInForm(AuthenticationForm):
    error_messages = {
        "invalid_login": _(
            "That username and password do not match an active account. Both are case-sensitive."
        ),
        "inactive": _("This account is inactive."),
    }


class TokenForm(forms.Form):
    token = forms.RegexField(
        label=_("Code from your authenticator app"),
        regex=r"^\d{6}$",
        max_length=6,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
        error_messages={"invalid": _("Enter the 6-digit code.")},
    )


class PasswordChangeForm(forms.Form):
    old_password = forms.CharField(label=_("Current password"), widget=forms.PasswordInput)
    new_password = forms.CharField(label=_("New password"), widget=forms.PasswordInput)
