"""engine.privacy.synthesis, .resolution and .utility on generated CTDC 2024 records (no
Django). OpenDP's noise cannot be seeded, so a test that compares epsilons uses ones far
apart; a seed makes the drawing of records from a fitted model repeatable."""

from __future__ import annotations

import itertools
from collections import Counter

import numpy as np
import pandas as pd
import pyarrow as pa
import pytest

from tipsom.engine.privacy import resolution, synthesis, tables, testdata, utility
from tipsom.engine.privacy.dp import BudgetExceeded, Ledger
from tipsom.engine.standards.ctdc import VARIABLES_2024

SMALL = 2_000


@pytest.fixture(scope="module")
def records() -> pd.DataFrame:
    return testdata.ctdc_2024(SMALL, seed=11)


@pytest.fixture(scope="module")
def model(records) -> synthesis.Model:
    return synthesis.fit(records, 1.0)


@pytest.fixture(scope="module")
def released(model) -> synthesis.Synthesis:
    return model.release(seed=5)


def rare_combinations(frame: pd.DataFrame, resolution: int, length: int) -> list:
    """Every combination of up to ``length`` column values seen fewer than ``resolution``
    times, counted on the strings themselves (independently of the code under test)."""
    rows = list(frame.astype(str).itertuples(index=False, name=None))
    rare = []
    for k in range(1, length + 1):
        for columns in itertools.combinations(range(frame.shape[1]), k):
            counts = Counter(tuple(row[j] for j in columns) for row in rows)
            rare += [(columns, v, c) for v, c in counts.items() if c < resolution]
    return rare


def test_the_generated_records_have_the_layout_and_its_dependencies():
    frame = testdata.ctdc_2024(20_000, seed=3)
    assert tuple(frame.columns) == VARIABLES_2024
    assert len(frame) == 20_000
    assert frame.equals(testdata.ctdc_2024(20_000, seed=3))
    sexual = frame.isSexualExploit == "1"
    assert sexual[frame.gender == "Woman"].mean() > 0.45 > sexual[frame.gender == "Man"].mean()
    # Sectors of labour only for forced labour, forms of sex work only for sexual exploitation.
    assert (frame.typeOfLabourConstruction[frame.isForcedLabour != "1"] == "").all()
    assert (frame.typeOfSexProstitution[~sexual] == "").all()
    assert 0.2 < (frame.ageBroad == "").mean() < 0.3


# (a)
def test_no_combination_of_up_to_three_values_is_rarer_than_the_resolution(records, released):
    assert len(released.frame) == round(released.model.total)  # the noisy number of records
    assert rare_combinations(released.frame, 10, 3) == []
    # The real records are full of them: the rule did something.
    assert len(rare_combinations(records, 10, 2)) > 50
    assert released.blanked + released.redrawn > 0


def test_the_resolution_rule_holds_for_other_settings(model):
    result = model.release(500, resolution=25, reporting_length=2, seed=1)
    assert len(result.frame) == 500
    assert rare_combinations(result.frame, 25, 2) == []


# (b)
def test_columns_and_categories_are_those_of_the_layout(records, released):
    frame = released.frame
    assert tuple(frame.columns) == VARIABLES_2024
    for name in VARIABLES_2024:
        assert list(frame[name].cat.categories) == list(testdata.CATEGORIES_2024[name])
        assert set(frame[name].astype(str)) <= set(records[name].cat.categories)
        assert frame[name].notna().all()


def test_categories_come_from_the_codebook_not_the_data(records):
    # A category no record holds still belongs to the domain; one the data has but the
    # codebook lacks is refused by name.
    plain = records[["gender", "isSexualExploit"]].astype(str)
    categories = {"gender": [*testdata.CATEGORIES_2024["gender"], "Other"]}
    model = synthesis.fit(plain, 5.0, categories=categories)
    assert model.categories[0][-1] == "Other"
    with pytest.raises(ValueError, match=r"gender: values not among its categories: 'Man'"):
        synthesis.fit(plain, 1.0, categories={"gender": ["Woman", ""]})


def test_arrow_tables_are_read_like_frames(records):
    table = pa.Table.from_pandas(records.iloc[:, :6].astype(str), preserve_index=False)
    result = synthesis.synthesize(table, epsilon=2.0, rows=300, seed=1)
    assert list(result.frame.columns) == list(VARIABLES_2024[:6])
    assert rare_combinations(result.frame, 10, 3) == []


