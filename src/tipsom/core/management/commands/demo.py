from typing import Any

from django.core.management.base import BaseCommand

from tipsom.core import demo
from tipsom.core.choices import ROLES_REQUIRING_2FA


class Command(BaseCommand):
    help = "Seed the synthetic demo network once and print the demo sign-ins."

    def handle(self, *args: Any, **options: Any) -> None:
        if demo.seeded():
            self.stdout.write("demo data already present")
        else:
            demo.seed()
            self.stdout.write(
                f"demo network seeded: {len(demo.ORGANISATIONS)} organisations, "
                f"{len(demo.USERS)} users"
            )
        self.stdout.write(f"\nDemo sign-ins (password for all: {demo.DEMO_PASSWORD}):")
        for username, role, organisation in demo.logins():
            note = (
                "  (sets up two-step sign-in first)"
                if any(u.username == username and u.role in ROLES_REQUIRING_2FA for u in demo.USERS)
                else ""
            )
            self.stdout.write(f"  {username:<16} {role:<22} {organisation}{note}")
