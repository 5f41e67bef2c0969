"""Small-cell suppression with complementary suppression, checked exactly.

A published table hides every *small* count (primary suppression: below the rule's threshold)
and enough further counts (complementary suppression) that no hidden count can be worked out
from the published counts and totals. Totals are published exactly, unless a total is small
itself; then it is hidden and protected like a cell (the table with its totals is treated as
one (r+1) × (c+1) table: a hidden row total needs a partner among the row totals, and so on).

How cells are chosen. Every line (a row or column with its total, the row totals with the
grand total, ...) holding exactly one hidden value would give it away, so it gets a second:
the smallest count in that line, preferring inner cells to totals and cells that close a
rectangle to cells that open a new row or column. That rule is not enough (hidden cells can
be recovered by adding and subtracting whole rows and columns), so every small count is then
checked: its range is the least and the most it can be over all non-negative tables that
agree with everything published (a reader knows the method, so also that hidden counts are at
least 1 when zeros are never hidden, and what a "<5" label says). A small count that is not
protected gets another partner from its lines, and the check runs again.

The protection rule (`Rule.min_width`, default 1): for every small hidden count, a reader's
range [low, high] is at least ``min_width`` wide, so no small count can be worked out exactly;
and when the labels do not tell small counts from other hidden ones (CTDC), ``high`` also
reaches the threshold, so a reader cannot even tell that the count is small. With "<5" labels
(UNODC) the reader knows that much, but not the count. A hidden partner whose value the
published ones pin down anyway is published at the end: hiding it would protect nothing.

The range is a linear program (min and max of the count subject to the lines' equations and
the bounds). For one-way and two-way tables with their totals its constraints form a network,
so its bounds are whole numbers, exactly those of integer tables, and a maximum flow between
the lines finds them much faster: flows decide, and a linear program (scipy's HiGHS) confirms
every count found unprotected before more is hidden for it. Tables with more dimensions are
protected one or two dimensions at a time (`suppress_table`), each combination of the others
on its own.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from itertools import product
from numbers import Integral
from typing import Any, Literal

from tipsom.engine.indicators.result import TOTAL, Table

Key = tuple[int | None, ...]  # a cell's position in each dimension; None: the total over it
Reason = Literal["primary", "complementary"]


@dataclass(frozen=True)
class Rule:
    """Which counts are small and how hidden ones are shown. Counts from 1 to
    ``threshold - 1`` are small; zero is published (it is usually structural), unless
    ``suppress_zero``. ``small_label`` shows a hidden small count, ``hidden_label`` a
    hidden partner; when they differ, readers learn which hidden counts are small, and the
    check takes that into account. ``min_width``: see the module's protection rule."""

    name: str
    threshold: int
    small_label: str = "suppressed"
    hidden_label: str = "suppressed"
    suppress_zero: bool = False
    min_width: int = 1

    def __post_init__(self) -> None:
        if self.threshold < 1 or self.min_width < 1:
            raise ValueError(f"rule {self.name}: threshold and min_width must be at least 1")
        if self.reveals_small and self.threshold - 1 - self.floor < self.min_width:
            raise ValueError(
                f"rule {self.name}: the label {self.small_label!r} leaves counts from "
                f"{self.floor} to {self.threshold - 1}, which is narrower than min_width "
                f"{self.min_width}: give small counts the same label as other hidden ones"
            )

    @property
    def reveals_small(self) -> bool:
        return self.small_label != self.hidden_label

    @property
    def floor(self) -> int:
        """The least a hidden count can be, as a reader knows: zeros are published unless
        they are suppressed too."""
        return 0 if self.suppress_zero else 1

    def is_small(self, n: int) -> bool:
        return n < self.threshold and (n > 0 or self.suppress_zero)

    def describe(self) -> str:
        small = f"from {self.floor} to {self.threshold - 1}"
        shown = f" (shown as {self.small_label!r})" if self.reveals_small else ""
        return (
            f"{self.name}: counts {small} are hidden{shown}, and further counts so that "
            f"none can be worked out from the published counts and totals."
        )


