"""The two errors of this package: a programme our checks refuse, a document the schema
refuses. Both are `ValueError`s that carry every problem found, not just the first."""

from __future__ import annotations


class InvalidProgramme(ValueError):
    """The programme breaks rules of the IATI standard the XML Schema cannot check (code
    values, percentages, dates in order). ``problems`` lists each one as
    ``"<place in the document>: <what is wrong and what is allowed>"``, e.g.
    ``"transaction[3]/transaction-type/@code: '0' is not a TransactionType code; ..."``."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = tuple(problems)
        count = f"{len(problems)} problem{'s' if len(problems) != 1 else ''}"
        super().__init__(
            f"The programme cannot be published in IATI ({count}):\n"
            + "\n".join(f"- {p}" for p in problems)
        )


class InvalidDocument(ValueError):
    """The document is not a valid IATI 2.03 activity file. ``errors`` are the schema's
    messages, each starting with its line number (``"line 12: ..."``)."""

    def __init__(self, errors: list[str]) -> None:
        self.errors = tuple(errors)
        super().__init__(
            "The document is not valid IATI 2.03:\n" + "\n".join(f"- {e}" for e in errors)
        )
