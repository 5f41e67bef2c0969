import sys
from pathlib import Path
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from tipsom.core.management.progress import ProgressBar
from tipsom.engine.exchange.formats import FORMATS
from tipsom.engine.exchange.problems import FileProblem
from tipsom.exchange import selectors, services
from tipsom.exchange.management.cli import organisation_named, user_named


class Command(BaseCommand):
    help = (
        "Import a file of case records (HTCDS, KoboToolbox or ODK) into an organisation. "
        "Rows with problems wait in the quarantine; running the same command again on the "
        "same file resumes an interrupted import, and re-importing updates, never duplicates."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument("--format", required=True, choices=list(FORMATS))
        parser.add_argument("--organisation", required=True, help="acronym or id")
        parser.add_argument("--user", required=True, help="the user importing (audited)")
        parser.add_argument(
            "--source",
            required=True,
            help="the system the records come from, e.g. 'PSSS register' or a Kobo asset id",
        )
        parser.add_argument("--dry-run", action="store_true", help="check only; write nothing")
        parser.add_argument("--encoding", help="text encoding of a CSV file (default UTF-8)")

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["file"]
        if not path.is_file():
            raise CommandError(f"no file {path}")
        user = user_named(options["user"])
        organisation = organisation_named(options["organisation"])
        assert organisation is not None
        bar = ProgressBar("import", sys.stderr, disable=options["verbosity"] < 1)
        try:
            batch = services.start_import(
                user,
                organisation,
                path,
                options["format"],
                options["source"],
                dry_run=options["dry_run"],
            )
            if batch.position:
                self.stdout.write(f"resuming import #{batch.pk} after row {batch.position}")
            batch = services.run_import(
                user, batch, path, encoding=options["encoding"], progress=bar
            )
        except FileProblem as unreadable:
            raise CommandError(f"{path.name}: {unreadable}") from None
        except (ValidationError, PermissionDenied) as error:
            raise CommandError(str(error)) from None
        finally:
            bar.close()
        counts = ", ".join(f"{n} {k}" for k, n in sorted(batch.counts.items())) or "no rows"
        verb = "checked" if batch.dry_run else "imported"
        self.stdout.write(f"import #{batch.pk} {verb}: {counts}")
        for note in batch.notes:
            self.stdout.write(f"  note: {note}")
        rejected = selectors.quarantine(user, batch)
        for row in rejected[:10]:
            for found in selectors.problems_of(row):
                self.stdout.write(
                    f"  row {found['row']}, {found['column']}: {found['reason']}"
                    + (f" (allowed: {found['allowed']})" if found["allowed"] else "")
                )
        if batch.counts.get("rejected", 0) > 10:
            self.stdout.write(f"  … and more: see the quarantine of import #{batch.pk}")