# CTDC: "no query returns fewer than 10 records" (k = 11): counts 1 to 10 are hidden.
CTDC = Rule("CTDC (k = 11)", threshold=11)
# UNODC: counts 1 to 4 are published as "<5".
UNODC = Rule("UNODC (<5)", threshold=5, small_label="<5")


@dataclass(frozen=True)
class Hidden:
    """A hidden count and why: ``primary`` (small) or ``complementary`` (hides a small one).
    A reader cannot narrow it down beyond ``low`` to ``high`` (None: no upper bound): every
    count between fits what is published. For the publisher: never publish ``value``."""

    key: Key
    name: str
    value: int
    reason: Reason
    why: str
    low: int
    high: int | None


@dataclass(frozen=True)
class Protected:
    """What may be published of a one-way or two-way table: ``values`` holds every cell and
    total (None: hidden), ``hidden`` why each hidden one is. ``small_labels``: small counts
    carry the rule's small label (False when that label would give them away; `notes`)."""

    rule: Rule
    shape: tuple[int, ...]
    values: Mapping[Key, int | None]
    hidden: Mapping[Key, Hidden]
    small_labels: bool
    notes: tuple[str, ...] = ()

    @property
    def cells(self) -> list[Any]:
        """The published inner cells: a list (one-way) or a list of rows (two-way)."""
        if len(self.shape) == 1:
            return [self.values[(i,)] for i in range(self.shape[0])]
        rows, cols = self.shape
        return [[self.values[(i, j)] for j in range(cols)] for i in range(rows)]

    @property
    def total(self) -> int | None:
        return self.values[(None,) * len(self.shape)]

    @property
    def row_totals(self) -> list[int | None]:
        return [self.values[(i, None)] for i in range(self.shape[0])]

    @property
    def column_totals(self) -> list[int | None]:
        return [self.values[(None, j)] for j in range(self.shape[1])]

    def label(self, key: Key) -> str:
        """How the value at ``key`` is shown: the count, or the rule's label."""
        value = self.values[key]
        if value is not None:
            return str(value)
        if self.small_labels and self.hidden[key].reason == "primary":
            return self.rule.small_label
        return self.rule.hidden_label

    def display(self) -> list[list[str]]:
        """The table as published, totals last: one row (one-way), or the rows each with
        its total and then the column totals with the grand total (two-way)."""
        if len(self.shape) == 1:
            return [[self.label((i,)) for i in [*range(self.shape[0]), None]]]
        rows, cols = self.shape
        return [[self.label((i, j)) for j in [*range(cols), None]] for i in [*range(rows), None]]


def suppress_counts(counts: Sequence[int], rule: Rule = CTDC) -> Protected:
    """Protect a one-way table (a list of counts) and its total."""
    for i, n in enumerate(counts):
        _check_count(n, f"count {i}")
    cells: dict[Key, int] = {(i,): int(n) for i, n in enumerate(counts)}
    shape = (len(counts),)
    return _protect(_with_totals(cells, shape), shape, rule, _default_name)


def suppress_crosstab(counts: Sequence[Sequence[int]], rule: Rule = CTDC) -> Protected:
    """Protect a two-way table (rows of counts) with its row, column and grand totals."""
    if not counts or len({len(row) for row in counts}) != 1 or not counts[0]:
        raise ValueError("crosstab: rows must be non-empty and all of the same length")
    cells: dict[Key, int] = {}
    for i, row in enumerate(counts):
        for j, n in enumerate(row):
            _check_count(n, f"row {i}, column {j}")
        cells.update({(i, j): int(n) for j, n in enumerate(row)})
    shape = (len(counts), len(counts[0]))
    return _protect(_with_totals(cells, shape), shape, rule, _default_name)


def _check_count(n: Any, where: str) -> None:
    if not isinstance(n, Integral) or isinstance(n, bool) or n < 0:
        raise ValueError(f"{where}: {n!r} is not a count (a whole number ≥ 0)")


