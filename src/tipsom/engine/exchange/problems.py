"""What can be wrong with a file or a row, said so a person can fix it."""

from __future__ import annotations

from dataclasses import dataclass, field


class FileProblem(Exception):
    """The file as a whole cannot be read (encoding, format, missing headers)."""


@dataclass(frozen=True)
class Problem:
    """One rejected value: row (1 = the first data row; 0 = the header), column as written
    in the file, the value as given, why, and what would be accepted."""

    row: int
    column: str
    value: str
    reason: str
    allowed: str = ""

    def __str__(self) -> str:
        text = f"row {self.row}, {self.column}"
        if self.value:
            text += f" = {self.value!r}"
        text += f": {self.reason}"
        return text + (f" (allowed: {self.allowed})" if self.allowed else "")


@dataclass
class Checked:
    """A row after mapping and checking: the record (HTCDS field -> clean value), the row's
    source id, and its problems (empty: the row can be committed)."""

    row: int
    record_id: str
    record: dict[str, object] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    raw: dict[str, str] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.problems
