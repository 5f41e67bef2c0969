"""Differentially private counts and histograms (OpenDP), and a privacy-budget ledger.

Unit of privacy: one person's record. Two datasets are neighbours when one has a person's
record and the other has not (add/remove one record, OpenDP's symmetric distance 1), so a
count moves by at most 1 and a histogram in which each person falls into one cell moves
by at most 1 in L1. Where one person may hold several records (registered by two
organisations before deduplication), pass ``contributions``: the sensitivities grow with it.

The noise is OpenDP's discrete Laplace (``make_laplace`` over integers, equivalent to the
geometric mechanism), drawn from its cryptographically secure generator, which cannot be
seeded on purpose. The epsilon reported is what OpenDP's privacy map says the measurement
costs for the stated sensitivity, never a figure computed beside it. Clamping negative
counts to zero is post-processing and costs nothing.
"""

from __future__ import annotations

import math
from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

# Budgets are compared with this relative slack: OpenDP's maps round up in the last bit
# and a split budget (e.g. 0.1 + 0.2 + 0.7) does not always add up exactly in floats.
TOLERANCE = 1e-9


def _dp() -> Any:
    """OpenDP's prelude with the contrib features it needs (imported lazily: heavy)."""
    import opendp.prelude as dp

    dp.enable_features("contrib")
    return dp


def _check_epsilon(epsilon: float) -> None:
    if not (isinstance(epsilon, int | float) and math.isfinite(epsilon) and epsilon > 0):
        raise ValueError(f"epsilon must be a positive number, not {epsilon!r}")


def _check_contributions(contributions: int) -> None:
    if not (isinstance(contributions, int) and contributions >= 1):
        raise ValueError(f"contributions must be a whole number >= 1, not {contributions!r}")


def _calibrated(make: Any, sensitivity: float, epsilon: float) -> tuple[Any, float, float]:
    """The measurement ``make(scale)`` with the smallest scale whose OpenDP privacy map at
    ``sensitivity`` is at most ``epsilon``, that map's value and the scale. The map rounds up, so
    ``sensitivity / epsilon`` may be a hair too small; the next floats up are tried."""
    scale = sensitivity / epsilon
    # Maps are linear in 1/scale (report-noisy-max on scores that may move either way
    # costs twice the Laplace figure): one proportional step, then float steps.
    spent = float(make(scale).map(sensitivity))
    if spent > epsilon:
        scale *= spent / epsilon
    for _ in range(64):
        measurement = make(scale)
        spent = float(measurement.map(sensitivity))
        if spent <= epsilon:
            return measurement, spent, scale
        scale = math.nextafter(scale, math.inf)
    raise ArithmeticError(f"no noise scale found for epsilon {epsilon}")  # pragma: no cover


@dataclass(frozen=True)
class NoisyCount:
    value: int  # >= 0
    epsilon: float  # OpenDP's privacy map at the stated sensitivity
    scale: float  # of the discrete Laplace noise (standard deviation ~ scale * sqrt(2))


@dataclass(frozen=True)
class NoisyHistogram:
    counts: dict[Hashable, int]  # every category, in the order given; each >= 0
    epsilon: float
    scale: float


def dp_count(n: int, epsilon: float, *, contributions: int = 1) -> NoisyCount:
    """A count of persons released with epsilon-DP: ``n`` plus discrete Laplace noise of
    scale ``contributions / epsilon``, clamped at zero."""
    _check_epsilon(epsilon)
    _check_contributions(contributions)
    if not (isinstance(n, int | np.integer) and n >= 0):
        raise ValueError(f"n must be a whole number >= 0, not {n!r}")
    dp = _dp()
    space = dp.atom_domain(T=int), dp.absolute_distance(T=int)
    measurement, spent, scale = _calibrated(
        lambda scale: dp.m.make_laplace(*space, scale=scale), contributions, epsilon
    )
    return NoisyCount(max(0, int(measurement(int(n)))), spent, scale)


def dp_histogram(
    data: Iterable[Hashable] | Mapping[Hashable, int],
    categories: Sequence[Hashable],
    epsilon: float,
    *,
    contributions: int = 1,
) -> NoisyHistogram:
    """Counts by category released with epsilon-DP, each person counted in one cell.

    ``data`` is either the values themselves (one per record: OpenDP's
    ``count_by_categories`` counts them, its stability map giving the sensitivity) or
    counts already made (a mapping category -> count, each person in one cell). The
    categories must be public (a codebook), never read off the data: a category that is
    absent still gets a noisy count. A value or key outside ``categories`` is an error.
    """
    _check_epsilon(epsilon)
    _check_contributions(contributions)
    categories = list(categories)
    if len(set(categories)) != len(categories):
        raise ValueError("categories must not repeat")
    if not categories:
        raise ValueError("categories must not be empty")
    known = set(categories)
    dp = _dp()
    if isinstance(data, Mapping):
        unknown = sorted(map(str, set(data) - known))
        if unknown:
            raise ValueError(f"counts for categories not in the list: {', '.join(unknown)}")
        counts = [int(data.get(category, 0)) for category in categories]
        if any(count < 0 for count in counts):
            raise ValueError("counts must be >= 0")
        noisy, spent, scale = noisy_vector(np.asarray(counts), epsilon, contributions)
    else:
        # OpenDP counts strings or integers; categories are mapped to their positions.
        index = {category: position for position, category in enumerate(categories)}
        try:
            codes = [index[value] for value in data]
        except KeyError as error:
            raise ValueError(f"value {error.args[0]!r} is not one of the categories") from None
        space = dp.vector_domain(dp.atom_domain(T=int)), dp.symmetric_distance()
        count = dp.t.make_count_by_categories(
            *space, categories=list(range(len(categories))), null_category=False
        )
        measurement, spent, scale = _calibrated(
            lambda scale: count >> dp.m.then_laplace(scale=scale), contributions, epsilon
        )
        noisy = np.asarray(measurement(codes), dtype=np.int64)
    clamped = np.maximum(noisy, 0)
    return NoisyHistogram(dict(zip(categories, clamped.tolist(), strict=True)), spent, scale)


