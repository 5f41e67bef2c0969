from datetime import timedelta
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone

from tipsom.justice import services


class Command(BaseCommand):
    help = (
        "Criminal-justice tools. `justice watchlist-check [--days N]` checks persons against "
        "the wanted-persons watchlist, as each person created one by one already is: run it "
        "after a bulk import (whose persons are written without that check), or after adding "
        "watchlist entries, to look through the persons already recorded."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("subcommand", choices=["watchlist-check"])
        parser.add_argument(
            "--days", type=int, default=None, help="only persons created in the last N days"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        since = (
            timezone.now() - timedelta(days=options["days"])
            if options["days"] is not None
            else None
        )
        checked, hits = services.check_persons(since)
        self.stdout.write(f"{checked} persons checked, {hits} new watchlist hits")
