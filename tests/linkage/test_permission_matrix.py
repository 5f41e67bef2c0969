"""Every page and API endpoint of record linkage under the four permission conditions.

The world is `worlds.linkage_world()`: Alpha's Ayesha Bibi linked by score to Gamma's
(``identity_a``), a pending Alpha–Beta pair (``pair_a``) and Alpha's data officer's rejection
of another (``decision_a``); a Beta–Gamma pair, identity and decision none of Alpha's business
(``pair_other``, ``identity_other``, ``decision_other``); one finished run.

Permitted: Alpha's data officer for pairs, decisions, detaching and runs; Alpha's caseworker
for reading an identity; the programme manager for the counts. No permission: Alpha's
caseworker (no review rights, no runs, no counts), Alpha's organisation admin for identities
(account managers see no case work). Other organisation: Alpha's people against the Beta–Gamma
rows; runs and counts are network-wide and have none.
"""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests import factories, worlds
from tests.permission_matrix import CONDITIONS, Endpoint, World, static, url
from tipsom.core.choices import Role
from tipsom.linkage import choices as c
from tipsom.linkage.models import Decision, LinkageRun, MatchPair, Membership


@pytest.fixture
def world(db) -> World:
    return worlds.linkage_world()


def decide(decision: str, key: str):
    return lambda w: reverse("linkage:pair_decide", args=[w[key].pk, decision])


def api_action(name: str, key: str, other: str, data, permitted: str = "a_dataofficer") -> Endpoint:
    """A POST on one row; ``other`` is the same kind of row of none of Alpha's business."""
    return Endpoint(
        name,
        url(name, key),
        permitted,
        "a_caseworker",
        other_url=url(name, other),
        method="post",
        api=True,
        data=data,
        ok=(201,),
    )


def _detach(w: World) -> dict:
    """Gamma's record taken out of identity_a, named by its membership (as the identity
    lists it to other organisations)."""
    member = Membership.objects.get(person=w["person_c1"]).pk
    return {"member": member, "note": "a different father's name"}


def api_id(key: str):
    return lambda w: f'"id":{w[key].pk},'


