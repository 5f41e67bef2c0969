"""Checks every network service shares: dates, tags, organisations of the network."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from tipsom.cases import validation as v
from tipsom.core.models import Organisation
from tipsom.network import choices as c
from tipsom.network import codes


def parse_date(errors: v.Errors, name: str, value: Any, required: bool = True) -> date | None:
    if value in (None, ""):
        if required:
            errors.add(name, "give the date (YYYY-MM-DD)")
        return None
    if isinstance(value, datetime):
        return timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value).strip())
    except ValueError:
        errors.add(name, f"'{value}' is not a date; write it as YYYY-MM-DD")
        return None


def parse_moment(errors: v.Errors, name: str, value: Any, required: bool = True) -> datetime | None:
    """A date and time; without a time zone it is read in the site's (TIPSOM_TIME_ZONE)."""
    if value in (None, ""):
        if required:
            errors.add(name, "give the date and time (YYYY-MM-DDTHH:MM)")
        return None
    found = value if isinstance(value, datetime) else None
    if found is None:
        try:
            found = parse_datetime(str(value).strip())
        except ValueError:
            found = None
    if found is None:
        errors.add(name, f"'{value}' is not a date and time; write it as YYYY-MM-DDTHH:MM")
        return None
    return found if timezone.is_aware(found) else timezone.make_aware(found)


def clean_tags(errors: v.Errors, data: Mapping[str, Any]) -> dict[str, Any]:
    """The GCM objectives and SDG targets given in ``data`` (only those given)."""
    tags: dict[str, Any] = {}
    if "gcm_objectives" in data:
        tags["gcm_objectives"] = codes.clean_gcm(data["gcm_objectives"], errors)
    if "sdg_targets" in data:
        tags["sdg_targets"] = codes.clean_sdg(data["sdg_targets"], errors)
    return tags


def stripped(data: Mapping[str, Any], name: str) -> str:
    return str(data.get(name) or "").strip()


def unknown(data: Mapping[str, Any], allowed: list[str]) -> None:
    unknown = sorted(set(data) - set(allowed))
    if unknown:
        raise ValidationError(
            {n: f"'{n}' cannot be set here; allowed: {', '.join(allowed)}" for n in unknown}
        )


def participates(organisation: Organisation | None) -> bool:
    return organisation is not None and organisation.network_status in c.PARTICIPANT_STATUSES


def participant(errors: v.Errors, name: str, organisation: Any, what: str) -> None:
    if not isinstance(organisation, Organisation):
        errors.add(name, f"give the {what}: a member or observer organisation of the network")
    elif not participates(organisation):
        errors.add(
            name,
            f"{organisation} is not in the network (it is "
            f"{organisation.get_network_status_display()}); the {what} must be a member or "
            "an observer",
        )
