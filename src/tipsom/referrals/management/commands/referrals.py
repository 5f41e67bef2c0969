from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from tipsom.referrals import services


class Command(BaseCommand):
    help = (
        "Referral tools. `referrals overdue` tells both sides of every referral whose answer "
        "is late (once per referral); run it from cron, e.g. hourly."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "subcommand",
            choices=["overdue"],
            help="overdue: notify the sides of pending referrals past their answer date",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        told = services.notify_overdue()
        self.stdout.write(f"{told} overdue referrals notified")
