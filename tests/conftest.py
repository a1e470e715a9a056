"""Fixtures: the shared corpus, and documents ingested into the test database."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.support import flush_kept, pgflush

pgflush.install()
flush_kept.install()

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
SEED = SHARED / "corpus" / "seed" / "wcda-208190.txt"
SAMPLES = REPO / "src" / "sourcebook" / "samples"


@pytest.fixture(autouse=True)
def _no_packing_dictionary_kept():
    """Each test starts knowing no packing dictionary: the database is emptied between tests,
    and a dictionary id kept from an earlier test would name a row that is gone."""
    from sourcebook.archive import compression

    compression.forget()
    yield
    compression.forget()


@pytest.fixture(autouse=True, scope="session")
def _few_rounds_for_passwords():
    """Passwords made and checked with fewer rounds in this process (tests/support/hashers.py)."""
    from django.conf import settings
    from django.test import override_settings

    fast = "tests.support.hashers.FewRoundsPBKDF2PasswordHasher"
    with override_settings(PASSWORD_HASHERS=[fast, *settings.PASSWORD_HASHERS]):
        yield


@pytest.fixture(autouse=True)
def _interface_language_reset():
    """Each test ends in the default interface language: a request through the test client
    leaves its language active in the thread (LocaleMiddleware), and a template rendered later
    without a request (counts grouped as the language writes them) would read it."""
    from django.utils import translation

    yield
    translation.deactivate()


@pytest.fixture
def seed_text() -> str:
    return SEED.read_text(encoding="utf-8")


@pytest.fixture
def seed_doc(db):
    """The seed ingested through the real ingest service."""
    from sourcebook.archive import ingest
    from sourcebook.archive.models import Document

    outcomes = ingest.ingest_file(SEED)
    assert [o.status for o in outcomes] == ["added"], outcomes
    return Document.objects.get(public_id="208190")


@pytest.fixture
def few_variables(request):
    """SQLite's limit of parameters per statement lowered to 300 on the test's connection, so
    that a few hundred values are past it (the real limit is 250,000 here). PostgreSQL has no
    such limit here (Django binds parameters in the client), so a test using this skips there.
    """
    import sqlite3

    from django.db import connection

    if connection.vendor != "sqlite":
        pytest.skip("PostgreSQL: Django binds parameters in the client, so there is no limit")
    connection.ensure_connection()
    raw = connection.connection
    before = raw.getlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER)
    raw.setlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER, 300)
    yield 300
    raw.setlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER, before)


@pytest.fixture(scope="session")
def browser():
    """Chromium driven by Playwright, shared by the session's UI tests."""
    from playwright.sync_api import sync_playwright

    from tests.support.browser import launch

    with sync_playwright() as p:
        browser = launch(p)
        yield browser
        browser.close()
