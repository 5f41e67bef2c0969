"""The two entry points: an estimate from a table of capture histories, or from registers
(who is on which list, after record linkage)."""

from __future__ import annotations

import math
from collections.abc import Hashable, Iterable, Mapping, Sequence

from tipsom.engine.estimation import interval as intervals
from tipsom.engine.estimation import models
from tipsom.engine.estimation.errors import EstimationRefused
from tipsom.engine.estimation.models import Criterion, Dropped, ModelFit, Term
from tipsom.engine.estimation.result import Interval, PopulationEstimate, Search
from tipsom.engine.estimation.table import CaptureTable, check, from_counts, from_registers
from tipsom.engine.estimation.table import isolated as isolated_lists

UNSTABLE_RATIO = 10  # an estimate this many times the persons observed rests on little data
CLOSE = 2.0  # models within this of the best criterion are about as well supported
SPREAD = 0.1  # ... and a caution is due when their estimates differ by more than this share


def estimate(
    counts: Mapping[str, int] | Mapping[tuple[int, ...], int],
    lists: Sequence[str],
    *,
    criterion: Criterion = "aic",
    interval: Interval = "profile",
    level: float = 0.95,
    model: Sequence[Term] | None = None,
    samples: int = 1000,
    seed: int | None = None,
) -> PopulationEstimate:
    """Estimate the total population from counts by capture history.

    ``counts`` maps a history (``"110"`` or ``(1, 1, 0)``: one digit per list, in the order
    of ``lists``) to the persons seen with exactly that history; histories left out count
    zero. ``criterion``: "aic" (default) or "bic" to choose the model. ``interval``:
    "profile" (default, profile likelihood) or "bootstrap" (parametric, ``samples``
    resamples, reproducible with ``seed``). ``model``: fit just these two-way interactions
    (pairs of list names) instead of searching. Raises `EstimationRefused` when the data
    cannot support an estimate."""
    return _estimate(from_counts(counts, lists), criterion, interval, level, model, samples, seed)


def estimate_from_registers(
    registers: Iterable[tuple[Hashable, str]],
    lists: Sequence[str] | None = None,
    *,
    criterion: Criterion = "aic",
    interval: Interval = "profile",
    level: float = 0.95,
    model: Sequence[Term] | None = None,
    samples: int = 1000,
    seed: int | None = None,
) -> PopulationEstimate:
    """Estimate the total population from (person, list) pairs: one pair for each register a
    linked person is on. ``lists`` names the registers (in order; an empty one is refused);
    by default those named in the pairs. The other options are those of `estimate`."""
    return _estimate(
        from_registers(registers, lists), criterion, interval, level, model, samples, seed
    )


def _estimate(
    table: CaptureTable,
    criterion: Criterion,
    interval: Interval,
    level: float,
    model: Sequence[Term] | None,
    samples: int,
    seed: int | None,
) -> PopulationEstimate:
    _check_options(criterion, interval, level, samples)
    check(table)
    fits, dropped, search = _fit_models(table, criterion, model)
    chosen = models.select(fits, criterion)
    cautions = _cautions(table, chosen, fits, dropped, criterion)
    if interval == "profile":
        try:
            lower, upper = intervals.profile(table, chosen, level)
        except (ValueError, RuntimeError, FloatingPointError) as error:
            raise EstimationRefused(
                "interval_failed",
                f"The profile likelihood interval could not be computed ({error}); "
                "try the bootstrap interval.",
            ) from error
        used = 0
    else:
        lower, upper, failed = intervals.bootstrap(table, chosen, level, samples, seed)
        used = samples
        if failed == samples:
            raise EstimationRefused(
                "interval_failed", "No bootstrap resample could be fitted with the model."
            )
        if failed:
            cautions.append(
                f"{failed} of {samples} bootstrap resamples could not be fitted (the fit "
                "did not converge) and were left out."
            )
    if math.isinf(upper):
        cautions.append("The data cannot close the interval above: the upper bound is open.")
    return PopulationEstimate(
        lists=table.lists,
        histories=tuple(table.as_dict().items()),
        observed=table.observed,
        estimate=chosen.estimate,
        lower=lower,
        upper=upper,
        level=level,
        interval=interval,
        criterion=criterion,
        search=search,
        model=chosen.terms,
        models=tuple(fits),
        dropped=tuple(dropped),
        warnings=tuple(cautions),
        samples=used,
    )


