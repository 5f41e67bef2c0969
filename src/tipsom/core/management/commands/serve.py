import os
import signal
import subprocess
import sys
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser


class Command(BaseCommand):
    help = (
        "Serve tipsom with its background-job worker (development server, or gunicorn in "
        "production)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("addrport", nargs="?", default="127.0.0.1:8000")
        parser.add_argument(
            "--no-worker", action="store_true", help="do not start the job worker beside the server"
        )
        parser.add_argument("--workers", type=int, default=3, help="gunicorn workers (production)")

    def handle(self, *args: Any, **options: Any) -> None:
        worker = None
        if not options["no_worker"]:
            worker = subprocess.Popen(
                [sys.executable, "-m", "tipsom.config.cli", "db_worker"],
                env={**os.environ, "DJANGO_SETTINGS_MODULE": "tipsom.config.settings"},
            )
            self.stdout.write(f"job worker started (pid {worker.pid})")
        try:
            if settings.PRODUCTION:
                os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tipsom.config.settings")
                subprocess.run(  # noqa: S603
                    [
                        sys.executable,
                        "-m",
                        "gunicorn",
                        "tipsom.config.wsgi:application",
                        "--bind",
                        options["addrport"],
                        "--workers",
                        str(options["workers"]),
                    ],
                    check=True,
                )
            else:
                call_command("runserver", options["addrport"], use_reloader=False)
        finally:
            if worker is not None:
                worker.send_signal(signal.SIGTERM)
                try:
                    worker.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    worker.kill()
