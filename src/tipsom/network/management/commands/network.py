from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from tipsom.network import services


class Command(BaseCommand):
    help = (
        "Network tools. `network remind [--days N]` tells the focal points of each action "
        "point's owner organisation that it is due within N days (default 7) or overdue, once "
        "per action point per day however often it runs; run it from cron, e.g. daily."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "subcommand",
            choices=["remind"],
            help="remind: notify focal points of action points due soon or overdue",
        )
        parser.add_argument(
            "--days",
            type=int,
            default=7,
            help="remind of action points due within this many days (default 7)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["days"] < 0:
            raise CommandError("--days: give 0 or more days")
        counts = services.remind(options["days"])
        self.stdout.write(
            f"{counts['reminded']} action points reminded ({counts['overdue']} overdue) "
            f"to {counts['people']} focal points"
        )
        if counts["without_focal_point"]:
            self.stdout.write(
                f"{counts['without_focal_point']} action points due have an owner organisation "
                "without a focal point: designate one on the network's members page"
            )
