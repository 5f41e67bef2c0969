"""engine.privacy.suppression: small counts are hidden, and no hidden count can be worked
out from what is published. A reader's ranges are computed here from the published strings
alone (`display()`), with a linear program of our own, not with the module's checker."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.optimize import linprog

from tipsom.engine.indicators.result import TOTAL, Column, Table
from tipsom.engine.privacy.suppression import (
    CTDC,
    UNODC,
    Protected,
    Rule,
    suppress_counts,
    suppress_crosstab,
    suppress_table,
)

RULES = [
    CTDC,
    UNODC,
    Rule("k = 5, one label", threshold=5),
    Rule("<11", threshold=11, small_label="<11"),
    Rule("zeros too", threshold=5, suppress_zero=True),
    Rule("wide", threshold=11, min_width=6),
]

Grid = list[list[str]]


def reader_ranges(shown: Grid, rule: Rule) -> dict[tuple[int, int], tuple[float, float]]:
    """The least and most each hidden position of a published grid can be, over all
    non-negative tables that agree with it. The grid is `Protected.display()`: rows each
    with its total last, then (two-way) the column totals and the grand total."""
    rows, cols = len(shown), len(shown[0])
    hidden = [(i, j) for i in range(rows) for j in range(cols) if not shown[i][j].isdigit()]
    index = {p: n for n, p in enumerate(hidden)}
    # Each row adds up to its last entry, and (two-way) so does each column.
    lines = [[(i, j) for j in range(cols)] for i in range(rows)]
    if rows > 1:
        lines += [[(i, j) for i in range(rows)] for j in range(cols)]
    a_eq, b_eq = [], []
    for line in lines:
        row, rhs = np.zeros(len(hidden)), 0.0
        for p, sign in [*((p, 1) for p in line[:-1]), (line[-1], -1)]:
            if p in index:
                row[index[p]] += sign
            else:
                rhs -= sign * int(shown[p[0]][p[1]])
        a_eq.append(row)
        b_eq.append(rhs)
    floor = 0 if rule.suppress_zero else 1
    labelled_small = rule.reveals_small and any(s == rule.small_label for r in shown for s in r)
    bounds = []
    for i, j in hidden:
        if labelled_small:
            small = shown[i][j] == rule.small_label
            bounds.append((floor, rule.threshold - 1) if small else (rule.threshold, None))
        else:
            bounds.append((floor, None))
    out = {}
    for p in hidden:
        ends = []
        for sense in (1, -1):
            c = np.zeros(len(hidden))
            c[index[p]] = sense
            result = linprog(c, A_eq=a_eq, b_eq=b_eq, bounds=bounds, method="highs")
            assert result.status in (0, 3), result.message  # the true table is feasible
            ends.append(math.inf if result.status == 3 else sense * result.fun)
        out[p] = (ends[0], ends[1])
    return out


def true_grid(counts: list[list[int]], two_way: bool = True) -> list[list[int]]:
    """The table with its totals, in `display()`'s layout (a list: one row)."""
    rows = [[*row, sum(row)] for row in counts]
    if not two_way:
        return rows
    return [*rows, [sum(col) for col in zip(*rows, strict=True)]]


def position(key: tuple[int | None, ...], truth: list[list[int]]) -> tuple[int, int]:
    """Where the value at ``key`` (None: a total) is in `display()`'s grid."""
    if len(key) == 1:
        return 0, len(truth[0]) - 1 if key[0] is None else key[0]
    i, j = key
    return (len(truth) - 1 if i is None else i, len(truth[0]) - 1 if j is None else j)


