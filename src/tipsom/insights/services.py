"""Writes of the statistics: taking an extract of the database (a job from the dashboard,
in the foreground from the command line), audited."""

from __future__ import annotations

import shutil
import time
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import transaction

from tipsom.core import audit
from tipsom.core.choices import AuditAction
from tipsom.core.jobs import job_handler
from tipsom.core.services import require, start_job
from tipsom.insights import extract
from tipsom.insights.models import Extract

KEEP = 3  # extracts kept on disk; older ones are removed when a new one is taken


def root() -> Path:
    return Path(settings.DATA_DIR) / "extracts"


def take_extract(actor: Any) -> Extract:
    """Take a new extract now and record it; the oldest beyond `KEEP` are removed."""
    require(actor, "statistics", "add", None)
    from tipsom.linkage.models import LinkageRun

    started = time.perf_counter()
    with transaction.atomic():
        found = Extract.objects.create(taken_by=actor, directory="")
        found.directory = f"{found.pk:06d}"
        directory = root() / found.directory
        if directory.exists():
            shutil.rmtree(directory)
        written = extract.write(directory)
        last_run = (
            LinkageRun.objects.filter(status="done").order_by("-pk").values_list("pk", flat=True)
        ).first()
        found.victims, found.suspects = written["victims"], written["suspects"]
        found.offences, found.linkage_run = written["offences"], last_run
        found.first_year, found.last_year = written["first_year"], written["last_year"]
        found.seconds = round(time.perf_counter() - started, 2)
        found.save()
        audit.record(
            AuditAction.CREATE,
            actor=actor,
            instance=found,
            summary=f"statistics extract #{found.pk}: {found.victims} victim records, "
            f"{found.suspects} suspect records, {found.offences} offences",
        )
    for old in Extract.objects.order_by("-pk")[KEEP:]:
        shutil.rmtree(root() / old.directory, ignore_errors=True)
        old.delete()
    return found


def queue_extract(actor: Any) -> Any:
    """Take an extract in the background (the dashboard's button)."""
    require(actor, "statistics", "add", None)
    return start_job(actor, "insights.extract", {}, _home(actor))


def _home(actor: Any) -> Any:
    """The organisation the job is filed under: one where the actor may take extracts."""
    from tipsom.core.models import Organisation
    from tipsom.core.permissions import scope_for
    from tipsom.core.querysets import memberships_of

    for organisation_id, role in memberships_of(actor):
        if scope_for(role, "statistics", "add") is not None:
            return Organisation.objects.get(pk=organisation_id)
    return None


@job_handler("insights.extract")
def extract_job(job: Any, reporter: Any) -> dict[str, Any]:
    found = take_extract(job.created_by)
    reporter.message(
        f"{found.victims} victim records, {found.suspects} suspect records, "
        f"{found.offences} offences in {found.seconds} s"
    )
    return {"extract": found.pk}
