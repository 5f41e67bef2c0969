import sys
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from tipsom.cases import services
from tipsom.core.management.progress import ProgressBar


class Command(BaseCommand):
    help = (
        "Recompute every person's name-search tokens, a batch at a time while the site runs "
        "(after the name rules or TIPSOM_BLIND_INDEX_KEY change)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--batch-size", type=int, default=2000)

    def handle(self, *args: Any, **options: Any) -> None:
        bar = ProgressBar("reindexing names", sys.stderr, disable=options["verbosity"] == 0)
        done = services.reindex_name_tokens(options["batch_size"], progress=bar)
        bar.close()
        self.stdout.write(f"name search tokens recomputed for {done} persons")
