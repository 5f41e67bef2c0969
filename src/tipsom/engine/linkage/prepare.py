"""Person records -> the columns the linkage model compares."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any

import pandas as pd

from tipsom.engine.standards import names

COLUMNS = [
    "unique_id",
    "source",
    "given",  # canonical parts of the first name, joined by spaces
    "given_first",  # the first part that is not a common honorific (Muhammad, Syed, ...)
    "given_phonetic",
    "family",
    "family_phonetic",
    "father",
    "father_phonetic",
    "name_key",  # every canonical part of the whole name, sorted: order-free equality
    "birth_date",
    "birth_year",
    "document",
    "phone",
    "district",
    "address",
    "postcode",
    "sex",
]


def _parts(text: str) -> list[str]:
    return names.name_parts(text or "")


def _first_strong(parts: list[str]) -> str:
    strong = [p for p in parts if p not in names.WEAK_PARTS]
    return (strong or parts or [""])[0]


def _digits(text: str) -> str:
    return re.sub(r"\D", "", text or "")


def row(record: Mapping[str, Any]) -> dict[str, Any]:
    """One person record (first_name, family_name, father_name, birth_date 'YYYY-MM-DD',
    birth_year, document, phone, district, address, postcode, sex; any may be missing) as
    comparison columns."""
    given, family, father = (
        _parts(record.get(k, "")) for k in ("first_name", "family_name", "father_name")
    )
    first = _first_strong(given)
    family_key = " ".join(family)
    birth = str(record.get("birth_date") or "")[:10]
    year = record.get("birth_year") or (int(birth[:4]) if birth[:4].isdigit() else None)
    return {
        "unique_id": str(record["unique_id"]),
        "source": str(record.get("source", "")),
        "given": " ".join(given) or None,
        "given_first": first or None,
        "given_phonetic": names.phonetic_key(first) if first else None,
        "family": family_key or None,
        "family_phonetic": names.phonetic_key(_first_strong(family)) if family else None,
        "father": " ".join(father) or None,
        "father_phonetic": names.phonetic_key(_first_strong(father)) if father else None,
        "name_key": " ".join(sorted(given + family)) or None,
        "birth_date": birth or None,
        "birth_year": int(year) if year else None,
        "document": _digits(record.get("document", "")) or (record.get("document") or None),
        "phone": _digits(record.get("phone", "")) or None,
        "district": (record.get("district") or "").strip().lower() or None,
        "address": " ".join(str(record.get("address") or "").lower().split()) or None,
        "postcode": str(record.get("postcode") or "").strip() or None,
        "sex": (record.get("sex") or "").strip().lower() or None,
    }


def frame(records: Iterable[Mapping[str, Any]]) -> pd.DataFrame:
    return pd.DataFrame([row(r) for r in records], columns=COLUMNS)


def with_block_columns(frame: pd.DataFrame, rare: int | None = None) -> pd.DataFrame:
    """``frame`` with the columns that depend on all records, not one: ``name_rare``, the
    first and family name keys of records whose pair of keys at most ``rare`` records share
    (`model.RARE_NAME`), empty for common names."""
    from tipsom.engine.linkage.model import RARE_NAME

    limit = RARE_NAME if rare is None else rare
    frame = frame.copy()
    present = frame.given_phonetic.notna() & frame.family_phonetic.notna()
    combined = frame.given_phonetic.astype(str) + "|" + frame.family_phonetic.astype(str)
    shared = combined.map(combined[present].value_counts())
    frame["name_rare"] = combined.where(present & (shared <= limit), None)
    return frame
