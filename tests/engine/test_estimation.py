"""engine.estimation without Django: multiple systems estimation on simulated populations of
known size, on published tables, and the refusals of tables too thin to estimate from."""

from __future__ import annotations

from collections import Counter

import numpy as np
import pytest
from scipy import optimize

from tipsom.engine.estimation import (
    MIN_PERSONS,
    EstimationRefused,
    estimate,
    estimate_from_registers,
)
from tipsom.engine.estimation.table import from_counts, from_registers

ABC = ["A", "B", "C"]
TRUE_TOTAL = 2000


def population(seed: int, size: int = TRUE_TOTAL) -> list[tuple[int, str]]:
    """Registers of a population of known size on three lists: A catches 30%; B catches 50%
    of those on A but 15% of the others (A refers its victims to B: positive dependence);
    C catches 25%, independently."""
    rng = np.random.default_rng(seed)
    on_a = rng.random(size) < 0.3
    on_b = rng.random(size) < np.where(on_a, 0.5, 0.15)
    on_c = rng.random(size) < 0.25
    return [
        (person, name)
        for person in range(size)
        for name, on in (("A", on_a), ("B", on_b), ("C", on_c))
        if on[person]
    ]


def histories_of(registers: list[tuple[int, str]], lists: list[str]) -> dict[str, int]:
    seen: dict[int, set[str]] = {}
    for person, name in registers:
        seen.setdefault(person, set()).add(name)
    return dict(Counter("".join("1" if n in s else "0" for n in lists) for s in seen.values()))


# --- 1. A simulated population of known size --------------------------------------------


def test_selected_model_covers_the_true_total_and_independence_is_biased_low():
    # BIC here: with AIC the chosen model's interval covered the truth in about 86-91% of
    # simulated populations (spurious interactions picked for chance patterns), under the
    # nominal 95%; BIC, like the true model fitted alone, covered about 95%.
    covered = independent_covered = 0
    independent = []
    for seed in range(20):
        registers = population(seed)
        chosen = estimate_from_registers(registers, ABC, criterion="bic")
        covered += chosen.lower <= TRUE_TOTAL <= chosen.upper
        assert ("A", "B") in chosen.model  # the dependence is found every time
        alone = estimate_from_registers(registers, ABC, model=[])
        independent_covered += alone.lower <= TRUE_TOTAL <= alone.upper
        independent.append(alone.estimate)
    assert covered >= 17
    # Ignoring that A refers to B makes the overlap look like good coverage: too few hidden.
    assert max(independent) < 0.85 * TRUE_TOTAL
    assert independent_covered == 0


# --- 2. Published tables -------------------------------------------------------------------

# Tables and figures as the Rcapture package's test suite reproduces them from the papers
# (cran/Rcapture, inst/tests/testPapersResults.R: "Rcapture reproduces ... results").
DIABETES = {  # Bruno et al. (1994), diabetes: four sources, 2,069 persons
    "1111": 58, "1110": 157, "1101": 18, "1100": 104, "1011": 46, "1010": 650, "1001": 12,
    "1000": 709, "0111": 14, "0110": 20, "0101": 7, "0100": 74, "0011": 8, "0010": 182,
    "0001": 10,
}  # fmt: skip
DARROCH_R3 = {"111": 72, "110": 155, "101": 7, "100": 71, "011": 13, "010": 53, "001": 43}
CORMACK_3B = {"111": 72, "110": 5, "101": 29, "100": 54, "011": 24, "010": 3, "001": 14}
FOUR = ["c1", "c2", "c3", "c4"]


def test_diabetes_model_of_bruno_et_al_1994():
    """Bruno et al. (1994): four lists of diabetes cases, all two-way interactions but c1×c4:
    N = 2771 (s.e. 145), deviance 7.62 on 5 df; Rivest (2011), interactions c1×c3, c2×c4,
    c3×c4: N = 2472, deviance 21.97 on 7 df. Figures from Rcapture's reproduction of the
    papers (cran/Rcapture, inst/tests/testPapersResults.R)."""
    bruno = [("c1", "c2"), ("c1", "c3"), ("c2", "c3"), ("c2", "c4"), ("c3", "c4")]
    fixed = estimate(DIABETES, FOUR, model=bruno)
    assert fixed.observed == 2069
    assert fixed.estimate == pytest.approx(2771, abs=1)
    assert (round(fixed.selected.deviance, 2), fixed.selected.df) == (7.62, 5)
    rivest = estimate(DIABETES, FOUR, model=[("c1", "c3"), ("c2", "c4"), ("c3", "c4")])
    assert rivest.estimate == pytest.approx(2472, abs=1)
    assert (round(rivest.selected.deviance, 2), rivest.selected.df) == (21.97, 7)
    # Searching all 64 models, AIC finds the published model itself.
    searched = estimate(DIABETES, FOUR)
    assert len(searched.models) + len(searched.dropped) == 64
    assert searched.model == tuple(bruno)
    assert searched.lower < 2771 < searched.upper


