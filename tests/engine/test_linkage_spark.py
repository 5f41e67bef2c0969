"""The linkage model on Splink's Spark backend, in Spark local mode (slow: about two minutes,
most of it Spark's per-job overhead on a small set). Runs once in `make test`, not again in
the PostgreSQL pass: it touches no database of ours."""

from __future__ import annotations

import pytest

from tipsom.engine.linkage import evaluate, link, prepare, spark, synthetic

pytestmark = pytest.mark.spark


def test_the_same_model_links_on_spark_as_on_duckdb():
    records = list(synthetic.people(150, seed=7))
    frame = prepare.frame(records)
    entity = {r["unique_id"]: r["entity"] for r in records}
    on_spark = link.link(
        frame, db_api=spark.api(spark.session(partitions=2)), u_pairs=1e5, em_iterations=5
    )
    on_duckdb = link.link(frame, u_pairs=1e5, em_iterations=5)

    def links(result):
        found = result.pairs[result.pairs.match_probability >= link.MATCH]
        return {tuple(sorted(p)) for p in zip(found.unique_id_l, found.unique_id_r, strict=True)}

    scores = evaluate.pairwise(links(on_spark), entity)
    assert scores["f1"] > 0.95, scores
    names = [c["output_column_name"] for c in on_spark.model_json["comparisons"]]
    assert names == [c["output_column_name"] for c in on_duckdb.model_json["comparisons"]]
    both, either = links(on_spark) & links(on_duckdb), links(on_spark) | links(on_duckdb)
    assert len(both) / len(either) > 0.95
