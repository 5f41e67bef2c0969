"""Background tasks of the core app: the generic job task and the core job handlers."""

from __future__ import annotations

import csv
import io
from typing import Any

from django.db import transaction
from django_tasks import task

from tipsom.core import audit, jobs, keys
from tipsom.core.choices import AuditAction
from tipsom.core.models import AuditEntry, Job
from tipsom.core.selectors import audit_entries


@task()
def run_job(job_id: int) -> None:
    jobs.execute(job_id)


@jobs.job_handler("audit.verify")
def verify_audit_chain(job: Job, reporter: jobs.Reporter) -> dict[str, Any]:
    checked, problems = audit.verify(progress=reporter.progress)
    for problem in problems:
        reporter.message(str(problem), level="error")
    if problems:
        raise jobs.JobFailed(f"{len(problems)} problem(s) in {checked} audit entries")
    reporter.message(f"{checked} audit entries verified: the chain is intact")
    return {"checked": checked, "problems": 0}


EXPORT_COLUMNS = [
    "seq",
    "created_at",
    "actor_username",
    "organisation_id",
    "action",
    "object_type",
    "object_id",
    "summary",
    "changes",
    "ip_address",
    "entry_hash",
]


@jobs.job_handler("audit.export")
def export_audit_log(job: Job, reporter: jobs.Reporter) -> dict[str, Any]:
    """CSV of the audit entries matching the job's filters, limited to what its owner may see."""
    assert job.created_by is not None
    entries = audit_entries(job.created_by, job.params, action="export")
    total = entries.count()
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(EXPORT_COLUMNS)
    for done, entry in enumerate(entries.order_by("seq").iterator(chunk_size=1000), start=1):
        writer.writerow(
            [
                entry.seq,
                entry.created_at.isoformat(),
                entry.actor_username,
                entry.organisation_id or "",
                entry.action,
                entry.object_type,
                entry.object_id,
                entry.summary,
                audit._canonical(entry.changes),
                entry.ip_address or "",
                entry.entry_hash,
            ]
        )
        reporter.progress(done, total)
    reporter.attach(f"audit-log-{job.pk}.csv", buffer.getvalue().encode())
    with transaction.atomic():
        audit.record(
            AuditAction.EXPORT,
            actor=job.created_by,
            object_type=AuditEntry._meta.label_lower,
            summary=f"exported {total} audit entries",
            changes={"filters": job.params},
        )
    return {"rows": total}


@jobs.job_handler("keys.rotate")
def rotate_keys(job: Job, reporter: jobs.Reporter) -> dict[str, Any]:
    counts = keys.rotate(progress=reporter.progress, actor=job.created_by)
    for label, n in counts.items():
        reporter.message(f"{label}: {n} rows re-encrypted")
    return {"reencrypted": counts}
