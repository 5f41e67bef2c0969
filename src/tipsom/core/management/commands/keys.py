import sys
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from tipsom.config import secrets as tipsom_secrets
from tipsom.core import keys, services
from tipsom.core.choices import JobStatus
from tipsom.core.crypto import cipher
from tipsom.core.management.progress import ProgressBar


class Command(BaseCommand):
    help = "Field-encryption keys: generate, rotate (re-encrypt every row), status."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "subcommand",
            choices=["generate", "rotate", "status"],
            help="generate: print fresh secrets for a production environment; rotate: "
            "re-encrypt every value under the primary key; status: values per key",
        )
        parser.add_argument(
            "--new-key",
            action="store_true",
            help="rotate, development only: add a new primary key to the local secrets file first",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        getattr(self, "handle_" + options["subcommand"])(**options)

    def handle_generate(self, **options: Any) -> None:
        for name, value in tipsom_secrets.generate_all().items():
            self.stdout.write(f"{name}={value}")

    def handle_status(self, **options: Any) -> None:
        primary = cipher().primary_id
        stale = 0
        for label, counter in keys.status().items():
            parts = (
                ", ".join(
                    f"{k}{' (primary)' if k == primary else ''}: {n}"
                    for k, n in sorted(counter.items())
                )
                or "no values"
            )
            self.stdout.write(f"{label}: {parts}")
            stale += sum(n for k, n in counter.items() if k != primary)
        self.stdout.write(f"{stale} values are under keys other than the primary {primary}")

    def handle_rotate(self, **options: Any) -> None:
        if options["new_key"]:
            if settings.PRODUCTION:
                raise CommandError(
                    "--new-key edits the local secrets file, which production does not use: put "
                    "the new key first in TIPSOM_FIELD_KEYS, restart, then run `keys rotate`."
                )
            values = tipsom_secrets.load(settings.SECRETS_FILE, production=False)
            new_spec = f"{tipsom_secrets.new_key_id()}:{tipsom_secrets.new_key()}"
            values["TIPSOM_FIELD_KEYS"] = f"{new_spec},{values['TIPSOM_FIELD_KEYS']}"
            tipsom_secrets.save(settings.SECRETS_FILE, values)
            settings.TIPSOM_FIELD_KEYS = values["TIPSOM_FIELD_KEYS"]
            self.stdout.write(
                f"new primary key {new_spec.split(':')[0]} added to "
                f"{settings.SECRETS_FILE.name}; restart running servers"
            )
        bar = ProgressBar(
            "re-encrypting",
            sys.stderr,
            disable=options["verbosity"] == 0,
        )
        job = services.run_job_in_foreground("keys.rotate", on_progress=bar)
        bar.close()
        for message in job.messages:
            self.stdout.write(message["text"])
        if job.status != JobStatus.SUCCEEDED:
            raise CommandError("key rotation failed; rows already re-encrypted stay readable")
        self.stdout.write(f"every encrypted value is now under key {cipher().primary_id}")