def _default_name(key: Key) -> str:
    if len(key) == 1:
        return "the total" if key[0] is None else f"count {key[0]}"
    i, j = key
    if i is None and j is None:
        return "the grand total"
    if j is None:
        return f"the total of row {i}"
    if i is None:
        return f"the total of column {j}"
    return f"cell ({i}, {j})"


@dataclass(frozen=True)
class _Line:
    """Values bound by one equation: ``margin`` is the sum of ``members``."""

    margin: Key
    members: tuple[Key, ...]

    @property
    def keys(self) -> tuple[Key, ...]:
        return (self.margin, *self.members)


def _lines(shape: tuple[int, ...]) -> list[_Line]:
    """Every line of the table with its totals, along each dimension."""
    out = []
    for axis, size in enumerate(shape):
        others = [[*range(n), None] for a, n in enumerate(shape) if a != axis]
        for fixed in product(*others):
            margin, *members = [(*fixed[:axis], i, *fixed[axis:]) for i in [None, *range(size)]]
            out.append(_Line(margin, tuple(members)))
    return out


def _order(key: Key) -> tuple[int, ...]:
    return tuple(-1 if i is None else i for i in key)


class _Suppressor:
    """The state of one table's suppression: what is hidden, and the reader's ranges."""

    def __init__(self, values: dict[Key, int], shape: tuple[int, ...], rule: Rule) -> None:
        self.values, self.rule = values, rule
        self.lines = _lines(shape)
        self.lines_of: dict[Key, list[_Line]] = {k: [] for k in values}
        for line in self.lines:
            for k in line.keys:
                self.lines_of[k].append(line)
        self.primary = {k for k, v in values.items() if rule.is_small(v)}
        self.hidden: dict[Key, tuple[Reason, str]] = {}
        self.reveal = rule.reveals_small

    def eligible(self, key: Key) -> bool:
        """May be hidden as a partner: not hidden yet, and not a published zero."""
        return key not in self.hidden and (self.values[key] > 0 or self.rule.suppress_zero)

    def rank(self, key: Key, line: _Line | None) -> tuple[Any, ...]:
        """Which partner to prefer (least first): inner cells before totals; cells that do
        not force a total to be hidden; cells closing a rectangle; small counts."""
        forces = opens = 0
        for other in self.lines_of[key]:
            if other is line or any(k in self.hidden for k in other.keys):
                continue
            opens += 1
            if key != other.margin and not any(self.eligible(k) for k in other.members if k != key):
                forces = 1
        return (sum(i is None for i in key), forces, opens, self.values[key], _order(key))

    def pair_lines(self, name: Callable[[Key], str]) -> None:
        """Give every line with exactly one hidden value a second one."""
        while True:
            for line in self.lines:
                alone = [k for k in line.keys if k in self.hidden]
                candidates = [k for k in line.keys if self.eligible(k)]
                if len(alone) == 1 and candidates:
                    pick = min(candidates, key=lambda k: self.rank(k, line))
                    (single,) = alone
                    self.hidden[pick] = (
                        "complementary",
                        f"keeps {name(single)} from being worked out from "
                        + (
                            "the published counts it adds up"
                            if single == line.margin
                            else f"{name(line.margin)} and the published counts beside it"
                        ),
                    )
                    break
            else:
                return

    def bounds(self, key: Key) -> tuple[int, int | None]:
        """What a reader knows of a hidden value before doing any sums."""
        if not self.reveal:
            return self.rule.floor, None
        if key in self.primary:
            return self.rule.floor, self.rule.threshold - 1
        return self.rule.threshold, None  # a hidden partner is never small

    def flow_range(self, key: Key) -> tuple[int, int | None]:
        """The least and most ``key`` can be, by moving counts around cycles of hidden
        values: in y = (-1)^level * x every line sums to 0, so changes of y are a flow
        between the lines they join (each value joins one line of each dimension; a list's
        values join their line and a virtual node). The most y can grow is the most flow
        that can come back from its far end to its near end, and so on: exact for one-way
        and two-way tables, and much faster than `lp_range`."""
        ends: dict[Key, tuple[Any, Any]] = {}
        room: dict[Key, tuple[float, float]] = {}  # how far y can move down and up
        for k in self.hidden:
            lines = self.lines_of[k]
            ends[k] = (id(lines[0]), id(lines[1]) if len(lines) > 1 else None)
            least, most = self.bounds(k)
            moves = (least - self.values[k], math.inf if most is None else most - self.values[k])
            sign = (-1) ** sum(i is None for i in k)
            room[k] = (moves[0], moves[1]) if sign > 0 else (-moves[1], -moves[0])
        near, far = ends[key]
        down, up = room[key]
        edges = {k: e for k, e in ends.items() if k != key}
        grow = _max_flow(edges, room, far, near, up)
        shrink = _max_flow(edges, room, near, far, -down)
        low, high = (-shrink, grow) if (-1) ** sum(i is None for i in key) > 0 else (-grow, shrink)
        value = self.values[key]
        return int(value + low), (None if high == math.inf else int(value + high))

    def lp_range(self, key: Key) -> tuple[int, int | None]:
        """The least and most ``key`` can be, given everything published: exact."""
        import numpy as np
        from scipy.optimize import linprog  # heavy: only when flows find a count unprotected

        hidden = sorted(self.hidden, key=_order)
        index = {k: n for n, k in enumerate(hidden)}
        rows, rhs = [], []
        for line in self.lines:
            if not any(k in index for k in line.keys):
                continue
            row, total = np.zeros(len(hidden)), 0
            for k in line.keys:
                sign = -1 if k == line.margin else 1
                if k in index:
                    row[index[k]] += sign
                else:
                    total -= sign * self.values[k]
            rows.append(row)
            rhs.append(total)
        bounds = [self.bounds(k) for k in hidden]
        found = []
        for sense in (1, -1):
            objective = np.zeros(len(hidden))
            objective[index[key]] = sense
            result = linprog(objective, A_eq=rows, b_eq=rhs, bounds=bounds, method="highs")
            if result.status == 3:  # unbounded: only a maximum can be
                found.append(math.inf)
            elif result.status != 0:
                raise RuntimeError(f"suppression check failed: {result.message}")
            else:
                found.append(sense * result.fun)
        # The constraints are a network: the true bounds are whole numbers.
        low, high = math.ceil(found[0] - 1e-6), found[1]
        return low, (None if high == math.inf else math.floor(high + 1e-6))

    def range(self, key: Key, enough: Callable[[int, int | None], bool]) -> tuple[int, int | None]:
        """The reader's range of ``key``: by flows, confirmed by a linear program when it
        is not ``enough`` (before more is hidden because of it)."""
        quick = self.flow_range(key)
        return quick if enough(*quick) else self.lp_range(key)

    def protected(self, low: int, high: int | None) -> bool:
        """The protection rule for a small count."""
        top = math.inf if high is None else high
        wide = top - low >= self.rule.min_width
        return wide and (self.reveal or top >= self.rule.threshold)

    def partner(self, key: Key) -> Key | None:
        """The best further value to hide for ``key``: from its lines, else from the lines
        of any hidden value, else anywhere."""
        pools = [
            self.lines_of[key],
            [line for k in self.hidden for line in self.lines_of[k]],
            self.lines,
        ]
        for pool in pools:
            options = [(self.rank(k, line), k) for line in pool for k in line.keys]
            options = [(r, k) for r, k in options if self.eligible(k)]
            if options:
                return min(options)[1]
        return None


