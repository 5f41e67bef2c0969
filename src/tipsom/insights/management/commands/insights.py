"""tipsom insights extract | report: take a statistics extract, or write the reports."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from tipsom.exchange.management.cli import user_named


class Command(BaseCommand):
    help = "Official statistics: take an extract of the database, or write the reports."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", choices=["extract", "report"])
        parser.add_argument("--user", required=True, help="who takes or reads (audited)")
        parser.add_argument("--out", default=".", help="report: directory for the files")
        parser.add_argument("--year-from", help="report: first year")
        parser.add_argument("--year-to", help="report: last year")
        parser.add_argument("--province", help="report: ISO 3166-2 code, e.g. PK-PB")
        parser.add_argument("--organisation", help="report: an organisation's short name")

    def handle(self, *args: Any, **options: Any) -> None:
        from django.core.exceptions import PermissionDenied, ValidationError

        from tipsom.insights import reports, selectors, services

        actor = user_named(options["user"])
        if options["action"] == "extract":
            try:
                found = services.take_extract(actor)
            except PermissionDenied as error:
                raise CommandError(str(error)) from None
            self.stdout.write(
                f"extract #{found.pk}: {found.victims} victim records, {found.suspects} "
                f"suspect records, {found.offences} offences in {found.seconds} s"
            )
            return
        try:
            filters = selectors.filters_from(
                {k: options[k] for k in ("year_from", "year_to", "province", "organisation")}
            )
        except ValidationError as error:
            raise CommandError(
                "; ".join(f"{k}: {' '.join(v)}" for k, v in error.message_dict.items())
            ) from None
        try:
            figures = selectors.figures(actor, filters)
        except PermissionDenied as error:
            raise CommandError(str(error)) from None
        except ValidationError as error:
            raise CommandError(
                "; ".join(f"{k}: {' '.join(v)}" for k, v in error.message_dict.items())
            ) from None
        if figures is None:
            raise CommandError("no statistics extract yet: run `tipsom insights extract`")
        out = Path(options["out"])
        out.mkdir(parents=True, exist_ok=True)
        for suffix, make in (
            ("xlsx", reports.xlsx),
            ("zip", reports.csv_zip),
            ("pdf", reports.pdf),
        ):
            target = out / f"tipsom-statistics-{figures.extract.pk}.{suffix}"
            target.write_bytes(make(figures))
            selectors.record_download(actor, figures, suffix)
            self.stdout.write(str(target))
