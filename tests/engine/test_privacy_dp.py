"""engine.privacy.dp: noisy counts and histograms from OpenDP, and the privacy-budget ledger
(no Django). OpenDP's noise cannot be seeded: the noise checks are statistical, with bounds
many standard errors wide."""

from __future__ import annotations

import math

import numpy as np
import opendp.prelude as opendp
import pytest

from tipsom.engine.privacy.dp import (
    BudgetExceeded,
    Ledger,
    dp_count,
    dp_histogram,
    noisy_argmax,
    noisy_vector,
)

opendp.enable_features("contrib")


def discrete_laplace_sd(scale: float) -> float:
    q = math.exp(-1 / scale)
    return math.sqrt(2 * q) / (1 - q)


# --- Counts and histograms --------------------------------------------------------------


@pytest.mark.parametrize("epsilon", [0.1, 1 / 3, 0.7, 2.0])
def test_the_epsilon_spent_is_opendps_map_and_equals_the_one_asked(epsilon):
    count = dp_count(500, epsilon)
    assert count.epsilon <= epsilon
    assert count.epsilon == pytest.approx(epsilon, rel=1e-12)
    # The figure is OpenDP's own map of the measurement with that scale, at sensitivity 1.
    measurement = opendp.m.make_laplace(
        opendp.atom_domain(T=int), opendp.absolute_distance(T=int), scale=count.scale
    )
    assert measurement.map(1) == count.epsilon

    histogram = dp_histogram(["a", "b", "a"], ["a", "b", "c"], epsilon)
    assert histogram.epsilon == pytest.approx(epsilon, rel=1e-12)
    assert histogram.epsilon <= epsilon


def test_several_records_per_person_widen_the_noise():
    assert dp_count(10, 0.5, contributions=3).scale == pytest.approx(6.0)
    assert dp_histogram({"a": 1}, ["a", "b"], 0.5, contributions=2).scale == pytest.approx(4.0)


def test_noise_has_the_spread_its_epsilon_implies():
    # 2,000 cells of 1,000 persons each at epsilon 0.5: 2,000 independent draws of noise
    # with scale 2 (standard deviation 2.80). Far from zero, so no clamping.
    histogram = dp_histogram({i: 1000 for i in range(2000)}, range(2000), 0.5)
    noise = np.array(list(histogram.counts.values())) - 1000
    sd = discrete_laplace_sd(histogram.scale)
    assert histogram.scale == pytest.approx(2.0)
    assert abs(noise.mean()) < 5 * sd / math.sqrt(2000)
    assert noise.std() == pytest.approx(sd, rel=0.15)
    assert len(set(noise.tolist())) > 10  # real noise, not a constant shift


def test_counts_are_whole_and_never_negative():
    draws = [dp_count(0, 1.0).value for _ in range(300)]
    assert all(isinstance(v, int) and v >= 0 for v in draws)
    # Noise of scale 1 is positive about 27% of the time; the rest is clamped to 0.
    zeros = draws.count(0) / len(draws)
    assert 0.6 < zeros < 0.85
    histogram = dp_histogram([], ["a", "b", "c"], 1.0)
    assert list(histogram.counts) == ["a", "b", "c"]
    assert all(isinstance(v, int) and v >= 0 for v in histogram.counts.values())


def test_values_are_counted_by_opendp_in_their_categories():
    # A large epsilon leaves the counts nearly exact: 3 a, 1 b, 0 c.
    histogram = dp_histogram(["a", "b", "a", "a"], ["a", "b", "c"], 50.0)
    assert histogram.counts == {"a": 3, "b": 1, "c": 0}
    from_counts = dp_histogram({"a": 3, "b": 1}, ["a", "b", "c"], 50.0)
    assert from_counts.counts == {"a": 3, "b": 1, "c": 0}


