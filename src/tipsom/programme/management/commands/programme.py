"""tipsom programme iati --out FILE: write a joint programme's IATI 2.03 file."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser


class Command(BaseCommand):
    help = (
        "Joint programme tools. `programme iati --out FILE [--programme CODE] [--user U]` "
        "writes the programme's IATI 2.03 activity file after validating it against the "
        "official XML Schema (with --user, as that user, who must be allowed to download it; "
        "the download is audited either way)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", choices=["iati"])
        parser.add_argument("--out", required=True, help="the file to write")
        parser.add_argument(
            "--programme", help="the programme's code (needed when there are several)"
        )
        parser.add_argument("--user", help="who downloads (checked and audited)")

    def handle(self, *args: Any, **options: Any) -> None:
        from django.core.exceptions import PermissionDenied

        from tipsom.exchange.management.cli import user_named
        from tipsom.programme import iati, selectors
        from tipsom.programme.models import Programme

        actor = user_named(options["user"]) if options["user"] else None
        found: Any = Programme.objects.all()
        if actor is not None:
            try:
                selectors.require_download(actor)
            except PermissionDenied as error:
                raise CommandError(str(error)) from None
            found = selectors.programmes(actor)
        if options["programme"]:
            found = found.filter(code=options["programme"])
        programmes = list(found[:2])
        if not programmes:
            raise CommandError(
                f"no joint programme {options['programme'] or ''}".strip()
                + ": give --programme CODE of an existing one"
            )
        if len(programmes) > 1:
            codes = ", ".join(found.values_list("code", flat=True))
            raise CommandError(f"several joint programmes ({codes}): choose one with --programme")
        programme = programmes[0]
        try:
            export = iati.export(programme)
        except iati.NotPublishable as refused:
            raise CommandError("\n".join(refused.problems)) from None
        if export.errors:
            raise CommandError("\n".join(export.errors))
        target = Path(options["out"])
        target.write_bytes(export.xml)
        selectors.record_download(actor, programme, "IATI 2.03 (command line)")
        for note in export.left_out:
            self.stderr.write(f"left out: {note}")
        self.stdout.write(f"{target}: {programme.code}, valid IATI 2.03 ({len(export.xml)} bytes)")