def _protect(
    values: dict[Key, int],
    shape: tuple[int, ...],
    rule: Rule,
    name: Callable[[Key], str],
) -> Protected:
    """Suppress in a table given by its cells and totals (`_with_totals`)."""
    state = _Suppressor(values, shape, rule)
    for key in state.primary:
        value = values[key]
        state.hidden[key] = ("primary", f"{value} is below {rule.threshold}")
    notes: list[str] = []
    confirmed: dict[Key, tuple[int, int | None]] = {}  # ranges only grow as more is hidden
    while True:
        state.pair_lines(name)
        failing = None
        for key in sorted(state.primary - set(confirmed), key=_order):
            low, high = state.range(key, state.protected)
            if not state.protected(low, high):
                failing = key, low, high
                break
            confirmed[key] = low, high
        if failing is None:
            break
        key, low, high = failing
        pick = state.partner(key)
        if pick is None:
            # Everything that can be hidden is: only the labels still say too much.
            state.reveal = False
            confirmed.clear()
            notes.append(
                f"{rule.small_label!r} would give small counts away here: every hidden "
                f"count is shown as {rule.hidden_label!r}"
            )
            continue
        could = (
            f"it is {low}"
            if low == high
            else f"it is from {low} to {'any number' if high is None else high}"
        )
        state.hidden[pick] = (
            "complementary",
            f"keeps {name(key)} from being worked out from the published counts and "
            f"totals (a reader could tell {could})",
        )
    ranges = dict(confirmed)
    for key in [k for k, (reason, _) in state.hidden.items() if reason == "complementary"]:
        ranges[key] = state.range(key, lambda low, high: low != high)
    for key, (low, high) in ranges.items():
        if low == high:  # a partner that what is published pins down anyway
            del state.hidden[key]
    hidden = {
        key: Hidden(key, name(key), values[key], reason, why, *ranges[key])
        for key, (reason, why) in sorted(state.hidden.items(), key=lambda kv: _order(kv[0]))
    }
    published = {k: (None if k in hidden else v) for k, v in values.items()}
    return Protected(rule, shape, published, hidden, state.reveal, tuple(notes))


