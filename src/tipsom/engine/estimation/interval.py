"""Confidence intervals for the total population under one chosen model.

`profile`: the profile likelihood interval of Cormack (1992), as Rcapture computes it. For a
candidate total N the persons on no list are N − n; the model is refitted to all 2^k cells
with that count in the all-zero cell, and the multinomial log-likelihood of the table given N
is log N!/(N−n)! + Σ n_h log(μ_h/N). The interval holds the N whose log-likelihood is within
χ²₁(level)/2 of the maximum. `bootstrap`: a parametric bootstrap, drawing whole tables
(persons on no list included) from the fitted model, refitting the same model, and taking
percentiles of the estimates (conditional on the model: the search is not rerun).
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
from scipy import optimize, stats

from tipsom.engine.estimation.models import ModelFit, design, poisson
from tipsom.engine.estimation.table import CaptureTable

# The profile is searched up to this multiple of the observed persons; an interval still
# open there is reported as unbounded above (the data cannot close it).
UPPER_SEARCH = 1e4


def profile(table: CaptureTable, model: ModelFit, level: float) -> tuple[float, float]:
    """The profile likelihood interval for the total under ``model`` (upper bound may be
    infinite when the likelihood never falls far enough)."""
    n = float(table.observed)
    x = design(table, model.terms, unobserved=True)
    y = np.array([0.0, *table.counts()])
    start = np.asarray(model.params)

    def loglik(total: float) -> float:
        y[0] = total - n
        result = poisson(y, x, start)
        mu = np.asarray(result.mu, dtype=float)
        seen = y > 0
        return (
            math.lgamma(total + 1)
            - math.lgamma(total - n + 1)
            + float(np.sum(y[seen] * np.log(mu[seen] / total)))
        )

    # The multinomial maximum lies a little below the Poisson estimate; search around it.
    top = n + 2 * (model.estimate - n) + 10
    best = optimize.minimize_scalar(lambda t: -loglik(t), bounds=(n, top), method="bounded")
    peak, highest = float(best.x), -float(best.fun)
    drop = stats.chi2.ppf(level, 1) / 2

    def gap(total: float) -> float:
        return highest - loglik(total) - drop

    lower = n if gap(n) <= 0 else optimize.brentq(gap, n, peak, xtol=1e-3)
    upper, step = math.inf, max(peak - n, 10.0)
    while peak + step <= n * UPPER_SEARCH + 10:
        if gap(peak + step) > 0:
            upper = optimize.brentq(gap, peak, peak + step, xtol=1e-3)
            break
        step *= 2
    return float(lower), float(upper)


def bootstrap(
    table: CaptureTable, model: ModelFit, level: float, samples: int, seed: int | None
) -> tuple[float, float, int]:
    """Percentile interval from ``samples`` tables drawn from the fitted model (a multinomial
    over all 2^k cells with the estimated total), each refitted with the same model. Returns
    (lower, upper, resamples whose fit did not converge, left out)."""
    rng = np.random.default_rng(seed)
    x = design(table, model.terms)
    params = np.asarray(model.params)
    means = np.concatenate(([model.unobserved], np.exp(x @ params)))
    total = round(float(means.sum()))
    estimates: list[float] = []
    for _ in range(samples):
        draw = rng.multinomial(total, means / means.sum())[1:].astype(float)
        found = _refit(draw, x, params, table.observed)
        if found is not None:
            estimates.append(found)
    if not estimates:
        return math.nan, math.nan, samples
    tail = (1 - level) / 2
    # No interpolation: an infinite estimate in the tail makes that bound infinite.
    lower, upper = np.quantile(estimates, [tail, 1 - tail], method="inverted_cdf")
    return float(lower), float(upper), samples - len(estimates)


def _refit(counts: Any, x: Any, start: Any, observed: int) -> float | None:
    """A resample's estimate. A resample may put the MLE on the boundary (a cell it left
    empty); the fit then converges towards the limit, which is still the estimate: the
    observed total when the unobserved cell vanishes, infinity when it explodes."""
    result = poisson(counts, x, start)
    params = np.asarray(result.params, dtype=float)
    if not result.converged or not np.all(np.isfinite(params)):
        return None
    if params[0] > math.log(observed * UPPER_SEARCH):
        return math.inf
    return float(counts.sum() + math.exp(params[0]))