def _check_options(criterion: str, interval: str, level: float, samples: int) -> None:
    if criterion not in ("aic", "bic"):
        raise EstimationRefused(
            "invalid_input", f"Criterion must be aic or bic, not {criterion!r}."
        )
    if interval not in ("profile", "bootstrap"):
        raise EstimationRefused(
            "invalid_input", f"Interval must be profile or bootstrap, not {interval!r}."
        )
    if not 0 < level < 1:
        raise EstimationRefused("invalid_input", f"Level must be between 0 and 1, not {level}.")
    if interval == "bootstrap" and samples < 100:
        raise EstimationRefused(
            "invalid_input", f"A bootstrap needs at least 100 resamples, not {samples}."
        )


def _fit_models(
    table: CaptureTable, criterion: Criterion, model: Sequence[Term] | None
) -> tuple[list[ModelFit], list[Dropped], Search]:
    if model is not None:
        terms = _terms(table, model)
        fitted = models.fit(table, terms)
        if isinstance(fitted, Dropped):
            raise EstimationRefused(
                "model_failed", f"The model {fitted.label} cannot be used: {fitted.reason}."
            )
        return [fitted], [], "fixed"
    fits, dropped, search = models.search(table, criterion)
    if not fits:
        reasons = "; ".join(sorted({d.reason for d in dropped}))
        raise EstimationRefused("no_model", f"No model could be fitted to the table: {reasons}.")
    return fits, dropped, search


def _terms(table: CaptureTable, model: Sequence[Term]) -> tuple[Term, ...]:
    order = models.pairs(table.lists)
    wanted: set[Term] = set()
    for a, b in model:
        if (a, b) in order:
            wanted.add((a, b))
        elif (b, a) in order:
            wanted.add((b, a))
        else:
            raise EstimationRefused(
                "invalid_input",
                f"Interaction {a}×{b} must join two different lists among "
                f"{', '.join(table.lists)}.",
            )
    return tuple(p for p in order if p in wanted)


def _cautions(
    table: CaptureTable,
    chosen: ModelFit,
    fits: list[ModelFit],
    dropped: list[Dropped],
    criterion: Criterion,
) -> list[str]:
    cautions: list[str] = []
    unshared = [
        f"{a} and {b}"
        for (a, b) in models.pairs(table.lists)
        if table.overlap(table.lists.index(a), table.lists.index(b)) == 0
    ]
    if unshared:
        cautions.append(
            f"No person is on both {'; '.join(unshared)}: models with those interactions "
            "have no finite estimate and were left out, so any dependence there is unmodelled."
        )
    diverging = [d.label for d in dropped if "diverge" in d.reason or "converge" in d.reason]
    if diverging:
        cautions.append(
            f"{len(diverging)} model(s) were left out because their fit diverged or did not "
            f"converge: {'; '.join(diverging)}."
        )
    for name in isolated_lists(table):
        cautions.append(
            f"List {name} shares no person with any other list; what it adds rests on the "
            "model alone."
        )
    if chosen.estimate > UNSTABLE_RATIO * table.observed:
        cautions.append(
            f"The estimate is more than {UNSTABLE_RATIO} times the persons observed; "
            "such estimates are unstable."
        )
    rivals = [
        f
        for f in fits
        if f is not chosen
        and f.score(criterion) - chosen.score(criterion) < CLOSE
        and abs(f.estimate - chosen.estimate) > SPREAD * chosen.estimate
    ]
    if rivals:
        low = min(f.estimate for f in [*rivals, chosen])
        high = max(f.estimate for f in [*rivals, chosen])
        cautions.append(
            f"{len(rivals)} other model(s) fit about as well ({criterion.upper()} within "
            f"{CLOSE:g}) but estimate from {round(low):,} to {round(high):,}."
        )
    return cautions
