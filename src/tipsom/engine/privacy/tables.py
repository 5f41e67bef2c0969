"""Tables of categorical codes as integer arrays: each column's values as positions in its
list of categories (missing is the explicit category ``""``), and the small pieces of
arithmetic on count tables that the synthesis and its utility report share."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

MISSING = ""  # a missing value is this explicit category (as in CTDC's files)


@dataclass(frozen=True)
class Encoded:
    columns: tuple[str, ...]
    categories: tuple[tuple[str, ...], ...]
    codes: np.ndarray  # (columns, rows) category positions, int32

    @property
    def sizes(self) -> list[int]:
        return [len(c) for c in self.categories]


def encode(
    data: pd.DataFrame | Any, categories: Mapping[str, Sequence[str]] | None = None
) -> Encoded:
    """Category positions of a table (a DataFrame or an Arrow table) of categorical codes.

    A missing cell (NaN/None) is read as the explicit category ``""``. A value that is not
    among the column's categories is an error naming the column and the values."""
    frame = data if isinstance(data, pd.DataFrame) else data.to_pandas()
    if frame.shape[1] == 0:
        raise ValueError("the table has no columns")
    columns = tuple(str(c) for c in frame.columns)
    if len(set(columns)) != len(columns):
        raise ValueError("column names must not repeat")
    given = dict(categories or {})
    unknown_columns = sorted(set(given) - set(columns))
    if unknown_columns:
        raise ValueError(f"categories for columns not in the table: {', '.join(unknown_columns)}")
    all_categories, codes = [], np.empty((len(columns), len(frame)), dtype=np.int32)
    for position, name in enumerate(columns):
        series = frame.iloc[:, position]
        if name in given:
            cats = tuple(str(c) for c in given[name])
        elif isinstance(series.dtype, pd.CategoricalDtype):
            cats = tuple(str(c) for c in series.cat.categories)
        else:
            cats = tuple(sorted(set(series.dropna().astype(str)) | {MISSING}))
        if not cats or len(set(cats)) != len(cats):
            raise ValueError(f"{name}: the categories must be a non-empty list without repeats")
        if isinstance(series.dtype, pd.CategoricalDtype):
            # Fast path: recode the dtype's categories, not every cell.
            series = (
                series.cat.add_categories([MISSING])
                if MISSING not in series.cat.categories
                else series
            )
            series = series.fillna(MISSING)
            where = {c: i for i, c in enumerate(cats)}
            lookup = np.array(
                [where.get(str(c), -1) for c in series.cat.categories], dtype=np.int32
            )
            column = lookup[series.cat.codes.to_numpy()]
            values = series
        else:
            values = series.astype(object).where(series.notna(), MISSING).astype(str)
            column = pd.Categorical(values, categories=list(cats)).codes
        if (column < 0).any():
            bad = sorted({str(v) for v in values[column < 0]})[:5]
            raise ValueError(
                f"{name}: values not among its categories: {', '.join(map(repr, bad))}"
            )
        codes[position] = column
        all_categories.append(cats)
    return Encoded(columns, tuple(all_categories), codes)


def decode(
    columns: Sequence[str], categories: Sequence[Sequence[str]], codes: np.ndarray
) -> pd.DataFrame:
    """The table of ``codes`` with a Categorical column per variable."""
    return pd.DataFrame(
        {
            name: pd.Categorical.from_codes(codes[position], categories=list(cats))
            for position, (name, cats) in enumerate(zip(columns, categories, strict=True))
        }
    )


def project(noisy: np.ndarray, total: float) -> np.ndarray:
    """The closest (Euclidean) non-negative vector adding up to ``total``: subtract one
    threshold from every cell and clamp at zero (Duchi et al. 2008)."""
    noisy = noisy.astype(float)
    if total <= 0:
        return np.zeros_like(noisy)
    ordered = np.sort(noisy)[::-1]
    excess = np.cumsum(ordered) - total
    kept = np.nonzero(ordered - excess / np.arange(1, len(ordered) + 1) > 0)[0][-1]
    return np.maximum(noisy - excess[kept] / (kept + 1), 0.0)


def pair_counts(codes: np.ndarray, sizes: Sequence[int], i: int, j: int) -> np.ndarray:
    keys = codes[i].astype(np.int64) * sizes[j] + codes[j]
    return np.bincount(keys, minlength=sizes[i] * sizes[j]).reshape(sizes[i], sizes[j])
