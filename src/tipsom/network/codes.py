"""The two code lists every network item can be tagged with.

GCM objectives: the 23 objectives of the Global Compact for Safe, Orderly and Regular
Migration (A/RES/73/195, paragraph 16), by number, with short titles for lists and tags; the
full titles are those of `tipsom.engine.iati.codes.GCM_OBJECTIVES`. SDG targets: written
``goal.target`` as the UN Statistical Commission numbers them ("16.2", "10.c"); any code of
that shape is accepted, and the targets the network works towards most are named.
"""

from __future__ import annotations

import re
from typing import Any

from django.utils.translation import gettext_lazy as _

from tipsom.engine.iati.codes import GCM_OBJECTIVES as GCM_FULL_TITLES

GCM_OBJECTIVES: dict[int, Any] = {
    1: _("Accurate and disaggregated data"),
    2: _("Minimize adverse drivers of migration"),
    3: _("Accurate and timely information"),
    4: _("Legal identity and documentation"),
    5: _("Pathways for regular migration"),
    6: _("Fair and ethical recruitment, decent work"),
    7: _("Reduce vulnerabilities in migration"),
    8: _("Save lives; missing migrants"),
    9: _("Counter the smuggling of migrants"),
    10: _("Eradicate trafficking in persons"),
    11: _("Integrated border management"),
    12: _("Screening, assessment and referral"),
    13: _("Alternatives to detention"),
    14: _("Consular protection and assistance"),
    15: _("Access to basic services"),
    16: _("Inclusion and social cohesion"),
    17: _("End discrimination; evidence-based discourse"),
    18: _("Skills development and recognition"),
    19: _("Migrants and diasporas in development"),
    20: _("Remittances and financial inclusion"),
    21: _("Safe return, readmission and reintegration"),
    22: _("Portability of social security"),
    23: _("International cooperation and partnerships"),
}

SDG_TARGETS: dict[str, Any] = {
    "5.2": _("Eliminate violence against women and girls, including trafficking"),
    "5.3": _("Eliminate child, early and forced marriage"),
    "8.7": _("End forced labour, modern slavery, human trafficking and child labour"),
    "8.8": _("Protect labour rights, including of migrant workers"),
    "10.7": _("Orderly, safe, regular and responsible migration"),
    "10.c": _("Reduce the costs of migrant remittances"),
    "16.2": _("End abuse, exploitation, trafficking and violence against children"),
    "16.3": _("Rule of law and equal access to justice"),
    "16.9": _("Legal identity for all"),
    "17.18": _("Timely, reliable and disaggregated data"),
}

# goal 1–17, then a target number (1–19) or a means-of-implementation letter (a–d)
SDG_PATTERN = re.compile(r"^(?:[1-9]|1[0-7])\.(?:[1-9]|1[0-9]|[a-d])$")


def gcm_allowed() -> str:
    """The valid objectives for an error message: ``1–23 (1 Accurate …, 2 …)``."""
    listed = "; ".join(f"{n} {title}" for n, title in GCM_OBJECTIVES.items())
    return f"1–23 ({listed})"


def gcm_label(number: int) -> str:
    return f"GCM {number}: {GCM_OBJECTIVES.get(number, '?')}"


def sdg_label(code: str) -> str:
    title = SDG_TARGETS.get(code)
    return f"SDG {code}: {title}" if title else f"SDG {code}"


def clean_gcm(values: Any, errors: Any, field: str = "gcm_objectives") -> list[int]:
    """A list of GCM objective numbers (ints or digit strings, or one comma-separated
    string); an unknown one is refused, listing the valid 1–23."""
    if values in (None, ""):
        return []
    if isinstance(values, str):
        values = [v for v in re.split(r"[,;\s]+", values) if v]
    if not isinstance(values, list | tuple):
        errors.add(field, "give a list of GCM objective numbers, 1–23")
        return []
    found: list[int] = []
    bad: list[str] = []
    for value in values:
        text = str(value).strip()
        if isinstance(value, bool) or not text.isdigit() or int(text) not in GCM_OBJECTIVES:
            bad.append(repr(value))
        else:
            found.append(int(text))
    if bad:
        errors.add(
            field,
            f"{', '.join(bad)} {_is_not(bad, 'a GCM objective', 'GCM objectives')}; "
            f"valid: {gcm_allowed()}",
        )
    return sorted(set(found))


def clean_sdg(values: Any, errors: Any, field: str = "sdg_targets") -> list[str]:
    """A list of SDG target codes like ``16.2`` (or one comma-separated string)."""
    if values in (None, ""):
        return []
    if isinstance(values, str):
        values = [v for v in re.split(r"[,;\s]+", values) if v]
    if not isinstance(values, list | tuple):
        errors.add(field, "give a list of SDG targets such as 16.2")
        return []
    bad = [repr(v) for v in values if not isinstance(v, str) or not SDG_PATTERN.match(v.strip())]
    if bad:
        named = ", ".join(SDG_TARGETS)
        errors.add(
            field,
            f"{', '.join(bad)} {_is_not(bad, 'an SDG target', 'SDG targets')}"
            f"; write goal.target, the goal 1–17 and the target a number or a letter a–d "
            f"(e.g. {named})",
        )
        return []
    return sorted({v.strip() for v in values}, key=_sdg_order)


def _is_not(bad: list[str], one: str, many: str) -> str:
    return f"is not {one}" if len(bad) == 1 else f"are not {many}"


def _sdg_order(code: str) -> tuple[int, int, str]:
    goal, target = code.split(".")
    return (int(goal), int(target) if target.isdigit() else 100, target)


def full_title(number: int) -> str:
    """The objective's title as the resolution words it (English)."""
    return GCM_FULL_TITLES.get(number, "")
