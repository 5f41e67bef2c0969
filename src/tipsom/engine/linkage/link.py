"""Train, score and cluster: the whole run of a linkage on DuckDB, in memory."""

from __future__ import annotations

import logging
import math
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd
from splink import DuckDBAPI, Linker, block_on
from splink.internals import expectation_maximisation as _em

from tipsom.engine.linkage import model, prepare

# Scores at or above MATCH are links; between REVIEW and MATCH a person decides (the
# clerical review band). Chosen on synthetic data: F1 is highest between 0.5 and 0.8.
MATCH, REVIEW = 0.8, 0.5

# The smallest m probability expectation maximisation may give a level. Splink 5.0 refuses an
# m of exactly 0.0 (a level whose pairs' match posteriors all underflow) by raising in the
# middle of training, which left some models with untrained name comparisons and no links at
# all. A level seen among matches once in a million is as unlikely as we let it get: it keeps
# a disagreeing birth date or a typo from being absolute proof of two different persons.
M_FLOOR = 1e-6
EM_PAIRS = 2e6  # pairs of a training block EM looks at, at most (a sample of larger blocks)
_proportions = _em.compute_proportions_for_new_parameters


def _floored_proportions(df_params: Any) -> list[dict[str, Any]]:
    records = _proportions(df_params)
    for record in records:
        if record["output_column_name"] == "_probability_two_random_records_match":
            continue
        m = record.get("m_probability")
        if isinstance(m, float) and m < M_FLOOR:
            record["m_probability"] = M_FLOOR
    return records


_em.compute_proportions_for_new_parameters = _floored_proportions


@dataclass
class Result:
    pairs: pd.DataFrame  # unique_id_l, unique_id_r, match_probability, match_weight, gamma_*
    clusters: pd.DataFrame  # unique_id, cluster_id (pairs at or above MATCH, transitively)
    model_json: dict[str, Any]  # the trained model, to save and version


def duckdb_api() -> DuckDBAPI:
    """Splink on DuckDB in memory, spilling (when a run outgrows memory) to a directory of the
    system's temporary files, not the working directory."""
    spill = Path(tempfile.gettempdir()) / "tipsom-duckdb"
    spill.mkdir(parents=True, exist_ok=True)
    return DuckDBAPI(duckdb.connect(":memory:", config={"temp_directory": str(spill)}))


def link(
    records: pd.DataFrame,
    link_type: model.LinkType = "dedupe_only",
    threshold: float = REVIEW,
    match: float = MATCH,
    u_pairs: float = 2e6,
    quiet: bool = True,
    db_api: Any = None,
    em_iterations: int = 25,
    labels: str | None = None,
) -> Result:
    """Link ``records`` (from `prepare.frame`). Training: the chance that two random records
    match (from the deterministic rules document/phone/name+birth), u probabilities from
    random pairs, m probabilities by expectation maximisation on the training blocks.
    ``db_api``: Splink's database API to run on (DuckDB in memory by default; `spark.api()`
    for Spark). ``labels``: a column of true person ids to take the m probabilities from
    instead of EM; only to measure how far EM is from the best this model could do (real
    registers have no such column)."""
    if quiet:
        logging.getLogger("splink").setLevel(logging.WARNING)
    records = prepare.with_block_columns(records)
    db = db_api or duckdb_api()
    if link_type == "dedupe_only":
        tables = [db.register(records, table_name="persons")]
    else:
        tables = [
            db.register(part.reset_index(drop=True), table_name=f"source_{n}")
            for n, (_, part) in enumerate(records.groupby("source", sort=True))
        ]
    linker = Linker(tables, model.settings(link_type, em_iterations))
    linker.training.estimate_probability_two_random_records_match(
        [block_on("document"), block_on("name_key", "birth_date")], recall=0.55
    )
    linker.training.estimate_u_using_random_sampling(max_pairs=u_pairs, seed=1)
    trained = 0
    if labels:
        linker.training.estimate_m_from_label_column(labels)
        trained = len(model.TRAINING)
    for rule in [] if labels else model.TRAINING:
        try:  # a block with no pairs in these data (no fathers' names, say) teaches nothing
            linker.training.estimate_parameters_using_expectation_maximisation(
                rule, max_pairs=EM_PAIRS
            )
            trained += 1
        except Exception as error:  # Splink raises plain exceptions for empty blocks
            logging.getLogger(__name__).info("training block skipped: %s", error)
    if not trained:
        raise ValueError("no training block has pairs in these records: nothing to learn from")
    predictions = linker.inference.predict(threshold_match_probability=threshold)
    clusters = linker.clustering.cluster_pairwise_predictions_at_threshold(
        predictions, threshold_match_probability=match
    )
    return Result(
        pairs=predictions.as_pandas_dataframe(),
        clusters=clusters.as_pandas_dataframe()[["unique_id", "cluster_id"]],
        model_json=linker.misc.save_model_to_json(),
    )


def link_new(
    existing: pd.DataFrame,
    new: pd.DataFrame,
    model_json: dict[str, Any],
    threshold: float = REVIEW,
    quiet: bool = True,
) -> pd.DataFrame:
    """Score ``new`` records against ``existing`` ones and against each other with a trained
    model, without relinking the existing records among themselves (incremental linkage).
    Name and district frequencies are taken over both sets together."""
    if quiet:
        logging.getLogger("splink").setLevel(logging.WARNING)
    if new.empty:
        return pd.DataFrame(columns=["unique_id_l", "unique_id_r", "match_probability"])
    db = duckdb_api()
    everyone = prepare.with_block_columns(pd.concat([existing, new], ignore_index=True))
    existing, new = everyone.iloc[: len(existing)], everyone.iloc[len(existing) :]
    linker = Linker(db.register(everyone, table_name="everyone"), model_json)
    for column in TF_COLUMNS:
        linker.table_management.compute_tf_table(column)
    fresh = db.register(new.reset_index(drop=True), table_name="fresh")
    found = [linker.inference.predict_within(fresh, threshold_match_probability=threshold)]
    if not existing.empty:
        known = db.register(existing.reset_index(drop=True), table_name="known")
        found.append(
            linker.inference.predict_between(known, fresh, threshold_match_probability=threshold)
        )
    frames = [f.as_pandas_dataframe() for f in found]
    return pd.concat([f for f in frames if not f.empty] or frames[:1], ignore_index=True)


TF_COLUMNS = ("given", "family", "district")  # the columns with term-frequency adjustments


def explain(model_json: dict[str, Any], pair: Any) -> list[dict[str, Any]]:
    """Why a pair scored as it did: for each comparison, the level that applied and the
    match weight it added (log2 of m/u, with the name-frequency adjustment), as the scored
    pair's ``gamma_*`` and ``mw_*`` columns give them."""
    prior = float(model_json["probability_two_random_records_match"])
    explained = [
        {
            "field": "prior",
            "level": "chance that two records picked at random are one person",
            "weight": round(math.log2(prior / (1 - prior)), 2),
        }
    ]
    for comparison in model_json["comparisons"]:
        name = comparison["output_column_name"]
        gamma = pair.get(f"gamma_{name}")
        if gamma is None:
            continue
        gamma = int(gamma)
        levels = [lv for lv in comparison["comparison_levels"] if not lv.get("is_null_level")]
        if gamma < 0:
            label = "missing on one side"
        else:
            label = levels[len(levels) - 1 - gamma]["label_for_charts"]
        weight = float(pair.get(f"mw_{name}") or 0.0) + float(pair.get(f"mw_tf_adj_{name}") or 0.0)
        explained.append({"field": name, "level": label, "weight": round(weight, 2)})
    return explained
