import json
import sys
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from tipsom.cases.choices import CaseRoleType
from tipsom.core.management.progress import ProgressBar
from tipsom.exchange.management.cli import user_named
from tipsom.linkage import selectors, services
from tipsom.linkage.choices import RunKind


class Command(BaseCommand):
    help = (
        "Record linkage. `linkage run --user U` links every person network-wide (scores, "
        "review queue, identities); add --incremental to link only persons added since the "
        "last run against the known ones. `linkage counts` prints records and distinct "
        "persons (clients, or --role) as JSON."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("subcommand", choices=["run", "counts"])
        parser.add_argument("--user", help="the user running the linkage (audited)")
        parser.add_argument("--incremental", action="store_true")
        parser.add_argument(
            "--role",
            choices=CaseRoleType.values,
            help="counts: a case role (default: every client role)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["subcommand"] == "counts":
            persons = selectors.client_persons(options["role"] or None)
            self.stdout.write(json.dumps(selectors.counts(persons), sort_keys=True))
            return
        if not options["user"]:
            raise CommandError("give --user: the user running the linkage")
        user = user_named(options["user"])
        kind = RunKind.INCREMENTAL if options["incremental"] else RunKind.FULL
        bar = ProgressBar("linkage", sys.stderr, disable=options["verbosity"] < 1)
        try:
            run = services.start_run(user, kind, queue=False)
            run = services.execute(run, progress=bar)
        except (ValidationError, PermissionDenied) as error:
            raise CommandError(" ".join(getattr(error, "messages", [str(error)]))) from None
        finally:
            bar.close()
        self.stdout.write(
            f"linkage run #{run.pk} ({run.kind}): {run.records} persons, {run.linked} links, "
            f"{run.pending} pairs to review, {run.identities} identities, {run.seconds} s "
            f"(model {run.model_version})"
        )
