"""The linkage model in one readable place: what is compared, how, and which pairs are
looked at at all (blocking). Tuned for Pakistani and regional names: parts are compared
after canonicalisation (spelling variants, particles, Urdu script), by phonetic key, by
Jaro-Winkler, and with first and family name swapped."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Literal

import splink.comparison_level_library as cll
import splink.comparison_library as cl
from splink import SettingsCreator, block_on

MODEL_VERSION = "2026.11-2"  # change when comparisons or blocking change


def _given() -> Any:
    return cl.CustomComparison(
        output_column_name="given_name",
        comparison_levels=[
            cll.NullLevel("given"),
            cll.ExactMatchLevel("given").configure(tf_adjustment_column="given"),
            cll.ExactMatchLevel("given_first"),
            cll.ExactMatchLevel("given_phonetic"),
            cll.DamerauLevenshteinLevel("given", 1),
            cll.JaroWinklerLevel("given", 0.9),
            cll.ColumnsReversedLevel("given", "family"),
            cll.JaroWinklerLevel("given", 0.8),
            cll.ElseLevel(),
        ],
    )


def _family() -> Any:
    return cl.CustomComparison(
        output_column_name="family_name",
        comparison_levels=[
            cll.NullLevel("family"),
            cll.ExactMatchLevel("family").configure(tf_adjustment_column="family"),
            cll.ExactMatchLevel("family_phonetic"),
            cll.DamerauLevenshteinLevel("family", 1),
            cll.JaroWinklerLevel("family", 0.9),
            cll.ColumnsReversedLevel("family", "given"),
            cll.JaroWinklerLevel("family", 0.8),
            cll.ElseLevel(),
        ],
    )


def _father() -> Any:
    return cl.CustomComparison(
        output_column_name="father_name",
        comparison_levels=[
            cll.NullLevel("father"),
            cll.ExactMatchLevel("father"),
            cll.ExactMatchLevel("father_phonetic"),
            cll.JaroWinklerLevel("father", 0.88),
            cll.ElseLevel(),
        ],
    )


def _birth() -> Any:
    return cl.CustomComparison(
        output_column_name="birth",
        comparison_levels=[
            cll.And(cll.NullLevel("birth_date"), cll.NullLevel("birth_year")),
            cll.ExactMatchLevel("birth_date"),
            cll.DamerauLevenshteinLevel("birth_date", 1),  # a mistyped digit, two swapped
            cll.ExactMatchLevel("birth_year"),
            cll.AbsoluteDifferenceLevel("birth_year", 2),
            cll.ElseLevel(),
        ],
    )


LinkType = Literal["link_only", "link_and_dedupe", "dedupe_only"]


def settings(link_type: LinkType = "dedupe_only", em_iterations: int = 25) -> SettingsCreator:
    return SettingsCreator(
        link_type=link_type,
        max_iterations=em_iterations,
        unique_id_column_name="unique_id",
        source_dataset_column_name="source",
        comparisons=[
            _given(),
            _family(),
            _father(),
            _birth(),
            cl.ExactMatch("document"),
            cl.ExactMatch("phone"),
            cl.ExactMatch("district").configure(term_frequency_adjustments=True),
            cl.LevenshteinAtThresholds("address", [1, 3]),
            cl.ExactMatch("postcode"),
            cl.ExactMatch("sex"),
        ],
        blocking_rules_to_generate_predictions=BLOCKING,
        retain_intermediate_calculation_columns=True,
    )


# Pairs are compared only if they agree on one of these (each key: columns that must all be
# present and equal). A name alone is not enough at a million records: the commonest names
# are shared by thousands, and two records that share only such a name cannot be told one
# person anyway. So a name blocks together with a district, a father's name, a phone or a
# birth year; only names rarer than RARE_NAME (see `with_block_columns`) block on their own.
# Chosen on a million synthetic records for the most true pairs per comparison made
# (docs/linkage.md): about 60 million comparisons, 96% of the true pairs.
BLOCKING_KEYS: list[tuple[str, ...]] = [
    ("document",),
    ("phone",),
    ("given_phonetic", "family_phonetic", "phone"),
    ("given_phonetic", "birth_date"),
    ("family_phonetic", "birth_date"),
    ("birth_date", "district"),  # both names mistyped
    ("birth_date", "postcode"),
    ("name_key", "district"),  # the sorted name: first and family name in either order
    ("name_key", "birth_year"),
    ("given_phonetic", "family_phonetic", "father_phonetic"),
    ("given_phonetic", "family_phonetic", "district"),
    ("name_rare",),
]
RARE_NAME = 300  # records sharing a first and family name key, at most, to block on it alone
# first and family name swapped and one of them respelt, in the same district
SWAPPED = (
    "l.given_phonetic = r.family_phonetic AND l.family_phonetic = r.given_phonetic "
    "AND l.district = r.district"
)
BLOCKING: list[Any] = [*(block_on(*key) for key in BLOCKING_KEYS), SWAPPED]


def blocked(left: Mapping[str, Any], right: Mapping[str, Any]) -> bool:
    """Whether blocking puts two prepared records (rows of `prepare.frame`) in one block:
    the same test as the rules above, in Python, to measure blocking's recall."""

    def same(column: str, other: str | None = None) -> bool:
        a, b = left.get(column), right.get(other or column)
        return a is not None and b is not None and a == a and b == b and a == b  # NaN != NaN

    if any(all(same(column) for column in key) for key in BLOCKING_KEYS):
        return True
    return (
        same("given_phonetic", "family_phonetic")
        and same("family_phonetic", "given_phonetic")
        and same("district")
    )


# Blocks used to train the m probabilities by EM (each leaves other comparisons free).
TRAINING = [
    block_on("document"),  # nearly all the same person: their names, births, phones agree how?
    block_on("phone"),
    block_on("given_phonetic", "family_phonetic", "birth_date"),  # and their documents?
]
