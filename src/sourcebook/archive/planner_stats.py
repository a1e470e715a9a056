"""PostgreSQL's planner statistics kept up with a large ingest.

Why: PostgreSQL plans a query from the statistics ``ANALYZE`` gathers, and autovacuum gathers
them only some time after a table has grown (never where an operator turned it off, as many do
for bulk loads). Tables filled by one ingest then have none, and the planner guesses: every
search asks how many outbox events the index has not applied yet (``id > position``), and with
no statistics that was a sequential scan of the whole outbox, 3.5 ms a search at 100,000
documents and growing with the archive, where the primary key answers in a few microseconds
(``bench/RESULTS.md``). So an ingest run analyzes the database when it has written
:data:`FIRST` documents, and again each time it has doubled them: a few times per run, each
reading a bounded sample of every table. SQLite needs nothing of the kind here.
"""

from __future__ import annotations

from django.db import connection

FIRST = 1000  # documents an ingest run writes before its first ANALYZE


class Analyzer:
    """Counts what an ingest run wrote and analyzes the database at 1×, 2×, 4×… :data:`FIRST`."""

    def __init__(self) -> None:
        self.written = 0
        self.next_at = FIRST

    def wrote(self, documents: int) -> None:
        self.written += documents
        if self.written < self.next_at:
            return
        analyze()
        self.next_at = 2 * self.written


def analyze() -> None:
    """Gather the planner's statistics of every table (PostgreSQL; nothing to do on SQLite).
    Also after a restore: ``pg_restore`` brings the rows, not the statistics."""
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
