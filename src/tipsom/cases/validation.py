"""Field checks shared by forms, the API and (later) importers. Each error names the field,
the value and what is allowed."""

from __future__ import annotations

import re
from datetime import date
from functools import cache
from typing import Any

import phonenumbers
import pycountry
from django.core.exceptions import ValidationError


class Errors:
    """Collects field errors, raised together so the user sees every problem at once."""

    def __init__(self) -> None:
        self.errors: dict[str, list[str]] = {}

    def add(self, field: str, message: str) -> None:
        self.errors.setdefault(field, []).append(message)

    def raise_if_any(self) -> None:
        if self.errors:
            raise ValidationError(self.errors)


@cache
def codes(choices: Any) -> tuple[str, ...]:
    """The values of a choices class, computed once (Django computes them on every access)."""
    return tuple(choices.values)


def code_list(errors: Errors, field: str, values: Any, choices: Any) -> list:
    """A multi-select: a list of codes from ``choices`` (a ';'-separated string is accepted)."""
    if values in (None, ""):
        return []
    if isinstance(values, str):
        values = [v.strip() for v in values.split(";") if v.strip()]
    if not isinstance(values, list | tuple):
        errors.add(field, "give a list of codes")
        return []
    allowed = codes(choices)
    bad = [v for v in values if v not in allowed]
    if bad:
        errors.add(field, f"{', '.join(map(repr, bad))} not allowed; allowed: {', '.join(allowed)}")
    return list(dict.fromkeys(values))


def country(errors: Errors, field: str, value: str) -> str:
    if not value:
        return ""
    found = pycountry.countries.get(alpha_2=value.upper()) or (
        pycountry.countries.get(alpha_3=value.upper()) if len(value) == 3 else None
    )
    if found is None:
        errors.add(field, f"'{value}' is not an ISO 3166-1 country code (e.g. PK, AF, IR)")
        return value
    return found.alpha_2


def countries(errors: Errors, field: str, values: Any) -> list[str]:
    if isinstance(values, str):
        values = [v.strip() for v in values.split(";") if v.strip()]
    return [country(errors, field, v) for v in values or []]


def language(errors: Errors, field: str, value: str) -> str:
    code = value.strip().lower()
    found = (
        pycountry.languages.get(alpha_2=code)
        if len(code) == 2
        else pycountry.languages.get(alpha_3=code)
        if len(code) == 3
        else None
    )
    if found is None:
        errors.add(field, f"'{value}' is not an ISO 639 language code (e.g. ur, pa, ps, en)")
        return value
    return getattr(found, "alpha_2", found.alpha_3)


def languages(errors: Errors, field: str, values: Any) -> list[str]:
    if isinstance(values, str):
        values = [v.strip() for v in values.split(";") if v.strip()]
    return [language(errors, field, v) for v in values or []]


def subdivision(errors: Errors, field: str, value: str, country_code: str) -> str:
    if not value:
        return ""
    codes = {s.code for s in pycountry.subdivisions.get(country_code=country_code.upper()) or []}
    if value.upper() not in codes:
        errors.add(
            field,
            f"'{value}' is not a province of {country_code}; allowed: "
            f"{', '.join(sorted(codes)) or 'none known'}",
        )
        return value
    return value.upper()


def currency(errors: Errors, field: str, value: str) -> str:
    if not value:
        return ""
    if pycountry.currencies.get(alpha_3=value.upper()) is None:
        errors.add(field, f"'{value}' is not an ISO 4217 currency code (e.g. PKR, USD, EUR)")
        return value
    return value.upper()


def phone(errors: Errors, field: str, value: str, region: str = "") -> str:
    """E.164 form of a phone number written in any common way."""
    from django.conf import settings

    region = region or settings.TIPSOM_PHONE_REGION
    try:
        number = phonenumbers.parse(value, region)
    except phonenumbers.NumberParseException:
        errors.add(
            field,
            f"'{value}' is not a phone number; write it with its country code, "
            "e.g. +92 300 1234567",
        )
        return value
    if not phonenumbers.is_valid_number(number):
        errors.add(
            field,
            f"'{value}' is not a valid phone number; write it with its country "
            "code, e.g. +92 300 1234567",
        )
        return value
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


CNIC = re.compile(r"^\d{5}-?\d{7}-?\d$")


def document_number(errors: Errors, field: str, doc_type: str, value: str) -> str:
    value = value.strip()
    if not value:
        errors.add(field, "enter the document number")
    elif doc_type == "cnic":
        if not CNIC.match(value):
            errors.add(field, f"'{value}' is not a CNIC number: 13 digits, as 12345-1234567-1")
        digits = re.sub(r"\D", "", value)
        return f"{digits[:5]}-{digits[5:12]}-{digits[12:]}" if len(digits) == 13 else value
    elif doc_type == "passport" and not re.fullmatch(r"[A-Za-z0-9]{5,12}", value):
        errors.add(field, f"'{value}' is not a passport number: 5 to 12 letters and digits")
    return value.upper() if doc_type == "passport" else value


def not_future(errors: Errors, field: str, value: date | None) -> None:
    if value and value > date.today():
        errors.add(field, f"{value.isoformat()} is in the future")


def one_of(errors: Errors, field: str, value: str, choices: Any, required: bool = False) -> None:
    """``value`` is one of ``choices`` (a TextChoices class, or any list of codes)."""
    allowed = codes(choices) if isinstance(choices, type) else list(choices)
    if not value:
        if required:
            errors.add(field, f"required; allowed: {', '.join(allowed)}")
        return
    if value not in allowed:
        errors.add(field, f"'{value}' not allowed; allowed: {', '.join(allowed)}")
