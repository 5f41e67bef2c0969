"""Log-linear Poisson models of a capture table, fitted with statsmodels, and the search for
the one to report.

A model has a main effect for every list and some two-way interactions (never the k-way
term, which the observed cells cannot identify). Fitted to the observable cells, the
all-zero history has every covariate at zero, so its expected count is exp(intercept): the
persons on no list. Up to `EXHAUSTIVE_LISTS` lists every subset of interactions is fitted;
beyond, a forward stepwise search on the criterion.
"""

from __future__ import annotations

import math
import warnings
from dataclasses import dataclass
from itertools import combinations
from typing import Any, Literal

import numpy as np
import statsmodels.api as sm

from tipsom.engine.estimation.table import CaptureTable, histories

Term = tuple[str, str]  # a two-way interaction between two lists, by name
Criterion = Literal["aic", "bic"]

EXHAUSTIVE_LISTS = 4  # 2^6 = 64 models for four lists; five would be 1,024
# A fitted log-linear parameter beyond this (a factor of e^15, over three million) is not an
# estimate but the optimiser walking towards a maximum at infinity: the data put the MLE on
# the boundary (typically an interaction between two lists no person shares).
DIVERGED = 15.0


@dataclass(frozen=True)
class ModelFit:
    """One fitted model: its interactions, fit and estimate of the total population."""

    terms: tuple[Term, ...]
    deviance: float
    df: int
    aic: float
    bic: float
    unobserved: float  # expected persons on no list: exp(intercept)
    estimate: float  # observed + unobserved
    params: tuple[float, ...]  # intercept, one per list, one per term (design column order)

    @property
    def label(self) -> str:
        return label(self.terms)

    def score(self, criterion: Criterion) -> float:
        return self.aic if criterion == "aic" else self.bic


@dataclass(frozen=True)
class Dropped:
    """A model left out of the choice, and why."""

    terms: tuple[Term, ...]
    reason: str

    @property
    def label(self) -> str:
        return label(self.terms)


def label(terms: tuple[Term, ...]) -> str:
    if not terms:
        return "main effects only"
    return "main effects + " + " + ".join(f"{a}×{b}" for a, b in terms)


def pairs(lists: tuple[str, ...]) -> list[Term]:
    return list(combinations(lists, 2))


def design(table: CaptureTable, terms: tuple[Term, ...], unobserved: bool = False) -> Any:
    """The model matrix over the observable histories (with the all-zero history as the
    first row when ``unobserved``): intercept, list indicators, products for the terms."""
    index = {name: i for i, name in enumerate(table.lists)}
    rows = ([(0,) * table.k] if unobserved else []) + histories(table.k)
    return np.array(
        [[1, *h, *(h[index[a]] * h[index[b]] for a, b in terms)] for h in rows], dtype=float
    )


def poisson(y: Any, x: Any, start: Any = None) -> Any:
    """statsmodels' Poisson GLM fit, quietly: the callers judge convergence and divergence."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return sm.GLM(y, x, family=sm.families.Poisson()).fit(start_params=start)


def diverged(params: Any) -> bool:
    return not np.all(np.isfinite(params)) or bool(np.any(np.abs(params[1:]) > DIVERGED))


def fit(table: CaptureTable, terms: tuple[Term, ...]) -> ModelFit | Dropped:
    """Fit one model, or say why it cannot be used."""
    unshared = _unshared(table, terms)
    if unshared:
        return unshared
    x = design(table, terms)
    result = poisson(np.array(table.counts(), dtype=float), x)
    if not result.converged:
        return Dropped(terms, "the fit did not converge")
    params = np.asarray(result.params, dtype=float)
    if diverged(params):
        return Dropped(
            terms, "its parameters diverge: the maximum likelihood estimate is on the boundary"
        )
    with np.errstate(over="ignore"):
        unobserved = float(np.exp(params[0]))
    if not math.isfinite(unobserved):
        return Dropped(terms, "its estimate of the persons on no list is infinite")
    llf = float(result.llf)
    n_params = x.shape[1]
    return ModelFit(
        terms=terms,
        deviance=float(result.deviance),
        df=x.shape[0] - n_params,
        aic=-2 * llf + 2 * n_params,
        # The sample size in BIC's penalty is the persons observed, not the cells.
        bic=-2 * llf + math.log(table.observed) * n_params,
        unobserved=unobserved,
        estimate=table.observed + unobserved,
        params=tuple(float(p) for p in params),
    )


def _unshared(table: CaptureTable, terms: tuple[Term, ...]) -> Dropped | None:
    index = {name: i for i, name in enumerate(table.lists)}
    for a, b in terms:
        if table.overlap(index[a], index[b]) == 0:
            return Dropped(
                terms, f"no person is on both {a} and {b}, so {a}×{b} has no finite estimate"
            )
    return None


def search(
    table: CaptureTable, criterion: Criterion
) -> tuple[list[ModelFit], list[Dropped], Literal["all", "stepwise"]]:
    """Fit the candidate models: every subset of two-way interactions for up to
    `EXHAUSTIVE_LISTS` lists, a forward stepwise search on ``criterion`` beyond."""
    if table.k <= EXHAUSTIVE_LISTS:
        fits, dropped = _split(
            fit(table, terms)
            for size in range(len(pairs(table.lists)) + 1)
            for terms in combinations(pairs(table.lists), size)
        )
        return fits, dropped, "all"
    return (*_stepwise(table, criterion), "stepwise")


def _split(results: Any) -> tuple[list[ModelFit], list[Dropped]]:
    fits: list[ModelFit] = []
    dropped: list[Dropped] = []
    for result in results:
        (fits if isinstance(result, ModelFit) else dropped).append(result)
    return fits, dropped


def _stepwise(table: CaptureTable, criterion: Criterion) -> tuple[list[ModelFit], list[Dropped]]:
    current = fit(table, ())
    if isinstance(current, Dropped):
        return [], [current]
    fits: list[ModelFit] = [current]
    dropped: list[Dropped] = []
    # A pair no person shares can never enter: say so once rather than at every step.
    order: list[Term] = []
    for pair in pairs(table.lists):
        unshared = _unshared(table, (pair,))
        if unshared:
            dropped.append(unshared)
        else:
            order.append(pair)
    while True:
        tried = [
            fit(table, tuple(p for p in order if p in current.terms or p == extra))
            for extra in order
            if extra not in current.terms
        ]
        better, failed = _split(tried)
        fits += better
        dropped += failed
        if not better:
            return fits, dropped
        best = min(better, key=lambda f: f.score(criterion))
        if best.score(criterion) >= current.score(criterion):
            return fits, dropped
        current = best


def select(fits: list[ModelFit], criterion: Criterion) -> ModelFit:
    # Ties (the same score to rounding) go to the simpler model.
    return min(fits, key=lambda f: (round(f.score(criterion), 9), len(f.terms)))
