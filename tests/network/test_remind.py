"""`tipsom network remind`: the owner organisation's focal points are told of each action
point due within N days or overdue, once per action point per day, through the inbox (and
mail), each reminder audited."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core import mail
from django.core.management import CommandError, call_command

from tests import factories
from tests.network.conftest import days
from tipsom.core.choices import AuditAction, Role
from tipsom.core.models import AuditEntry, Notification
from tipsom.network import services
from tipsom.network.models import ActionPoint

KIND = "network.actionpoint.reminder"


def remind(*args: str) -> str:
    out = StringIO()
    call_command("network", "remind", *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def quiet(world):
    """The world without the notifications its making sent."""
    Notification.objects.all().delete()
    return world


def test_focal_points_are_told_of_action_points_due_soon_or_overdue(quiet):
    w = quiet
    output = remind()
    assert "2 action points reminded (1 overdue) to 2 focal points" in output
    notes = {n.body.split(",")[0]: n for n in Notification.objects.filter(kind=KIND)}
    assert set(notes) == {f"AP-{w['ap_a'].pk}", f"AP-{w['ap_late'].pk}"}  # not Beta's, in 20 days
    assert {n.recipient for n in notes.values()} == {w["a_caseworker"]}
    late = notes[f"AP-{w['ap_late'].pk}"]
    assert late.subject == "Action point overdue" and "(2 days overdue)" in late.body
    soon = notes[f"AP-{w['ap_a'].pk}"]
    assert soon.subject == "Action point due soon"
    assert f"due on {days(3).isoformat()}" in soon.body
    # by reference and date, never the wording typed into the action point
    assert "Circulate" not in soon.body
    assert soon.url.endswith(f"#ap-{w['ap_a'].pk}")


def test_once_per_action_point_per_day_however_often_it_runs(quiet):
    remind()
    assert "0 action points reminded" in remind()
    assert Notification.objects.filter(kind=KIND).count() == 2
    tomorrow = services.remind(7, today=days(1))
    assert tomorrow["reminded"] == 2
    assert Notification.objects.filter(kind=KIND).count() == 4


def test_the_window_is_n_days(quiet):
    assert "3 action points reminded" in remind("--days", "30")
    assert (
        Notification.objects.get(kind=KIND, body__startswith=f"AP-{quiet['ap_b'].pk},").recipient
        == quiet["b_caseworker"]
    )
    assert "0 action points reminded" in remind("--days", "0")  # the overdue one was told


def test_done_and_cancelled_action_points_are_not_reminded(quiet):
    w = quiet
    services.set_status(w["a_caseworker"], w["ap_a"], "done")
    services.set_status(w["secretariat"], w["ap_late"], "cancelled", "overtaken by events")
    Notification.objects.all().delete()
    assert "0 action points reminded" in remind()
    assert not Notification.objects.filter(kind=KIND).exists()


def test_alternates_are_told_too_and_deactivated_focal_points_are_not(quiet):
    w = quiet
    services.add_focal_point(w["secretariat"], w["org_a"], w["a_supervisor"], "alternate")
    w["a_caseworker"].is_active = False
    w["a_caseworker"].save()
    remind()
    assert {n.recipient for n in Notification.objects.filter(kind=KIND)} == {w["a_supervisor"]}


def test_an_owner_without_focal_points_is_counted_and_tried_again(quiet):
    w = quiet
    services.remove_focal_point(w["secretariat"], w["focal_a"])
    output = remind()
    assert "0 action points reminded" in output
    assert "2 action points due have an owner organisation without a focal point" in output
    assert ActionPoint.objects.filter(last_reminded_on__isnull=False).count() == 0
    services.add_focal_point(w["secretariat"], w["org_a"], w["a_orgadmin"])
    assert "2 action points reminded" in remind()


def test_each_reminder_is_audited(quiet):
    remind()
    entries = AuditEntry.objects.filter(
        action=AuditAction.SYSTEM, object_type="network.actionpoint"
    )
    assert entries.count() == 2
    entry = entries.get(object_id=str(quiet["ap_a"].pk))
    assert entry.organisation_id == quiet["org_a"].pk
    assert entry.changes["reminded"] == [quiet["a_caseworker"].pk]
    assert "1 focal points reminded" in entry.summary


def test_reminders_are_mailed_to_focal_points_with_an_address(
    quiet, django_capture_on_commit_callbacks
):
    w = quiet
    w["a_caseworker"].email = "focal@example.org"
    w["a_caseworker"].save()
    with django_capture_on_commit_callbacks(execute=True):
        remind()
    assert sorted(m.subject for m in mail.outbox) == [
        "[tipsom] Action point due soon",
        "[tipsom] Action point overdue",
    ]
    assert all(m.to == ["focal@example.org"] for m in mail.outbox)


def test_a_negative_window_is_refused(quiet):
    with pytest.raises(CommandError, match="--days: give 0 or more days"):
        remind("--days", "-1")


def test_focal_points_see_the_reminder_in_their_inbox(client, quiet):
    remind()
    factories.sign_in(client, quiet["a_caseworker"])
    body = client.get("/inbox/").content.decode()
    assert "Action point overdue" in body and f"AP-{quiet['ap_late'].pk}" in body


def test_a_supervisor_who_is_no_focal_point_is_not_reminded(quiet):
    w = quiet
    supervisor = factories.user((w["org_b"], Role.SUPERVISOR))
    remind("--days", "30")
    assert not Notification.objects.filter(recipient=supervisor).exists()