E = Endpoint
ENDPOINTS = [
    # --- pages ---
    E(
        "linkage:pair_list",
        static("linkage:pair_list"),
        "a_dataofficer",
        "a_caseworker",
        own_marker=lambda w: f"/linkage/pairs/{w['pair_a'].pk}/",
        other_marker=lambda w: f"/linkage/pairs/{w['pair_other'].pk}/",
    ),
    E(
        "linkage:pair_detail",
        url("linkage:pair_detail", "pair_a"),
        "a_dataofficer",
        "a_caseworker",
        other_url=url("linkage:pair_detail", "pair_other"),
        own_marker=lambda w: "Aisha",  # Beta's side of the pair, compared
    ),
    E(
        "linkage:pair_decide",
        decide("reject", "pair_a"),
        "a_dataofficer",
        "a_caseworker",
        other_url=decide("reject", "pair_other"),
        method="post",
        ok=(302,),
    ),
    E(
        "linkage:pair_decide confirm",
        decide("confirm", "pair_a"),
        "a_dataofficer",
        "a_caseworker",
        other_url=decide("confirm", "pair_other"),
        method="post",
        data=lambda w: {"note": "same father, same village"},
        ok=(302,),
    ),
    E(
        "linkage:identity_detail",
        url("linkage:identity_detail", "identity_a"),
        "a_caseworker",
        "a_orgadmin",
        other_url=url("linkage:identity_detail", "identity_other"),
        own_marker=lambda w: f">person {w['person_a'].pk}<",
    ),
    E(
        "linkage:identity_detail data officer",
        url("linkage:identity_detail", "identity_a"),
        "a_dataofficer",
        "nobody",
        other_url=url("linkage:identity_detail", "identity_other"),
        own_marker=lambda w: 'data-testid="detach-member"',
    ),
    E(
        "linkage:identity_detach",
        url("linkage:identity_detach", "identity_a"),
        "a_dataofficer",
        "a_caseworker",  # may see the identity, not change it
        other_url=url("linkage:identity_detach", "identity_other"),
        method="post",
        data=_detach,
        ok=(302,),
    ),
    E(
        "linkage:decision_undo",
        url("linkage:decision_undo", "decision_a"),
        "a_dataofficer",
        "a_caseworker",
        other_url=url("linkage:decision_undo", "decision_other"),
        method="post",
        data=lambda w: {"note": "rejected by mistake"},
        ok=(302,),
    ),
    E(
        "linkage:run_start",
        static("linkage:run_start"),
        "a_dataofficer",
        "a_caseworker",
        method="post",
        data=lambda w: {"kind": "full"},
        ok=(302,),
    ),
    # --- API: runs ---
    E(
        "api:linkagerun-list",
        static("api:linkagerun-list"),
        "a_dataofficer",
        "a_caseworker",
        api=True,
        own_marker=api_id("run"),
    ),
    E(
        "api:linkagerun-detail",
        url("api:linkagerun-detail", "run"),
        "a_dataofficer",
        "a_caseworker",
        api=True,
    ),
    E(
        "api:linkagerun-list POST",
        static("api:linkagerun-list"),
        "a_dataofficer",
        "a_caseworker",
        method="post",
        api=True,
        data=lambda w: {"kind": "full"},
        ok=(201,),
    ),
    # --- API: pairs ---
    E(
        "api:matchpair-list",
        static("api:matchpair-list"),
        "a_dataofficer",
        "a_caseworker",
        api=True,
        own_marker=api_id("pair_a"),
        other_marker=api_id("pair_other"),
    ),
    E(
        "api:matchpair-detail",
        url("api:matchpair-detail", "pair_a"),
        "a_dataofficer",
        "a_caseworker",
        other_url=url("api:matchpair-detail", "pair_other"),
        api=True,
        own_marker=lambda w: '"compared":[',
    ),
    api_action("api:matchpair-confirm", "pair_a", "pair_other", lambda w: {"note": "same father"}),
    api_action("api:matchpair-reject", "pair_a", "pair_other", lambda w: {}),
    # --- API: identities ---
    E(
        "api:identity-detail",
        url("api:identity-detail", "identity_a"),
        "a_caseworker",
        "a_orgadmin",
        other_url=url("api:identity-detail", "identity_other"),
        api=True,
        own_marker=lambda w: f'"person":{w["person_a"].pk},',
    ),
    api_action("api:identity-detach", "identity_a", "identity_other", _detach),
    # --- API: decisions ---
    E(
        "api:linkagedecision-list",
        static("api:linkagedecision-list"),
        "a_dataofficer",
        "a_caseworker",
        api=True,
        own_marker=api_id("decision_a"),
        other_marker=api_id("decision_other"),
    ),
    E(
        "api:linkagedecision-detail",
        url("api:linkagedecision-detail", "decision_a"),
        "a_dataofficer",
        "a_caseworker",
        other_url=url("api:linkagedecision-detail", "decision_other"),
        api=True,
    ),
    api_action(
        "api:linkagedecision-undo",
        "decision_a",
        "decision_other",
        lambda w: {"note": "rejected by mistake"},
    ),
    # --- API: counts (network-wide, no personal data) ---
    E(
        "api:linkagecount-list",
        static("api:linkagecount-list"),
        "programme",
        "a_caseworker",
        api=True,
        own_marker=lambda w: '"distinct_persons":',
    ),
    E(
        "api:linkagecount-registers",
        static("api:linkagecount-registers"),
        "programme",
        "a_caseworker",
        api=True,
        own_marker=lambda w: '"organisations":',
    ),
]


# A data officer holds "add" on linkage runs network-wide, but starting a run queues a job with
# no organisation, and the job grant gives data officers organisation scope only.
@pytest.mark.parametrize("condition", list(CONDITIONS))
@pytest.mark.parametrize("endpoint", ENDPOINTS, ids=str)
def test_endpoint(client, world, endpoint, condition):
    CONDITIONS[condition](client, endpoint, world)


