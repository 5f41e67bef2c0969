"""The record-linkage REST API: the review queue, a pair's comparison, merging (confirm) and
unmerging (undo), rejecting and detaching, and the distinct-person counts.

Clients are signed in as data officers (the reviewers), a programme manager (counts) and a
caseworker (neither). Bad input is answered with a 400 that names the field and changes
nothing; no decision ever writes a person.
"""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from tests import factories, worlds
from tipsom.cases.models import Address, IdentityDocument, Person, Phone
from tipsom.core.models import AuditEntry, Organisation
from tipsom.linkage import choices as c
from tipsom.linkage.models import Decision, MatchPair, Membership

DOCUMENT = "35202-8841167-3"  # synthetic CNIC of Alpha's Ayesha Bibi
PHONE = "+923004417290"  # synthetic mobile number of Beta's Aisha Bibi


@pytest.fixture
def w(db):
    w = worlds.linkage_world()
    w["linked_a"] = pair_of(w["person_a"], w["person_c1"])
    return w


def pair_of(x, y) -> MatchPair:
    left, right = sorted((x.pk, y.pk))
    return MatchPair.objects.get(left=left, right=right)


def as_(client, w, who):
    return factories.sign_in(client, w[who])


def get(client, name, *args, params=None):
    response = client.get(reverse(name, args=args), params or {})
    return response.status_code, response.json()


def post(client, name, *args, data=None):
    response = client.post(reverse(name, args=args), data or {}, content_type="application/json")
    return response.status_code, response.json()


def member_of(person) -> int:
    """How an identity names a member to users of other organisations: its membership."""
    return Membership.objects.get(person=person).pk


def message(body, field):
    value = body[field]
    return " ".join(value) if isinstance(value, list) else str(value)


def members(body):
    """An identity's members as comparable rows (their order is no part of the answer)."""
    return sorted((m["person"] or 0, m["organisation"], tuple(m["roles"])) for m in body["members"])


def person_rows():
    """Every field of every person, and when each was last written."""
    fields = [f.attname for f in Person._meta.concrete_fields]
    return {p.pk: [getattr(p, f) for f in fields] for p in Person.objects.order_by("pk")}


def state():
    """What a refused request must leave as it was."""
    return (
        sorted(MatchPair.objects.values_list("pk", "status")),
        sorted(Membership.objects.values_list("person", "identity")),
        Decision.objects.count(),
    )


def add_pair(w, x, y, probability, status=c.PairStatus.PENDING) -> MatchPair:
    left, right = sorted((w[x], w[y]), key=lambda p: p.pk)
    return MatchPair.objects.create(
        left=left,
        right=right,
        run=w["run"],
        probability=probability,
        weight=0.5,
        explanation=[],
        status=status,
    )


def name_organisations(w):
    for side, acronym in (("a", "ALP"), ("b", "BLA"), ("c", "GSH")):
        Organisation.objects.filter(pk=w[f"org_{side}"].pk).update(acronym=acronym)


# --- the review queue -----------------------------------------------------------------------


def test_the_queue_lists_the_organisations_pending_pairs_surest_first(client, w):
    surer = add_pair(w, "person_a", "person_b3", 0.75)  # Alpha–Gamma
    less_sure = add_pair(w, "person_a", "person_b2", 0.52)  # Alpha–Gamma
    as_(client, w, "a_dataofficer")
    code, body = get(client, "api:matchpair-list")
    assert code == 200
    assert [p["id"] for p in body["results"]] == [surer.pk, w["pair_a"].pk, less_sure.pk]
    assert {p["status"] for p in body["results"]} == {"pending"}
    assert body["count"] == 3  # neither the Beta–Gamma pair nor decided or linked ones
    # The same queue from Beta's and Gamma's side.
    as_(client, w, "b_dataofficer")
    ids = [p["id"] for p in get(client, "api:matchpair-list")[1]["results"]]
    assert ids == [w["pair_other"].pk, w["pair_a"].pk]
    as_(client, w, "c_dataofficer")
    ids = [p["id"] for p in get(client, "api:matchpair-list")[1]["results"]]
    assert ids == [surer.pk, w["pair_other"].pk, less_sure.pk]


