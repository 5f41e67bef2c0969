"""Differentially private synthetic microdata (e.g. in CTDC's 2024 layout), made from noisy
marginals along a tree of the variables, with CTDC's reporting resolution.

CTDC makes its synthetic data with synthetic-data-showcase (pac-synth), which draws records
one at a time (~1.7 ms each at 200,000 records, 6 minutes; bench/synthesis.py) and has run
out of memory on other data; this is the MST method (McKenna, Miklau and Sheldon, 2021) in
pure epsilon-DP with a simpler consistency step:

1. **1-way marginals** (``split.one_way`` of epsilon, divided equally among the d
   variables): a noisy count of every category of every variable. They give the noisy
   number of records and a variable's distribution where its tables say nothing.
2. **Structure** (``split.selection``, divided among the d - 1 rounds): a maximum spanning
   tree grown Kruskal's way; each round picks, among the pairs joining two parts not yet
   connected, the one whose 2-way counts are furthest (L1) from independence (the outer
   product of their own margins) less the error its measurement in step 3 would carry
   (AIM's penalty: public), with OpenDP's report-noisy-max. One person moves each score by
   at most 4. A tree given by the caller (public knowledge: the codebook's structure)
   skips this step and its share goes to step 3.
3. **2-way marginals** (the rest, divided among the d - 1 edges): a noisy count of every
   cell of the 2-way table of each edge.

Unit of privacy: one person's record (add/remove); each person is in one cell of each
marginal. All measurements are pure epsilon-DP (delta 0) from OpenDP with the sensitivity
stated; their epsilons add up by basic sequential composition (which holds adaptively:
each selection round depends on the ones before, step 3 measures the pairs step 2 chose) to
the epsilon asked, itemised in the model's `Ledger`.

Everything after is post-processing: each noisy table is projected onto the non-negative
tables with the noisy total (the Euclidean projection onto the simplex, which zeroes cells
whose noisy count is small rather than keeping every positive noise), conditionals are
read off the tables along the tree from a root, records are drawn variable by variable from
them, and `resolution.enforce` then changes every record carrying a combination of up to
``reporting_length`` values rarer than ``resolution`` (its most-to-blame value drawn again,
then set to missing) until none is left. No record of the input is copied.

The categories of each variable must be public (a codebook): they come from the
``categories`` argument or the input's Categorical dtype. Read off the data otherwise, the
list itself would tell which rare values occur; the function does this only as a fallback.
OpenDP's noise cannot be seeded; a seed makes the drawing of records from a fitted model
repeatable.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from tipsom.engine.privacy import resolution as resolution_rule
from tipsom.engine.privacy.dp import Ledger, noisy_argmax, noisy_vector
from tipsom.engine.privacy.tables import MISSING, decode, encode, pair_counts, project


@dataclass(frozen=True)
class Split:
    """How the epsilon of a synthesis is shared between its three steps."""

    one_way: float = 0.1
    selection: float = 0.2
    two_way: float = 0.7

    def __post_init__(self) -> None:
        parts = (self.one_way, self.selection, self.two_way)
        if min(parts) < 0 or self.one_way <= 0 or self.two_way <= 0:
            raise ValueError("the shares of epsilon must be >= 0, one_way and two_way > 0")
        if abs(sum(parts) - 1) > 1e-9:
            raise ValueError(f"the shares of epsilon must add up to 1, not {sum(parts)}")


def _spanning_tree(edges: Sequence[tuple[int, int]], d: int) -> bool:
    parent = list(range(d))

    def find(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for i, j in edges:
        a, b = find(i), find(j)
        if a == b:
            return False
        parent[a] = b
    return len(edges) == d - 1


@dataclass
class Model:
    """What the synthesis learnt with differential privacy: a tree over the variables and
    a distribution per node given its parent. Drawing records from it is post-processing."""

    columns: tuple[str, ...]
    categories: tuple[tuple[str, ...], ...]
    total: float  # the noisy number of records
    edges: list[tuple[str, str]]  # the tree, as (parent, child) from the root down
    root: str
    root_p: np.ndarray
    conditionals: list[np.ndarray]  # per edge: rows the parent's categories, sum to 1
    ledger: Ledger  # what each measurement spent
    chosen: bool  # the tree was chosen with DP (False: given as public knowledge)

    @property
    def epsilon(self) -> float:
        return self.ledger.spent_epsilon

    def _draw(self, rows: int, rng: np.random.Generator) -> np.ndarray:
        index = {name: position for position, name in enumerate(self.columns)}
        codes = np.zeros((len(self.columns), rows), dtype=np.int32)
        codes[index[self.root]] = rng.choice(len(self.root_p), size=rows, p=self.root_p)
        for (parent, child), table in zip(self.edges, self.conditionals, strict=True):
            cdf = np.cumsum(table, axis=1)
            above = rng.random(rows)[:, None] > cdf[codes[index[parent]]]
            codes[index[child]] = np.minimum(above.sum(axis=1), table.shape[1] - 1)
        return codes

    def _redraw(self, column: int, codes: np.ndarray, rng: np.random.Generator) -> np.ndarray:
        """New values of one column for records ``codes``, drawn given their parent's."""
        name = self.columns[column]
        if name == self.root:
            return np.asarray(rng.choice(len(self.root_p), size=codes.shape[1], p=self.root_p))
        position = [child for _, child in self.edges].index(name)
        parent = self.columns.index(self.edges[position][0])
        table = self.conditionals[position]
        cdf = np.cumsum(table, axis=1)
        above = rng.random(int(codes.shape[1]))[:, None] > cdf[codes[parent]]
        return np.minimum(above.sum(axis=1), table.shape[1] - 1).astype(np.int32)

    def sample(self, rows: int, *, seed: int | None = None) -> pd.DataFrame:
        """``rows`` records drawn from the model, without the resolution rule."""
        return decode(self.columns, self.categories, self._draw(rows, np.random.default_rng(seed)))

    def release(
        self,
        rows: int | None = None,
        *,
        resolution: int = 10,
        reporting_length: int = 3,
        seed: int | None = None,
        redraw_passes: int = 3,
    ) -> Synthesis:
        """Synthetic records with no combination of up to ``reporting_length`` values
        rarer than ``resolution``: ``rows`` of them (default the noisy number of input
        records). The same model and seed give the same records."""
        rows = max(0, round(self.total)) if rows is None else rows
        if rows < 0:
            raise ValueError(f"rows must be >= 0, not {rows}")
        rng = np.random.default_rng(seed)
        done = resolution_rule.enforce(
            self._draw(rows, rng),
            [len(c) for c in self.categories],
            resolution=resolution,
            length=reporting_length,
            blank=[c.index(MISSING) if MISSING in c else None for c in self.categories],
            rng=rng,
            redraw=lambda j, codes: self._redraw(j, codes, rng),
            redraw_passes=redraw_passes,
        )
        return Synthesis(
            frame=decode(self.columns, self.categories, done.codes),
            model=self,
            resolution=resolution,
            reporting_length=reporting_length,
            removed=done.removed,
            redrawn=done.redrawn,
            blanked=done.blanked,
            copied=done.copied,
        )


