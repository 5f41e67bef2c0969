"""Import speed and memory: a generated HTCDS CSV through `tipsom import`, on PostgreSQL and
SQLite, against a naive one-row-at-a-time ORM import of the first rows in the same run.

    python bench/import.py --size 1000000

Each measurement runs in a process of its own, so its peak memory (the process's maximum
resident set) is its own. A last run times the import's three phases apart on the baseline's
rows: reading and checking (engine.exchange), planning (the case rules, building rows) and
writing (cases.bulk), to show where the time goes. Prints rows per second, peak memory and
the ratio to the naive import per database, and ends with one JSON line. Goals: >= 20,000
rows/s into PostgreSQL with validation, peak memory <= 1 GB.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import random
import subprocess
import sys
import time
import urllib.parse
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GOAL_ROWS_PER_S = 20_000
GOAL_PEAK_MB = 1024

FIRST = ["Ayesha", "Fatima", "Zainab", "Imran", "Ali", "Bilal", "Saima", "Asif", "Kiran", "Tariq"]
FAMILY = ["Khan", "Qureshi", "Butt", "Malik", "Bibi", "Awan", "Raza", "Shah", "Baloch", "Chaudhry"]
CONTROL = ["DebtBondage", "FalsePromises", "WithholdsDocuments", "PhysicalThreats", "TakesEarnings"]
STATUS = ["PossibleVictimOfTrafficking", "ActualVictimOfTrafficking"]
HEADER = [
    "record_id",
    "prs_FirstName",
    "prs_SecondName",
    "prs_Birthdate",
    "prs_Gender",
    "prs_Citizenship",
    "prs_MobilePhone",
    "vic_TraffickingStatus",
    "vic_TraffickingStatusDecisionMakingOrg",
    "vic_MethodsOfControl",
    "cas_Status",
    "hte_Type",
    "hte_Country",
    "hte_Date",
]


def generate(path: Path, size: int, seed: int) -> None:
    rng = random.Random(seed)
    start = date(1970, 1, 1)
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(HEADER)
        for n in range(size):
            writer.writerow(
                [
                    f"b{n}",
                    rng.choice(FIRST),
                    rng.choice(FAMILY),
                    (start + timedelta(days=rng.randint(0, 18000))).isoformat(),
                    rng.choice(["Feminine", "Masculine"]),
                    rng.choice(["PK", "PK;AF", "AF"]),
                    f"+92300{rng.randint(1000000, 9999999)}",
                    rng.choice(STATUS),
                    "NGO",
                    ";".join(rng.sample(CONTROL, rng.randint(1, 3))),
                    "Active",
                    "Exploitation",
                    rng.choice(["AE", "SA", "IR", "TR", "GR"]),
                    (date(2020, 1, 1) + timedelta(days=rng.randint(0, 1500))).isoformat(),
                ]
            )


def run(env: dict[str, str], *args: str) -> tuple[float, float, str]:
    """Run a python child; returns (seconds, its peak resident memory in MB, its stdout)."""
    started = time.perf_counter()
    child = subprocess.Popen(  # noqa: S603 - our interpreter and our code
        [sys.executable, *args], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    out, err = child.communicate()
    seconds = time.perf_counter() - started
    if child.returncode != 0:
        raise SystemExit(f"{' '.join(args[:3])} failed:\n{err[-3000:]}")
    peak = _peak_mb(out)
    return seconds, peak, out


NAIVE = """
import os, sys, csv, resource, django
django.setup()
from tipsom.cases.models import Case, CaseRole, Person
from tipsom.core.models import Organisation, User
org = Organisation.objects.get(acronym="IOM")
user = User.objects.get(username="dataofficer")
limit = int(sys.argv[2])
with open(sys.argv[1], newline="", encoding="utf-8") as handle:
    for n, row in enumerate(csv.DictReader(handle)):
        if n >= limit:
            break
        person = Person.objects.create(
            organisation=org, created_by=user, first_name=row["prs_FirstName"],
            family_name=row["prs_SecondName"], birth_date=row["prs_Birthdate"],
        )
        case = Case.objects.create(
            case_number=f"naive-{n}", organisation=org, owner=user, type="trafficking",
            opened_on="2026-01-01",
        )
        CaseRole.objects.create(case=case, person=person, role="victim")