def test_the_queue_filters_by_status_and_names_a_bad_filter(client, w):
    as_(client, w, "a_dataofficer")
    body = get(client, "api:matchpair-list", params={"status": "linked"})[1]
    assert [p["id"] for p in body["results"]] == [w["linked_a"].pk]
    body = get(client, "api:matchpair-list", params={"status": "rejected"})[1]
    assert [p["id"] for p in body["results"]] == [w["decision_a"].pair_id]
    code, body = get(client, "api:matchpair-list", params={"status": "maybe"})
    assert code == 400
    assert "pending" in message(body, "status") and "maybe" in message(body, "status")
    code, body = get(client, "api:matchpair-list", params={"colour": "red"})
    assert code == 400
    assert "unknown field" in message(body, "colour")


# --- a pair ---------------------------------------------------------------------------------


def test_a_pair_compares_both_persons_with_numbers_cut_to_their_last_digits(client, w):
    IdentityDocument.objects.create(person=w["person_a"], type="cnic", number=DOCUMENT)
    Phone.objects.create(person=w["person_a2"], number=PHONE)
    as_(client, w, "a_dataofficer")
    response = client.get(reverse("api:matchpair-detail", args=[w["pair_a"].pk]))
    assert response.status_code == 200
    body = response.json()
    # Beta's record is compared, but its id is not Alpha's to know
    assert (body["left"], body["right"]) == (w["person_a"].pk, None)
    assert body["status"] == "pending" and body["can_decide"] is True
    rows = {row["label"]: row for row in body["compared"]}
    assert (rows["first name"]["left"], rows["first name"]["right"]) == ("Ayesha", "Aisha")
    assert rows["first name"]["same"] is False
    assert rows["family name"]["same"] is True
    document, phone = rows["document (last digits)"], rows["phone (last digits)"]
    assert document["left"].endswith("1673") and document["right"] == ""
    assert phone["left"] == "" and phone["right"].endswith("7290")
    assert re.sub("[^0-9]", "", document["left"]) == "1673"
    assert re.sub("[^0-9]", "", phone["right"]) == "7290"
    text = response.content.decode()
    for number in (DOCUMENT, PHONE, "8841167", "3520288411673", "923004417290", "30044"):
        assert number not in text
    assert body["explanation"] == w["pair_a"].explanation
    assert body["explanation"][1] == {
        "field": "given_name",
        "level": "Exact match on given_phonetic",
        "weight": 6.1,
    }


def test_viewing_a_pair_is_audited(client, w):
    as_(client, w, "a_dataofficer")
    views = AuditEntry.objects.filter(action="view")
    before = views.count()
    assert client.get(reverse("api:matchpair-list")).status_code == 200
    assert client.get(reverse("api:matchpair-detail", args=[w["pair_a"].pk])).status_code == 200
    assert views.count() == before + 1
    entry = views.latest("seq")
    assert entry.actor == w["a_dataofficer"]
    assert entry.object_type == "cases.person"
    assert entry.changes == {"ids": [w["person_a"].pk, w["person_a2"].pk]}
    assert f"pair #{w['pair_a'].pk}" in entry.summary
    # A refused look is not a look: nothing is audited for another organisation's pair.
    response = client.get(reverse("api:matchpair-detail", args=[w["pair_other"].pk]))
    assert response.status_code == 404
    assert views.count() == before + 1


# --- merge and unmerge ----------------------------------------------------------------------


