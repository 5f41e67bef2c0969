"""Precision, recall and F1 of a linkage against a ground truth (who is who)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from itertools import combinations
from typing import Any


def _scores(found: set[tuple[str, str]], true: set[tuple[str, str]]) -> dict[str, float]:
    hits = len(found & true)
    precision = hits / len(found) if found else 1.0
    recall = hits / len(true) if true else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": round(precision, 5), "recall": round(recall, 5), "f1": round(f1, 5)}


def _pair(a: str, b: str) -> tuple[str, str]:
    return (a, b) if a < b else (b, a)


def true_pairs(entity_of: Mapping[str, str]) -> set[tuple[str, str]]:
    groups: dict[str, list[str]] = defaultdict(list)
    for record, entity in entity_of.items():
        groups[entity].append(record)
    return {_pair(a, b) for members in groups.values() for a, b in combinations(members, 2)}


def pairwise(
    predicted: Iterable[tuple[str, str]], entity_of: Mapping[str, str]
) -> dict[str, float]:
    """Scores of predicted links (pairs of record ids) against the true pairs."""
    return _scores({_pair(a, b) for a, b in predicted}, true_pairs(entity_of))


def cluster_pairs(cluster_of: Mapping[str, str]) -> set[tuple[str, str]]:
    return true_pairs(cluster_of)


def clusters(cluster_of: Mapping[str, str], entity_of: Mapping[str, str]) -> dict[str, float]:
    """Pairwise scores of the clusters (every two records in one cluster count as linked),
    and the share of true persons whose records form exactly one cluster."""
    scores = _scores(cluster_pairs(cluster_of), true_pairs(entity_of))
    members: dict[str, set[str]] = defaultdict(set)
    for record, cluster in cluster_of.items():
        members[cluster].add(record)
    truth: dict[str, set[str]] = defaultdict(set)
    for record, entity in entity_of.items():
        truth[entity].add(record)
    found = {frozenset(m) for m in members.values()}
    exact = sum(1 for records in truth.values() if frozenset(records) in found)
    scores["exact_clusters"] = round(exact / len(truth), 5) if truth else 1.0
    return scores


def blocking_recall(rows: Mapping[str, Mapping[str, Any]], entity_of: Mapping[str, str]) -> float:
    """The share of true pairs that blocking compares at all (``rows``: prepared records by
    unique id): the most recall any threshold could reach."""
    from tipsom.engine.linkage.model import blocked

    true = true_pairs(entity_of)
    if not true:
        return 1.0
    found = sum(1 for a, b in true if blocked(rows[a], rows[b]))
    return round(found / len(true), 5)
