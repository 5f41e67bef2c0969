"""Linkage runs on the real engine over persons in the database: a full run, an incremental
run that scores only new persons, reviewers' decisions kept across runs, and the counts."""

from __future__ import annotations

import random

import pytest
from django.core.exceptions import ValidationError

from tests import factories
from tests.linkage import synthetic_persons
from tipsom.core.choices import Role
from tipsom.core.models import AuditEntry
from tipsom.engine.linkage import evaluate, synthetic
from tipsom.linkage import choices as c
from tipsom.linkage import selectors, services
from tipsom.linkage.models import Identity, LinkageRun, MatchPair, Membership


@pytest.fixture
def network(db):
    orgs = {
        name: factories.organisation(name)
        for name in ("Federal Investigation Agency", "Migrant Aid", "Safe House")
    }
    fia, aid, house = orgs.values()
    organisation_of = {"FIA": fia, "POLICE": fia, "IOM": aid, "NGO": aid, "SHELTER": house}
    officer = factories.user((aid, Role.DATA_OFFICER), username="aid-data")
    records = list(synthetic.people(300, seed=7))
    random.Random(7).shuffle(records)
    return organisation_of, officer, records


def linked_pairs(run: LinkageRun | None = None) -> set[tuple[int, int]]:
    pairs = MatchPair.objects.filter(status__in=c.JOINING)
    if run is not None:
        pairs = pairs.filter(run=run)
    return set(pairs.values_list("left", "right"))


def run(officer, kind=c.RunKind.FULL) -> LinkageRun:
    return services.execute(services.start_run(officer, kind, queue=False))


def test_a_full_run_finds_the_persons_and_counts_them_once(network):
    organisation_of, officer, records = network
    truth = synthetic_persons.load(records, organisation_of, officer)
    done = run(officer)
    assert done.status == c.RunStatus.DONE and done.records == len(records)
    assert done.model_version.startswith("2026.") and done.model["comparisons"]
    found = [(str(a), str(b)) for a, b in linked_pairs()]
    scores = evaluate.pairwise(found, {str(k): v for k, v in truth.items()})
    assert scores["precision"] > 0.95 and scores["recall"] > 0.85, scores
    pair = MatchPair.objects.filter(status=c.PairStatus.LINKED).first()
    fields = {part["field"] for part in pair.explanation}
    assert {"prior", "given_name", "family_name", "birth"} <= fields
    # identities follow the links; counting by them is close to the true number of persons
    persons = selectors.client_persons()
    counted = selectors.distinct_count(persons)
    true = len(set(truth.values()))
    assert abs(counted - true) / true < 0.05, (counted, true)
    assert selectors.counts(persons)["distinct_persons"] == counted
    assert done.identities == Identity.objects.filter(members__isnull=False).distinct().count()
    audit = AuditEntry.objects.filter(object_type="linkage.linkagerun", object_id=str(done.pk))
    assert audit.count() == 2  # queued, done
    registers = selectors.registers(persons)
    assert len(registers) == counted
    assert any(len(entry["organisations"]) > 1 for entry in registers)
    pseudonyms = {entry["person"] for entry in registers}
    assert all(len(p) == 16 and int(p, 16) >= 0 for p in pseudonyms)  # never an id
    assert not pseudonyms & {str(pk) for pk in truth}


def test_an_incremental_run_scores_only_new_persons(network):
    organisation_of, officer, records = network
    cut = int(len(records) * 0.8)
    truth = synthetic_persons.load(records[:cut], organisation_of, officer)
    first = run(officer)
    linked_before = linked_pairs()
    truth.update(synthetic_persons.load(records[cut:], organisation_of, officer))
    second = run(officer, c.RunKind.INCREMENTAL)
    assert second.first_person_id == first.last_person_id
    assert second.records == len(records) - cut
    new = MatchPair.objects.filter(run=second)
    assert new.exists()
    assert all(max(p.left_id, p.right_id) > first.last_person_id for p in new)
    assert linked_before <= linked_pairs()  # earlier links stand
    wanted = {
        pair
        for pair in evaluate.true_pairs({str(k): v for k, v in truth.items()})
        if max(int(pair[0]), int(pair[1])) > first.last_person_id
    }
    wanted_sets = {frozenset(map(int, pair)) for pair in wanted}
    hits = {frozenset(pair) for pair in linked_pairs(second)} & wanted_sets
    assert len(hits) / len(wanted_sets) > 0.8
    late = [pk for pk in truth if pk > first.last_person_id]
    assert Membership.objects.filter(person__in=late).exists()


def test_decisions_outlive_a_new_full_run(network):
    organisation_of, officer, records = network
    synthetic_persons.load(records, organisation_of, officer)
    run(officer)
    pending = list(selectors.pairs(officer, c.PairStatus.PENDING)[:2])  # the officer's own
    linked = selectors.pairs(officer, c.PairStatus.LINKED).first()
    decided = {linked.pk: c.PairStatus.REJECTED}
    services.reject(officer, linked, "different persons, checked by phone")
    if pending:
        services.confirm(officer, pending[0])
        decided[pending[0].pk] = c.PairStatus.CONFIRMED
    run(officer)
    for pk, status in decided.items():
        assert MatchPair.objects.get(pk=pk).status == status
    kept_apart = MatchPair.objects.get(pk=linked.pk)
    left = Membership.objects.filter(person=kept_apart.left_id).first()
    right = Membership.objects.filter(person=kept_apart.right_id).first()
    assert left is None or right is None or left.identity_id != right.identity_id


def test_runs_refuse_what_they_cannot_do(network):
    _, officer, _ = network
    with pytest.raises(ValidationError, match="full run"):
        services.start_run(officer, c.RunKind.INCREMENTAL, queue=False)
    caseworker = factories.user(username="just-a-caseworker")
    with pytest.raises(Exception, match="may not"):
        services.start_run(caseworker, queue=False)
    lonely = services.start_run(officer, queue=False)
    with pytest.raises(ValidationError, match="already"):
        services.start_run(officer, queue=False)
    with pytest.raises(ValidationError, match="fewer than two"):
        services.execute(lonely)
    lonely.refresh_from_db()
    assert lonely.status == c.RunStatus.FAILED and "fewer than two" in lonely.error


def test_a_run_whose_job_died_does_not_block_the_next(network):
    from tipsom.core.choices import JobStatus
    from tipsom.core.models import Job

    _, officer, _ = network
    stuck = services.start_run(officer, queue=False)
    stuck.job = Job.objects.create(kind="linkage.run", status=JobStatus.FAILED)
    stuck.save()
    fresh = services.start_run(officer, queue=False)
    stuck.refresh_from_db()
    assert stuck.status == c.RunStatus.FAILED and "job ended" in stuck.error
    assert fresh.status == c.RunStatus.RUNNING