# (c)
def test_utility_is_good_at_a_large_epsilon_and_worse_at_a_small_one():
    columns = [
        "gender", "ageBroad", "isSexualExploit", "isForcedLabour", "typeOfSexProstitution",
        "meansThreats", "recruiterRelationFamily", "traffickMonths",
    ]  # fmt: skip
    real = testdata.ctdc_2024(10_000, seed=21)[columns]
    results = {}
    for epsilon in (50.0, 0.02):
        synthetic = synthesis.synthesize(real, epsilon=epsilon, rows=10_000, seed=2).frame
        results[epsilon] = utility.utility(real, synthetic)
    large, small = results[50.0], results[0.02]
    assert large.tvd[1] < 0.03
    assert large.tvd[2] < 0.05
    assert small.tvd[1] > large.tvd[1]
    assert small.tvd[2] > large.tvd[2]
    assert large.sets == {1: 8, 2: 28, 3: 56}


def test_utility_reports_rare_combinations_suppressed(records, released):
    report = utility.utility(records, released.frame)
    assert report.rare > 0
    assert report.rare_lost > 0.9  # rare combinations are what the resolution rule removes
    assert 0 < report.lost < 1
    same = utility.utility(records, records)
    assert same.tvd == {1: 0.0, 2: 0.0, 3: 0.0}
    assert same.lost == 0.0
    sampled = utility.utility(records, released.frame, max_sets=100)
    assert sampled.sets == {1: 27, 2: 100, 3: 100}


# (d)
def test_the_epsilon_spent_is_the_epsilon_asked(records, model):
    d = len(VARIABLES_2024)
    assert model.epsilon == pytest.approx(1.0, rel=1e-9)
    assert model.epsilon <= 1.0 + 1e-9
    whats = [s.what for s in model.ledger.spends]
    assert sum(w.startswith("1-way") for w in whats) == d
    assert sum(w.startswith("tree edge") for w in whats) == d - 1
    assert sum(w.startswith("2-way") for w in whats) == d - 1
    assert len(model.edges) == d - 1
    assert model.chosen

    # A public tree: no selection, its share goes to the 2-way tables.
    chain = list(itertools.pairwise(VARIABLES_2024[:5]))
    public = synthesis.fit(records.iloc[:, :5], 0.7, tree=chain)
    assert public.epsilon == pytest.approx(0.7, rel=1e-9)
    assert not any(s.what.startswith("tree edge") for s in public.ledger.spends)
    assert not public.chosen


def test_the_datasets_ledger_is_charged_before_anything_is_measured(records):
    ledger = Ledger(epsilon=1.5)
    synthesis.synthesize(records.iloc[:, :4], epsilon=1.0, ledger=ledger, seed=1)
    assert ledger.spent_epsilon == pytest.approx(1.0)
    with pytest.raises(BudgetExceeded, match="asked epsilon 1"):
        synthesis.synthesize(records.iloc[:, :4], epsilon=1.0, ledger=ledger)
    assert len(ledger.spends) == 1


def test_a_public_tree_must_span_the_columns(records):
    with pytest.raises(ValueError, match="tree must be 2 pairs joining all 3 columns"):
        synthesis.fit(records.iloc[:, :3], 1.0, tree=[("gender", "ageBroad")])
    with pytest.raises(ValueError, match="not in the table: nope"):
        synthesis.fit(records.iloc[:, :3], 1.0, tree=[("gender", "nope"), ("gender", "ageBroad")])


# (e)
def test_the_same_seed_gives_the_same_records(model):
    first = model.release(seed=42)
    again = model.release(seed=42)
    other = model.release(seed=43)
    assert first.frame.equals(again.frame)
    assert not first.frame.equals(other.frame)
    assert model.sample(100, seed=1).equals(model.sample(100, seed=1))


def test_projection_keeps_the_total_and_drops_small_noisy_cells():
    projected = tables.project(np.array([50.0, -3.0, 2.0, 40.0]), 88.0)
    assert projected.sum() == pytest.approx(88.0)
    assert (projected >= 0).all()
    assert projected[1] == 0
    assert list(np.argsort(projected)) == [1, 2, 3, 0]


def test_rare_combinations_are_counted_and_removed():
    # Column 0 has a value seen 3 times; resolution 4 at length 1 blanks it (category 2).
    codes = np.array([[0] * 10 + [2] * 5 + [1] * 3, [0] * 18])
    assert resolution.rare_combinations(codes, [3, 1], 4, 1) == 1
    done = resolution.enforce(
        codes, [3, 1], resolution=4, length=1, blank=[2, None], rng=np.random.default_rng(0)
    )
    assert (done.blanked, done.removed, done.copied) == (3, 0, 0)
    assert sorted(done.codes[0].tolist()) == [0] * 10 + [2] * 8
    # Blanked values that are still rare together: the records go, copies of kept ones come.
    codes = np.array([[0] * 10 + [1] * 3, [0] * 13])
    done = resolution.enforce(
        codes, [3, 1], resolution=4, length=1, blank=[2, None], rng=np.random.default_rng(0)
    )
    assert (done.blanked, done.removed, done.copied) == (3, 3, 3)
    assert done.codes[0].tolist() == [0] * 13
