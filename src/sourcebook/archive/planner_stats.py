"""The planner's statistics kept up with the archive's growth, on PostgreSQL and SQLite.

Why: both databases choose among indexes from the statistics ``ANALYZE`` gathers, and without
them they guess.

- PostgreSQL's autovacuum gathers them only some time after a table has grown (never where an
  operator turned it off, as many do for bulk loads). Every search asks how many outbox events
  the index has not applied yet (``id > position``); with no statistics that was a sequential
  scan of the whole outbox, 3.5 ms a search at 100,000 documents and growing with the archive,
  where the primary key answers in a few microseconds.
- SQLite never gathers them by itself, and without them takes every equality as equally
  narrow. Asked for ``status = 'published'`` beside ``public_id IN (…)`` or
  ``collection_id IN (…)`` (a volume's neighbours on each document page, a collection's
  order), it read every published document through the status index: a cost per page that
  grew with the archive (``bench/RESULTS.md``). Its statistics say the status has three values.

So an ingest analyzes the database whenever its documents have doubled since it was last
analyzed, from :data:`FIRST` documents on: a few times in a large run, and just as well in an
archive grown by many small ones (the count at the last analysis is read from the database,
not kept by the run). A full ``ANALYZE`` reads indexes, not rows: 0.25 s for SQLite at 200,000
documents.
"""

from __future__ import annotations

from django.db import connection

FIRST = 1000  # documents an archive holds before its first ANALYZE


class Analyzer:
    """Follows an ingest run's writes; analyzes the database each time its documents have
    doubled since the last analysis (and at :data:`FIRST`). Made when the run starts: two
    queries (documents now, documents the statistics know)."""

    def __init__(self) -> None:
        self.documents = _documents()
        self.next_at = max(FIRST, 2 * analyzed_documents())

    def wrote(self, documents: int) -> None:
        self.documents += documents
        if documents and self.documents >= self.next_at:
            analyze()
            self.next_at = 2 * self.documents


def analyze() -> None:
    """Gather the planner's statistics of every table. Also after a restore: ``pg_restore``
    brings the rows, not the statistics."""
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def analyzed_documents() -> int:
    """How many documents the planner's statistics know of: 0 if never analyzed."""
    table = _document_table()
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":  # reltuples: -1 until the first ANALYZE
            cursor.execute("SELECT reltuples FROM pg_class WHERE oid = %s::regclass", [table])
            return max(0, int(cursor.fetchone()[0]))
        cursor.execute("SELECT 1 FROM sqlite_master WHERE name = 'sqlite_stat1'")
        if cursor.fetchone() is None:  # made by the first ANALYZE
            return 0
        cursor.execute("SELECT stat FROM sqlite_stat1 WHERE tbl = %s LIMIT 1", [table])
        row = cursor.fetchone()  # "rows rows-per-key…"
        return int(row[0].split()[0]) if row else 0


def _documents() -> int:
    from .models import Document

    return Document.objects.count()


def _document_table() -> str:
    from .models import Document

    return Document._meta.db_table
