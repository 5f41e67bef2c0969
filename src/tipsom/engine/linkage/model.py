"""The linkage model in one readable place: what is compared, how, and which pairs are
looked at at all (blocking). Tuned for Pakistani and regional names: parts are compared
after canonicalisation (spelling variants, particles, Urdu script), by phonetic key, by
Jaro-Winkler, and with first and family name swapped."""

from __future__ import annotations

from typing import Any, Literal

import splink.comparison_level_library as cll
import splink.comparison_library as cl
from splink import SettingsCreator, block_on

MODEL_VERSION = "2026.11-1"  # change when comparisons or blocking change


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


# Pairs are compared only if they agree on one of these. Together they keep recall high:
# a respelt name still shares its phonetic key, a swapped name its sorted key, a record
# without names its document or phone.
BLOCKING: list[Any] = [
    block_on("given_phonetic", "family_phonetic"),
    block_on("name_key"),
    block_on("document"),
    block_on("phone"),
    block_on("given_phonetic", "birth_year"),
    block_on("family_phonetic", "birth_year", "father_phonetic"),
    block_on("given_phonetic", "father_phonetic"),
    block_on("birth_date", "district"),  # both names mistyped
    block_on("birth_date", "postcode"),
    block_on("birth_date", "sex"),
    # first and family name swapped (one of the two registrations got them the wrong way)
    "l.given_phonetic = r.family_phonetic AND l.family_phonetic = r.given_phonetic",
]
# Blocks used to train the m probabilities by EM (each leaves other comparisons free).
TRAINING = [
    block_on("given_phonetic", "family_phonetic"),
    block_on("birth_year", "father_phonetic"),
    block_on("birth_date"),
]
