"""Every page and API endpoint of the official statistics under the four permission
conditions.

The world is the statistics world (`conftest.statistics_world`) with one extract taken by
Alpha's data officer. Statistics are counts over the whole network: permitted are the data
officer (who also takes extracts) and the network secretariat (who only reads them); no
permission are Alpha's caseworker and the FIA circle's investigator, whose case and
investigation files the figures are made of. There is no "other organisation" condition:
an extract belongs to no organisation.

Releases (the world holds one, prepared by Alpha's data officer and waiting for approval):
data officers see, prepare and decide; the secretariat sees and decides; the auditor only
sees; caseworkers and investigators see nothing. A release, too, belongs to no organisation.
The public page of approved releases needs no sign-in and is tested in test_releases.py.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from tests import factories
from tests.insights.conftest import statistics_world
from tests.permission_matrix import CONDITIONS, Endpoint, World, static, url
from tipsom.core.choices import Role
from tipsom.core.models import Job
from tipsom.insights import releases, services
from tipsom.insights.models import Release, ReleaseStatus

RELEASE = "Matrix release"


@pytest.fixture
def world(db) -> World:
    w = statistics_world()
    w["extract"] = services.take_extract(w["data_officer"])
    w["data_officer_2"] = factories.user((w["beta"], Role.DATA_OFFICER), username="beta-data")
    w["auditor"] = factories.user((w["alpha"], Role.AUDITOR), username="the-auditor")
    w["release"] = releases.prepare_release(
        w["data_officer"], {"title": RELEASE, "year_from": 2025, "year_to": 2026}
    )
    return w


def download(kind: str):
    return lambda w: reverse("insights:download", args=[kind])


def release_form(w: World) -> dict[str, Any]:
    """What the release form posts to prepare a release."""
    return {
        **{name: str(value) for name, value in releases.DEFAULTS.items()},
        "title": "Posted release",
        "year_from": "2025",
        "year_to": "2026",
    }


def approve(w: World) -> dict[str, Any]:
    return {"decision": "approve", "note": "checked"}


def listed(w: World) -> str:
    return f"<td>{RELEASE}</td>"


E = Endpoint
ENDPOINTS = [
    # --- pages ---
    E(
        "insights:dashboard",
        static("insights:dashboard"),
        "data_officer",
        "a_caseworker",
        own_marker=lambda w: 'data-table="sdg_16_2_2"',
    ),
    E(
        "insights:dashboard secretariat",
        static("insights:dashboard"),
        "secretariat",
        "investigator",
        own_marker=lambda w: 'data-table="sdg_16_2_2"',
    ),
    *(
        E(f"insights:download {kind}", download(kind), "data_officer", "a_caseworker")
        for kind in ("xlsx", "csv", "pdf")
    ),
    *(
        E(f"insights:download {kind} secretariat", download(kind), "secretariat", "investigator")
        for kind in ("xlsx", "csv", "pdf")
    ),
    E(
        "insights:take",
        static("insights:take"),
        "data_officer",
        "a_caseworker",
        method="post",
        ok=(302,),
    ),
    E(
        "insights:take secretariat",  # may read the figures, not take an extract
        static("insights:take"),
        "data_officer",
        "secretariat",
        method="post",
        ok=(302,),
    ),
    # --- releases ---
    *(
        E(
            f"insights:release_list{suffix}",
            static("insights:release_list"),
            permitted,
            forbidden,
            own_marker=listed,
        )
        for suffix, permitted, forbidden in (
            ("", "data_officer", "a_caseworker"),
            (" secretariat", "secretariat", "investigator"),
            (" auditor", "auditor", "a_caseworker"),
        )
    ),
    *(
        E(
            f"insights:release_list{suffix}",  # prepares a release
            static("insights:release_list"),
            permitted,
            forbidden,
            method="post",
            data=release_form,
            ok=(302,),
        )
        for suffix, permitted, forbidden in (
            ("", "data_officer", "a_caseworker"),
            (" secretariat", "data_officer", "secretariat"),  # may see, not prepare
            (" auditor", "data_officer_2", "auditor"),
        )
    ),
    *(
        E(
            f"insights:release_detail{suffix}",
            url("insights:release_detail", "release"),
            permitted,
            forbidden,
        )
        for suffix, permitted, forbidden in (
            ("", "data_officer", "a_caseworker"),
            (" secretariat", "secretariat", "investigator"),
            (" auditor", "auditor", "investigator"),
        )
    ),
    *(
        E(
            f"insights:release_decide{suffix}",
            url("insights:release_decide", "release"),
            permitted,
            forbidden,
            method="post",
            data=approve,
            ok=(302,),
        )
        for suffix, permitted, forbidden in (
            ("", "secretariat", "a_caseworker"),
            (" data officer", "data_officer_2", "investigator"),
            (" auditor", "secretariat", "auditor"),  # may see, not decide
        )
    ),
    # --- API ---
    E(
        "api:indicators-list",
        static("api:indicators-list"),
        "data_officer",
        "a_caseworker",
        api=True,
        own_marker=lambda w: '"id":"sdg_16_2_2"',
    ),
    E(
        "api:indicators-list secretariat",
        static("api:indicators-list"),
        "secretariat",
        "investigator",
        api=True,
        own_marker=lambda w: '"id":"gcm_objective_10"',
    ),
]

# Cells of the matrix that fail because of a known bug in src/ (strict: fixing it turns red).
KNOWN_BUGS: dict[tuple[str, str], str] = {}


def _cells() -> list[Any]:
    cells = []
    for endpoint in ENDPOINTS:
        for condition in CONDITIONS:
            reason = KNOWN_BUGS.get((str(endpoint), condition))
            marks = [pytest.mark.xfail(strict=True, reason=reason)] if reason else []
            cells.append(
                pytest.param(endpoint, condition, marks=marks, id=f"{endpoint}-{condition}")
            )
    return cells


@pytest.mark.parametrize(("endpoint", "condition"), _cells())
def test_endpoint(client, world, endpoint, condition):
    CONDITIONS[condition](client, endpoint, world)


# --- what the status codes above do not show ----------------------------------------------


def test_a_refused_take_queues_nothing(client, world):
    for who in ("a_caseworker", "investigator", "secretariat"):
        factories.sign_in(client, world[who])
        client.post(reverse("insights:take"))
    assert not Job.objects.exists()
    factories.sign_in(client, world["data_officer"])
    client.post(reverse("insights:take"))
    assert Job.objects.get().kind == "insights.extract"


def test_a_refused_release_post_changes_nothing(client, world):
    release = world["release"]
    decide = reverse("insights:release_decide", args=[release.pk])
    for who in ("a_caseworker", "investigator", "secretariat", "auditor"):
        factories.sign_in(client, world[who])
        client.post(reverse("insights:release_list"), release_form(world))
    for who in ("a_caseworker", "investigator", "auditor", "data_officer"):  # the preparer too
        factories.sign_in(client, world[who])
        client.post(decide, approve(world))
    assert list(Release.objects.all()) == [release]
    assert Release.objects.get().status == ReleaseStatus.PREPARED


@pytest.mark.parametrize("who", ["secretariat", "data_officer_2"])
def test_a_permitted_decision_publishes(client, world, who):
    factories.sign_in(client, world[who])
    client.post(reverse("insights:release_decide", args=[world["release"].pk]), approve(world))
    release = Release.objects.get()
    assert (release.status, release.decided_by) == (ReleaseStatus.PUBLISHED, world[who])


def test_a_permitted_post_prepares(client, world):
    factories.sign_in(client, world["data_officer"])
    client.post(reverse("insights:release_list"), release_form(world))
    posted = Release.objects.get(title="Posted release")
    assert (posted.status, posted.prepared_by) == (ReleaseStatus.PREPARED, world["data_officer"])