def check_published(counts: list[list[int]], protected: Protected, rule: Rule) -> None:
    """(a) nothing published is small, (b) nothing hidden can be worked out and nothing
    small can be told to be small, (c, d) what is published is true."""
    truth = true_grid(counts, two_way=len(protected.shape) == 2)
    shown = protected.display()
    labelled_small = any(s == rule.small_label for r in shown for s in r)
    for i, row in enumerate(shown):
        for j, s in enumerate(row):
            if s.isdigit():
                assert int(s) == truth[i][j]
                assert not rule.is_small(truth[i][j]), (i, j, truth[i][j])
    ranges = reader_ranges(shown, rule)
    assert len(ranges) == len(protected.hidden)
    for key, hidden in protected.hidden.items():
        low, high = ranges[position(key, truth)]
        # The report's range is one a reader cannot narrow further.
        assert low - 1e-6 <= hidden.low
        assert (math.inf if hidden.high is None else hidden.high) <= high + 1e-6
    for (i, j), (low, high) in ranges.items():
        value = truth[i][j]
        assert low - 1e-6 <= value <= high + 1e-6
        assert high - low > 0.5, f"{(i, j)} = {value} can be worked out: {shown}"
        if rule.is_small(value):
            assert high - low >= rule.min_width - 1e-6, (i, j, low, high)
            if not (rule.reveals_small and labelled_small):
                assert high >= rule.threshold - 1e-6, f"{(i, j)} is known to be small: {shown}"


counts_ = st.one_of(st.integers(0, 4), st.integers(0, 12), st.integers(0, 80))


@st.composite
def crosstabs(draw: st.DrawFn) -> list[list[int]]:
    rows, cols = draw(st.integers(1, 6)), draw(st.integers(2, 6))
    return [[draw(counts_) for _ in range(cols)] for _ in range(rows)]


@settings(max_examples=200, deadline=None)
@given(counts=crosstabs(), rule=st.sampled_from(RULES))
def test_crosstab_publishes_nothing_small_or_derivable(counts: list[list[int]], rule: Rule):
    protected = suppress_crosstab(counts, rule)
    check_published(counts, protected, rule)
    for key, hidden in protected.hidden.items():
        assert protected.values[key] is None
        assert hidden.reason == ("primary" if rule.is_small(hidden.value) else "complementary")


@settings(max_examples=100, deadline=None)
@given(counts=st.lists(counts_, min_size=1, max_size=8), rule=st.sampled_from(RULES))
def test_list_publishes_nothing_small_or_derivable(counts: list[int], rule: Rule):
    protected = suppress_counts(counts, rule)
    check_published([counts], protected, rule)
    assert protected.total in (None, sum(counts))


def test_one_small_cell_is_hidden_with_the_smallest_rectangle():
    counts = [[3, 20, 30], [25, 40, 50], [35, 45, 60]]
    protected = suppress_crosstab(counts, CTDC)
    assert {k: h.reason for k, h in protected.hidden.items()} == {
        (0, 0): "primary",
        (0, 1): "complementary",
        (1, 0): "complementary",
        (1, 1): "complementary",
    }
    assert protected.display() == [
        ["suppressed", "suppressed", "30", "53"],
        ["suppressed", "suppressed", "50", "115"],
        ["35", "45", "60", "140"],
        ["63", "105", "140", "308"],
    ]
    assert protected.row_totals == [53, 115, 140]
    assert protected.column_totals == [63, 105, 140]
    assert protected.total == 308
    # A reader can tell only that the small cell is between 1 and 22.
    assert reader_ranges(protected.display(), CTDC)[(0, 0)] == pytest.approx((1, 22))
    check_published(counts, protected, CTDC)


# Two blocks of small cells (rows 0-1 × columns 0-1, rows 2-3 × columns 2-3) joined by the
# small cell (1, 2). Every row and column with a hidden cell has two or more, yet rows 0 and
# 1 added up, less columns 0 and 1 added up, leave cell (1, 2) alone: 162 - 150 - (190 - 180).
BRIDGE = [
    [2, 3, 40, 50],
    [4, 1, 2, 60],
    [30, 45, 3, 4],
    [70, 35, 2, 1],
]
SMALL = {(i, j) for i, row in enumerate(BRIDGE) for j, n in enumerate(row) if n < 5}


