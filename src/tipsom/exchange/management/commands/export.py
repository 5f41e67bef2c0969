from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from tipsom.exchange import exports, services
from tipsom.exchange.management.cli import organisation_named, user_named


class Command(BaseCommand):
    help = (
        "Export in HTCDS (CSV, XLSX or JSON) every case the user may export, one row per "
        "person in a case. The export is audited."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("output", type=Path)
        parser.add_argument("--format", required=True, choices=list(exports.FORMATS))
        parser.add_argument("--user", required=True, help="the user exporting (audited)")
        parser.add_argument("--organisation", help="only this organisation's cases")

    def handle(self, *args: Any, **options: Any) -> None:
        user = user_named(options["user"])
        organisation = organisation_named(options.get("organisation"))
        try:
            with options["output"].open("wb") as target:
                count = services.export(user, options["format"], target, organisation)
        except ValidationError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(f"{count} rows written to {options['output']}")
