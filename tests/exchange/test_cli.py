"""The import and export commands as a user runs them, each in a database of its own:
the round trip through an empty database, and an import killed half-way and resumed."""

from __future__ import annotations

import csv
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path


def tipsom(
    data_dir: Path, *args: str, wait: bool = True, chunk: int = 2000
) -> subprocess.Popen | str:
    env = {
        **os.environ,
        "TIPSOM_IMPORT_CHUNK": str(chunk),
        "TIPSOM_DATA_DIR": str(data_dir),
        "DATABASE_URL": f"sqlite:///{data_dir / 'db.sqlite3'}",
        "DJANGO_SETTINGS_MODULE": "tipsom.config.settings",
        "TIPSOM_LOG_LEVEL": "WARNING",
    }
    command = [sys.executable, "-m", "tipsom.config.cli", *args]
    if not wait:
        return subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout


def network(path: Path, persons: int = 0) -> Path:
    path.mkdir()
    tipsom(path, "migrate", "-v0")
    tipsom(path, "demo", *(["--persons", str(persons)] if persons else []))
    return path


def test_export_import_export_into_an_empty_database_gives_identical_files(tmp_path):
    first = network(tmp_path / "first", persons=150)
    for fmt, suffix in (("htcds-csv", "csv"), ("htcds-json", "json"), ("htcds-xlsx", "xlsx")):
        second = network(tmp_path / f"second-{suffix}")
        exported = tmp_path / f"first.{suffix}"
        tipsom(first, "export", str(exported), "--format", fmt, "--user", "dataofficer")
        out = tipsom(
            second,
            "import",
            str(exported),
            "--format",
            fmt,
            "--organisation",
            "IOM",
            "--user",
            "dataofficer",
            "--source",
            f"first system {fmt}",
            "-v0",
        )
        assert "rejected" not in out, out
        again = tmp_path / f"second.{suffix}"
        tipsom(second, "export", str(again), "--format", fmt, "--user", "dataofficer")
        if fmt == "htcds-xlsx":
            from openpyxl import load_workbook

            def cells(p: Path) -> list:
                return [
                    list(r)
                    for r in load_workbook(p, read_only=True).active.iter_rows(values_only=True)
                ]

            assert cells(again) == cells(exported)
        else:
            assert again.read_bytes() == exported.read_bytes(), fmt


def _big_file(path: Path, rows: int) -> Path:
    with path.open("w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(
            ["record_id", "prs_FirstName", "prs_SecondName", "prs_Gender", "cas_Status"]
        )
        for n in range(rows):
            writer.writerow([f"k{n}", f"Person{n}", "Test", "Feminine", "Active"])
    return path


def test_an_import_killed_mid_file_resumes_and_takes_every_row_once(tmp_path):
    data = network(tmp_path / "db")
    total = 20_000
    source = _big_file(tmp_path / "big.csv", total)
    args = (
        "import",
        str(source),
        "--format",
        "htcds-csv",
        "--organisation",
        "IOM",
        "--user",
        "dataofficer",
        "--source",
        "kill test",
        "-v0",
    )
    running = tipsom(data, *args, wait=False, chunk=200)
    database = sqlite3.connect(data / "db.sqlite3", timeout=30)
    deadline = time.monotonic() + 120
    position = 0
    while time.monotonic() < deadline:
        row = database.execute("SELECT position FROM exchange_importbatch").fetchone()
        position = row[0] if row else 0
        if position >= 1000:
            break
        time.sleep(0.05)
    running.send_signal(signal.SIGKILL)
    running.wait()
    assert 1000 <= position < total, position
    out = tipsom(data, *args, chunk=200)
    assert "resuming import" in out
    links = database.execute(
        "SELECT record_id, COUNT(*) FROM exchange_sourcerecord GROUP BY record_id"
    ).fetchall()
    assert len(links) == total and all(n == 1 for _, n in links)
    persons = database.execute("SELECT COUNT(*) FROM cases_person").fetchone()[0]
    assert persons == total
    status, counts = database.execute("SELECT status, counts FROM exchange_importbatch").fetchone()
    assert status == "done" and f'"created": {total}' in counts
