"""The indexer reads a batch's documents by their ids: its query costs the batch, not the archive.

SQLite, given ``status = ?`` beside ``public_id IN (…)``, chose the status index and read every
published document to test its id: 108 ms a batch of 500 at 220,000 documents and growing with
the archive, so a large ingest's indexing grew quadratic (``bench/RESULTS.md``).
"""

from __future__ import annotations

import pytest
from django.db import connection

from sourcebook.archive.models import Document
from sourcebook.search import indexer


def _executed(run) -> tuple[object, list[tuple[str, tuple]]]:
    """What ``run()`` returns, and the statements (SQL and parameters, as sent to the database)
    it executes."""
    seen = []

    def record(execute, sql, params, many, context):
        seen.append((sql, params))
        return execute(sql, params, many, context)

    with connection.execute_wrapper(record):
        result = run()
    return result, seen


def _plan(sql: str, params) -> str:
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN QUERY PLAN " + sql, params)
        return " | ".join(str(row[-1]) for row in cursor.fetchall())


@pytest.mark.skipif(
    connection.vendor != "sqlite", reason="SQLite's planner; PostgreSQL's plans from ANALYZE"
)
def test_a_batch_is_read_by_public_id_not_through_the_status_index(corpus):
    events = [(0, pid) for pid in Document.objects.values_list("public_id", flat=True)]
    (upserts, deletes), statements = _executed(lambda: indexer._changes(events))
    assert len(upserts) == len(events) and not deletes
    sql, params = next(
        s for s in statements if s[0].split(" FROM ")[1].startswith('"archive_document"')
    )
    plan = _plan(sql, params)
    assert "(public_id=?)" in plan, plan
    assert "status" not in plan and "ORDER BY" not in plan, plan


def test_a_withdrawn_document_in_a_batch_is_deleted_not_indexed(corpus):
    gone = Document.objects.order_by("id").first()
    Document.objects.filter(pk=gone.pk).update(status=Document.WITHDRAWN)
    upserts, deletes = indexer._changes([(0, pid) for pid in corpus])
    assert deletes == [gone.public_id]
    assert sorted(d.id for d in upserts) == sorted(set(corpus) - {gone.public_id})