def test_two_per_line_is_not_enough_and_the_check_hides_more():
    only_small = [
        ["<5" if (i, j) in SMALL else str(n) for j, n in enumerate(row)]
        for i, row in enumerate(true_grid(BRIDGE))
    ]
    for line in [*only_small, *zip(*only_small, strict=True)]:
        assert line.count("<5") != 1  # the two-per-line rule holds...
    assert reader_ranges(only_small, UNODC)[(1, 2)] == pytest.approx((2, 2))  # ...but leaks

    protected = suppress_crosstab(BRIDGE, UNODC)
    extra = {k: h for k, h in protected.hidden.items() if h.reason == "complementary"}
    assert set(protected.hidden) - set(extra) == SMALL
    assert list(extra) == [(0, 2)]  # the smallest cell that puts (1, 2) on a cycle
    assert "cell (1, 2)" in extra[(0, 2)].why
    assert protected.display()[0] == ["<5", "<5", "suppressed", "50", "95"]
    check_published(BRIDGE, protected, UNODC)


def test_small_cells_that_add_up_to_less_than_the_threshold_get_a_large_partner():
    # Hiding only 3 and 4 would show their sum, 7: both are known to be small.
    protected = suppress_counts([3, 4, 50], CTDC)
    assert protected.display() == [["suppressed", "suppressed", "suppressed", "57"]]
    assert protected.hidden[(2,)].reason == "complementary"
    check_published([[3, 4, 50]], protected, CTDC)


def test_unodc_shows_small_counts_as_less_than_five():
    protected = suppress_counts([3, 12, 40], UNODC)
    assert protected.display() == [["<5", "suppressed", "40", "55"]]
    assert protected.cells == [None, None, 40]
    assert protected.total == 55


def test_zeros_are_published_unless_the_rule_hides_them():
    assert suppress_counts([3, 0, 0, 50]).display() == [
        ["suppressed", "0", "0", "suppressed", "53"]
    ]
    zeros = Rule("zeros too", threshold=5, suppress_zero=True, small_label="<5")
    assert suppress_counts([0, 20, 30], zeros).display() == [["<5", "suppressed", "30", "50"]]


def test_a_small_total_is_hidden_and_protected_among_the_totals():
    counts = [[2, 3, 0], [20, 30, 40], [25, 35, 45]]
    protected = suppress_crosstab(counts, CTDC)
    assert protected.hidden[(0, None)].reason == "primary"
    assert protected.row_totals[0] is None
    assert sum(t is None for t in protected.row_totals) == 2  # a partner among the totals
    assert protected.total == 200
    assert protected.cells[0][2] == 0
    check_published(counts, protected, CTDC)


def test_labels_that_would_give_counts_away_fall_back_to_one_label():
    # Four hidden counts of at least 1 under a hidden total below 5: each is 1.
    protected = suppress_counts([1, 1, 1, 1], UNODC)
    assert protected.display() == [["suppressed"] * 5]
    assert not protected.small_labels
    assert protected.notes


def test_rules_and_counts_are_checked():
    with pytest.raises(ValueError, match="narrower than min_width"):
        Rule("too narrow", threshold=2, small_label="<2")
    with pytest.raises(ValueError, match="row 1, column 0: -1 is not a count"):
        suppress_crosstab([[1, 2], [-1, 3]])
    with pytest.raises(ValueError, match="same length"):
        suppress_crosstab([[1, 2], [3]])


def victims_table() -> Table:
    """Victims by year and sex; persons are deduplicated, so their period total is not the
    sum of the years, while records' is."""
    rows = [
        [2022, "female", 3, 4, 3.0, 4.0],
        [2022, "male", 20, 25, 20.0, 25.0],
        [2023, "female", 15, 18, 15.0, 18.0],
        [2023, "male", 30, 40, 30.0, 40.0],
        [TOTAL, "female", 17, 22, None, None],
        [TOTAL, "male", 48, 65, None, None],
    ]
    return Table(
        id="victims_sex",
        title="Victims by sex",
        group="glotip",
        columns=[
            Column("year", "Year"),
            Column("sex", "Sex"),
            Column("persons", "Persons", "count", True),
            Column("records", "Records", "count", False),
            Column("rate_persons", "Persons per 100,000", "rate", True),
            Column("rate_records", "Records per 100,000", "rate", False),
        ],
        rows=rows,
        note="Detected victims.",
    )