def test_confirm_merges_and_undo_unmerges(client, w):
    identity = w["identity_a"].pk
    as_(client, w, "a_dataofficer")
    code, before = get(client, "api:identity-detail", identity)
    assert code == 200
    assert {m["person"] for m in before["members"]} == {w["person_a"].pk, None}

    code, decision = post(
        client, "api:matchpair-confirm", w["pair_a"].pk, data={"note": "same father, same village"}
    )
    assert code == 201, decision
    assert decision["kind"] == "confirm" and decision["pair"] == w["pair_a"].pk
    assert decision["actor"] == "alpha-data" and decision["undone"] is False
    assert decision["identities_changed"] == 1  # Beta's record joined the identity
    assert decision["person"] is None and "members_before" not in decision
    assert get(client, "api:matchpair-detail", w["pair_a"].pk)[1]["status"] == "confirmed"
    assert get(client, "api:matchpair-list")[1]["results"] == []  # the queue is empty now

    merged = get(client, "api:identity-detail", identity)[1]
    assert len(merged["members"]) == 3
    # Alpha's own record by its id; Beta's and Gamma's only by organisation and case roles.
    assert sorted(m["person"] or 0 for m in merged["members"]) == [0, 0, w["person_a"].pk]
    assert len(set(merged["organisations"])) == 3
    assert all(m["roles"] == ["victim (trafficking)"] for m in merged["members"] if not m["person"])
    # Beta's data officer now sees the identity too, with Beta's record as the open one.
    as_(client, w, "b_dataofficer")
    seen_by_beta = get(client, "api:identity-detail", identity)[1]
    assert sorted(m["person"] or 0 for m in seen_by_beta["members"]) == [0, 0, w["person_a2"].pk]

    as_(client, w, "a_dataofficer")
    code, undone = post(
        client,
        "api:linkagedecision-undo",
        decision["id"],
        data={"note": "confirmed by mistake"},
    )
    assert code == 201, undone
    assert undone["kind"] == "undo" and undone["undoes"] == decision["id"]
    after = get(client, "api:identity-detail", identity)[1]
    assert members(after) == members(before)
    assert after["organisations"] == before["organisations"]
    assert get(client, "api:matchpair-detail", w["pair_a"].pk)[1]["status"] == "pending"
    assert get(client, "api:linkagedecision-detail", decision["id"])[1]["undone"] is True
    as_(client, w, "b_dataofficer")
    assert client.get(reverse("api:identity-detail", args=[identity])).status_code == 404


def test_a_decision_is_undone_once_and_an_undo_never(client, w):
    as_(client, w, "a_dataofficer")
    decision = post(client, "api:matchpair-confirm", w["pair_a"].pk)[1]
    undo = post(client, "api:linkagedecision-undo", decision["id"])[1]
    before = state()
    code, body = post(client, "api:linkagedecision-undo", decision["id"])
    assert code == 400
    assert "already undone" in message(body, "decision")
    code, body = post(client, "api:linkagedecision-undo", undo["id"])
    assert code == 400
    assert "cannot be undone" in message(body, "decision")
    assert state() == before


def test_a_decided_pair_is_not_decided_again(client, w):
    as_(client, w, "a_dataofficer")
    assert post(client, "api:matchpair-confirm", w["pair_a"].pk)[0] == 201
    before = state()
    for action in ("api:matchpair-confirm", "api:matchpair-reject"):
        code, body = post(client, action, w["pair_a"].pk, data={"note": "changed my mind"})
        assert code == 400
        assert "confirmed" in message(body, "status")
    assert state() == before


def test_rejecting_a_pair_linked_by_score_needs_a_note(client, w):
    linked = w["linked_a"]
    as_(client, w, "a_dataofficer")
    before = state()
    for data in ({}, {"note": ""}, {"note": "   no    "}):
        code, body = post(client, "api:matchpair-reject", linked.pk, data=data)
        assert code == 400, data
        assert "10 characters" in message(body, "note")
    assert state() == before
    code, body = post(
        client, "api:matchpair-reject", linked.pk, data={"note": "a different father's name"}
    )
    assert code == 201, body
    assert MatchPair.objects.get(pk=linked.pk).status == c.PairStatus.REJECTED
    assert not Membership.objects.filter(person__in=[w["person_a"], w["person_c1"]]).exists()
    # A pending pair is rejected without one.
    code, body = post(client, "api:matchpair-reject", w["pair_a"].pk)
    assert code == 201, body
    assert body["note"] == ""


