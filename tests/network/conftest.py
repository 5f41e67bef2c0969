"""The network world: the core world's organisations in a network run by its secretariat.

Alpha Shelter (``org_a``, with its Lahore unit), Beta Legal Aid (``org_b``) and the Delta
Foundation (``org_c``, nobody of it signs in) are members since 2024-05-15; the Rights
Commission (the auditor's) is not a member, nor is Gamma Traders (``org_out``, its caseworker
``outsider``). Alpha's caseworker is Alpha's focal point, Beta's caseworker Beta's. Alpha
chairs the network. The "Data and research" working group is led by Alpha with Beta as a
member. The quarterly meeting (``meeting``) was held ten days ago: one agenda item, draft
minutes, one decision and three action points: ``ap_a`` (Alpha's, due in three days),
``ap_b`` (Beta's, due in twenty days) and ``ap_late`` (Alpha's, two days overdue). The next
meeting (``upcoming``) is in two weeks. Three documents: public, for members, for the
secretariat only. Every row is made through the services, as the secretariat.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from tests import factories, worlds
from tests.permission_matrix import World
from tipsom.core.choices import Role
from tipsom.network import services


def days(n: int) -> Any:
    """The date ``n`` days from today (negative: ago), where the site is."""
    return timezone.localdate() + timedelta(days=n)


def moment(n: int, hour: int = 10) -> Any:
    """A time ``n`` days from now, at ``hour`` o'clock where the site is."""
    day = days(n)
    return timezone.make_aware(timezone.datetime(day.year, day.month, day.day, hour))


def pdf(name: str = "report.pdf", content: bytes = b"%PDF-1.4 synthetic") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def network_world() -> World:
    w = worlds.core_world()
    sec = w["secretariat"]
    w["org_out"] = factories.organisation("Gamma Traders")
    w["outsider"] = factories.user((w["org_out"], Role.CASEWORKER), username="gamma-caseworker")
    w["org_c"] = factories.organisation("Delta Foundation")
    for org in ("org_a", "org_b", "org_c"):
        services.set_membership(sec, w[org], "member", "2024-05-15")
        w[org].refresh_from_db()
    w["focal_a"] = services.add_focal_point(sec, w["org_a"], w["a_caseworker"])
    w["focal_b"] = services.add_focal_point(sec, w["org_b"], w["b_caseworker"])
    w["chair"] = services.add_governance_term(
        sec, w["org_a"], {"role": "chair", "starts_on": days(-300), "ends_on": days(400)}
    )
    w["group"] = services.create_group(
        sec,
        {
            "name": "Data and research",
            "terms_of_reference": "Harmonise the members' case data (HTCDS).",
            "established_on": days(-200),
            "gcm_objectives": [1],
            "sdg_targets": ["17.18"],
        },
    )
    w["group_lead"] = services.add_group_member(sec, w["group"], w["org_a"], "lead")
    w["group_member"] = services.add_group_member(sec, w["group"], w["org_b"])
    w["meeting"] = services.schedule_meeting(
        sec,
        {
            "title": "Quarterly meeting",
            "starts_at": moment(-10),
            "location": "IOM office, Islamabad",
            "gcm_objectives": [9, 10],
            "sdg_targets": ["16.2"],
        },
    )
    w["item"] = services.add_agenda_item(sec, w["meeting"], {"title": "Referral SOP review"})
    services.record_minutes(sec, w["meeting"], "The members reviewed the referral SOP.")
    w["decision"] = services.record_decision(
        sec, w["meeting"], {"text": "Adopt the revised referral SOP", "agenda_item": w["item"]}
    )
    for key, org, title, due in (
        ("ap_a", "org_a", "Circulate the revised SOP", 3),
        ("ap_b", "org_b", "Draft the legal aid annex", 20),
        ("ap_late", "org_a", "Share the shelter capacity figures", -2),
    ):
        w[key] = services.add_action_point(
            sec,
            {
                "meeting": w["meeting"],
                "decision": w["decision"],
                "title": title,
                "owner": w[org],
                "due_on": days(due),
            },
        )
    w["upcoming"] = services.schedule_meeting(
        sec, {"title": "Annual meeting", "starts_at": moment(14), "group": None}
    )
    for key, level in (
        ("doc_public", "public"),
        ("doc_members", "members"),
        ("doc_secretariat", "secretariat"),
    ):
        w[key] = services.upload_document(
            sec,
            {"title": f"Marker {level} document", "access_level": level},
            pdf(f"{level}.pdf"),
        )
    for key in ("meeting", "upcoming"):
        w[key].refresh_from_db()
    return w


@pytest.fixture
def world(db) -> World:
    return network_world()
