"""The flat HTCDS record every format maps onto, and the checks each value must pass.

A record is one person in one case, with the case's first trafficking event, support plan,
comment and consent: the shape of the HTCDS templates. Field names are HTCDS's; a few
columns of ours (``tipsom_*``) carry what HTCDS has no field for, so our own exports read
back without loss. Headers are matched without regard to case, group paths (``group/``,
``group-``) or the published toolkit's spellings (``prs_First_Name``,
``vic_TraffickinStatusDecisionMakingOrg``, ...).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from typing import Any

import phonenumbers
import pycountry

from tipsom.engine.exchange.problems import Checked, Problem
from tipsom.engine.standards import htcds


@dataclass(frozen=True)
class Field:
    name: str
    kind: str  # text, code, codes, date, number, flag, country, countries, language, phone, ...
    codes: tuple[str, ...] = ()
    max_length: int = 0


# The HTCDS fields a record may carry: those tipsom stores. Others (referral details, the
# free-text locations, exploitation platforms) are reported as columns not imported.
# Picklists of HTCDS whose values we take as published.
CODE_FIELDS = [
    "prs_Gender",
    "prs_MaritalStatus",
    "prs_HighestLevelOfEducation",
    "vic_TraffickingStatus",
    "vic_TraffickingStatusDecisionMakingOrg",
    "vic_RelationshipToTrafficker",
    "cas_Status",
    "hte_Type",
    "spl_Type",
]
MULTI_CODE_FIELDS = [
    "vic_RecruitmentWebsitesAndApps",
    "vic_MethodOfRecruitment",
    "vic_MethodsOfControl",
    "vic_TypeOfExploitation",
    "vic_ForcedLabourIndustry",  # single in the template, multiple in the XLSForm: take both
    "vic_TypeOfSexExploitation",
]
OTHER_FIELDS: dict[str, str] = {
    "prs_FirstName": "name",
    "prs_MiddleName": "name",
    "prs_SecondName": "name",
    "prs_Birthdate": "past_date",
    "prs_NumberOfChildren": "number",
    "prs_PrimaryLanguage": "language",
    "prs_SecondaryLanguage": "language",
    "prs_Citizenship": "countries",
    "prs_IdentityNumber": "text",
    "prs_HomePhone": "phone",
    "prs_MobilePhone": "phone",
    "prs_MailingCity": "text",
    "prs_MailingState": "text",
    "prs_MailingStreet": "text",
    "prs_MailingCountry": "country",
    "vic_AgeWhenTrafficked": "number",
    "cas_ReasonForCaseClosure": "long",
    "cco_CaseComment": "long",
    "hte_City": "text",
    "hte_State": "text",
    "hte_Country": "country",
    "hte_Date": "past_date",
    "hte_Description": "long",
    "spl_Objectives": "long",
    "spl_ActionPlan": "long",
    "spl_PlannedEndDate": "date",
    "spl_ActualEndDate": "past_date",
    "con_Consent": "flag",
}
# Ours, for what HTCDS has no field for. Exports write them; imports read them if present.
EXTENSION_FIELDS: dict[str, str] = {
    "tipsom_record_id": "text",
    "tipsom_case_ref": "text",
    "tipsom_father_name": "name",
    "tipsom_aliases": "names",
    "tipsom_sex": "code:female,male,intersex,unknown",
    "tipsom_case_type": "code:trafficking,smuggling,both,other_vulnerability",
    "tipsom_role": "code:victim,smuggled_migrant,returnee,perpetrator,witness,family_member",
    "tipsom_opened_on": "past_date",
    "tipsom_birth_year": "year",
    "tipsom_age_is_estimated": "flag",
    "tipsom_anonymous": "flag",
}

# Spellings of the published toolkit and of common exports -> HTCDS field.
ALIASES = {
    "prs_first_name": "prs_FirstName",
    "prs_second_name": "prs_SecondName",
    "prs_middle_name": "prs_MiddleName",
    "vic_methods_of_control": "vic_MethodsOfControl",
    "vic_traffickinstatusdecisionmakingorg": "vic_TraffickingStatusDecisionMakingOrg",
}
MAX_TEXT, MAX_LONG = 200, 10_000
_WORDS = re.compile(r"[^a-z0-9]+")


@lru_cache(maxsize=1)
def fields() -> dict[str, Field]:
    """Every field a record may carry, by name."""
    found: dict[str, Field] = {}
    for name in CODE_FIELDS:
        found[name] = Field(name, "code", tuple(htcds.code_list(name)))
    for name in MULTI_CODE_FIELDS:
        found[name] = Field(name, "codes", tuple(htcds.code_list(name)))
    for name, kind in {**OTHER_FIELDS, **EXTENSION_FIELDS}.items():
        if kind.startswith("code:"):
            found[name] = Field(name, "code", tuple(kind[5:].split(",")))
        else:
            limit = MAX_LONG if kind == "long" else MAX_TEXT
            found[name] = Field(name, kind, max_length=limit)
    return found


@lru_cache(maxsize=1)
def _by_key() -> dict[str, str]:
    keys = {name.lower(): name for name in fields()}
    keys.update(ALIASES)
    return keys


def field_for(header: str) -> str | None:
    """The record field a column holds, or None if it holds none of ours."""
    key = header.strip().lower()
    for candidate in (key, key.rsplit("/", 1)[-1], key.rsplit("-", 1)[-1]):
        if candidate in _by_key():
            return _by_key()[candidate]
    return None


def _squash(text: str) -> str:
    return _WORDS.sub("", text.lower())


@lru_cache(maxsize=64)
def _code_index(codes: tuple[str, ...]) -> dict[str, str]:
    """Lookup of a code list tolerant of case, spaces and punctuation ('DebtBondage ',
    'debt bondage', 'Debt-Bondage' -> 'DebtBondage')."""
    return {_squash(code): code for code in codes}


def _country(value: str) -> str | None:
    value = value.strip()
    found = None
    if len(value) == 2:
        found = pycountry.countries.get(alpha_2=value.upper())
    elif len(value) == 3:
        found = pycountry.countries.get(alpha_3=value.upper())
    return found.alpha_2 if found else None


def _language(value: str) -> str | None:
    value = value.strip().lower()
    found = None
    if len(value) == 2:
        found = pycountry.languages.get(alpha_2=value)
    elif len(value) == 3:
        found = pycountry.languages.get(alpha_3=value) or pycountry.languages.get(
            bibliographic=value
        )
    if found is None:
        return None
    return getattr(found, "alpha_2", None) or found.alpha_3


def _date(value: str) -> date | None:
    text = value.strip()[:10]
    try:
        return date.fromisoformat(text) if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text) else None
    except ValueError:
        return None


class RecordChecker:
    """Maps one format's columns onto record fields and checks each value.

    ``split`` cuts a multi-select cell into codes (';' in HTCDS files, ' ' in Kobo's);
    ``today`` bounds dates that cannot be in the future; ``phone_region`` reads numbers
    written without a country code.
    """

    def __init__(
        self,
        headers: Iterable[str],
        *,
        split: Callable[[str], list[str]] = lambda text: text.split(";"),
        today: date | None = None,
        phone_region: str = "PK",
    ) -> None:
        self.columns: dict[str, str] = {}
        self.ignored: list[str] = []
        self.add_headers(headers)
        self.split = split
        self.today = today or date.today()
        self.phone_region = phone_region
        self._fields = fields()

    def add_headers(self, headers: Iterable[str]) -> None:
        """Take more columns (a JSON record may carry keys the first one had not)."""
        for header in headers:
            if header in self.columns or header in self.ignored:
                continue
            field = field_for(header)
            if field is None:
                self.ignored.append(header)
            else:
                self.columns[header] = field

    def check(self, number: int, values: dict[str, Any], record_id: str) -> Checked:
        checked = Checked(number, record_id, raw=_raw(values))
        for column, name in self.columns.items():
            value = values.get(column, "")
            if value in ("", [], None):
                continue
            try:
                clean = self._clean(self._fields[name], value)
            except _Bad as bad:
                shown = ";".join(value) if isinstance(value, list) else str(value)
                checked.problems.append(Problem(number, column, shown, bad.reason, bad.allowed))
                continue
            if clean not in ("", [], None):
                checked.record[name] = clean
        self._cross_checks(checked)
        return checked

    def _clean(self, field: Field, value: Any) -> Any:
        kind = field.kind
        if kind in ("codes", "countries", "names"):
            items = value if isinstance(value, list) else self.split(str(value))
            items = [i.strip() for i in items if i.strip()]
            single = {"codes": "code", "countries": "country", "names": "name"}[kind]
            clean = [
                self._clean(Field(field.name, single, field.codes, field.max_length), i)
                for i in items
            ]
            return list(dict.fromkeys(clean))
        if isinstance(value, list):
            raise _Bad("give one value, not a list")
        text = str(value).strip()
        if kind == "code":
            code = _code_index(field.codes).get(_squash(text))
            if code is None:
                raise _Bad("not a code of this list", ", ".join(field.codes))
            return code
        if kind in ("text", "long", "name"):
            limit = field.max_length or MAX_TEXT
            if len(text) > limit:
                raise _Bad(f"longer than {limit} characters")
            return text
        if kind in ("date", "past_date"):
            day = _date(text)
            if day is None:
                raise _Bad("not a date", "YYYY-MM-DD, e.g. 2024-03-31")
            if kind == "past_date" and day > self.today:
                raise _Bad(f"in the future (today is {self.today.isoformat()})")
            if day.year < 1900:
                raise _Bad("before 1900")
            return day
        if kind == "year":
            if not re.fullmatch(r"\d{4}", text) or not 1900 <= int(text) <= self.today.year:
                raise _Bad("not a plausible year", f"1900 to {self.today.year}")
            return int(text)
        if kind == "number":
            if not re.fullmatch(r"\d{1,3}", text):
                raise _Bad("not a whole number", "0 to 999")
            return int(text)
        if kind == "flag":
            lowered = text.lower()
            if lowered in ("1", "true", "yes", "y", "consent", "given"):
                return True
            if lowered in ("0", "false", "no", "n"):
                return False
            raise _Bad("not a yes/no value", "1, 0, true, false, yes, no")
        if kind == "country":
            code = _country(text)
            if code is None:
                raise _Bad("not a country code", "ISO 3166 codes, e.g. PK, PAK, AF")
            return code
        if kind == "language":
            code = _language(text)
            if code is None:
                raise _Bad("not a language code", "ISO 639 codes, e.g. ur, urd, ps, en")
            return code
        if kind == "phone":
            try:
                number = phonenumbers.parse(text, self.phone_region)
            except phonenumbers.NumberParseException:
                number = None
            if number is None or not phonenumbers.is_valid_number(number):
                raise _Bad("not a valid phone number", "E.164, e.g. +923001234567")
            return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
        raise AssertionError(f"unknown field kind {kind}")

    def _cross_checks(self, checked: Checked) -> None:
        record, columns = checked.record, {f: c for c, f in self.columns.items()}

        def problem(field: str, reason: str) -> None:
            value = record.pop(field, "")
            shown = value.isoformat() if isinstance(value, date) else str(value)
            checked.problems.append(Problem(checked.row, columns[field], shown, reason))

        anonymous = record.get("tipsom_anonymous") is True
        if not anonymous and not (record.get("prs_FirstName") or record.get("prs_SecondName")):
            checked.problems.append(
                Problem(
                    checked.row,
                    columns.get("prs_FirstName", "prs_FirstName"),
                    "",
                    "a first or second name is required (or mark the record anonymous)",
                )
            )
        birth = record.get("prs_Birthdate")
        if isinstance(birth, date):
            for later in ("tipsom_opened_on", "hte_Date"):
                when = record.get(later)
                if isinstance(when, date) and when < birth:
                    problem(later, f"before the birth date {birth.isoformat()}")
            age = record.get("vic_AgeWhenTrafficked")
            years = (self.today - birth).days // 365
            if isinstance(age, int) and age > years:
                problem("vic_AgeWhenTrafficked", f"older than the person is today ({years})")
        start, end = record.get("tipsom_opened_on"), record.get("spl_ActualEndDate")
        if isinstance(start, date) and isinstance(end, date) and end < start:
            problem("spl_ActualEndDate", f"before the case was opened ({start.isoformat()})")
        needs = {
            "vic_TraffickingStatus": "vic_TraffickingStatusDecisionMakingOrg",
            "hte_Type": "hte_Country",
        }
        for given, needed in needs.items():
            if given in record and needed not in record:
                checked.problems.append(
                    Problem(checked.row, columns.get(needed, needed), "", f"required with {given}")
                )
        for part, key in (("hte_", "hte_Type"), ("spl_", "spl_Type")):
            if key not in record and any(f.startswith(part) for f in record):
                checked.problems.append(
                    Problem(
                        checked.row,
                        columns.get(key, key),
                        "",
                        f"required with the other {part} fields",
                    )
                )
        if record.get("cas_Status") in ("Closed", "ClosedReferred") and not record.get(
            "cas_ReasonForCaseClosure"
        ):
            checked.problems.append(
                Problem(
                    checked.row,
                    columns.get("cas_ReasonForCaseClosure", "cas_ReasonForCaseClosure"),
                    "",
                    "a closed case needs its reason for closure",
                )
            )


class _Bad(Exception):
    def __init__(self, reason: str, allowed: str = "") -> None:
        self.reason, self.allowed = reason, allowed


def _raw(values: dict[str, Any]) -> dict[str, str]:
    return {k: ";".join(v) if isinstance(v, list) else str(v) for k, v in values.items()}