def noisy_vector(
    counts: np.ndarray, epsilon: float, sensitivity: float = 1
) -> tuple[np.ndarray, float, float]:
    """Discrete Laplace noise on a vector of integer counts whose L1 sensitivity (how much
    one person can move the whole vector) is ``sensitivity``. Returns the noisy counts
    *unclamped* (negative values carry information the caller's post-processing can use),
    the epsilon from OpenDP's map and the noise scale."""
    _check_epsilon(epsilon)
    dp = _dp()
    space = dp.vector_domain(dp.atom_domain(T=int)), dp.l1_distance(T=int)
    measurement, spent, scale = _calibrated(
        lambda scale: dp.m.make_laplace(*space, scale=scale), int(sensitivity), epsilon
    )
    noisy = np.asarray(measurement([int(c) for c in counts]), dtype=np.int64)
    return noisy, spent, scale


def noisy_argmax(
    scores: Sequence[float], epsilon: float, sensitivity: float = 1
) -> tuple[int, float]:
    """The index of the highest score chosen with epsilon-DP (OpenDP's report-noisy-max, the
    exponential mechanism), when one person can move each score by at most ``sensitivity``
    in either direction. Returns the index and the epsilon from OpenDP's map."""
    _check_epsilon(epsilon)
    dp = _dp()
    space = (
        dp.vector_domain(dp.atom_domain(T=float, nan=False)),
        dp.linf_distance(T=float, monotonic=False),
    )
    measurement, spent, _ = _calibrated(
        lambda scale: dp.m.make_noisy_max(*space, dp.max_divergence(), scale=scale),
        float(sensitivity),
        epsilon,
    )
    return int(measurement([float(s) for s in scores])), spent


# --- The ledger ---------------------------------------------------------------------------


class BudgetExceeded(ValueError):
    """A release would spend more privacy budget than the dataset has left."""


@dataclass(frozen=True)
class Spend:
    what: str
    epsilon: float
    delta: float = 0.0


@dataclass
class Ledger:
    """A dataset's privacy budget and what has been spent from it.

    Spends add up by basic sequential composition: k releases of (epsilon_i, delta_i)-DP
    are together (sum epsilon_i, sum delta_i)-DP, whatever each was chosen after seeing the
    ones before. A charge that would take either sum past the budget is refused and nothing
    is recorded. Amounts are compared with a relative slack of ``TOLERANCE`` for float
    rounding.
    """

    epsilon: float
    delta: float = 0.0
    spends: list[Spend] = field(default_factory=list)

    def __post_init__(self) -> None:
        if not (math.isfinite(self.epsilon) and self.epsilon > 0):
            raise ValueError(
                f"the budget's epsilon must be a positive number, not {self.epsilon!r}"
            )
        if not (math.isfinite(self.delta) and 0 <= self.delta < 1):
            raise ValueError(f"the budget's delta must be in [0, 1), not {self.delta!r}")

    @property
    def spent_epsilon(self) -> float:
        return math.fsum(spend.epsilon for spend in self.spends)

    @property
    def spent_delta(self) -> float:
        return math.fsum(spend.delta for spend in self.spends)

    @property
    def remaining_epsilon(self) -> float:
        return max(0.0, self.epsilon - self.spent_epsilon)

    @property
    def remaining_delta(self) -> float:
        return max(0.0, self.delta - self.spent_delta)

    def can_charge(self, epsilon: float, delta: float = 0.0) -> bool:
        return self.spent_epsilon + epsilon <= self.epsilon * (
            1 + TOLERANCE
        ) and self.spent_delta + delta <= self.delta * (1 + TOLERANCE)

    def charge(self, what: str, epsilon: float, delta: float = 0.0) -> Spend:
        """Record a release of (epsilon, delta)-DP, or raise `BudgetExceeded` (recording
        nothing) when it would take the total past the budget."""
        if not what:
            raise ValueError("a spend must say what was released")
        if not (math.isfinite(epsilon) and epsilon >= 0):
            raise ValueError(f"epsilon must be a number >= 0, not {epsilon!r}")
        if not (math.isfinite(delta) and 0 <= delta < 1):
            raise ValueError(f"delta must be in [0, 1), not {delta!r}")
        if not self.can_charge(epsilon, delta):
            raise BudgetExceeded(
                f"privacy budget exceeded for {what!r}: budget epsilon {self.epsilon:g}, "
                f"delta {self.delta:g}; spent epsilon {self.spent_epsilon:g}, "
                f"delta {self.spent_delta:g}; asked epsilon {epsilon:g}, delta {delta:g}"
            )
        spend = Spend(what, float(epsilon), float(delta))
        self.spends.append(spend)
        return spend

    def to_dict(self) -> dict[str, Any]:
        return {
            "epsilon": self.epsilon,
            "delta": self.delta,
            "spends": [
                {"what": s.what, "epsilon": s.epsilon, "delta": s.delta} for s in self.spends
            ],
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Ledger:
        """The ledger `to_dict` wrote. The spends are re-checked against the budget: a
        stored ledger that overspends is refused, not silently loaded."""
        ledger = cls(float(data["epsilon"]), float(data.get("delta", 0.0)))
        for spend in data.get("spends", ()):
            ledger.charge(
                str(spend["what"]), float(spend["epsilon"]), float(spend.get("delta", 0.0))
            )
        return ledger
