"""engine.linkage without Django: the prepared columns, the scores, the synthetic truth and
a whole linkage run on synthetic records."""

from __future__ import annotations

import pytest

from tipsom.engine.linkage import evaluate, link, model, prepare, synthetic


def test_spellings_of_one_name_prepare_alike():
    a = prepare.row({"unique_id": 1, "first_name": "Muhammad Imran", "family_name": "Qureshi"})
    b = prepare.row({"unique_id": 2, "first_name": "Mohd Imraan", "family_name": "Kureshi"})
    assert a["given_first"] == "imran" and b["given_phonetic"] == a["given_phonetic"]
    assert a["family"] == b["family"] == "qureshi"
    swapped = prepare.row(
        {"unique_id": 3, "first_name": "Qureshi", "family_name": "Muhammad Imran"}
    )
    assert swapped["name_key"] == a["name_key"]


def test_numbers_and_dates_are_normalised():
    row = prepare.row(
        {
            "unique_id": 7,
            "first_name": "Ayesha",
            "document": "35202-1234567-1",
            "phone": "+92 300 1234567",
            "birth_date": "2001-04-02",
            "district": " Lahore ",
        }
    )
    assert (row["document"], row["phone"], row["birth_year"], row["district"]) == (
        "3520212345671",
        "923001234567",
        2001,
        "lahore",
    )
    assert prepare.row({"unique_id": 8})["given"] is None


def test_scores_against_a_known_truth():
    entity = {"a": "1", "b": "1", "c": "1", "d": "2", "e": "3"}
    assert evaluate.true_pairs(entity) == {("a", "b"), ("a", "c"), ("b", "c")}
    scores = evaluate.pairwise([("a", "b"), ("d", "e")], entity)
    assert scores == {"precision": 0.5, "recall": 0.33333, "f1": 0.4}
    clusters = evaluate.clusters({"a": "x", "b": "x", "c": "x", "d": "y", "e": "z"}, entity)
    assert clusters["f1"] == 1.0 and clusters["exact_clusters"] == 1.0


def test_synthetic_records_are_seeded_and_carry_their_truth():
    first = list(synthetic.people(200, seed=5))
    assert first == list(synthetic.people(200, seed=5))
    assert first != list(synthetic.people(200, seed=6))
    entities = {r["entity"] for r in first}
    assert len(entities) == 200 and len(first) > 250  # some persons have several records
    assert len({r["unique_id"] for r in first}) == len(first)


@pytest.fixture(scope="module")
def linked():
    records = list(synthetic.people(2500, seed=11))
    return records, link.link(prepare.frame(records))


def test_a_linkage_run_finds_the_same_persons(linked):
    records, result = linked
    entity = {r["unique_id"]: r["entity"] for r in records}
    links = result.pairs[result.pairs.match_probability >= link.MATCH]
    scores = evaluate.pairwise(zip(links.unique_id_l, links.unique_id_r, strict=True), entity)
    assert scores["precision"] > 0.95 and scores["recall"] > 0.85, scores
    assert set(result.clusters.unique_id) == set(entity)
    assert result.model_json["link_type"] == "dedupe_only"


def test_every_scored_pair_explains_itself(linked):
    _, result = linked
    columns = set(result.pairs.columns)
    for comparison in ("given_name", "family_name", "birth", "document", "phone"):
        assert f"gamma_{comparison}" in columns  # which level agreed
        assert f"mw_{comparison}" in columns  # how much it weighed (match weight)


def test_training_survives_levels_never_seen_among_matches():
    """These records (every birth date exact or missing, so no pair is a typo apart) made
    Splink's EM give some levels an m of 0.0 and stop with untrained name comparisons: no
    links at all. With the floor every person is still found."""
    records = list(synthetic.people(1000, seed=2))
    result = link.link(prepare.frame(records))
    entity = {r["unique_id"]: r["entity"] for r in records}
    links = result.pairs[result.pairs.match_probability >= link.MATCH]
    scores = evaluate.pairwise(zip(links.unique_id_l, links.unique_id_r, strict=True), entity)
    assert scores["recall"] > 0.85 and scores["precision"] > 0.95, scores
    for comparison in result.model_json["comparisons"]:
        for level in comparison["comparison_levels"]:
            if not level.get("is_null_level") and "m_probability" in level:
                assert level["m_probability"] >= link.M_FLOOR