# --- what the status codes above do not show ----------------------------------------------


def _status(w: World, key: str) -> str:
    return MatchPair.objects.get(pk=w[key].pk).status


def _identity(person) -> int | None:
    found = Membership.objects.filter(person=person).first()
    return found.identity_id if found else None


def test_the_permitted_page_actions_take_effect(client, world):
    factories.sign_in(client, world["a_dataofficer"])
    response = client.post(decide("confirm", "pair_a")(world), {"note": "same father"})
    assert response["Location"] == reverse("linkage:identity_detail", args=[world["identity_a"].pk])
    assert _status(world, "pair_a") == c.PairStatus.CONFIRMED
    assert _identity(world["person_a2"]) == world["identity_a"].pk
    response = client.post(
        reverse("linkage:identity_detach", args=[world["identity_a"].pk]), _detach(world)
    )
    assert response.status_code == 302
    assert _identity(world["person_c1"]) is None
    client.post(reverse("linkage:decision_undo", args=[world["decision_a"].pk]), {})
    assert MatchPair.objects.get(pk=world["decision_a"].pair_id).status == c.PairStatus.PENDING


def test_a_data_officer_starts_a_run_from_the_page(client, world):
    factories.sign_in(client, world["a_dataofficer"])
    response = client.post(reverse("linkage:run_start"), {"kind": "full"})
    assert response.status_code == 302
    run = LinkageRun.objects.exclude(pk=world["run"].pk).get()
    assert run.started_by == world["a_dataofficer"] and run.job_id is not None
    assert response["Location"] == reverse("core:job_detail", args=[run.job_id])


def test_refused_page_actions_change_nothing(client, world):
    """Pages of refused actions answer 404 or 403; nothing changes behind them."""
    before = sorted(MatchPair.objects.values_list("pk", "status"))
    members = sorted(Membership.objects.values_list("person", "identity"))
    decisions = Decision.objects.count()
    factories.sign_in(client, world["a_dataofficer"])
    client.post(decide("reject", "pair_other")(world), {"note": "not ours to decide"})
    client.post(
        reverse("linkage:identity_detach", args=[world["identity_other"].pk]),
        {
            "member": Membership.objects.get(person=world["person_b3"]).pk,
            "note": "not ours to decide",
        },
    )
    client.post(reverse("linkage:decision_undo", args=[world["decision_other"].pk]), {})
    for who in ("a_caseworker", "a_orgadmin", "programme", "secretariat"):
        factories.sign_in(client, world[who])
        client.post(decide("confirm", "pair_a")(world), {"note": "same father"})
        client.post(
            reverse("linkage:identity_detach", args=[world["identity_a"].pk]), _detach(world)
        )
        client.post(reverse("linkage:decision_undo", args=[world["decision_a"].pk]), {})
        response = client.post(reverse("linkage:run_start"), {"kind": "full"})
        assert response.status_code == 403, who
    assert sorted(MatchPair.objects.values_list("pk", "status")) == before
    assert sorted(Membership.objects.values_list("person", "identity")) == members
    assert Decision.objects.count() == decisions
    assert LinkageRun.objects.count() == 1


def test_an_unknown_decision_on_a_pair_is_refused(client, world):
    factories.sign_in(client, world["a_dataofficer"])
    response = client.post(decide("approve", "pair_a")(world), {})
    assert response.status_code in (403, 404)
    assert _status(world, "pair_a") == c.PairStatus.PENDING


def test_the_pages_refuse_get_for_their_actions(client, world):
    factories.sign_in(client, world["a_dataofficer"])
    for target in (
        decide("confirm", "pair_a")(world),
        reverse("linkage:identity_detach", args=[world["identity_a"].pk]),
        reverse("linkage:decision_undo", args=[world["decision_a"].pk]),
        reverse("linkage:run_start"),
    ):
        assert client.get(target).status_code == 405, target
    assert _status(world, "pair_a") == c.PairStatus.PENDING