def test_a_value_outside_the_categories_is_refused_by_name():
    with pytest.raises(ValueError, match="'d' is not one of the categories"):
        dp_histogram(["a", "d"], ["a", "b"], 1.0)
    with pytest.raises(ValueError, match="not in the list: d"):
        dp_histogram({"a": 1, "d": 2}, ["a", "b"], 1.0)
    with pytest.raises(ValueError, match="epsilon must be a positive number"):
        dp_count(3, 0)
    with pytest.raises(ValueError, match="n must be a whole number"):
        dp_count(-1, 1.0)


def test_noisy_vector_keeps_negative_noise_for_post_processing():
    noisy, spent, scale = noisy_vector(np.zeros(500, dtype=int), 0.5, sensitivity=2)
    assert spent == pytest.approx(0.5) and scale == pytest.approx(4.0)
    assert (noisy < 0).any() and (noisy > 0).any()


def test_noisy_argmax_picks_the_clear_winner_and_reports_opendps_epsilon():
    picks = [noisy_argmax([0.0, 1000.0, 0.0], 1.0)[0] for _ in range(20)]
    assert picks == [1] * 20
    _, spent = noisy_argmax([1.0, 2.0], 0.3, sensitivity=4)
    assert spent == pytest.approx(0.3, rel=1e-12) and spent <= 0.3


# --- The ledger -------------------------------------------------------------------------


def test_ledger_refuses_a_charge_over_the_budget_and_records_nothing():
    ledger = Ledger(epsilon=1.0)
    ledger.charge("table 1", 0.6)
    with pytest.raises(BudgetExceeded) as refused:
        ledger.charge("table 2", 0.5)
    message = str(refused.value)
    assert "'table 2'" in message
    assert "budget epsilon 1" in message and "spent epsilon 0.6" in message
    assert "asked epsilon 0.5" in message
    assert [s.what for s in ledger.spends] == ["table 1"]
    assert ledger.spent_epsilon == pytest.approx(0.6)
    assert isinstance(refused.value, ValueError)


def test_ledger_allows_the_exact_boundary():
    ledger = Ledger(epsilon=1.0)
    ledger.charge("a", 0.25)
    ledger.charge("b", 0.75)
    assert ledger.remaining_epsilon == 0
    # Float splits that do not add up exactly in binary are still the whole budget.
    split = Ledger(epsilon=1.0)
    for part in (0.1, 0.2, 0.7):
        split.charge("part", part)
    assert len(split.spends) == 3
    with pytest.raises(BudgetExceeded):
        split.charge("one more", 1e-6)


def test_ledger_delta_is_a_budget_of_its_own():
    ledger = Ledger(epsilon=2.0, delta=1e-6)
    ledger.charge("gaussian table", 0.5, 1e-6)
    with pytest.raises(BudgetExceeded, match="delta"):
        ledger.charge("another", 0.5, 1e-7)
    ledger.charge("pure table", 0.5)
    assert ledger.spent_delta == pytest.approx(1e-6)
    assert Ledger(epsilon=1.0).can_charge(0.5) and not Ledger(epsilon=1.0).can_charge(0.1, 1e-9)


def test_ledger_round_trips_through_plain_dicts():
    ledger = Ledger(epsilon=1.0, delta=1e-5)
    ledger.charge("counts by province", 0.3)
    ledger.charge("synthetic microdata", 0.5, 1e-6)
    data = ledger.to_dict()
    assert data == {
        "epsilon": 1.0,
        "delta": 1e-5,
        "spends": [
            {"what": "counts by province", "epsilon": 0.3, "delta": 0.0},
            {"what": "synthetic microdata", "epsilon": 0.5, "delta": 1e-6},
        ],
    }
    assert Ledger.from_dict(data) == ledger
    overspent = {**data, "spends": [*data["spends"], {"what": "x", "epsilon": 0.5}]}
    with pytest.raises(BudgetExceeded):
        Ledger.from_dict(overspent)


def test_ledger_refuses_nonsense():
    with pytest.raises(ValueError, match="budget's epsilon"):
        Ledger(epsilon=0)
    with pytest.raises(ValueError, match="epsilon must be a number >= 0"):
        Ledger(epsilon=1.0).charge("x", -0.1)
    with pytest.raises(ValueError, match="must say what"):
        Ledger(epsilon=1.0).charge("", 0.1)
