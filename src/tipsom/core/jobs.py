"""One job runner: a Job row records status and progress; handlers do the work.

A handler is ``fn(job, reporter) -> dict`` registered under a kind with `@job_handler`. The
web enqueues it on Django's task framework (the database backend's worker runs it); the CLI
runs it in the foreground with a progress bar. Both go through `execute()`.
"""

from __future__ import annotations

import logging
import time
import traceback
from collections.abc import Callable
from typing import Any

from django.core.files.base import ContentFile
from django.utils import timezone

from tipsom.core.choices import JobStatus
from tipsom.core.models import Job

logger = logging.getLogger(__name__)

Handler = Callable[[Job, "Reporter"], dict[str, Any]]
HANDLERS: dict[str, Handler] = {}


def job_handler(kind: str) -> Callable[[Handler], Handler]:
    def register(fn: Handler) -> Handler:
        HANDLERS[kind] = fn
        return fn

    return register


class JobFailed(Exception):
    """A handler's way of ending a job as failed with a message meant for the user."""


class Reporter:
    """Progress and messages of a running job; writes are throttled to spare the database."""

    def __init__(self, job: Job, on_progress: Callable[[int, int], None] | None = None) -> None:
        self.job, self.on_progress = job, on_progress
        self._last_write = 0.0

    def progress(self, done: int, total: int) -> None:
        pct = 100.0 if total <= 0 else min(100.0, 100.0 * done / total)
        if self.on_progress:
            self.on_progress(done, total)
        now = time.monotonic()
        if now - self._last_write >= 0.5 or pct >= 100.0:
            self._last_write = now
            self.job.progress = round(pct, 1)
            Job.objects.filter(pk=self.job.pk).update(progress=self.job.progress)

    def message(self, text: str, level: str = "info") -> None:
        self.job.messages = [
            *self.job.messages,
            {"at": timezone.now().isoformat(), "level": level, "text": text},
        ]
        Job.objects.filter(pk=self.job.pk).update(messages=self.job.messages)

    def attach(self, filename: str, content: bytes) -> None:
        self.job.result_file.save(filename, ContentFile(content), save=False)
        Job.objects.filter(pk=self.job.pk).update(result_file=self.job.result_file.name)


def execute(job_id: int, on_progress: Callable[[int, int], None] | None = None) -> Job:
    """Run a queued job to its end and return it; failures are recorded, not raised."""
    job = Job.objects.get(pk=job_id)
    if job.is_finished:
        return job
    handler = HANDLERS.get(job.kind)
    job.status, job.started_at = JobStatus.RUNNING, timezone.now()
    job.save(update_fields=["status", "started_at"])
    reporter = Reporter(job, on_progress)
    try:
        if handler is None:
            raise JobFailed(f"no handler is registered for jobs of kind {job.kind!r}")
        job.result = handler(job, reporter) or {}
        job.status, job.progress = JobStatus.SUCCEEDED, 100.0
    except JobFailed as exc:
        job.status = JobStatus.FAILED
        reporter.message(str(exc), level="error")
    except Exception as exc:
        # The traceback goes to the server log; the user sees the error's type only, since
        # exception texts can quote the data being processed.
        logger.error("job %s (%s) failed:\n%s", job.pk, job.kind, traceback.format_exc())
        job.status = JobStatus.FAILED
        reporter.message(f"internal error ({type(exc).__name__}); see the server log", "error")
    job.finished_at = timezone.now()
    job.save(update_fields=["status", "progress", "result", "finished_at"])
    return job
