"""A large ingest leaves PostgreSQL with planner statistics for the tables it filled.

Without them the planner guesses, and every search counted the outbox events not yet indexed
by reading the whole outbox (``bench/RESULTS.md``: a warm search at 100,000 documents took
4.7 ms on PostgreSQL, 0.7 ms once the tables were analyzed). Autovacuum would gather them some
time later, or never where it is off (as on this project's test machines).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from sourcebook.archive import ingest, planner_stats
from tests.conftest import SEED

pytestmark = pytest.mark.django_db(transaction=False)


def _copies(folder: Path, count: int) -> list[Path]:
    text = SEED.read_text(encoding="utf-8")
    paths = []
    for i in range(count):
        path = folder / f"seed-{i:03d}.txt"
        path.write_text(re.sub(r"document/\d+", f"document/{700000 + i}", text), encoding="utf-8")
        paths.append(path)
    return paths


def _analyzed() -> float:
    with connection.cursor() as cursor:
        cursor.execute("SELECT reltuples FROM pg_class WHERE relname = 'archive_indexevent'")
        return cursor.fetchone()[0]


def _analyzes(queries) -> int:
    return sum(q["sql"].strip().upper() == "ANALYZE" for q in queries)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's planner")
def test_an_ingest_analyzes_the_tables_it_filled(tmp_path, monkeypatch):
    monkeypatch.setattr(planner_stats, "FIRST", 4)
    assert _analyzed() < 8
    paths = _copies(tmp_path, 9)
    with CaptureQueriesContext(connection) as queries:
        outcomes = [o for out in ingest.ingest_files(paths, batch_size=2) for o in out]
    assert [o.status for o in outcomes] == ["added"] * 9
    assert _analyzes(queries.captured_queries) == 2  # at 4 documents, then at 8 (twice 4)
    assert _analyzed() >= 8  # pg_class knows the rows: -1 while never analyzed


def test_the_analyses_double_apart(monkeypatch):
    monkeypatch.setattr(planner_stats, "FIRST", 10)
    stats = planner_stats.Analyzer()
    with CaptureQueriesContext(connection) as queries:
        for _ in range(100):
            stats.wrote(1)
    expected = 4 if connection.vendor == "postgresql" else 0  # at 10, 20, 40, 80
    assert _analyzes(queries.captured_queries) == expected
