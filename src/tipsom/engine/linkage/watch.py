"""Tolerant matching of a person against a watchlist of wanted persons (names, aliases,
documents), with the same name rules as linkage (`prepare`): spelling variants, particles,
Urdu script and swapped name order all compare alike. Pure Python: a watchlist is short (the
FIA's most-wanted book lists hundreds), so each new person is checked against all of it."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from tipsom.engine.linkage import prepare

# A hit needs at least this many points (see `compare`): the same document, or both names
# alike at least by sound, and no birth year against it. An investigator reviews every hit,
# so a namesake now and then is the price of not missing a respelt wanted person.
HIT = 2


@dataclass(frozen=True)
class Hit:
    entry: Any  # the watchlist entry's key
    points: int
    reasons: tuple[str, ...]


def _names(record: Mapping[str, Any]) -> list[dict[str, Any]]:
    """The record's name and each alias, as linkage columns."""
    spellings = [record]
    for alias in record.get("aliases") or []:
        spellings.append({**record, "first_name": alias, "family_name": ""})
    return [prepare.row({**s, "unique_id": "x"}) for s in spellings]


def compare(person: Mapping[str, Any], wanted: Mapping[str, Any]) -> tuple[int, list[str]]:
    """Points and reasons for ``person`` being ``wanted`` (each a record as `prepare.row`
    takes, with ``aliases`` a list of names)."""
    points, reasons = 0, []
    mine, theirs = (
        prepare.row({**person, "unique_id": "p"}),
        prepare.row({**wanted, "unique_id": "w"}),
    )
    if mine["document"] and mine["document"] == theirs["document"]:
        points += 5
        reasons.append("same document number")
    best, why = 0, ""
    for a in _names(person):
        for b in _names(wanted):
            if a["name_key"] and a["name_key"] == b["name_key"]:
                score, text = 3, "same name (in any order)"
            elif (
                a["given_phonetic"]
                and (
                    (a["given_phonetic"], a["family_phonetic"])
                    == (b["given_phonetic"], b["family_phonetic"])
                    or (a["given_phonetic"], a["family_phonetic"])
                    == (b["family_phonetic"], b["given_phonetic"])
                )
                and a["family_phonetic"]
            ):
                score, text = 2, "names alike by sound"
            elif (
                a["given_phonetic"]
                and a["given_phonetic"] == b["given_phonetic"]
                and not (a["family_phonetic"] and b["family_phonetic"])
            ):
                score, text = 1, "first name alike by sound"
            else:
                continue
            if score > best:
                best, why = score, text
    if best:
        points += best
        reasons.append(why)
    if best and mine["father_phonetic"] and mine["father_phonetic"] == theirs["father_phonetic"]:
        points += 1
        reasons.append("father's name alike")
    if best and mine["birth_year"] and theirs["birth_year"]:
        if abs(mine["birth_year"] - theirs["birth_year"]) <= 2:
            points += 1
            reasons.append("born within two years")
        else:
            points -= 2
            reasons.append("born more than two years apart")
    return points, reasons


def hits(
    person: Mapping[str, Any], watchlist: Iterable[tuple[Any, Mapping[str, Any]]]
) -> list[Hit]:
    """The entries ``person`` may be, best first."""
    found = []
    for key, wanted in watchlist:
        points, reasons = compare(person, wanted)
        if points >= HIT:
            found.append(Hit(key, points, tuple(reasons)))
    return sorted(found, key=lambda h: -h.points)