def _max_flow(
    edges: Mapping[Key, tuple[Any, Any]],
    room: Mapping[Key, tuple[float, float]],
    source: Any,
    sink: Any,
    limit: float,
) -> float:
    """The most flow from ``source`` to ``sink`` (at most ``limit``) over ``edges``, each
    carrying from its first end to its second between room[0] and room[1]."""
    near: dict[Any, list[tuple[Key, Any, int]]] = {}
    for k, (a, b) in edges.items():
        near.setdefault(a, []).append((k, b, 1))
        near.setdefault(b, []).append((k, a, -1))
    flow = dict.fromkeys(edges, 0.0)

    def spare(k: Key, way: int) -> float:
        return room[k][1] - flow[k] if way > 0 else flow[k] - room[k][0]

    total = 0.0
    while total < limit:
        came: dict[Any, tuple[Key, Any, int] | None] = {source: None}
        queue = [source]
        for node in queue:
            for k, other, way in near.get(node, []):
                if other not in came and spare(k, way) > 0:
                    came[other] = (k, node, way)
                    queue.append(other)
        if sink not in came:
            break
        path, node = [], sink
        while (step := came[node]) is not None:
            path.append(step)
            node = step[1]
        push = min([limit - total, *(spare(k, way) for k, _, way in path)])
        if push == math.inf:
            return push
        for k, _, way in path:
            flow[k] += way * push
        total += push
    return total


def _with_totals(cells: Mapping[Key, int], shape: tuple[int, ...]) -> dict[Key, int]:
    """The inner cells and every total of them."""
    out = dict(cells)
    for key in product(*([*range(n), None] for n in shape)):
        if None in key:
            out[key] = sum(
                v
                for k, v in cells.items()
                if all(i is None or i == k[a] for a, i in enumerate(key))
            )
    return out


