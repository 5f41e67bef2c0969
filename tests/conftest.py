from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def _fast_hashing(settings):
    # Argon2 is the production hasher (tested in test_settings.py); tests hash thousands of
    # passwords and use a fast one.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _files_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "files"


@pytest.fixture(autouse=True)
def _immediate_tasks(settings):
    # Jobs run inline in tests unless a test starts the real database worker itself.
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


def _audit_trigger_sql():
    import importlib

    return importlib.import_module("tipsom.core.migrations.0002_audit_append_only")


@pytest.fixture(autouse=True)
def _audit_log_triggers(request):
    """Keep the audit log append-only in every test, yet let transactional tests' teardown
    (which empties every table) run: the triggers are lifted just for that flush."""
    marker = request.node.get_closest_marker("django_db")
    uses_db = marker is not None or {"db", "transactional_db", "live_server"} & set(
        request.fixturenames
    )
    if not uses_db:
        yield
        return
    transactional = bool(marker and marker.kwargs.get("transaction")) or {
        "transactional_db",
        "live_server",
    } & set(request.fixturenames)
    request.getfixturevalue("transactional_db" if transactional else "db")
    from django.db import connection

    sql = _audit_trigger_sql()
    vendor = connection.vendor
    with connection.cursor() as cur:
        for statement in {"sqlite": sql.SQLITE, "postgresql": sql.POSTGRESQL}[vendor]:
            cur.execute(statement)
    yield
    if transactional:
        with connection.cursor() as cur:
            for statement in {"sqlite": sql.SQLITE_REVERSE, "postgresql": sql.POSTGRESQL_REVERSE}[
                vendor
            ]:
                cur.execute(statement)
