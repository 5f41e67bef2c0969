"""Checks of one value each, shared by the programme's services: dates, amounts, GCM
objectives, sectors and the split of a figure by sex, age group or province. Each adds a
message naming the field, the value and what is allowed to an `Errors`."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal, InvalidOperation
from typing import Any

from tipsom.cases import validation as v
from tipsom.cases.choices import Sex
from tipsom.engine.iati.codes import GCM_OBJECTIVES
from tipsom.programme.choices import AgeGroup, Dimension

Errors = v.Errors
HUNDRED = Decimal(100)


def day(errors: Errors, name: str, value: Any, required: bool = True) -> dt.date | None:
    if value in (None, ""):
        if required:
            errors.add(name, "give the date (YYYY-MM-DD)")
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        errors.add(name, f"'{value}' is not a date; write it as YYYY-MM-DD")
        return None


def amount(
    errors: Errors, name: str, value: Any, required: bool = True, most: Decimal | None = None
) -> Decimal | None:
    """A number of 0 or more with at most two decimals (money, counts, percentages)."""
    if value in (None, ""):
        if required:
            errors.add(name, "give a number, 0 or more")
        return None
    if isinstance(value, (bool, float)):
        value = str(value)
    try:
        number = Decimal(str(value).replace(",", "").strip())
    except (InvalidOperation, ValueError):
        errors.add(name, f"'{value}' is not a number; write it as 1250 or 1250.50")
        return None
    if not number.is_finite() or number < 0:
        errors.add(name, f"{value} is not allowed: give a number, 0 or more")
        return None
    if number != number.quantize(Decimal("0.01")):
        errors.add(name, f"{value} has more than two decimals")
        return None
    if most is not None and number > most:
        errors.add(name, f"{number} is above the most allowed ({most})")
        return None
    return number


def objectives(errors: Errors, name: str, value: Any) -> list[int]:
    """GCM objectives: a list of numbers 1 to 23 (or a comma-separated text)."""
    if isinstance(value, str):
        value = [p.strip() for p in value.split(",") if p.strip()]
    found: list[int] = []
    for item in value or []:
        try:
            number = int(item)
        except (TypeError, ValueError):
            number = 0
        if number not in GCM_OBJECTIVES:
            errors.add(name, f"'{item}' is not a GCM objective; allowed: 1 to 23")
        elif number not in found:
            found.append(number)
    if not found and name not in errors.errors:
        errors.add(name, "name at least one GCM objective (1 to 23), e.g. 9, 10")
    return sorted(found)


def sectors(errors: Errors, name: str, value: Any) -> list[dict[str, Any]]:
    """DAC 5-digit purpose codes with their shares of the budget, adding up to 100."""
    rows = value or [{"code": "15190", "percentage": 100}]
    found: list[dict[str, Any]] = []
    for row in rows:
        code = str(row.get("code", "")) if isinstance(row, dict) else ""
        share = amount(errors, name, row.get("percentage") if isinstance(row, dict) else None)
        if not re.fullmatch(r"\d{5}", code):
            errors.add(name, f"'{code}' is not a DAC 5-digit purpose code (e.g. 15190)")
        elif share is not None:
            found.append({"code": code, "percentage": int(share) if share % 1 == 0 else str(share)})
    if found and len(found) == len(rows):
        total = sum(Decimal(str(r["percentage"])) for r in found)
        if total != HUNDRED:
            errors.add(name, f"the sectors' shares add up to {total}; they must add up to 100")
    return found


def split(
    errors: Errors, sex: str, age_group: str, province: str, allowed: list[str]
) -> tuple[str, str, str]:
    """The category of a disaggregated figure: at most one dimension, one the indicator is
    disaggregated by (``allowed``), with a value from its list."""
    given = {"sex": sex or "", "age_group": age_group or "", "province": province or ""}
    named = [d for d, value in given.items() if value]
    if len(named) > 1:
        errors.add(
            named[1],
            f"a figure is split by one dimension at a time; this one names {', '.join(named)}",
        )
        return "", "", ""
    for dimension in named:
        if dimension not in allowed:
            labels = ", ".join(allowed) or "none: give the total only"
            errors.add(
                dimension,
                f"this indicator is not disaggregated by {dimension}; it is by: {labels}",
            )
    if given["sex"]:
        v.one_of(errors, "sex", given["sex"], Sex)
    if given["age_group"]:
        v.one_of(errors, "age_group", given["age_group"], AgeGroup)
    if given["province"]:
        given["province"] = v.subdivision(errors, "province", given["province"], "PK")
    return given["sex"], given["age_group"], given["province"]


def dimensions(errors: Errors, name: str, value: Any, offered: tuple[str, ...]) -> list[str]:
    chosen = list(dict.fromkeys(value or []))
    bad = [d for d in chosen if d not in offered]
    if bad:
        errors.add(
            name,
            f"{', '.join(map(repr, bad))} not allowed; allowed: {', '.join(offered) or 'none'}",
        )
    return [d for d in chosen if d in offered]


ALL_DIMENSIONS = tuple(Dimension.values)
