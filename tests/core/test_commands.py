"""The `tipsom` command line: demo, createadmin, production settings."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from django.core.management import call_command

from tipsom.core import demo
from tipsom.core.choices import Role
from tipsom.core.models import Membership, Organisation, User


@pytest.mark.django_db
def test_demo_seeds_once_with_a_user_per_role(capsys):
    call_command("demo")
    first = capsys.readouterr().out
    call_command("demo")
    second = capsys.readouterr().out
    assert "demo network seeded" in first and "already present" in second
    assert Organisation.objects.count() == len(demo.ORGANISATIONS)
    assert set(Membership.objects.values_list("role", flat=True)) == set(Role.values)
    fia = Organisation.objects.get(acronym="FIA")
    assert fia.children.count() >= 5
    assert {o.province for o in Organisation.objects.filter(type="ngo")} >= {
        "PK-PB",
        "PK-SD",
        "PK-KP",
        "PK-BA",
    }
    assert User.objects.get(username="caseworker").check_password(demo.DEMO_PASSWORD)
    for username, _, _ in demo.logins():
        assert username in first


@pytest.mark.django_db
def test_createadmin_makes_a_system_admin(capsys, monkeypatch):
    monkeypatch.setenv("TIPSOM_ADMIN_PASSWORD", "a long enough admin passphrase")
    call_command("createadmin", "root.admin", "--organisation", "Secretariat")
    user = User.objects.get(username="root.admin")
    assert user.memberships.get().role == Role.SYSTEM_ADMIN
    assert user.check_password("a long enough admin passphrase")


def _env(**extra):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TIPSOM_", "DATABASE_URL"))}
    env.update(extra)
    return env


def test_production_settings_pass_check_deploy(tmp_path):
    generated = subprocess.run(
        [sys.executable, "-m", "tipsom.config.cli", "keys", "generate"],
        env=_env(TIPSOM_DATA_DIR=str(tmp_path)),
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    secrets = dict(line.split("=", 1) for line in generated.split())
    result = subprocess.run(
        [sys.executable, "-m", "tipsom.config.cli", "check", "--deploy", "--fail-level", "WARNING"],
        env=_env(
            TIPSOM_ENV="production",
            TIPSOM_ALLOWED_HOSTS="tipsom.example.org",
            TIPSOM_DATA_DIR=str(tmp_path),
            **secrets,
        ),
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_refuses_to_start_without_its_secrets(tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "tipsom.config.cli", "check"],
        env=_env(TIPSOM_ENV="production", TIPSOM_DATA_DIR=str(tmp_path)),
        capture_output=True,
        text=True,
    )
    assert result.returncode != 0
    assert "TIPSOM_FIELD_KEYS" in result.stderr
    assert not (tmp_path / "secrets.json").exists()


def test_postgres_connections_take_no_parallel_workers_and_keep_url_options(tmp_path):
    script = (
        "import django; django.setup(); from django.conf import settings; "
        "print(settings.DATABASES['default']['OPTIONS']['options'])"
    )
    url = "postgres://u@db.example.org:5432/tipsom?options=-c%20statement_timeout%3D5000"
    for workers, expected in (("", "=0"), ("2", "=2")):
        result = subprocess.run(
            [sys.executable, "-c", script],
            env=_env(
                TIPSOM_DATA_DIR=str(tmp_path),
                DATABASE_URL=url,
                TIPSOM_DB_PARALLEL_WORKERS=workers,
                DJANGO_SETTINGS_MODULE="tipsom.config.settings",
            ),
            capture_output=True,
            text=True,
            check=True,
        )
        assert result.stdout.strip() == (
            f"-c statement_timeout=5000 -c max_parallel_workers_per_gather{expected}"
        )
