"""`Problems`: the problems found in a programme, and the checks of one value each (a code,
a date, an amount, a text, an identifier, a set of percentages) that add to them. Every
problem is recorded as ``"<place in the document>: <what is wrong and what is allowed>"``.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from decimal import Decimal

from tipsom.engine.iati.codes import Code, OrganisationType
from tipsom.engine.iati.model import Organisation, Text

LANGUAGE = re.compile(r"[a-z]{2,3}")  # ISO 639-1 (two letters; three for 639-3 languages)
COUNTRY = re.compile(r"[A-Z]{2}")  # ISO 3166-1 alpha-2
CURRENCY = re.compile(r"[A-Z]{3}")  # ISO 4217
# IATI identifiers must not hold spaces or the characters / & | ? (they appear in URLs).
IDENTIFIER = re.compile(r"[^\s/&|?]+")
HUNDRED = Decimal(100)


class Problems:
    """The problems found so far, each prefixed with where it is."""

    def __init__(self) -> None:
        self.found: list[str] = []

    def add(self, where: str, message: str) -> None:
        self.found.append(f"{where}: {message}")

    def code(self, where: str, value: object, codes: type[Code]) -> bool:
        if codes.has(value):
            return True
        self.add(where, f"{value!r} is not a {codes.__name__} code; allowed: {codes.allowed()}")
        return False

    def text(self, where: str, value: object, required: bool = True) -> None:
        if value is None:
            if required:
                self.add(where, "is required (at least one narrative)")
            return
        if not isinstance(value, Text):
            self.add(where, f"must be a Text (make one with text(...)), not {type(value).__name__}")
            return
        if not value.narratives:
            self.add(where, "needs at least one narrative")
        languages = [n.lang for n in value.narratives]
        for n in value.narratives:
            if not isinstance(n.text, str) or not n.text.strip():
                self.add(f"{where}/narrative[@xml:lang='{n.lang}']", "is empty")
            if not isinstance(n.lang, str) or not LANGUAGE.fullmatch(n.lang):
                self.add(f"{where}/narrative/@xml:lang", f"{n.lang!r} is not an ISO 639-1 code")
        if len(set(languages)) < len(languages):
            self.add(where, f"has two narratives in one language ({', '.join(languages)})")

    def date(self, where: str, value: object, today: dt.date | None = None) -> bool:
        if value is None:
            self.add(where, "is required")
            return False
        if not isinstance(value, dt.date) or isinstance(value, dt.datetime):
            self.add(where, f"must be a date (datetime.date), not {type(value).__name__}")
            return False
        if today is not None and value > today:
            self.add(where, f"{value.isoformat()} is in the future: actual dates must have passed")
            return False
        return True

    def after(self, where: str, start: object, end: object, what: str = "start") -> None:
        if isinstance(start, dt.date) and isinstance(end, dt.date) and end <= start:
            self.add(where, f"{end.isoformat()} must be after the {what} ({start.isoformat()})")

    def amount(self, where: str, value: object) -> None:
        if isinstance(value, bool) or not isinstance(value, int | Decimal):
            hint = " (a float is not exact: use Decimal)" if isinstance(value, float) else ""
            self.add(where, f"must be a Decimal or an int, not {type(value).__name__}{hint}")
        elif isinstance(value, Decimal) and not value.is_finite():
            self.add(where, f"must be a finite number, not {value}")

    def identifier(self, where: str, value: object, required: bool = True) -> None:
        if value is None or value == "":
            if required:
                self.add(where, "is required")
        elif not isinstance(value, str) or not IDENTIFIER.fullmatch(value):
            self.add(where, f"{value!r} must be one word without spaces or / & | ?")

    def pattern(self, where: str, value: object, regex: re.Pattern[str], what: str) -> None:
        if not isinstance(value, str) or not regex.fullmatch(value):
            self.add(where, f"{value!r} is not {what}")

    def uri(self, where: str, value: str | None, why: str) -> None:
        if not value:
            self.add(where, f"is required {why}")
        elif not value.startswith(("https://", "http://")):
            self.add(where, f"{value!r} must be a web address (http:// or https://)")

    def organisation(self, where: str, org: object, ref_required: bool = False) -> None:
        if not isinstance(org, Organisation):
            self.add(where, f"must be an Organisation, not {type(org).__name__}")
            return
        self.identifier(f"{where}/@ref", org.ref, required=ref_required)
        if org.type is not None or ref_required:
            self.code(f"{where}/@type", org.type, OrganisationType)
        self.text(where, org.name)

    def shares(self, where: str, items: Sequence[object], percentages: list[object]) -> None:
        """Percentages of items sharing one vocabulary: each 0–100, all given when there are
        several, adding up to 100."""
        given = [p for p in percentages if p is not None]
        for p in given:
            self.amount(f"{where}/@percentage", p)
        numbers = [Decimal(p) for p in given if isinstance(p, int | Decimal)]
        if any(not 0 <= p <= HUNDRED for p in numbers if p.is_finite()):
            self.add(f"{where}/@percentage", "must lie between 0 and 100")
        if len(items) > 1 and len(given) < len(items):
            self.add(
                f"{where}/@percentage",
                f"must be given for each of the {len(items)} (several share the total)",
            )
        elif given and len(numbers) == len(given) and sum(numbers) != HUNDRED:
            listed = " + ".join(f"{p:f}" for p in numbers)
            self.add(f"{where}/@percentage", f"{listed} = {sum(numbers):f}; they must add to 100")