@dataclass(frozen=True)
class SuppressedTable:
    """A `Table` with one count column protected: ``table`` is publishable (hidden counts,
    and the rates and percentages computed from them, are None); ``rows`` says why each
    hidden row's count is hidden; ``margins`` lists hidden totals that are not rows of the
    table (keep them out of other tables and charts too); ``slices`` the protection of
    each combination of the other dimensions; ``caveats`` what the protection does not
    cover."""

    table: Table
    count: str
    dims: tuple[str, ...]
    derived: tuple[str, ...]
    rule: Rule
    slices: Mapping[tuple[Any, ...], Protected]
    rows: Mapping[int, Hidden]
    margins: tuple[Hidden, ...]
    caveats: tuple[str, ...]
    labels: Mapping[tuple[int, str], str]  # (row, column) -> how a hidden figure is shown

    def display(self) -> Table:
        """The table with each hidden figure shown by its label."""
        return _fill(self.table, self.labels)

    def report(self) -> list[dict[str, Any]]:
        """One line per hidden count, for the publisher: row (None: a total that is not a
        row of the table), name, value, reason, why, and a reader's range."""
        found = [(r, h) for r, h in self.rows.items()] + [(None, h) for h in self.margins]
        return [
            {
                "row": r,
                "name": h.name,
                "value": h.value,
                "reason": h.reason,
                "why": h.why,
                "low": h.low,
                "high": h.high,
            }
            for r, h in found
        ]


def suppress_table(
    table: Table,
    count: str,
    dims: Sequence[str],
    rule: Rule = CTDC,
    derived: Sequence[str] | None = None,
    totals: Sequence[str] = (),
) -> SuppressedTable:
    """Protect ``count`` of a tidy table over one or two of its dimensions (``dims``), each
    combination of its other dimensions (year, ...) on its own, assuming every total over
    ``dims`` is published. Rows whose category in one of ``dims`` is `TOTAL` are taken as
    that dimension's totals and must be the sums (records per year and the period total:
    put "year" in ``dims``). ``derived``: columns hidden with the count (default: the rate
    and percent columns that count the same, persons or records). ``totals``: columns that
    repeat the total of their slice (CTDC's ``persons_n``), hidden where it is."""
    columns = {c.name: c for c in table.columns}
    counts = [c.name for c in table.columns if c.kind == "count"]
    if count not in counts:
        raise ValueError(f"table {table.id}: {count!r} is not a count column ({counts})")
    dims = tuple(dims)
    dimensions = [c.name for c in table.columns if c.kind == "dimension"]
    if not 1 <= len(dims) <= 2 or len(set(dims)) != len(dims) or set(dims) - set(dimensions):
        raise ValueError(
            f"table {table.id}: dims must be one or two of its dimensions ({dimensions}), "
            f"not {list(dims)}"
        )
    if derived is None:
        same = columns[count].deduplicated
        derived = [
            c.name
            for c in table.columns
            if c.kind in ("rate", "percent") and c.deduplicated == same
        ]
    if set(derived) - set(columns) or set(totals) - set(columns):
        unknown = sorted((set(derived) | set(totals)) - set(columns))
        raise ValueError(f"table {table.id}: no columns {unknown}")
    at = {n: i for i, n in enumerate(table.names)}
    fixed = [d for d in dimensions if d not in dims]
    groups: dict[tuple[Any, ...], dict[tuple[Any, ...], int]] = {}
    for r, row in enumerate(table.rows):
        _check_count(row[at[count]], f"table {table.id}, row {r}, column {count}")
        cells = groups.setdefault(tuple(row[at[f]] for f in fixed), {})
        cell = tuple(row[at[d]] for d in dims)
        if cell in cells:
            raise ValueError(f"table {table.id}: rows {cells[cell]} and {r} are the same cell")
        cells[cell] = r

    slices: dict[tuple[Any, ...], Protected] = {}
    hidden_rows: dict[int, Hidden] = {}
    labels: dict[tuple[int, str], str] = {}
    margins: list[Hidden] = []
    caveats: list[str] = []
    for fixed_values, cells in groups.items():
        where = ", ".join(f"{f}={v}" for f, v in zip(fixed, fixed_values, strict=True))
        categories, row_at = _positions(table, dims, cells, where)
        shape = tuple(len(c) for c in categories)
        inner = {k: int(table.rows[r][at[count]]) for k, r in row_at.items() if None not in k}
        values = _with_totals(inner, shape)
        for k, r in row_at.items():
            if table.rows[r][at[count]] != values[k]:
                raise ValueError(
                    f"table {table.id}, row {r}: {count} {table.rows[r][at[count]]} is not the "
                    f"sum of the counts it totals ({values[k]}); leave that dimension out of "
                    "dims to protect the total on its own"
                )

        def name(key: Key, where: str = where, categories: list[list[Any]] = categories) -> str:
            parts = [
                f"{d}={'all' if i is None else categories[a][i]}"
                for a, (d, i) in enumerate(zip(dims, key, strict=True))
            ]
            return ", ".join([where, *parts] if where else parts)

        protected = _protect(values, shape, rule, name)
        slices[fixed_values] = protected
        for key, hidden in protected.hidden.items():
            if key in row_at:
                hidden_rows[row_at[key]] = hidden
                labels.update({(row_at[key], c): protected.label(key) for c in (count, *derived)})
            else:
                margins.append(hidden)
        grand = (None,) * len(dims)
        for column, r in product(totals, cells.values()):
            if table.rows[r][at[column]] != values[grand]:
                raise ValueError(
                    f"table {table.id}, row {r}: {column} {table.rows[r][at[column]]} is not "
                    f"the total of {count} ({values[grand]})"
                )
            if grand in protected.hidden:
                labels[(r, column)] = protected.label(grand)
        caveats += [f"{where}: {note}" if where else note for note in protected.notes]
    for i, f in enumerate(fixed):
        if hidden_rows and any(v[i] == TOTAL for v in groups):
            caveats.append(
                f"the {f}={TOTAL} rows and the other {f} rows are protected separately: where "
                f"the {TOTAL} adds them up, a hidden count could be worked out across them "
                f"(put {f!r} in dims to protect it as a total)"
            )

    done = {count: {"rule": rule.name, "dims": list(dims), "hidden": len(hidden_rows)}}
    meta = {**table.meta, "suppression": {**table.meta.get("suppression", {}), **done}}
    note = f"{table.note} Suppressed ({count}): {rule.describe()}".strip()
    return SuppressedTable(
        table=replace(_fill(table, dict.fromkeys(labels)), meta=meta, note=note),
        count=count,
        dims=dims,
        derived=tuple(derived),
        rule=rule,
        slices=slices,
        rows=hidden_rows,
        margins=tuple(margins),
        caveats=tuple(caveats),
        labels=labels,
    )


