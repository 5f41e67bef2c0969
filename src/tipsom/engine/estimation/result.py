"""What an estimate reports: the figures, every model fitted, the cautions, and a method note
in plain English for the report that publishes it."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Literal

from tipsom.engine.estimation.models import Criterion, Dropped, ModelFit, Term, label

Interval = Literal["profile", "bootstrap"]
Search = Literal["all", "stepwise", "fixed"]


@dataclass(frozen=True)
class PopulationEstimate:
    """The total (observed + unobserved) population from multiple systems estimation."""

    lists: tuple[str, ...]
    histories: tuple[tuple[str, int], ...]  # ("110", 12): persons on the first two lists only
    observed: int
    estimate: float
    lower: float
    upper: float  # math.inf when the data cannot close the interval
    level: float
    interval: Interval
    criterion: Criterion
    search: Search  # every subset of interactions, stepwise, or a model fixed by the caller
    model: tuple[Term, ...]  # the selected model's two-way interactions
    models: tuple[ModelFit, ...]  # every model fitted, in the order fitted
    dropped: tuple[Dropped, ...]
    warnings: tuple[str, ...]
    samples: int = 0  # bootstrap resamples (0 for the profile interval)

    @property
    def unobserved(self) -> float:
        return self.estimate - self.observed

    @property
    def selected(self) -> ModelFit:
        return next(m for m in self.models if m.terms == self.model)

    def method_note(self) -> str:
        """A short paragraph saying what was estimated, how, and with what caution."""
        chosen = self.selected
        sentences = [
            f"Multiple systems estimation from {len(self.lists)} lists "
            f"({', '.join(self.lists)}) holding {self.observed:,} linked persons, "
            f"{_on_several(self.histories):,} of them on more than one list.",
            _models_sentence(self),
            f"It estimates {_n(self.estimate)} persons in total, {_n(self.unobserved)} of "
            f"them on no list, with a {self.level:.0%} {_interval_name(self)} interval "
            f"of {_n(self.lower)} to {_n(self.upper)}.",
            "The estimate assumes a closed population, correctly linked records and no "
            "dependence between lists beyond the modelled interactions.",
        ]
        if chosen.df == 0:
            sentences.append(
                "The chosen model fits the table exactly, so its fit cannot be tested."
            )
        if self.warnings:
            sentences.append("Cautions: " + " ".join(self.warnings))
        return " ".join(sentences)


def _on_several(histories: tuple[tuple[str, int], ...]) -> int:
    return sum(count for history, count in histories if history.count("1") > 1)


def _n(value: float) -> str:
    return "an unbounded number" if math.isinf(value) else f"{round(value):,}"


def _interval_name(result: PopulationEstimate) -> str:
    if result.interval == "bootstrap":
        return f"parametric bootstrap ({result.samples:,} resamples, percentile)"
    return "profile likelihood"


def _models_sentence(result: PopulationEstimate) -> str:
    chosen = result.selected
    fit = f"{label(chosen.terms)} (deviance {chosen.deviance:.1f} on {chosen.df} df)"
    cells = 2 ** len(result.lists) - 1
    base = (
        "Log-linear Poisson models with a main effect for every list and two-way "
        f"interactions were fitted to the {cells} observable capture histories"
    )
    if result.search == "fixed":
        return f"{base}; the model was fixed in advance: {fit}."
    how = "every subset of interactions" if result.search == "all" else "a forward stepwise search"
    dropped = f", {len(result.dropped)} left out as not estimable" if result.dropped else ""
    return (
        f"{base} ({how}: {len(result.models)} models{dropped}); the model with the lowest "
        f"{result.criterion.upper()} was chosen: {fit}."
    )
