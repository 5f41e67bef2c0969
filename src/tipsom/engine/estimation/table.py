"""Capture histories: how many persons each combination of lists holds, and the checks that
refuse a table too thin to estimate from."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from itertools import product
from numbers import Integral

from tipsom.engine.estimation.errors import EstimationRefused

History = tuple[int, ...]  # one 0/1 per list, in the order of the table's lists

MIN_LISTS = 3  # with two lists the dependence between them cannot be modelled at all
MIN_PERSONS = 10  # below this every model is a guess, whatever its interval says


def histories(k: int) -> list[History]:
    """Every capture history a person can be seen with on ``k`` lists (all but all-zero)."""
    return [h for h in product((0, 1), repeat=k) if any(h)]


def key(history: History) -> str:
    return "".join(str(bit) for bit in history)


@dataclass(frozen=True)
class CaptureTable:
    """Counts of persons by capture history, for every observable history (zeros included)."""

    lists: tuple[str, ...]
    cells: tuple[tuple[History, int], ...]  # in the order of `histories(len(lists))`

    @property
    def k(self) -> int:
        return len(self.lists)

    @property
    def observed(self) -> int:
        return sum(count for _, count in self.cells)

    def counts(self) -> list[int]:
        return [count for _, count in self.cells]

    def as_dict(self) -> dict[str, int]:
        """Counts keyed by history string ("110": on the first two lists only)."""
        return {key(h): count for h, count in self.cells}

    def list_size(self, i: int) -> int:
        return sum(count for h, count in self.cells if h[i])

    def overlap(self, i: int, j: int) -> int:
        """Persons on both list ``i`` and list ``j`` (and perhaps others)."""
        return sum(count for h, count in self.cells if h[i] and h[j])

    def on_several(self) -> int:
        return sum(count for h, count in self.cells if sum(h) > 1)


def _history(raw: str | Sequence[int], k: int) -> History:
    bits = tuple(int(c) for c in raw.strip()) if isinstance(raw, str) else tuple(raw)
    if len(bits) != k or any(b not in (0, 1) for b in bits):
        raise EstimationRefused(
            "invalid_input",
            f"Capture history {raw!r} must have one 0 or 1 for each of the {k} lists.",
        )
    if not any(bits):
        raise EstimationRefused(
            "invalid_input",
            f"Capture history {raw!r} is on no list: nobody can be counted there; "
            "that cell is what the estimate is for.",
        )
    return bits


def _count(raw: object, history: str) -> int:
    if isinstance(raw, float) and raw.is_integer():
        raw = int(raw)
    if isinstance(raw, bool) or not isinstance(raw, Integral) or raw < 0:
        raise EstimationRefused(
            "invalid_input",
            f"The count for capture history {history} must be a whole number of persons "
            f"(0 or more), not {raw!r}.",
        )
    return int(raw)


def from_counts(
    counts: Mapping[str, int] | Mapping[tuple[int, ...], int], lists: Sequence[str]
) -> CaptureTable:
    """A table from counts keyed by capture history: strings such as ``"110"`` or tuples such
    as ``(1, 1, 0)``, one digit per list in the order of ``lists``. Histories not given
    count zero."""
    names = _names(lists)
    table: dict[History, int] = {}
    for raw, raw_count in counts.items():
        history = _history(raw, len(names))
        if history in table:
            raise EstimationRefused(
                "invalid_input", f"Capture history {key(history)} is given more than once."
            )
        table[history] = _count(raw_count, key(history))
    return CaptureTable(names, tuple((h, table.get(h, 0)) for h in histories(len(names))))


def from_registers(
    registers: Iterable[tuple[Hashable, str]], lists: Sequence[str] | None = None
) -> CaptureTable:
    """A table from (person, list) pairs: one pair for each register a (linked) person is on.
    A person named twice on one list counts once. ``lists`` fixes the lists and their order
    (and lets an empty list be noticed); without it the lists are those named, sorted."""
    on: dict[Hashable, set[str]] = defaultdict(set)
    for person, name in registers:
        on[person].add(str(name))
    named = sorted({name for seen in on.values() for name in seen})
    names = _names(lists if lists is not None else named)
    unknown = sorted(set(named) - set(names))
    if unknown:
        raise EstimationRefused(
            "invalid_input",
            f"Registers name list(s) {', '.join(unknown)}, which are not among the lists "
            f"given ({', '.join(names)}).",
        )
    table: dict[History, int] = defaultdict(int)
    for seen in on.values():
        table[tuple(int(name in seen) for name in names)] += 1
    return CaptureTable(names, tuple((h, table.get(h, 0)) for h in histories(len(names))))


def _names(lists: Sequence[str]) -> tuple[str, ...]:
    names = tuple(str(name) for name in lists)
    if len(set(names)) != len(names):
        raise EstimationRefused("invalid_input", f"List names repeat: {', '.join(names)}.")
    return names


def check(table: CaptureTable) -> None:
    """Refuse (raise `EstimationRefused`) a table that cannot carry an estimate."""
    if table.k < MIN_LISTS:
        raise EstimationRefused(
            "too_few_lists",
            f"Multiple systems estimation needs at least {MIN_LISTS} lists; "
            f"{table.k} given ({', '.join(table.lists) or 'none'}). With two lists the "
            "dependence between them cannot be modelled.",
        )
    empty = [name for i, name in enumerate(table.lists) if table.list_size(i) == 0]
    if empty:
        raise EstimationRefused(
            "empty_list",
            f"List(s) {', '.join(empty)} hold no persons; leave them out or wait for data.",
        )
    if table.observed < MIN_PERSONS:
        raise EstimationRefused(
            "too_few_persons",
            f"Only {table.observed} persons are on the lists; at least {MIN_PERSONS} are "
            "needed for an estimate.",
        )
    if table.on_several() == 0:
        raise EstimationRefused(
            "no_overlap",
            "No person is on more than one list, so the lists say nothing about how many "
            "are on none; check that the records were linked across organisations.",
        )


def isolated(table: CaptureTable) -> list[str]:
    """Lists sharing no person with any other list."""
    return [
        name
        for i, name in enumerate(table.lists)
        if all(table.overlap(i, j) == 0 for j in range(table.k) if j != i)
    ]