def test_darroch_r3_models_of_rivest_2011():
    """Darroch et al. (1993), R3 data (three lists, 414 persons) as fitted in Rivest (2011):
    all three interactions N = 1240; without E1×E3 N = 850, deviance 3.8 on 1 df (via
    cran/Rcapture, inst/tests/testPapersResults.R)."""
    lists = ["E1", "E2", "E3"]
    every = estimate(DARROCH_R3, lists, model=[("E1", "E2"), ("E1", "E3"), ("E2", "E3")])
    assert every.estimate == pytest.approx(1240, abs=1)
    two = estimate(DARROCH_R3, lists, model=[("E1", "E2"), ("E2", "E3")])
    assert two.estimate == pytest.approx(850, abs=1)
    assert (round(two.selected.deviance, 1), two.selected.df) == (3.8, 1)


def test_profile_interval_of_cormack_chang_smith_2000():
    """Cormack, Chang and Smith (2000), Table 3b (three lists, 201 persons): independence
    N = 209, deviance 75.1 on 3 df, 95% profile likelihood interval 203-217; with B×C the
    interval starts at 210; with A×C + B×C, N = 233 from 204 (via cran/Rcapture,
    inst/tests/testPapersResults.R)."""
    independent = estimate(CORMACK_3B, ABC, model=[])
    assert independent.estimate == pytest.approx(209, abs=1)
    assert (round(independent.selected.deviance, 1), independent.selected.df) == (75.1, 3)
    assert (round(independent.lower), round(independent.upper)) == (203, 217)
    assert round(estimate(CORMACK_3B, ABC, model=[("B", "C")]).lower) == 210
    two = estimate(CORMACK_3B, ABC, model=[("A", "C"), ("B", "C")])
    assert round(two.estimate) == 233 and round(two.lower) == 204


def test_independence_estimate_solves_darrochs_equation():
    """Hand-derivable: under independence the fitted list totals equal the observed ones,
    so N solves 1 - n/N = (1 - n1/N)(1 - n2/N)(1 - n3/N)."""
    table = from_counts(DARROCH_R3, ABC)
    n, sizes = table.observed, [table.list_size(i) for i in range(3)]

    def equation(total: float) -> float:
        return 1 - n / total - np.prod([1 - s / total for s in sizes])

    exact = optimize.brentq(equation, n + 1e-6, 100 * n)
    assert estimate(DARROCH_R3, ABC, model=[]).estimate == pytest.approx(exact, rel=1e-6)


# --- 3. Refusals and cautions ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("counts", "lists", "reason", "named"),
    [
        ({"10": 30, "01": 25, "11": 9}, ["A", "B"], "too_few_lists", "at least 3 lists"),
        ({"100": 30, "010": 25, "110": 9}, ABC, "empty_list", "C"),
        ({"100": 30, "010": 25, "001": 20}, ABC, "no_overlap", "more than one list"),
        ({"100": 3, "010": 2, "110": 1, "011": 1}, ABC, "too_few_persons", f"{MIN_PERSONS}"),
    ],
)
def test_tables_that_cannot_carry_an_estimate_are_refused(counts, lists, reason, named):
    with pytest.raises(EstimationRefused) as refused:
        estimate(counts, lists)
    assert refused.value.reason == reason
    assert named in str(refused.value)


def test_a_register_with_nobody_on_it_is_refused_by_name():
    registers = [
        (1, "police"),
        (1, "shelter"),
        (2, "police"),
        *((p, "shelter") for p in range(3, 20)),
    ]
    with pytest.raises(EstimationRefused, match="helpline") as refused:
        estimate_from_registers(registers, ["police", "shelter", "helpline"])
    assert refused.value.reason == "empty_list"


