"""Case search latency through the API under concurrent clients, on PostgreSQL.

    python bench/case_search.py --size 1000000 --clients 20 --requests 2000

Fills a scratch PostgreSQL database with ``--size`` synthetic persons (``tipsom demo
--persons``, bulk path; reused on later runs), serves the app with gunicorn on 127.0.0.1, and
sends name searches (``/api/persons/?q=``, sampled names, a third of them in another
spelling) and document lookups (``/api/persons/?document=``) from ``--clients`` threads.
Prints p50/p95/p99 latency per kind, their ratio to the goals (name p95 ≤ 150 ms, document
p95 ≤ 30 ms) and ends with one JSON line.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import socket
import statistics
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GOALS_MS = {"name": 150.0, "document": 30.0}
SPELLINGS = {
    "Muhammad": "Mohammad",
    "Ahmed": "Ahmad",
    "Hussain": "Husain",
    "Rehman": "Rahman",
    "Abdullah": "Abdulla",
    "Qureshi": "Kureshi",
    "Chaudhry": "Chaudhary",
    "Farooq": "Faruk",
    "Zainab": "Zenab",
    "Ayesha": "Aisha",
    "Khadija": "Khadeeja",
}


def ensure_database(url: str) -> None:
    import psycopg

    parts = urllib.parse.urlparse(url)
    name = parts.path.lstrip("/")
    admin = parts._replace(path="/postgres").geturl()
    with psycopg.connect(admin, autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            conn.execute(f'CREATE DATABASE "{name}"')


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def respell(name: str, rng: random.Random) -> str:
    words = [SPELLINGS.get(w, w) if rng.random() < 0.7 else w for w in name.split()]
    return " ".join(words)


def prepare(size: int, seed: int) -> tuple[str, list[str], list[str]]:
    """Load the data if needed; return a session cookie and the queries to send."""
    import django

    django.setup()
    from django.core.management import call_command
    from django.test import Client

    from tipsom.cases import demo as cases_demo
    from tipsom.cases.models import IdentityDocument, Person
    from tipsom.core import demo
    from tipsom.core.choices import Role
    from tipsom.core.models import Membership, User

    call_command("migrate", verbosity=0)
    demo.seed()
    have = Person.objects.count()
    if have < size:
        print(f"generating {size - have} persons (have {have}) …", flush=True)
        started = time.perf_counter()
        cases_demo.generate(size - have, seed=seed + have)
        print(f"  done in {time.perf_counter() - started:.0f} s", flush=True)
    # A data officer of every organisation that holds persons reads them all through restrict().
    user, _ = User.objects.get_or_create(username="bench.dataofficer")
    for org_id in Person.objects.values_list("organisation_id", flat=True).distinct():
        Membership.objects.get_or_create(user=user, organisation_id=org_id, role=Role.DATA_OFFICER)
    client = Client()
    client.force_login(user)
    cookie = f"sessionid={client.cookies['sessionid'].value}"

    rng = random.Random(seed)
    top = Person.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    picks = sorted({rng.randint(1, top) for _ in range(600)})
    names = []
    for person in Person.objects.filter(pk__in=picks):
        full = f"{person.first_name} {person.family_name}".strip()
        names.append(respell(full, rng) if rng.random() < 0.33 else full)
    documents = [d.number for d in IdentityDocument.objects.filter(person_id__in=picks)]
    return cookie, names, documents


def run_load(
    base: str,
    cookie: str,
    kind: str,
    values: list[str],
    clients: int,
    requests: int,
    think_ms: float,
) -> dict[str, float]:
    """``clients`` threads share ``requests``; each waits about ``think_ms`` (exponentially
    drawn, as a person reading results would) between its requests. 0 = back to back."""
    param = {"name": "q", "document": "document"}[kind]
    latencies: list[float] = []
    errors = 0
    found = 0

    def one(i: int) -> tuple[float, int, int]:
        value = values[i % len(values)]
        url = f"{base}/api/persons/?{urllib.parse.urlencode({param: value, 'limit': 20})}"
        request = urllib.request.Request(url, headers={"Cookie": cookie})  # noqa: S310
        start = time.perf_counter()
        try:
            with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310 - loopback
                body = json.loads(response.read())
                status = response.status
        except Exception:
            return time.perf_counter() - start, 599, 0
        return time.perf_counter() - start, status, int(body.get("count", 0) > 0)

    def client(k: int) -> list[tuple[float, int, int]]:
        rng = random.Random(k)
        done = []
        for i in range(k, requests, clients):
            if think_ms:
                time.sleep(rng.expovariate(1000 / think_ms))
            done.append(one(i))
        return done

    with ThreadPoolExecutor(max_workers=clients) as pool:
        list(pool.map(one, range(min(50, requests))))  # warm-up, not counted
        started = time.perf_counter()
        for batch in pool.map(client, range(clients)):
            for elapsed, status, hit in batch:
                latencies.append(elapsed * 1000)
                errors += status != 200
                found += hit
        wall = time.perf_counter() - started
    latencies.sort()

    def pct(p: float) -> float:
        return round(latencies[min(len(latencies) - 1, int(p * len(latencies)))], 1)

    return {
        "p50_ms": pct(0.50),
        "p95_ms": pct(0.95),
        "p99_ms": pct(0.99),
        "mean_ms": round(statistics.fmean(latencies), 1),
        "requests_per_s": round(requests / wall, 1),
        "errors": errors,
        "found_share": round(found / requests, 3),
        "p95_to_goal": round(pct(0.95) / GOALS_MS[kind], 2),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=2000, help="persons in the database")
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--requests", type=int, default=1000, help="requests per kind")
    parser.add_argument("--workers", type=int, default=4, help="gunicorn workers")
    parser.add_argument(
        "--think-ms",
        type=float,
        default=0.0,
        help="mean pause of each client between requests (0: back to back)",
    )
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument(
        "--database-url", default="postgres://postgres@127.0.0.1:5432/tipsom_bench_search"
    )
    parser.add_argument(
        "--data-dir",
        default=str(ROOT / "var" / "bench"),
        help="keeps the keys that encrypted the bench data, for reuse",
    )
    args = parser.parse_args()

    ensure_database(args.database_url)
    Path(args.data_dir).mkdir(parents=True, exist_ok=True)
    env = {
        **os.environ,
        "DATABASE_URL": args.database_url,
        "TIPSOM_DATA_DIR": args.data_dir,
        "DJANGO_SETTINGS_MODULE": "tipsom.config.settings",
        "TIPSOM_DEBUG": "0",
        "TIPSOM_DB_CONN_MAX_AGE": "600",
        "TIPSOM_LOG_LEVEL": "WARNING",
    }
    os.environ.update(env)
    cookie, names, documents = prepare(args.size, args.seed)

    port = free_port()
    server = subprocess.Popen(  # noqa: S603 - our interpreter, our app, loopback only
        [
            sys.executable,
            "-m",
            "gunicorn",
            "tipsom.config.wsgi:application",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(args.workers),
            "--log-level",
            "warning",
        ],
        env=env,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(f"{base}/sign-in/", timeout=2)  # noqa: S310
                break
            except OSError:
                time.sleep(0.2)
        results = {
            kind: run_load(base, cookie, kind, values, args.clients, args.requests, args.think_ms)
            for kind, values in (("name", names), ("document", documents))
        }
    finally:
        server.terminate()
        server.wait(timeout=20)

    for kind, r in results.items():
        print(
            f"{kind:>8}: p50 {r['p50_ms']} ms, p95 {r['p95_ms']} ms (goal "
            f"{GOALS_MS[kind]:.0f} ms, ratio {r['p95_to_goal']}), p99 {r['p99_ms']} ms, "
            f"{r['requests_per_s']} req/s, errors {r['errors']}, found {r['found_share']:.0%}"
        )
    print(
        json.dumps(
            {
                "bench": "case_search",
                "persons": args.size,
                "clients": args.clients,
                "requests_per_kind": args.requests,
                "gunicorn_workers": args.workers,
                "think_ms": args.think_ms,
                "cpus": os.cpu_count(),
                **{f"{k}_{m}": v for k, r in results.items() for m, v in r.items()},
            }
        )
    )


if __name__ == "__main__":
    main()