@dataclass(frozen=True)
class Synthesis:
    frame: pd.DataFrame
    model: Model
    resolution: int
    reporting_length: int
    removed: int  # records dropped: a rare combination and nothing left to blank
    redrawn: int  # values drawn again from the model
    blanked: int  # values set to missing
    copied: int  # records copied from kept ones to keep the number of records

    @property
    def epsilon(self) -> float:
        """The privacy loss, by OpenDP's maps and basic composition (delta is 0)."""
        return self.model.epsilon


def fit(
    data: pd.DataFrame | Any,
    epsilon: float = 1.0,
    *,
    categories: Mapping[str, Sequence[str]] | None = None,
    contributions: int = 1,
    tree: Sequence[tuple[str, str]] | None = None,
    split: Split | None = None,
    ledger: Ledger | None = None,
) -> Model:
    """Measure the marginals of ``data`` with epsilon-DP and learn the tree model.

    ``contributions``: how many records one person may have (1 after deduplication).
    ``tree``: d - 1 pairs of columns forming a spanning tree, if the structure is public
    knowledge. ``ledger``: the dataset's budget, charged the whole epsilon before anything
    is measured (`dp.BudgetExceeded` if it has not enough left)."""
    if not (isinstance(epsilon, int | float) and 0 < epsilon < float("inf")):
        raise ValueError(f"epsilon must be a positive number, not {epsilon!r}")
    encoded = encode(data, categories)
    split = split or Split()
    columns, sizes, codes = encoded.columns, encoded.sizes, encoded.codes
    d = len(columns)
    index = {name: position for position, name in enumerate(columns)}
    given: list[tuple[int, int]] | None = None
    if tree is not None:
        unknown = sorted({c for pair in tree for c in pair} - set(columns))
        if unknown:
            raise ValueError(f"tree names columns not in the table: {', '.join(unknown)}")
        given = [(index[a], index[b]) for a, b in tree]
        if not _spanning_tree(given, d):
            raise ValueError(f"tree must be {d - 1} pairs joining all {d} columns without a cycle")
        split = Split(split.one_way, 0.0, split.two_way + split.selection)
    if ledger is not None:
        ledger.charge("synthetic microdata (marginals along a tree)", epsilon)
    spends = Ledger(epsilon)
    budget = {part: epsilon * getattr(split, part) for part in ("one_way", "selection", "two_way")}
    if d == 1:  # no pairs: the one variable's marginal gets everything
        budget = {"one_way": epsilon, "selection": 0.0, "two_way": 0.0}

    # 1. Every variable's categories counted: a person is in one cell of each.
    one_way: dict[str, np.ndarray] = {}
    for position, name in enumerate(columns):
        counts = np.bincount(codes[position], minlength=sizes[position])
        noisy, spent, _ = noisy_vector(counts, budget["one_way"] / d, contributions)
        spends.charge(f"1-way {name}", spent)
        one_way[name] = noisy
    # The noisy totals agree in expectation; weigh each by 1/variance (cells x scale^2).
    weights = np.array([1 / s for s in sizes])
    total = float(np.dot(weights, [one_way[n].sum() for n in columns]) / weights.sum())
    total = max(total, 1.0)
    p = {n: project(one_way[n], 1.0) for n in columns}

    # 2. The tree. Counts of every pair are made once, for scores and for step 3.
    pairs: dict[tuple[int, int], np.ndarray] = {}

    def pair(i: int, j: int) -> np.ndarray:
        if (i, j) not in pairs:
            pairs[(i, j)] = pair_counts(codes, sizes, i, j)
        return pairs[(i, j)]

    if given is None:
        # A pair's score: how far (L1) its counts are from the table of independent
        # variables made from its own margins, less the L1 error the pair's 2-way
        # measurement would carry (public: cells x noise scale), as AIM does. One person
        # moves the first term by at most 4 (1 in the counts, < 3 in the product table).
        scale = contributions * (d - 1) / budget["two_way"]
        candidates = [(i, j) for i in range(d) for j in range(i + 1, d)]
        scores = {}
        for i, j in candidates:
            counts = pair(i, j).astype(float)
            n = max(counts.sum(), 1.0)
            independent = np.outer(counts.sum(axis=1), counts.sum(axis=0)) / n
            scores[(i, j)] = float(np.abs(counts - independent).sum()) - scale * counts.size
        chosen: list[tuple[int, int]] = []
        part = list(range(d))
        for round_ in range(d - 1):
            open_ = [(i, j) for i, j in candidates if part[i] != part[j]]
            pick, spent = noisy_argmax(
                [scores[c] for c in open_], budget["selection"] / (d - 1), 4 * contributions
            )
            i, j = open_[pick]
            spends.charge(f"tree edge {round_ + 1} ({columns[i]}, {columns[j]})", spent)
            chosen.append((i, j))
            old = part[j]
            part = [part[i] if x == old else x for x in part]
        given = chosen

    # 3. The 2-way table of each edge.
    tables: dict[tuple[int, int], np.ndarray] = {}
    for i, j in given:
        counts = pair(i, j)
        noisy, spent, _ = noisy_vector(
            counts.ravel(), budget["two_way"] / max(d - 1, 1), contributions
        )
        spends.charge(f"2-way {columns[i]} x {columns[j]}", spent)
        tables[(i, j)] = project(noisy, total).reshape(sizes[i], sizes[j])

    # Post-processing: the root is the best-connected variable; its distribution is the
    # mean of its tables' margins; every other variable is drawn given its parent.
    degree = np.zeros(d, dtype=int)
    for i, j in given:
        degree[i] += 1
        degree[j] += 1
    root = int(np.argmax(degree))
    margins = [t.sum(axis=1) for (i, _), t in tables.items() if i == root]
    margins += [t.sum(axis=0) for (_, j), t in tables.items() if j == root]
    root_p = np.mean(margins, axis=0) if margins else p[columns[root]]
    root_p = root_p / root_p.sum() if root_p.sum() > 0 else np.full(sizes[root], 1 / sizes[root])
    edges, conditionals, reached, frontier = [], [], {root}, [root]
    while frontier:
        parent = frontier.pop(0)
        for (i, j), table in tables.items():
            if parent not in (i, j) or (j if i == parent else i) in reached:
                continue
            child = j if i == parent else i
            oriented = table if i == parent else table.T
            row_sums = oriented.sum(axis=1, keepdims=True)
            fallback = (
                p[columns[child]]
                if p[columns[child]].sum() > 0
                else np.full(sizes[child], 1 / sizes[child])
            )
            conditional = np.where(
                row_sums > 0, oriented / np.where(row_sums > 0, row_sums, 1), fallback
            )
            edges.append((columns[parent], columns[child]))
            conditionals.append(conditional)
            reached.add(child)
            frontier.append(child)
    return Model(
        columns=columns,
        categories=encoded.categories,
        total=total,
        edges=edges,
        root=columns[root],
        root_p=root_p,
        conditionals=conditionals,
        ledger=spends,
        chosen=tree is None,
    )


def synthesize(
    data: pd.DataFrame | Any,
    *,
    epsilon: float = 1.0,
    rows: int | None = None,
    resolution: int = 10,
    reporting_length: int = 3,
    seed: int | None = None,
    categories: Mapping[str, Sequence[str]] | None = None,
    contributions: int = 1,
    tree: Sequence[tuple[str, str]] | None = None,
    split: Split | None = None,
    ledger: Ledger | None = None,
) -> Synthesis:
    """Differentially private synthetic records like ``data`` (`fit` then
    `Model.release`): same columns and categories, ``rows`` records (default: the noisy
    number of input records), no combination of up to ``reporting_length`` values rarer
    than ``resolution``, epsilon-DP for one person's record."""
    model = fit(
        data,
        epsilon,
        categories=categories,
        contributions=contributions,
        tree=tree,
        split=split,
        ledger=ledger,
    )
    return model.release(rows, resolution=resolution, reporting_length=reporting_length, seed=seed)