def test_new_records_link_to_earlier_ones_and_explain_their_score(linked):
    records, result = linked
    frame = prepare.frame(records)
    known = frame.sample(frac=0.7, random_state=3)  # a person's records fall on both sides
    fresh = frame.drop(known.index)
    pairs = link.link_new(known, fresh, result.model_json)
    fresh_ids, known_ids = set(fresh.unique_id), set(known.unique_id)
    # no pair of two earlier records is scored again
    assert all(
        left in fresh_ids or right in fresh_ids
        for left, right in zip(pairs.unique_id_l, pairs.unique_id_r, strict=True)
    )
    entity = {r["unique_id"]: r["entity"] for r in records}
    true = {p for p in evaluate.true_pairs(entity) if p[0] in fresh_ids or p[1] in fresh_ids}
    found = pairs[pairs.match_probability >= link.MATCH]
    hits = {tuple(sorted(p)) for p in zip(found.unique_id_l, found.unique_id_r, strict=True)}
    assert len(hits & true) / len(true) > 0.9
    assert any(p[0] in known_ids or p[1] in known_ids for p in hits & true)
    pair = found.iloc[0].to_dict()
    parts = link.explain(result.model_json, pair)
    assert parts[0]["field"] == "prior" and {p["field"] for p in parts} >= {"given_name", "birth"}
    assert sum(p["weight"] for p in parts) == pytest.approx(pair["match_weight"], abs=0.1)


def test_blocking_compares_nearly_every_true_pair_and_only_what_the_rules_say(linked):
    records, result = linked
    frame = prepare.with_block_columns(prepare.frame(records))
    rows = {row["unique_id"]: row for row in frame.to_dict("records")}
    entity = {r["unique_id"]: r["entity"] for r in records}
    assert evaluate.blocking_recall(rows, entity) > 0.97
    # the Python test of the rules agrees with Splink's: every scored pair was blocked
    for left, right in zip(result.pairs.unique_id_l, result.pairs.unique_id_r, strict=True):
        assert model.blocked(rows[left], rows[right])
    assert not model.blocked(rows["r0"], {k: None for k in rows["r0"]})


def test_the_watchlist_finds_a_wanted_person_under_another_spelling():
    from tipsom.engine.linkage import watch

    wanted = {
        "first_name": "Muhammad Imran",
        "family_name": "Qureshi",
        "father_name": "Ghulam Nabi",
        "aliases": ["Imran Kala"],
        "document": "35202-1234567-1",
    }
    listed = [
        ("red-book-17", wanted),
        ("red-book-18", {"first_name": "Bashir", "family_name": "Ahmad"}),
    ]
    respelt = {"first_name": "Mohd Imraan", "family_name": "Kureshi", "father_name": "Ghulam Nabi"}
    (hit,) = watch.hits(respelt, listed)
    assert hit.entry == "red-book-17" and "names alike by sound" in hit.reasons
    swapped = watch.hits({"first_name": "Qureshi", "family_name": "Muhammad Imran"}, listed)
    assert swapped[0].reasons == ("same name (in any order)",)
    by_alias = watch.hits({"first_name": "Imran", "family_name": "Kala"}, listed)
    assert by_alias and by_alias[0].entry == "red-book-17"
    by_document = watch.hits({"first_name": "Someone", "document": "3520212345671"}, listed)
    assert by_document[0].reasons[0] == "same document number"
    assert watch.hits({"first_name": "Ayesha", "family_name": "Bibi"}, listed) == []
    # a namesake born long before is not a hit on the name alone
    assert (
        watch.hits(
            {**respelt, "father_name": "", "birth_year": 1950},
            [("x", {**wanted, "birth_year": 1990})],
        )
        == []
    )
