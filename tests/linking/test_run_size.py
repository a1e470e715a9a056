"""A run of more files than the database takes parameters in one statement (SQLite).

The run hook (:func:`sourcebook.linking.hooks.relink_run`) asked for every id of the run at
once: an ingest of a million files wrote them all and then failed with "too many SQL
variables". SQLite's limit is lowered on the test's connection so that a few hundred files
are past it. PostgreSQL has no such limit here (Django binds parameters in the client), so
this runs on SQLite only.
"""

from __future__ import annotations

import re
import sqlite3

import pytest
from django.db import connection

from tests.conftest import SEED

pytestmark = pytest.mark.django_db(transaction=True)

FILES = 320
LIMIT = 300


@pytest.fixture
def few_variables():
    if connection.vendor != "sqlite":
        pytest.skip(
            "PostgreSQL: Django binds parameters in the client, so there is no limit to lower"
        )
    connection.ensure_connection()
    raw = connection.connection
    before = raw.getlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER)
    raw.setlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER, LIMIT)
    yield
    raw.setlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER, before)


def test_a_run_past_the_parameter_limit_ends_well(tmp_path, few_variables, monkeypatch):
    from sourcebook.archive import chunks, ingest
    from sourcebook.archive.models import Document

    monkeypatch.setattr(chunks, "SIZE", 100)
    text = SEED.read_text(encoding="utf-8")
    paths = []
    for i in range(FILES):
        path = tmp_path / f"doc-{i:03d}.txt"
        path.write_text(re.sub(r"document/\d+", f"document/{800000 + i}", text), "utf-8")
        paths.append(path)
    outcomes = [o for batch in ingest.ingest_files(paths, batch_size=5) for o in batch]
    assert [o.status for o in outcomes] == ["added"] * FILES
    assert Document.objects.count() == FILES
