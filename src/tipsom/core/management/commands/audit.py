import sys
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from tipsom.core import services
from tipsom.core.choices import JobStatus
from tipsom.core.management.progress import ProgressBar


class Command(BaseCommand):
    help = (
        "Audit log tools. `audit verify` checks the hash chain and names any entry edited "
        "or deleted."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "subcommand",
            choices=["verify"],
            help="verify: check every entry's hash and the chain's continuity",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        quiet = options["verbosity"] == 0
        bar = ProgressBar("verifying audit log", sys.stderr, disable=quiet)
        job = services.run_job_in_foreground("audit.verify", on_progress=bar)
        bar.close()
        for message in job.messages:
            (self.stderr if message["level"] == "error" else self.stdout).write(message["text"])
        if job.status != JobStatus.SUCCEEDED:
            raise CommandError("the audit log failed verification")
