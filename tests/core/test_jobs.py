"""Background jobs through the real database task backend and its worker."""

from __future__ import annotations

import csv
import io

import pytest
from django.core.management import call_command
from django.urls import reverse

from tests import factories
from tipsom.core import services
from tipsom.core.choices import AuditAction, JobStatus, Role
from tipsom.core.models import AuditEntry, Job

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def database_tasks(settings):
    settings.TASKS = {
        "default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}
    }


def _drain_queue():
    call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)


def test_web_started_job_runs_in_the_worker_with_progress(client, database_tasks):
    org = factories.organisation("Jobs Org")
    auditor = factories.user((org, Role.AUDITOR), username="aud")
    factories.sign_in(client, auditor)
    response = client.post(reverse("core:audit_job", args=["verify"]))
    job = Job.objects.get()
    assert response["Location"] == reverse("core:job_detail", args=[job.pk])
    assert job.status == JobStatus.QUEUED and job.task_result_id

    page = client.get(reverse("core:job_detail", args=[job.pk]))
    assert 'hx-trigger="every 1s"' in page.content.decode()  # the page polls while queued

    _drain_queue()
    job.refresh_from_db()
    assert job.status == JobStatus.SUCCEEDED and job.progress == 100.0
    assert "chain is intact" in job.messages[-1]["text"]
    partial = client.get(reverse("core:job_detail", args=[job.pk]), HTTP_HX_REQUEST="true")
    assert "every 1s" not in partial.content.decode()  # finished: polling stops
    assert "Succeeded" in partial.content.decode()


def test_audit_export_job_makes_a_csv_limited_to_the_users_scope(client, database_tasks):
    org = factories.organisation("Export Org")
    auditor = factories.user((org, Role.AUDITOR), username="aud")
    admin = factories.user((org, Role.ORG_ADMIN), username="adm")
    services.add_contact_point(admin, org, {"name": "Someone"})
    factories.sign_in(client, auditor)
    client.post(reverse("core:audit_job", args=["export"]), {"action": "create"})
    _drain_queue()
    job = Job.objects.get()
    assert job.status == JobStatus.SUCCEEDED, job.messages
    response = client.get(reverse("core:job_download", args=[job.pk]))
    rows = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert rows and {r["action"] for r in rows} == {"create"}
    assert AuditEntry.objects.filter(action=AuditAction.EXPORT, actor=auditor).count() == 2


def test_a_failing_job_is_recorded_as_failed_with_a_message(database_tasks):
    job = Job.objects.create(kind="no.such.kind")
    from tipsom.core.tasks import run_job

    run_job.enqueue(job.pk)
    _drain_queue()
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED
    assert "no handler" in job.messages[-1]["text"]


def test_unknown_job_kinds_are_refused_naming_the_known_ones():
    org = factories.organisation("Kinds Org")
    user = factories.user((org, Role.CASEWORKER))
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError, match=r"audit\.verify"):
        services.start_job(user, "nonsense", organisation=org)
