"""Reviewers' decisions: confirm joins identities, reject keeps persons apart, detach takes a
person out, undo (unmerge) restores the state before; no decision touches a source record."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from tests import worlds
from tipsom.cases.models import Person
from tipsom.core.models import AuditEntry
from tipsom.linkage import choices as c
from tipsom.linkage import services
from tipsom.linkage.models import Decision, MatchPair, Membership

PERSON_FIELDS = ["first_name", "family_name", "father_name", "birth_date", "sex", "organisation_id"]


@pytest.fixture
def w(db):
    return worlds.linkage_world()


def identity(person) -> int | None:
    found = Membership.objects.filter(person=person).first()
    return found.identity_id if found else None


def snapshot():
    return {
        p.pk: [getattr(p, f) for f in PERSON_FIELDS] + [p.updated_at] for p in Person.objects.all()
    }


def test_the_world_groups_persons_by_their_linked_pairs(w):
    assert identity(w["person_a"]) == identity(w["person_c1"]) == w["identity_a"].pk
    assert identity(w["person_b2"]) == identity(w["person_b3"]) == w["identity_other"].pk
    assert identity(w["person_a2"]) is None and identity(w["person_b"]) is None


def test_confirm_joins_and_unmerge_restores_without_touching_a_source_record(w):
    before = snapshot()
    decision = services.confirm(w["a_dataofficer"], w["pair_a"], "same father, same village")
    assert identity(w["person_a2"]) == w["identity_a"].pk
    assert MatchPair.objects.get(pk=w["pair_a"].pk).status == c.PairStatus.CONFIRMED
    assert decision.members_before[str(w["person_a2"].pk)] is None
    assert decision.members_after[str(w["person_a2"].pk)] == w["identity_a"].pk
    entry = AuditEntry.objects.filter(object_type="linkage.decision", object_id=str(decision.pk))
    assert entry.get().actor == w["a_dataofficer"]
    undone = services.undo(w["a_dataofficer"], decision, "confirmed by mistake")
    assert undone.undoes == decision
    assert identity(w["person_a2"]) is None
    assert identity(w["person_a"]) == identity(w["person_c1"]) == w["identity_a"].pk
    assert MatchPair.objects.get(pk=w["pair_a"].pk).status == c.PairStatus.PENDING
    assert snapshot() == before  # no person changed, not even its updated_at
    with pytest.raises(ValidationError, match="already undone"):
        services.undo(w["a_dataofficer"], decision)


def test_confirm_merges_two_identities_and_unmerge_gives_each_its_own_back(w):
    pair = MatchPair.objects.create(
        left=min(w["person_c1"], w["person_b3"], key=lambda p: p.pk),
        right=max(w["person_c1"], w["person_b3"], key=lambda p: p.pk),
        run=w["run"],
        probability=0.6,
        weight=0.5,
        status=c.PairStatus.PENDING,
    )
    merged = services.confirm(w["c_dataofficer"], pair)
    members = {identity(w[k]) for k in ("person_a", "person_c1", "person_b2", "person_b3")}
    assert len(members) == 1
    services.undo(w["c_dataofficer"], merged)
    assert identity(w["person_a"]) == identity(w["person_c1"]) == w["identity_a"].pk
    assert identity(w["person_b2"]) == identity(w["person_b3"]) == w["identity_other"].pk


def test_a_rejection_keeps_persons_apart_whatever_else_links_them(w):
    # Beta's Bashir was rejected against Gamma's "Bashir Ahmad" (decision_other); a link by
    # score to "Basheer Ahmed", who is linked to that same record, must not join him in.
    MatchPair.objects.filter(pk=w["pair_other"].pk).update(
        status=c.PairStatus.LINKED, probability=0.9
    )
    services._regroup({w["person_b"].pk})
    assert identity(w["person_b"]) is None
    assert identity(w["person_b2"]) == identity(w["person_b3"])


def test_reject_of_a_link_by_score_needs_a_reason_and_splits(w):
    linked = MatchPair.objects.get(
        status=c.PairStatus.LINKED,
        left__in=[w["person_a"], w["person_c1"]],
        right__in=[w["person_a"], w["person_c1"]],
    )
    with pytest.raises(ValidationError, match="say why"):
        services.reject(w["a_dataofficer"], linked, "")
    services.reject(w["a_dataofficer"], linked, "different birth district entirely")
    assert identity(w["person_a"]) is None and identity(w["person_c1"]) is None


def test_detach_takes_a_person_out_and_undo_puts_them_back(w):
    with pytest.raises(ValidationError, match="say why"):
        services.detach(w["a_dataofficer"], w["person_c1"], "no")
    decision = services.detach(w["a_dataofficer"], w["person_c1"], "the Gamma record is her sister")
    assert identity(w["person_c1"]) is None and identity(w["person_a"]) is None
    services.undo(w["a_dataofficer"], decision)
    assert identity(w["person_c1"]) == identity(w["person_a"]) == w["identity_a"].pk


def test_undo_refuses_when_a_later_decision_changed_the_pairs(w):
    confirmed = services.confirm(w["a_dataofficer"], w["pair_a"])
    services.detach(w["a_dataofficer"], w["person_a2"], "turned out to be a cousin")
    with pytest.raises(ValidationError, match="later decision"):
        services.undo(w["a_dataofficer"], confirmed)


def test_decisions_need_the_right_and_a_pair_waiting_for_one(w):
    with pytest.raises(PermissionDenied):
        services.confirm(w["a_caseworker"], w["pair_a"])
    with pytest.raises(PermissionDenied):
        services.confirm(w["a_dataofficer"], w["pair_other"])  # Beta and Gamma's pair
    with pytest.raises(PermissionDenied):
        services.undo(w["a_dataofficer"], w["decision_other"])
    services.confirm(w["b_dataofficer"], w["pair_a"])  # Beta holds one of its persons
    with pytest.raises(ValidationError, match="confirmed by a reviewer"):
        services.reject(w["a_dataofficer"], w["pair_a"])
    assert Decision.objects.count() == 3
