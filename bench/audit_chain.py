"""Audit log throughput: appending entries and verifying the whole chain.

Usage: python bench/audit_chain.py --size N [--database-url URL]

Runs against a scratch database (a temporary SQLite file unless --database-url is given; the
database must be empty or disposable: the script migrates it). Prints the figures and ends
with one JSON line.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=2000, help="audit entries to append")
    parser.add_argument("--database-url", default="")
    args = parser.parse_args()

    scratch = tempfile.mkdtemp(prefix="tipsom-bench-")
    os.environ["TIPSOM_DATA_DIR"] = scratch
    if args.database_url:
        os.environ["DATABASE_URL"] = args.database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tipsom.config.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection, transaction

    from tipsom.core import audit
    from tipsom.core.choices import AuditAction

    call_command("migrate", verbosity=0)
    start = time.perf_counter()
    batch = 500
    for first in range(0, args.size, batch):
        with transaction.atomic():
            for i in range(first, min(first + batch, args.size)):
                audit.record(
                    AuditAction.UPDATE,
                    object_type="bench.thing",
                    object_id=str(i),
                    changes={"status": ["open", "closed"]},
                )
    append_s = time.perf_counter() - start

    start = time.perf_counter()
    checked, problems = audit.verify()
    verify_s = time.perf_counter() - start
    assert checked >= args.size and not problems, problems

    figures = {
        "bench": "audit_chain",
        "database": connection.vendor,
        "entries": checked,
        "append_per_s": round(args.size / append_s),
        "verify_per_s": round(checked / verify_s),
        "verify_s_per_million": round(verify_s / checked * 1_000_000, 1),
    }
    print(f"appended {args.size} entries in {append_s:.2f} s ({figures['append_per_s']}/s)")
    print(f"verified {checked} entries in {verify_s:.2f} s ({figures['verify_per_s']}/s)")
    print(json.dumps(figures))


if __name__ == "__main__":
    sys.exit(main())