def _positions(
    table: Table, dims: tuple[str, ...], cells: Mapping[tuple[Any, ...], int], where: str
) -> tuple[list[list[Any]], dict[Key, int]]:
    """The categories of each of ``dims`` in one slice (in the table's order, `TOTAL`
    left out) and the row of each cell (`TOTAL`: the position None)."""
    categories = [
        list(dict.fromkeys(c[a] for c in cells if c[a] != TOTAL)) for a in range(len(dims))
    ]
    position = [{c: i for i, c in enumerate(cats)} for cats in categories]
    row_at: dict[Key, int] = {
        tuple(None if v == TOTAL else position[a][v] for a, v in enumerate(cell)): r
        for cell, r in cells.items()
    }
    for key in product(*(range(len(c)) for c in categories)):
        if key not in row_at:
            gap = ", ".join(f"{d}={categories[a][key[a]]}" for a, d in enumerate(dims))
            raise ValueError(
                f"table {table.id}: no row for {gap} ({where or 'the whole table'}); "
                "suppression needs every combination, zero-filled"
            )
    return categories, row_at


def _fill(table: Table, figures: Mapping[tuple[int, str], Any]) -> Table:
    """A copy of ``table`` with the figure at each (row, column) replaced."""
    at = {n: i for i, n in enumerate(table.names)}
    rows = [list(row) for row in table.rows]
    for (r, column), figure in figures.items():
        rows[r][at[column]] = figure
    return replace(table, rows=rows)
