"""Every page and API endpoint of the core app under the four permission conditions."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests import factories, worlds
from tests.permission_matrix import CONDITIONS, Endpoint, World, static, url
from tipsom.core.choices import AuditAction
from tipsom.core.models import AuditEntry, Notification


@pytest.fixture
def world(db) -> World:
    return worlds.core_world()


E = Endpoint
ENDPOINTS = [
    # --- pages ---
    E("core:home", static("core:home"), "a_caseworker", None),
    E("core:account", static("core:account"), "a_caseworker", None),
    E("core:two_factor_setup", static("core:two_factor_setup"), "a_caseworker", None),
    E("core:two_factor_verify", static("core:two_factor_verify"), "a_caseworker", None),
    E("core:logout", static("core:logout"), "a_caseworker", None, method="post", ok=(302,)),
    E(
        "core:organisation_list",
        static("core:organisation_list"),
        "a_caseworker",
        "nobody",
        own_marker=lambda w: "Alpha Shelter",
    ),
    E(
        "core:organisation_detail",
        url("core:organisation_detail", "org_a"),
        "a_caseworker",
        "nobody",
        own_marker=lambda w: "Alpha Focal Person",
    ),
    E("core:organisation_add", static("core:organisation_add"), "secretariat", "a_orgadmin"),
    E(
        "core:organisation_edit",
        url("core:organisation_edit", "org_a"),
        "a_orgadmin",
        "a_caseworker",
        other_url=url("core:organisation_edit", "org_b"),
    ),
    E(
        "core:contact_point_add",
        url("core:contact_point_add", "org_a"),
        "a_orgadmin",
        "a_caseworker",
        other_url=url("core:contact_point_add", "org_b"),
    ),
    E(
        "core:contact_point_edit",
        lambda w: reverse("core:contact_point_edit", args=[w["org_a"].pk, w["contact_a"].pk]),
        "a_orgadmin",
        "a_caseworker",
        other_url=lambda w: reverse(
            "core:contact_point_edit", args=[w["org_b"].pk, w["contact_b"].pk]
        ),
    ),
    E(
        "core:contact_point_delete",
        lambda w: reverse("core:contact_point_delete", args=[w["org_a"].pk, w["contact_a"].pk]),
        "a_orgadmin",
        "a_caseworker",
        method="post",
        ok=(302,),
        other_url=lambda w: reverse(
            "core:contact_point_delete", args=[w["org_b"].pk, w["contact_b"].pk]
        ),
    ),
    E(
        "core:user_list",
        static("core:user_list"),
        "a_orgadmin",
        "a_caseworker",
        own_marker=lambda w: "alpha-caseworker",
        other_marker=lambda w: "beta-caseworker",
    ),
    E("core:user_add", static("core:user_add"), "a_orgadmin", "a_caseworker"),
    E(
        "core:user_detail",
        url("core:user_detail", "a_caseworker"),
        "a_orgadmin",
        "a_caseworker",
        other_url=url("core:user_detail", "b_caseworker"),
    ),
    E(
        "core:user_roles",
        lambda w: reverse("core:user_roles", args=[w["a_caseworker"].pk, w["org_a"].pk]),
        "a_orgadmin",
        "a_caseworker",
        method="post",
        ok=(302,),
        data=lambda w: {f"org{w['org_a'].pk}-roles": ["caseworker", "supervisor"]},
        other_url=lambda w: reverse("core:user_roles", args=[w["b_caseworker"].pk, w["org_b"].pk]),
    ),
    E(
        "core:audit_list",
        static("core:audit_list"),
        "a_orgadmin",
        "a_caseworker",
        own_marker=lambda w: "marker-audit-a",
        other_marker=lambda w: "marker-audit-b",
    ),
    E(
        "core:audit_job",
        lambda w: reverse("core:audit_job", args=["verify"]),
        "auditor",
        "a_caseworker",
        method="post",
        ok=(302,),
    ),
    E(
        "core:job_list",
        static("core:job_list"),
        "a_caseworker",
        "nobody",
        own_marker=lambda w: reverse("core:job_detail", args=[w["job_a"].pk]),
        other_marker=lambda w: reverse("core:job_detail", args=[w["job_b"].pk]),
    ),
    E(
        "core:job_detail",
        url("core:job_detail", "job_a"),
        "a_caseworker",
        "nobody",
        other_url=url("core:job_detail", "job_b"),
    ),
    E(
        "core:job_download",
        url("core:job_download", "job_a"),
        "a_caseworker",
        "nobody",
        other_url=url("core:job_download", "job_b"),
    ),
    E(
        "core:inbox",
        static("core:inbox"),
        "a_caseworker",
        "b_caseworker",  # has an inbox of their own, which does not show a_caseworker's
        own_marker=lambda w: "marker-note_a",
        other_marker=lambda w: "marker-note_b",
    ),
    # --- API ---
    E("api:api-root", static("api:api-root"), "a_caseworker", None, api=True),
    E("api-schema", static("api-schema"), "a_caseworker", None, api=True),
    E(
        "api:organisation-list",
        static("api:organisation-list"),
        "a_caseworker",
        "nobody",
        api=True,
        own_marker=lambda w: "Alpha Shelter",
    ),
    E(
        "api:organisation-detail",
        url("api:organisation-detail", "org_a"),
        "a_caseworker",
        "nobody",
        api=True,
    ),
    E(
        "api:organisation-list POST",
        static("api:organisation-list"),
        "secretariat",
        "a_orgadmin",
        method="post",
        api=True,
        ok=(201,),
        data=lambda w: {"name": "Gamma Shelter", "type": "ngo", "province": "PK-KP"},
    ),
    E(
        "api:organisation-detail PATCH",
        url("api:organisation-detail", "org_a"),
        "a_orgadmin",
        "a_caseworker",
        method="patch",
        api=True,
        data=lambda w: {"district": "Lahore"},
        other_url=url("api:organisation-detail", "org_b"),
    ),
    E(
        "api:contactpoint-list",
        static("api:contactpoint-list"),
        "a_caseworker",
        "nobody",
        api=True,
        own_marker=lambda w: "Alpha Focal Person",
    ),
    E(
        "api:contactpoint-detail",
        url("api:contactpoint-detail", "contact_a"),
        "a_caseworker",
        "nobody",
        api=True,
    ),
    E(
        "api:user-list",
        static("api:user-list"),
        "a_orgadmin",
        "a_caseworker",
        api=True,
        own_marker=lambda w: "alpha-caseworker",
        other_marker=lambda w: "beta-caseworker",
    ),
    E(
        "api:user-detail",
        url("api:user-detail", "a_caseworker"),
        "a_orgadmin",
        "a_caseworker",
        api=True,
        other_url=url("api:user-detail", "b_caseworker"),
    ),
    E(
        "api:auditentry-list",
        static("api:auditentry-list"),
        "a_orgadmin",
        "a_caseworker",
        api=True,
        own_marker=lambda w: "marker-audit-a",
        other_marker=lambda w: "marker-audit-b",
    ),
    E(
        "api:auditentry-detail",
        url("api:auditentry-detail", "audit_a"),
        "a_orgadmin",
        "a_caseworker",
        api=True,
        other_url=url("api:auditentry-detail", "audit_b"),
    ),
    E(
        "api:job-list",
        static("api:job-list"),
        "a_caseworker",
        "nobody",
        api=True,
        own_marker=lambda w: f'"id":{w["job_a"].pk},',
        other_marker=lambda w: f'"id":{w["job_b"].pk},',
    ),
    E(
        "api:job-detail",
        url("api:job-detail", "job_a"),
        "a_caseworker",
        "nobody",
        api=True,
        other_url=url("api:job-detail", "job_b"),
    ),
    E(
        "api:notification-list",
        static("api:notification-list"),
        "a_caseworker",
        "b_caseworker",
        api=True,
        own_marker=lambda w: "marker-note_a",
        other_marker=lambda w: "marker-note_b",
    ),
    E(
        "api:notification-detail",
        url("api:notification-detail", "note_a"),
        "a_caseworker",
        "a_supervisor",  # a colleague in the same organisation reads no one else's inbox
        api=True,
        other_url=url("api:notification-detail", "note_b"),
    ),
    E(
        "api:notification-mark-read",
        static("api:notification-mark-read"),
        "a_caseworker",
        "a_supervisor",
        method="post",
        api=True,
        # Both users' messages are named; only the caller's own one is ever marked.
        data=lambda w: {"ids": [w["note_a"].pk, w["note_b"].pk]},
        own_marker=lambda w: '"marked":1',
        other_marker=lambda w: '"marked":2',
    ),
]


@pytest.mark.parametrize("condition", list(CONDITIONS))
@pytest.mark.parametrize("endpoint", ENDPOINTS, ids=str)
def test_endpoint(client, world, endpoint, condition):
    CONDITIONS[condition](client, endpoint, world)


def test_unit_rows_are_in_the_parent_organisations_scope(client, world):
    """Organisation scope reaches down the hierarchy, not up or sideways."""
    factories.sign_in(client, world["a_orgadmin"])
    assert (
        client.get(reverse("core:user_detail", args=[world["unit_caseworker"].pk])).status_code
        == 200
    )
    factories.sign_in(client, world["b_orgadmin"])
    assert (
        client.get(reverse("core:user_detail", args=[world["unit_caseworker"].pk])).status_code
        == 404
    )


def test_reading_the_inbox_marks_only_the_readers_messages(client, world):
    factories.sign_in(client, world["a_caseworker"])
    assert client.get(reverse("core:inbox")).status_code == 200
    world["note_a"].refresh_from_db()
    world["note_b"].refresh_from_db()
    assert world["note_a"].read_at is not None
    assert world["note_b"].read_at is None


def test_marking_another_users_messages_read_changes_nothing(client, world):
    factories.sign_in(client, world["a_supervisor"])
    response = client.post(
        reverse("api:notification-mark-read"),
        {"ids": [world["note_a"].pk, world["note_b"].pk]},
        content_type="application/json",
    )
    assert (response.status_code, response.json()) == (200, {"marked": 0})
    assert not Notification.objects.filter(read_at__isnull=False).exists()


def test_sensitive_reads_are_audited(client, world):
    factories.sign_in(client, world["a_orgadmin"])
    before = AuditEntry.objects.filter(action=AuditAction.VIEW).count()
    client.get(reverse("core:user_detail", args=[world["a_caseworker"].pk]))
    entry = AuditEntry.objects.filter(action=AuditAction.VIEW).order_by("-seq").first()
    assert AuditEntry.objects.filter(action=AuditAction.VIEW).count() == before + 1
    assert entry.actor == world["a_orgadmin"]
    assert entry.object_id == str(world["a_caseworker"].pk)
    assert entry.ip_address == "127.0.0.1"