def test_detach_takes_a_person_out_and_undo_puts_them_back(client, w):
    identity = w["identity_a"].pk
    as_(client, w, "a_dataofficer")
    post(client, "api:matchpair-confirm", w["pair_a"].pk)
    merged = get(client, "api:identity-detail", identity)[1]
    gamma = member_of(w["person_c1"])
    assert gamma in {m["member"] for m in merged["members"]}  # named without its person id
    before = state()
    note = "born in another district"
    refused = [
        # a member of another identity
        ({"member": member_of(w["person_b3"]), "note": note}, "person", "not in this identity"),
        # another organisation's record by its person id: not one Alpha may open
        ({"person": w["person_c1"].pk, "note": note}, "person", "not in this identity"),
        ({"member": gamma, "note": "no"}, "note", "10 characters"),
        ({"note": note}, "member", "name the member"),
        ({"member": gamma}, "note", "required"),
    ]
    for data, field, text in refused:
        code, body = post(client, "api:identity-detach", identity, data=data)
        assert code == 400, data
        assert text in message(body, field), (data, body)
    assert state() == before

    code, detached = post(
        client, "api:identity-detach", identity, data={"member": gamma, "note": note}
    )
    assert code == 201, detached
    assert detached["kind"] == "detach"
    assert len(get(client, "api:identity-detail", identity)[1]["members"]) == 2
    assert not Membership.objects.filter(person=w["person_c1"]).exists()
    assert post(client, "api:linkagedecision-undo", detached["id"])[0] == 201
    assert members(get(client, "api:identity-detail", identity)[1]) == members(merged)
    # Alpha's own record may be named by its person id.
    code, detached = post(
        client, "api:identity-detach", identity, data={"person": w["person_a"].pk, "note": note}
    )
    assert code == 201, detached
    assert detached["person"] == w["person_a"].pk
    assert not Membership.objects.filter(person=w["person_a"]).exists()


def test_the_decision_list_shows_the_organisations_decisions_newest_first(client, w):
    as_(client, w, "a_dataofficer")
    confirm = post(client, "api:matchpair-confirm", w["pair_a"].pk)[1]
    body = get(client, "api:linkagedecision-list")[1]
    assert [d["id"] for d in body["results"]] == [confirm["id"], w["decision_a"].pk]
    assert body["results"][1]["note"] == "different mother's name"


def test_no_merge_or_unmerge_changes_a_person(client, w):
    Phone.objects.create(person=w["person_a2"], number=PHONE)
    before = person_rows()
    as_(client, w, "a_dataofficer")
    confirm = post(client, "api:matchpair-confirm", w["pair_a"].pk)[1]
    detach = post(
        client,
        "api:identity-detach",
        w["identity_a"].pk,
        data={"member": member_of(w["person_c1"]), "note": "born in another district"},
    )[1]
    assert post(client, "api:linkagedecision-undo", detach["id"])[0] == 201
    assert post(client, "api:linkagedecision-undo", confirm["id"])[0] == 201
    split = post(
        client, "api:matchpair-reject", w["linked_a"].pk, data={"note": "a different father"}
    )
    assert split[0] == 201
    assert post(client, "api:linkagedecision-undo", w["decision_a"].pk)[0] == 201
    after = person_rows()
    assert after == before  # every field, updated_at and version included
    assert Phone.objects.get(person=w["person_a2"]).number == PHONE


# --- strict input ---------------------------------------------------------------------------


def test_unknown_fields_are_refused_by_name(client, w):
    as_(client, w, "a_dataofficer")
    before = state()
    calls = [
        ("api:matchpair-confirm", w["pair_a"].pk, {"note": "same", "force": True}, "force"),
        ("api:matchpair-reject", w["pair_a"].pk, {"reason": "not her"}, "reason"),
        ("api:linkagedecision-undo", w["decision_a"].pk, {"why": "mistake"}, "why"),
        (
            "api:identity-detach",
            w["identity_a"].pk,
            {"member": member_of(w["person_c1"]), "note": "born elsewhere", "merge": 1},
            "merge",
        ),
    ]
    for name, pk, data, field in calls:
        code, body = post(client, name, pk, data=data)
        assert code == 400, name
        assert "unknown field" in message(body, field), name
        assert "note" in message(body, field), name  # the allowed fields are named
    code, body = post(client, "api:linkagerun-list", data={"kind": "full", "threshold": 0.9})
    assert code == 400
    assert "unknown field" in message(body, "threshold")
    code, body = post(client, "api:linkagerun-list", data={"kind": "partial"})
    assert code == 400
    assert "incremental" in message(body, "kind")
    assert state() == before
    assert get(client, "api:linkagerun-list")[1]["count"] == 1


# --- counts for the statistics ----------------------------------------------------------------


