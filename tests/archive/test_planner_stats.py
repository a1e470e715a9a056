"""An ingest leaves the database with planner statistics once its documents have doubled.

Without them the planners guess. PostgreSQL counted the outbox events not yet indexed by
reading the whole outbox (``bench/RESULTS.md``: a warm search at 100,000 documents took 4.7 ms,
0.7 ms once the tables were analyzed); autovacuum would gather them some time later, or never
where it is off (as on this project's test machines). SQLite, which never gathers them itself,
read every published document through the status index to find a few by their ids.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from sourcebook.archive import ingest, planner_stats
from sourcebook.archive.models import Document
from tests.conftest import SEED
from tests.support.plans import plan

# Committed, so the flush after each test forgets the statistics these tests gather on nearly
# empty tables (tests/support/pgflush.py); in a rolled-back test they would outlive it.
pytestmark = pytest.mark.django_db(transaction=True)


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


def _reset() -> None:
    """Statistics of the test's empty tables. PostgreSQL keeps those an earlier test gathered
    (``ANALYZE`` writes them in place, and a rollback leaves them), which would move the next
    analysis."""
    planner_stats.analyze()
    assert planner_stats.analyzed_documents() == 0


def _analyzes(queries) -> int:
    return sum(q["sql"].strip().upper() == "ANALYZE" for q in queries)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's planner")
def test_an_ingest_analyzes_the_tables_it_filled(tmp_path, monkeypatch):
    monkeypatch.setattr(planner_stats, "FIRST", 4)
    _reset()
    assert _analyzed() < 8
    paths = _copies(tmp_path, 9)
    with CaptureQueriesContext(connection) as queries:
        outcomes = [o for out in ingest.ingest_files(paths, batch_size=2) for o in out]
    assert [o.status for o in outcomes] == ["added"] * 9
    assert _analyzes(queries.captured_queries) == 2  # at 4 documents, then at 8 (twice 4)
    assert _analyzed() >= 8  # pg_class knows the rows: -1 while never analyzed


def test_the_analyses_double_apart(monkeypatch):
    monkeypatch.setattr(planner_stats, "FIRST", 10)
    _reset()
    stats = planner_stats.Analyzer()
    with CaptureQueriesContext(connection) as queries:
        for _ in range(100):
            stats.wrote(1)
    assert _analyzes(queries.captured_queries) == 4  # at 10, 20, 40, 80


def _ingest(paths: list[Path]) -> int:
    """Ingest ``paths`` in one run (batches of 2); how many ANALYZEs it ran."""
    with CaptureQueriesContext(connection) as queries:
        outcomes = [o for out in ingest.ingest_files(paths, batch_size=2) for o in out]
    assert [o.status for o in outcomes] == ["added"] * len(paths)
    return _analyzes(queries.captured_queries)


def test_an_archive_grown_by_small_ingests_is_analyzed_as_it_doubles(tmp_path, monkeypatch):
    """The count at the last analysis is the database's, not the run's: runs of 3, 2, 2 and 3
    documents analyze at 5 (past 4) and at 10 (twice 5)."""
    monkeypatch.setattr(planner_stats, "FIRST", 4)
    _reset()
    paths = _copies(tmp_path, 10)
    assert [_ingest(run) for run in (paths[:3], paths[3:5], paths[5:7], paths[7:])] == [0, 1, 0, 1]
    assert planner_stats.analyzed_documents() == 10


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's planner")
def test_after_an_ingest_sqlite_finds_documents_by_id_not_through_the_status_index(tmp_path):
    """Without statistics SQLite takes ``status = ?`` as narrow as any equality, and read every
    published document to find forty by their ids (what a volume's neighbours ask). An archive
    of 2,000 documents (made directly: many documents, few of them ingested) gets its
    statistics at the first write of its next ingest."""
    Document.objects.bulk_create(
        Document(public_id=f"old-{i}", title="Letter") for i in range(2000)
    )
    wanted = [f"old-{i}" for i in range(0, 2000, 50)]
    query = Document.live.filter(public_id__in=wanted).values_list("public_id").query
    assert "(public_id=?)" not in plan(*query.sql_with_params())
    assert _ingest(_copies(tmp_path, 2)) == 1
    found = plan(*query.sql_with_params())
    assert "(public_id=?)" in found, found


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's statistics")
def test_an_archive_made_before_sqlite_was_analyzed_is_analyzed_by_the_upgrade(back_to_latest):
    from django.db.migrations.executor import MigrationExecutor

    before, upgrade = (
        ("archive", "0007_document_date_order"),
        ("archive", "0008_planner_statistics"),
    )
    executor = MigrationExecutor(connection)
    executor.migrate([before])
    Document.objects.bulk_create(
        Document(public_id=f"old-{i}", title=f"Letter {i}") for i in range(planner_stats.FIRST)
    )
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM sqlite_master WHERE name = 'sqlite_stat1'")
        if cursor.fetchone():
            cursor.execute("DELETE FROM sqlite_stat1")
    assert planner_stats.analyzed_documents() == 0
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate([upgrade])
    assert planner_stats.analyzed_documents() == planner_stats.FIRST