def test_two_lists_no_one_shares_are_flagged_and_their_interaction_dropped():
    counts = {"100": 40, "010": 35, "001": 50, "101": 12, "011": 9}
    result = estimate(counts, ABC)
    assert all(("A", "B") not in m.terms for m in result.models)
    assert any("no person is on both A and B" in d.reason for d in result.dropped)
    assert any("No person is on both A and B" in w for w in result.warnings)
    with pytest.raises(EstimationRefused) as refused:
        estimate(counts, ABC, model=[("A", "B")])
    assert refused.value.reason == "model_failed"


# --- 4. Registers and tables agree -------------------------------------------------------------


def test_registers_build_the_same_capture_histories_as_the_table():
    registers = population(seed=7, size=600)
    registers += registers[:40]  # a person named twice on one list still counts once
    counts = histories_of(registers, ABC)
    assert from_registers(registers, ABC).as_dict() == from_counts(counts, ABC).as_dict()
    from_lists = estimate_from_registers(registers, ABC)
    from_table = estimate(counts, ABC)
    assert (from_lists.estimate, from_lists.lower, from_lists.upper, from_lists.model) == (
        from_table.estimate,
        from_table.lower,
        from_table.upper,
        from_table.model,
    )
    tuples = {tuple(int(c) for c in h): n for h, n in counts.items()}
    assert estimate(tuples, ABC).estimate == from_table.estimate
    with pytest.raises(EstimationRefused, match="D"):
        estimate_from_registers([*registers, (10_000, "D")], ABC)


# --- 5. Options and the report --------------------------------------------------------------------


def test_bic_can_choose_another_model_than_aic():
    by_aic = estimate(DARROCH_R3, ABC)
    by_bic = estimate(DARROCH_R3, ABC, criterion="bic")
    assert (by_aic.criterion, by_bic.criterion) == ("aic", "bic")
    assert by_aic.model == min(by_aic.models, key=lambda m: m.aic).terms
    assert by_bic.model == min(by_bic.models, key=lambda m: m.bic).terms
    assert by_aic.model != by_bic.model  # BIC's heavier penalty drops the third interaction
    assert "lowest BIC" in by_bic.method_note()


def test_bootstrap_interval_is_reproducible_and_holds_the_estimate():
    counts = histories_of(population(seed=3), ABC)
    first = estimate(counts, ABC, interval="bootstrap", samples=300, seed=11)
    again = estimate(counts, ABC, interval="bootstrap", samples=300, seed=11)
    other = estimate(counts, ABC, interval="bootstrap", samples=300, seed=12)
    assert (first.lower, first.upper) == (again.lower, again.upper)
    assert (first.lower, first.upper) != (other.lower, other.upper)
    assert first.lower < first.estimate < first.upper
    assert first.interval == "bootstrap" and "bootstrap (300 resamples" in first.method_note()


def test_every_model_is_reported_and_the_note_names_model_criterion_interval_and_data():
    result = estimate(histories_of(population(seed=5), ABC), ABC)
    assert len(result.models) == 8  # main effects with every subset of the three pairs
    row = result.selected
    assert (row.estimate, row.terms) == (result.estimate, result.model)
    assert all(
        m.df >= 0 and m.aic and m.bic and m.estimate > result.observed for m in result.models
    )
    note = result.method_note()
    assert "3 lists (A, B, C)" in note and f"{result.observed:,} linked persons" in note
    assert "lowest AIC" in note and row.label in note and "95% profile likelihood" in note
    assert f"{round(result.estimate):,} persons in total" in note


def test_five_lists_are_searched_stepwise():
    rng = np.random.default_rng(2)
    size = 3000
    on_a = rng.random(size) < 0.2
    caught = {
        "A": on_a,
        "B": rng.random(size) < np.where(on_a, 0.5, 0.1),
        **{name: rng.random(size) < p for name, p in (("C", 0.15), ("D", 0.1), ("E", 0.2))},
    }
    registers = [(p, name) for name, on in caught.items() for p in np.flatnonzero(on)]
    result = estimate_from_registers(registers)
    assert result.search == "stepwise" and "stepwise" in result.method_note()
    assert ("A", "B") in result.model
    assert result.selected.aic == min(m.aic for m in result.models)
    assert result.estimate == pytest.approx(size, rel=0.1)
