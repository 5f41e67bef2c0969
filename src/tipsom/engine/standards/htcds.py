"""The HTCDS v2.0 field list and code lists (IOM, CC BY 4.0), read from the shipped JSON."""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path
from typing import Any

DATA = Path(__file__).with_name("data") / "htcds_v2_fields.json"


@lru_cache(maxsize=1)
def fields() -> dict[str, dict[str, Any]]:
    """Every HTCDS field by its name (e.g. ``"vic_MethodsOfControl"``)."""
    return {f["field"]: f for f in json.loads(DATA.read_text())["fields"]}


def code_list(field: str) -> list[str]:
    """The published values of a picklist field, as HTCDS spells them."""
    return list(fields()[field]["value_names"])
