"""Every page and API endpoint of the official statistics under the four permission
conditions.

The world is the statistics world (`conftest.statistics_world`) with one extract taken by
Alpha's data officer. Statistics are counts over the whole network: permitted are the data
officer (who also takes extracts) and the network secretariat (who only reads them); no
permission are Alpha's caseworker and the FIA circle's investigator, whose case and
investigation files the figures are made of. There is no "other organisation" condition:
an extract belongs to no organisation.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from tests import factories
from tests.insights.conftest import statistics_world
from tests.permission_matrix import CONDITIONS, Endpoint, World, static
from tipsom.core.models import Job
from tipsom.insights import services


@pytest.fixture
def world(db) -> World:
    w = statistics_world()
    w["extract"] = services.take_extract(w["data_officer"])
    return w


def download(kind: str):
    return lambda w: reverse("insights:download", args=[kind])


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