print("peak_kb", resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
"""

PHASES = """
import sys, time, django
django.setup()
from pathlib import Path
from django.core.management import call_command
from django.db import transaction
call_command("migrate", verbosity=0)
from tipsom.core import demo
demo.seed()
from tipsom.core.models import Organisation, User
from tipsom.engine.exchange import formats
from tipsom.exchange import bulk, mapping, services
org, user = Organisation.objects.get(acronym="IOM"), User.objects.get(username="dataofficer")
path, limit = Path(sys.argv[1]), int(sys.argv[2])
batch = services.start_import(user, org, path, "htcds-csv", "phases")
start = time.perf_counter()
rows = []
for checked in formats.Pipeline(path, formats.get("htcds-csv")).rows():
    rows.append(checked)
    if len(rows) >= limit:
        break
checked_at = time.perf_counter()
writer, planned = bulk.Writer(), []
for c in rows:
    parts = mapping.parts(c.record)
    digests = {k: mapping.digest(v) for k, v in parts.items()}
    planned.append(writer.plan(c.record_id, parts, digests, ""))
planned_at = time.perf_counter()
cpu = time.process_time()
with transaction.atomic():
    for i in range(0, len(planned), 2000):
        writer.write(user, batch, planned[i : i + 2000])
written_at = time.perf_counter()
cpu = time.process_time() - cpu
n = len(rows)
check, plan, write = checked_at - start, planned_at - checked_at, written_at - planned_at
# the write phase's time not spent on this process's CPU is time waiting for the database
print("phases", n / check, n / plan, n / write, (write - cpu) / n * 1e6)
"""

IMPORT = """
import resource, sys
from tipsom.config.cli import main
main(["tipsom", *sys.argv[1:]])
print("peak_kb", resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
"""


def _peak_mb(out: str) -> float:
    for line in out.splitlines():
        if line.startswith("peak_kb"):
            return round(int(line.split()[1]) / 1024, 1)
    return 0.0


def prepare(url: str, data_dir: Path) -> dict[str, str]:
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "TIPSOM_DATA_DIR": str(data_dir),
        "DJANGO_SETTINGS_MODULE": "tipsom.config.settings",
        "TIPSOM_LOG_LEVEL": "WARNING",
        "TIPSOM_DEBUG": "0",
    }
    if url.startswith("postgres"):
        import psycopg

        parts = urllib.parse.urlparse(url)
        name = parts.path.lstrip("/")
        with psycopg.connect(parts._replace(path="/postgres").geturl(), autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
            conn.execute(f'CREATE DATABASE "{name}"')
    else:
        Path(urllib.parse.urlparse(url).path).unlink(missing_ok=True)
    subprocess.run(
        [sys.executable, "-m", "tipsom.config.cli", "migrate", "-v0"], env=env, check=True
    )
    subprocess.run(
        [sys.executable, "-m", "tipsom.config.cli", "demo"],
        env=env,
        check=True,
        capture_output=True,
    )
    return env


def measure(name: str, url: str, source: Path, size: int, baseline: int, data_dir: Path) -> dict:
    env = prepare(url, data_dir)
    seconds, peak, out = run(
        env,
        "-c",
        IMPORT,
        "import",
        str(source),
        "--format",
        "htcds-csv",
        "--organisation",
        "IOM",
        "--user",
        "dataofficer",
        "--source",
        "bench",
        "-v0",
    )
    summary = next((line for line in out.splitlines() if line.startswith("import #")), "")
    env = prepare(url, data_dir)
    naive_seconds, _, _ = run(env, "-c", NAIVE, str(source), str(baseline))
    rate = size / seconds
    naive_rate = baseline / naive_seconds
    env = prepare(url, data_dir)
    _, _, phases_out = run(env, "-c", PHASES, str(source), str(baseline))
    check, plan, write, database_us = (
        float(x)
        for x in next(x for x in phases_out.splitlines() if x.startswith("phases")).split()[1:]
    )
    return {
        f"{name}_phase_check_rows_per_s": round(check),
        f"{name}_phase_plan_rows_per_s": round(plan),
        f"{name}_phase_write_rows_per_s": round(write),
        # SQLite works inside this process: its time is CPU time, not a wait
        **(
            {
                f"{name}_phase_write_database_us_per_row": round(database_us),
                f"{name}_database_ceiling_rows_per_s": round(1e6 / database_us),
            }
            if name == "postgres" and database_us > 0
            else {}
        ),
        f"{name}_rows_per_s": round(rate, 1),
        f"{name}_seconds": round(seconds, 1),
        f"{name}_peak_mb": peak,
        f"{name}_naive_rows_per_s": round(naive_rate, 1),
        f"{name}_naive_rows": baseline,
        f"{name}_ratio_to_naive": round(rate / naive_rate, 2),
        f"{name}_ratio_to_goal": round(rate / GOAL_ROWS_PER_S, 3),
        f"{name}_summary": summary,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=2000, help="rows in the generated file")
    parser.add_argument("--baseline-rows", type=int, default=20_000)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument(
        "--database-url", default="postgres://postgres@127.0.0.1:5432/tipsom_bench_import"
    )
    parser.add_argument("--skip-sqlite", action="store_true")
    parser.add_argument("--data-dir", default=str(ROOT / "var" / "bench-import"))
    args = parser.parse_args()

    data_dir = Path(args.data_dir)
    data_dir.mkdir(parents=True, exist_ok=True)
    source = data_dir / f"htcds-{args.size}.csv"
    if not source.exists():
        generate(source, args.size, args.seed)
    baseline = min(args.baseline_rows, args.size)
    results: dict = {
        "bench": "import",
        "rows": args.size,
        "file_mb": round(source.stat().st_size / 2**20, 1),
        "cpus": os.cpu_count(),
    }
    targets = [("postgres", args.database_url)]
    if not args.skip_sqlite:
        targets.append(("sqlite", f"sqlite:///{data_dir / 'bench.sqlite3'}"))
    for name, url in targets:
        figures = measure(name, url, source, args.size, baseline, data_dir)
        results.update(figures)
        print(
            f"{name:>8}: {figures[f'{name}_rows_per_s']:,.0f} rows/s "
            f"({figures[f'{name}_seconds']} s; goal {GOAL_ROWS_PER_S:,}, ratio "
            f"{figures[f'{name}_ratio_to_goal']}), peak {figures[f'{name}_peak_mb']} MB (goal "
            f"{GOAL_PEAK_MB}), naive ORM {figures[f'{name}_naive_rows_per_s']:,.0f} rows/s "
            f"on {baseline} rows, ratio {figures[f'{name}_ratio_to_naive']}; phases on those rows "
            f"(rows/s): check {figures[f'{name}_phase_check_rows_per_s']:,}, plan "
            f"{figures[f'{name}_phase_plan_rows_per_s']:,}, write "
            f"{figures[f'{name}_phase_write_rows_per_s']:,}",
            flush=True,
        )
    print(json.dumps(results))


if __name__ == "__main__":
    main()
