import sys
import time
from typing import Any

from django.apps import apps
from django.core.management.base import BaseCommand, CommandError, CommandParser

from tipsom.core import demo
from tipsom.core.choices import ROLES_REQUIRING_2FA
from tipsom.core.management.progress import ProgressBar

DEFAULT_PERSONS = 50


class Command(BaseCommand):
    help = (
        "Seed the synthetic demo network once and print the demo sign-ins; with --persons, "
        "add that many synthetic persons and their cases on every call."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--persons",
            type=int,
            nargs="?",
            const=DEFAULT_PERSONS,
            default=None,
            metavar="N",
            help=f"add N synthetic persons with their cases ({DEFAULT_PERSONS} if N is left out)",
        )
        parser.add_argument(
            "--seed",
            type=int,
            default=None,
            help="seed of the generator; the same seed gives the same names, places and dates "
            "(default: 2026 on an empty database, otherwise one that depends on the persons "
            "already there, so a second load does not repeat the first)",
        )
        parser.add_argument(
            "--batch-size", type=int, default=2000, help="persons written per batch (2000)"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if demo.seeded():
            self.stdout.write("demo data already present")
        else:
            demo.seed()
            self.stdout.write(
                f"demo network seeded: {len(demo.ORGANISATIONS)} organisations, "
                f"{len(demo.USERS)} users"
            )
        if apps.is_installed("tipsom.referrals"):
            from tipsom.referrals import demo as referrals_demo

            if added := referrals_demo.seed():
                self.stdout.write(f"service directory: {added} services listed")
        if options["persons"] is not None:
            self.add_persons(options["persons"], options["seed"], options["batch_size"], options)
        self.stdout.write(f"\nDemo sign-ins (password for all: {demo.DEMO_PASSWORD}):")
        for username, role, organisation in demo.logins():
            note = (
                "  (sets up two-step sign-in first)"
                if any(u.username == username and u.role in ROLES_REQUIRING_2FA for u in demo.USERS)
                else ""
            )
            self.stdout.write(f"  {username:<16} {role:<22} {organisation}{note}")

    def add_persons(self, n: int, seed: int | None, batch_size: int, options: Any) -> None:
        from tipsom.cases import demo as cases_demo

        if n < 0:
            raise CommandError("--persons must be 0 or more")
        if batch_size < 1:
            raise CommandError("--batch-size must be 1 or more")
        seed = cases_demo.default_seed() if seed is None else seed
        quiet = options.get("verbosity", 1) < 1 or n < batch_size
        bar = ProgressBar("demo persons", sys.stderr, disable=quiet)
        start = time.perf_counter()
        try:
            counts = cases_demo.generate(n, seed=seed, batch_size=batch_size, progress=bar)
        finally:
            bar.close()
        seconds = time.perf_counter() - start
        rate = f", {counts['persons'] / seconds:,.0f} persons/s" if seconds > 0 and n else ""
        self.stdout.write(
            f"added {counts['persons']} persons in {counts['cases']} cases "
            f"({counts['closed_cases']} closed), {counts['documents']} documents, "
            f"{counts['phones']} phones, {counts['addresses']} addresses, "
            f"{counts['events']} events, {counts['screenings']} screenings, "
            f"{counts['consents']} consents (seed {seed}; {seconds:.1f} s{rate})"
        )
        if apps.is_installed("tipsom.referrals"):
            from tipsom.referrals import demo as referrals_demo

            referred = referrals_demo.add_referrals(seed=seed)
            if any(referred.values()):
                states = ", ".join(f"{n} {state}" for state, n in referred.items() if n)
                self.stdout.write(f"demo referrals: {states}")
