"""CTDC's reporting resolution for synthetic microdata: in the released records no
combination of values of up to ``reporting_length`` attributes may occur fewer than
``resolution`` times (CTDC publishes with a resolution of 10).

The rule is applied to records that are already differentially private, so it is
post-processing and costs no privacy budget. A record carrying a rarer combination has the
value most to blame drawn again from the model (a few passes), then set to missing (local
suppression, as statistical offices do for k-anonymity; in CTDC's files an empty flag reads
"not recorded"); only a record with nothing left to blank is dropped, and copies of kept
records take its place. Records are changed, not dropped, because at tens of thousands of
records most of them carry some rare triple (61% of the generated CTDC records at 20,000)
and dropping cascades: each removal makes other combinations rarer.

Checking the combinations of exactly ``reporting_length`` attributes is enough: a rarer
shorter combination makes every longer one holding it at least as rare.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

Codes = np.ndarray  # (columns, rows) array of category positions

# Combinations whose cell space is larger than this are counted with np.unique instead of
# a dense bincount (e.g. three columns of 300 countries each).
DENSE_CELLS = 1 << 22


@dataclass(frozen=True)
class Enforced:
    codes: Codes  # the records kept, (columns, rows)
    removed: int  # records dropped: a rare combination with no value that can be blanked
    redrawn: int  # values drawn again from the model
    blanked: int  # values set to missing
    copied: int  # records copied from those kept to keep the number of records


class _Counts:
    """Cell counts of every combination of ``length`` columns over a changing set of
    records, kept up to date as records are taken out or put in."""

    def __init__(self, sizes: Sequence[int], length: int, codes: Codes) -> None:
        self.sizes = [int(s) for s in sizes]
        self.sets = list(itertools.combinations(range(len(self.sizes)), length))
        self.cells = [int(np.prod([self.sizes[j] for j in s], dtype=np.int64)) for s in self.sets]
        self.dense = [cells <= DENSE_CELLS for cells in self.cells]
        self.counts: list[np.ndarray | dict[int, int]] = []
        for position, columns in enumerate(self.sets):
            keys = self.key(columns, codes)
            if self.dense[position]:
                self.counts.append(np.bincount(keys, minlength=self.cells[position]))
            else:
                values, counts = np.unique(keys, return_counts=True)
                self.counts.append(dict(zip(values.tolist(), counts.tolist(), strict=True)))

    def key(self, columns: tuple[int, ...], codes: Codes) -> np.ndarray:
        key = codes[columns[0]].astype(np.int64)
        for j in columns[1:]:
            key = key * self.sizes[j] + codes[j]
        return key

    def update(self, codes: Codes, sign: int) -> None:
        """Add (sign 1) or take out (sign -1) the records ``codes``."""
        if codes.shape[1] == 0:
            return
        for position, columns in enumerate(self.sets):
            keys = self.key(columns, codes)
            counts = self.counts[position]
            if isinstance(counts, np.ndarray):
                counts += sign * np.bincount(keys, minlength=len(counts))
            else:
                values, numbers = np.unique(keys, return_counts=True)
                for value, number in zip(values.tolist(), numbers.tolist(), strict=True):
                    counts[value] = counts.get(value, 0) + sign * number

    def rare_rows_and_culprit(
        self, codes: Codes, resolution: int, blank: Sequence[int | None]
    ) -> tuple[np.ndarray, np.ndarray]:
        """Which records carry a rare combination and, for each, the column to blank: the
        one in most of its rare combinations, of equal ones the least common value (-1 when
        every value in them is missing already or cannot be)."""
        rows = codes.shape[1]
        share = []  # how common each value is; inf: cannot be blanked
        for j, size in enumerate(self.sizes):
            f = np.bincount(codes[j], minlength=size) / max(rows, 1)
            if blank[j] is None:
                f[:] = np.inf
            else:
                f[blank[j]] = np.inf
            share.append(f)
        hits = np.zeros((len(self.sizes), rows), dtype=np.int32)
        for position, columns in enumerate(self.sets):
            counts = self.counts[position]
            if isinstance(counts, np.ndarray):
                low = (counts > 0) & (counts < resolution)
                if not low.any():
                    continue
                here = np.nonzero(low[self.key(columns, codes)])[0]
            else:
                low_keys = [k for k, c in counts.items() if 0 < c < resolution]
                if not low_keys:
                    continue
                here = np.nonzero(np.isin(self.key(columns, codes), low_keys))[0]
            for j in columns:
                hits[j, here] += 1
        rare = np.asarray(hits.any(axis=0))
        where = np.nonzero(rare)[0]
        # A share is < 1, so it only breaks ties between equal numbers of hits.
        score = np.stack(
            [hits[j, where] - share[j][codes[j, where]] for j in range(len(self.sizes))]
        )
        score[hits[:, where] == 0] = -np.inf
        best = np.argmax(score, axis=0)
        column = np.full(rows, -1, dtype=np.int64)
        column[where] = np.where(np.isfinite(score[best, np.arange(len(where))]), best, -1)
        return rare, column


def rare_combinations(codes: Codes, sizes: Sequence[int], resolution: int, length: int) -> int:
    """How many combinations of ``length`` column values occur in ``codes`` fewer than
    ``resolution`` times (but at least once)."""
    length = min(length, len(sizes))
    counts = _Counts(sizes, length, codes) if length else None
    if counts is None:
        return 0
    total = 0
    for table in counts.counts:
        values = table if isinstance(table, np.ndarray) else np.fromiter(table.values(), int)
        total += int(((values > 0) & (values < resolution)).sum())
    return total


def enforce(
    codes: Codes,
    sizes: Sequence[int],
    *,
    resolution: int,
    length: int,
    blank: Sequence[int | None],
    rng: np.random.Generator,
    redraw: Callable[[int, Codes], np.ndarray] | None = None,
    redraw_passes: int = 0,
) -> Enforced:
    """Records with no combination of up to ``length`` values rarer than ``resolution``,
    as many as ``codes`` holds when any record survives.

    In each pass every record carrying a rare combination has one value changed: the
    value of the column in most of its rare combinations (of equal ones the least common
    value). For the first ``redraw_passes`` passes the new value is ``redraw(j, records)``
    (the model's draw of column j for those records), then the column's missing category
    (``blank[j]``; None: the column has none). A record whose rare combinations hold only
    values that are missing already is removed, and copies of kept records take its place:
    copies can only make combinations more common."""
    if resolution < 1:
        raise ValueError(f"resolution must be >= 1, not {resolution}")
    if length < 1:
        raise ValueError(f"reporting_length must be >= 1, not {length}")
    rows = codes.shape[1]
    length = min(length, len(sizes))
    if resolution == 1 or length == 0 or rows == 0:
        return Enforced(codes, 0, 0, 0, 0)
    codes = codes.copy()
    counts = _Counts(sizes, length, codes)
    removed = redrawn = blanked = 0
    missing = np.array([-1 if b is None else b for b in blank])
    passes = 0
    while True:
        rare, column = counts.rare_rows_and_culprit(codes, resolution, blank)
        if not rare.any():
            break
        fixable = rare & (column >= 0)
        changed = np.nonzero(fixable)[0]
        passes += 1
        if len(changed):
            counts.update(codes[:, changed], -1)
            if redraw is not None and passes <= redraw_passes:
                for j in np.unique(column[changed]).tolist():
                    these = changed[column[changed] == j]
                    codes[j, these] = redraw(j, codes[:, these])
                redrawn += len(changed)
            else:
                codes[column[changed], changed] = missing[column[changed]]
                blanked += len(changed)
            counts.update(codes[:, changed], 1)
        hopeless = rare & (column < 0)
        if hopeless.any():
            counts.update(codes[:, hopeless], -1)
            codes = codes[:, ~hopeless]
            removed += int(hopeless.sum())
    copied = 0
    missing_rows = rows - codes.shape[1]
    if missing_rows > 0 and codes.shape[1] > 0:
        # Copies of kept records can only make combinations more common.
        codes = np.concatenate(
            [codes, codes[:, rng.integers(0, codes.shape[1], size=missing_rows)]], axis=1
        )
        copied = missing_rows
    return Enforced(codes[:, rng.permutation(codes.shape[1])], removed, redrawn, blanked, copied)
