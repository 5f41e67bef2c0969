"""Fixtures for the browser tests: one headless Chromium per module, a fresh context per test,
and a database the live server shares and that can be emptied afterwards."""

from __future__ import annotations

import importlib
import os
from collections.abc import Iterator

import pytest
from django.db import connection
from playwright.sync_api import Browser, Page, sync_playwright

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
VIEWPORT = {"width": 1280, "height": 800}

_append_only = importlib.import_module("tipsom.core.migrations.0002_audit_append_only")


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    if not os.access(CHROMIUM, os.X_OK):
        pytest.skip(f"{CHROMIUM} is not installed (apt-get install chromium)")
    # Playwright's sync API keeps an asyncio event loop on this thread, and Django then refuses
    # ORM calls from it (factories, the transactional_db flush) as "async unsafe". They are
    # ordinary synchronous calls, so allow them while the browser runs.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as p:
            chromium = p.chromium.launch(executable_path=CHROMIUM, headless=True,
                                         args=CHROMIUM_ARGS)
            yield chromium
            chromium.close()
    finally:
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    """A page in a fresh browser context: no cookies (language, session) shared between tests."""
    context = browser.new_context(locale="en-GB", viewport=VIEWPORT)
    context.set_default_timeout(10_000)
    try:
        yield context.new_page()
    finally:
        context.close()


@pytest.fixture
def live_db(transactional_db) -> Iterator[None]:
    """The committed database the live server sees, emptied after the test.

    ``transactional_db`` empties tables with ``flush``; on SQLite that is ``DELETE FROM``, which
    the audit log's append-only trigger (migration 0002) refuses. Clear the audit log first with
    the trigger briefly lifted, then put it back. PostgreSQL flushes with TRUNCATE, which the
    row-level trigger does not see.
    """
    yield
    if connection.vendor != "sqlite":
        return
    with connection.cursor() as cursor:
        cursor.execute("DROP TRIGGER IF EXISTS core_auditentry_no_delete")
        try:
            cursor.execute("DELETE FROM core_auditentry")
        finally:
            cursor.execute(next(s for s in _append_only.SQLITE if "no_delete" in s))