def test_the_secretariat_sees_runs_but_starts_none(client, world):
    factories.sign_in(client, world["secretariat"])
    response = client.get(reverse("api:linkagerun-list"))
    assert [r["id"] for r in response.json()["results"]] == [world["run"].pk]
    response = client.post(
        reverse("api:linkagerun-list"), {"kind": "full"}, content_type="application/json"
    )
    assert response.status_code == 403
    # The linkage page shows the runs, not the review queue.
    page = client.get(reverse("linkage:pair_list"))
    assert page.status_code == 200 and b'data-testid="run-table"' in page.content
    assert b'data-testid="pair-table"' not in page.content
    assert client.get(reverse("api:matchpair-list")).json()["results"] == []
    assert LinkageRun.objects.count() == 1


def test_a_system_admin_may_start_a_run(client, world):
    admin = factories.user((world["org_a"], Role.SYSTEM_ADMIN), username="the-sysadmin")
    factories.sign_in(client, admin)
    response = client.post(
        reverse("api:linkagerun-list"), {"kind": "full"}, content_type="application/json"
    )
    assert response.status_code == 201, response.content
    assert response.json()["started_by"] == "the-sysadmin"


def test_no_run_starts_while_one_is_running(client, world):
    LinkageRun.objects.filter(pk=world["run"].pk).update(status=c.RunStatus.RUNNING)
    factories.sign_in(client, world["a_dataofficer"])
    response = client.post(
        reverse("api:linkagerun-list"), {"kind": "full"}, content_type="application/json"
    )
    assert response.status_code == 400
    assert "already" in " ".join(response.json()["kind"])
    response = client.post(reverse("linkage:run_start"), {"kind": "full"})
    assert response["Location"] == reverse("linkage:pair_list")
    assert LinkageRun.objects.count() == 1


def test_counts_for_every_role_the_matrix_names_and_no_other(client, world):
    from tipsom.core.models import Organisation

    nchr = Organisation.objects.get(name="Rights Commission")
    allowed = {
        "the-auditor": world["auditor"],
        "the-secretariat": world["secretariat"],
        "the-programme": world["programme"],
        "alpha-data": world["a_dataofficer"],
        "nchr-programme": factories.user((nchr, Role.PROGRAMME_MANAGER), username="nchr-pm"),
    }
    for who, user in allowed.items():
        factories.sign_in(client, user)
        assert client.get(reverse("api:linkagecount-list")).status_code == 200, who
    for who in ("a_caseworker", "a_supervisor", "a_orgadmin", "nobody"):
        factories.sign_in(client, world[who])
        assert client.get(reverse("api:linkagecount-list")).status_code == 403, who
        assert client.get(reverse("api:linkagecount-registers")).status_code == 403, who


def test_another_organisations_caseworker_sees_a_shared_identity_but_not_alphas_record(
    client, world
):
    """Gamma holds one of identity_a's persons: its caseworker sees the identity, with
    Alpha's member as a record of another organisation."""
    factories.sign_in(client, world["c_caseworker"])
    body = client.get(reverse("api:identity-detail", args=[world["identity_a"].pk])).json()
    members = {m["person"] for m in body["members"]}
    assert members == {world["person_c1"].pk, None}
    # Beta holds none of identity_a's persons (pair_a is only pending).
    factories.sign_in(client, world["b_caseworker"])
    response = client.get(reverse("api:identity-detail", args=[world["identity_a"].pk]))
    assert response.status_code == 404


def test_a_caseworker_sees_no_reviewers_notes_on_an_identity_page(client, world):
    """Decisions are matchpair rows: case staff see the identity, not the reviewers' notes."""
    factories.sign_in(client, world["a_caseworker"])
    assert not Decision.objects.restrict(world["a_caseworker"]).exists()
    page = client.get(reverse("linkage:identity_detail", args=[world["identity_a"].pk]))
    assert page.status_code == 200
    assert "different mother" not in page.content.decode()  # decision_a's note
    factories.sign_in(client, world["a_dataofficer"])
    page = client.get(reverse("linkage:identity_detail", args=[world["identity_a"].pk]))
    assert "different mother" in page.content.decode()