def test_a_table_with_the_period_total_as_the_years_total():
    table = victims_table()
    result = suppress_table(table, "records", dims=("year", "sex"))
    assert sorted(result.rows) == [0, 1, 2, 3]  # the rectangle; the period totals stay
    out = result.table
    assert [row[3] for row in out.rows] == [None, None, None, None, 22, 65]
    assert [row[5] for row in out.rows[:4]] == [None] * 4  # rates give counts away
    assert [row[2] for row in out.rows] == [3, 20, 15, 30, 17, 48]  # persons untouched
    assert [row[4] for row in out.rows[:4]] == [3.0, 20.0, 15.0, 30.0]
    assert result.rows[0].reason == "primary"
    assert result.rows[0].name == "year=2022, sex=female"
    assert result.display().rows[0] == [2022, "female", 3, "suppressed", 3.0, "suppressed"]
    assert not result.margins and not result.caveats
    assert "CTDC (k = 11)" in out.note and out.note.startswith("Detected victims.")
    assert out.meta["suppression"]["records"]["hidden"] == 4
    assert table.rows[0][3] == 4  # the input is left alone


def test_a_table_protected_year_by_year_says_what_it_does_not_cover():
    result = suppress_table(victims_table(), "persons", dims=("sex",), rule=UNODC)
    assert sorted(result.rows) == [0, 1]  # 2022: 3 and its partner, 20
    assert result.display().rows[0][2] == "<5"
    assert result.display().rows[1][2] == "suppressed"
    assert result.table.rows[0][4] is None  # the persons' rate
    assert result.table.rows[0][5] == 4.0  # the records' rate is not this column's
    assert [s.total for s in result.slices.values()] == [23, 45, 65]
    assert any("year=total" in c for c in result.caveats)
    assert [line["reason"] for line in result.report()] == ["primary", "complementary"]


def test_a_table_that_cannot_be_protected_says_why():
    table = victims_table()
    with pytest.raises(ValueError, match="not the sum"):
        suppress_table(table, "persons", dims=("year", "sex"))  # deduplicated: 17 < 3 + 15
    with pytest.raises(ValueError, match="not a count column"):
        suppress_table(table, "rate_persons", dims=("sex",))
    with pytest.raises(ValueError, match="one or two of its dimensions"):
        suppress_table(table, "persons", dims=("persons",))
    gap = Table(table.id, table.title, table.group, table.columns, table.rows[1:])
    with pytest.raises(ValueError, match="no row for year=2022, sex=female"):
        suppress_table(gap, "records", dims=("year", "sex"))
    bad = Table(table.id, table.title, table.group, table.columns, [[2022, "f", 3, None, 3, None]])
    with pytest.raises(ValueError, match="row 0, column records"):
        suppress_table(bad, "records", dims=("sex",))


def test_a_small_slice_total_is_hidden_with_the_column_that_repeats_it():
    columns = [
        Column("year", "Year"),
        Column("form", "Form of exploitation"),
        Column("persons", "Persons", "count", True),
        Column("persons_n", "Persons with this information", "count", True),
        Column("persons_percent", "% of persons with this information", "percent", True),
    ]
    rows = [
        [2022, "sexual", 3, 7, 42.9],
        [2022, "labour", 4, 7, 57.1],
        [2023, "sexual", 15, 45, 33.3],
        [2023, "labour", 30, 45, 66.7],
    ]
    table = Table("ctdc_form", "Victims by form", "ctdc", columns, rows)
    result = suppress_table(table, "persons", dims=("form",), totals=("persons_n",))
    assert result.table.rows[:2] == [
        [2022, "sexual", None, None, None],
        [2022, "labour", None, None, None],
    ]
    assert result.table.rows[2:] == rows[2:]
    assert [h.name for h in result.margins] == ["year=2022, form=all"]
    assert result.margins[0].reason == "primary"
    wrong = Table(table.id, table.title, table.group, columns, [[*rows[0][:3], 8, 42.9]])
    with pytest.raises(ValueError, match="persons_n 8 is not the total of persons"):
        suppress_table(wrong, "persons", dims=("form",), totals=("persons_n",))
