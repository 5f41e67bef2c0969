from pathlib import Path
from typing import Any

import polib
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser


def catalogues() -> list[Path]:
    return sorted(p for base in settings.LOCALE_PATHS for p in Path(base).rglob("*.po"))


class Command(BaseCommand):
    help = (
        "Translation catalogues: `compile` writes .mo files, `check` fails on untranslated strings."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("subcommand", choices=["compile", "check"])

    def handle(self, *args: Any, **options: Any) -> None:
        problems = []
        for po_path in catalogues():
            catalogue = polib.pofile(str(po_path))
            if options["subcommand"] == "compile":
                catalogue.save_as_mofile(str(po_path.with_suffix(".mo")))
                self.stdout.write(
                    f"compiled {po_path.parent.parent.name}: "
                    f"{len(catalogue.translated_entries())} strings"
                )
                continue
            for entry in catalogue.untranslated_entries():
                problems.append(f"{po_path.parent.parent.name}: untranslated: {entry.msgid!r}")
            for entry in catalogue.fuzzy_entries():
                problems.append(f"{po_path.parent.parent.name}: fuzzy: {entry.msgid!r}")
        for problem in problems:
            self.stderr.write(problem)
        if problems:
            raise CommandError(f"{len(problems)} strings need translating")
