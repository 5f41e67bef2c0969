"""How close synthetic records are to the real ones: the total variation distance between
their k-way marginals (k = 1, 2, 3), and how many of the real combinations of values the
synthetic records no longer hold (rare ones especially: the reporting resolution removes
them on purpose).

The total variation distance of one set of attributes is half the sum, over the cells of
their joint table, of the absolute difference of the two shares: 0 when the tables agree,
1 when they share nothing. Reported as the mean over every set of k attributes, or over a
seeded sample of ``max_sets`` of them when there are more.
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from tipsom.engine.privacy.resolution import DENSE_CELLS
from tipsom.engine.privacy.tables import encode


@dataclass(frozen=True)
class Utility:
    tvd: dict[int, float]  # k -> mean total variation distance of the k-way marginals
    worst: dict[int, float]  # k -> the largest over the sets compared
    sets: dict[int, int]  # k -> how many attribute sets were compared
    real_combinations: int  # combinations of values present in the real records
    lost: float  # share of them absent from the synthetic records
    rare: int  # real combinations seen fewer than `resolution` times
    rare_lost: float  # share of those absent from the synthetic records

    def as_dict(self) -> dict[str, Any]:
        return {
            **{f"tvd_{k}": round(v, 4) for k, v in self.tvd.items()},
            **{f"worst_tvd_{k}": round(v, 4) for k, v in self.worst.items()},
            "real_combinations": self.real_combinations,
            "lost": round(self.lost, 4),
            "rare": self.rare,
            "rare_lost": round(self.rare_lost, 4),
        }


def utility(
    real: pd.DataFrame | Any,
    synthetic: pd.DataFrame | Any,
    *,
    categories: Mapping[str, Sequence[str]] | None = None,
    lengths: Sequence[int] = (1, 2, 3),
    max_sets: int = 1000,
    resolution: int = 10,
    seed: int = 0,
) -> Utility:
    """Compare ``synthetic`` with ``real`` (same columns; categories from ``categories``,
    else the real table's Categorical dtype or values)."""
    encoded_real = encode(real, categories)
    frame = synthetic if isinstance(synthetic, pd.DataFrame) else synthetic.to_pandas()
    if tuple(map(str, frame.columns)) != encoded_real.columns:
        raise ValueError("the synthetic records must have the real records' columns, in order")
    encoded_synthetic = encode(
        frame, dict(zip(encoded_real.columns, encoded_real.categories, strict=True))
    )
    sizes = encoded_real.sizes
    x, y = encoded_real.codes, encoded_synthetic.codes
    n_x, n_y = max(x.shape[1], 1), max(y.shape[1], 1)
    rng = np.random.default_rng(seed)
    tvd, worst, counted = {}, {}, {}
    present = absent = rare = rare_absent = 0
    for k in lengths:
        sets = list(itertools.combinations(range(len(sizes)), k))
        if len(sets) > max_sets:
            sets = [sets[i] for i in sorted(rng.choice(len(sets), size=max_sets, replace=False))]
        distances = []
        for columns in sets:
            key_x, key_y = x[columns[0]].astype(np.int64), y[columns[0]].astype(np.int64)
            for j in columns[1:]:
                key_x, key_y = key_x * sizes[j] + x[j], key_y * sizes[j] + y[j]
            cells = int(np.prod([sizes[j] for j in columns], dtype=np.int64))
            if cells <= DENSE_CELLS:
                counts_x = np.bincount(key_x, minlength=cells)
                counts_y = np.bincount(key_y, minlength=cells)
            else:  # a sparse table: only the cells that occur
                values, inverse = np.unique(np.concatenate([key_x, key_y]), return_inverse=True)
                counts_x = np.bincount(inverse[: len(key_x)], minlength=len(values))
                counts_y = np.bincount(inverse[len(key_x) :], minlength=len(values))
            distances.append(0.5 * float(np.abs(counts_x / n_x - counts_y / n_y).sum()))
            real = counts_x > 0
            missing = real & (counts_y == 0)
            low = real & (counts_x < resolution)
            present += int(real.sum())
            absent += int(missing.sum())
            rare += int(low.sum())
            rare_absent += int((low & missing).sum())
        tvd[k] = float(np.mean(distances)) if distances else 0.0
        worst[k] = float(np.max(distances)) if distances else 0.0
        counted[k] = len(sets)
    return Utility(
        tvd=tvd,
        worst=worst,
        sets=counted,
        real_combinations=present,
        lost=absent / present if present else 0.0,
        rare=rare,
        rare_lost=rare_absent / rare if rare else 0.0,
    )