def test_counts_give_records_distinct_persons_and_overlaps(client, w):
    name_organisations(w)
    as_(client, w, "programme")
    code, body = get(client, "api:linkagecount-list")
    assert code == 200
    assert body == {
        "records": 7,
        "distinct_persons": 5,
        "persons_by_organisation": {"ALP": 1, "BLA": 3, "GSH": 2},
        "overlaps": {"ALP+GSH": 1, "BLA": 3, "GSH": 1},
        "deduplicated": True,
    }
    code, body = get(client, "api:linkagecount-list", params={"role": "smuggled_migrant"})
    assert (code, body["records"], body["overlaps"]) == (200, 1, {"ALP": 1})
    # A confirmation counts Alpha's, Beta's and Gamma's records as one person.
    as_(client, w, "a_dataofficer")
    decision = post(client, "api:matchpair-confirm", w["pair_a"].pk)[1]
    as_(client, w, "programme")
    body = get(client, "api:linkagecount-list")[1]
    assert body["distinct_persons"] == 4
    assert body["overlaps"] == {"ALP+BLA+GSH": 1, "BLA": 2, "GSH": 1}
    as_(client, w, "a_dataofficer")
    post(client, "api:linkagedecision-undo", decision["id"])
    as_(client, w, "programme")
    assert get(client, "api:linkagecount-list")[1]["distinct_persons"] == 5


def test_counts_name_a_bad_filter(client, w):
    as_(client, w, "programme")
    code, body = get(client, "api:linkagecount-list", params={"role": "hero"})
    assert code == 400
    assert "victim" in message(body, "role")
    code, body = get(client, "api:linkagecount-registers", params={"province": "PK-PB"})
    assert code == 400
    assert "unknown field" in message(body, "province")


def test_registers_give_pseudonyms_not_ids(client, w):
    name_organisations(w)
    as_(client, w, "programme")
    code, body = get(client, "api:linkagecount-registers")
    assert code == 200
    assert sorted(tuple(e["organisations"]) for e in body) == [
        ("ALP", "GSH"),
        ("BLA",),
        ("BLA",),
        ("BLA",),
        ("GSH",),
    ]
    pseudonyms = [e["person"] for e in body]
    assert len(set(pseudonyms)) == 5
    assert all(re.fullmatch("[0-9a-f]{16}", p) for p in pseudonyms)
    ids = {str(pk) for pk in Person.objects.values_list("pk", flat=True)}
    ids |= {str(pk) for pk in Membership.objects.values_list("identity", flat=True)}
    ids |= {str(-int(pk)) for pk in ids}
    assert not ids & set(pseudonyms)
    assert all(set(e) == {"person", "organisations"} for e in body)
    # Stable from one call to the next: the same person, the same pseudonym.
    assert get(client, "api:linkagecount-registers")[1] == body


def test_counts_are_refused_to_a_caseworker(client, w):
    as_(client, w, "a_caseworker")
    for name in ("api:linkagecount-list", "api:linkagecount-registers"):
        code, body = get(client, name)
        assert code == 403
        assert "linkage counts" in body["detail"]


# --- src bugs found here ----------------------------------------------------------------------


def test_a_reviewer_sees_and_undoes_their_own_decision(client, w):
    decision = w["decision_other"]  # Beta's data officer rejected Beta's person's pair
    assert decision.actor == w["b_dataofficer"]
    as_(client, w, "b_dataofficer")
    ids = [d["id"] for d in get(client, "api:linkagedecision-list")[1]["results"]]
    assert decision.pk in ids
    assert post(client, "api:linkagedecision-undo", decision.pk)[0] == 201


def test_a_pair_shows_the_district_the_engine_compared(client, w):
    Address.objects.create(person=w["person_a"], district="Multan", is_current=False)
    as_(client, w, "a_dataofficer")
    body = get(client, "api:matchpair-detail", w["pair_a"].pk)[1]
    rows = {row["label"]: row for row in body["compared"]}
    assert rows["district"]["left"] == ""  # she has no current address


def test_a_pair_names_the_organisations_of_its_persons(client, w):
    as_(client, w, "a_dataofficer")
    body = get(client, "api:matchpair-detail", w["pair_a"].pk)[1]
    assert (body["left_organisation"], body["right_organisation"]) == (
        "Alpha Shelter",
        "Beta Legal Aid",
    )
