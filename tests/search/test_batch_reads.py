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
from tests.support.plans import executed, plan


@pytest.mark.skipif(
    connection.vendor != "sqlite", reason="SQLite's planner; PostgreSQL's plans from ANALYZE"
)
def test_a_batch_is_read_by_public_id_not_through_the_status_index(corpus):
    events = [(0, pid) for pid in Document.objects.values_list("public_id", flat=True)]
    (upserts, deletes), statements = executed(lambda: indexer._changes(events))
    assert len(upserts) == len(events) and not deletes
    sql, params = next(s for s in statements if ' FROM "archive_document" ' in s[0])
    found = plan(sql, params)
    assert "(public_id=?)" in found, found
    assert "status" not in found and "ORDER BY" not in found, found


def test_a_withdrawn_document_in_a_batch_is_deleted_not_indexed(corpus):
    gone = Document.objects.order_by("id").first()
    Document.objects.filter(pk=gone.pk).update(status=Document.WITHDRAWN)
    upserts, deletes = indexer._changes([(0, pid) for pid in corpus])
    assert deletes == [gone.public_id]
    assert sorted(d.id for d in upserts) == sorted(set(corpus) - {gone.public_id})
