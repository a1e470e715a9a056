"""Emptying the PostgreSQL test database between transactional tests with DELETE, not TRUNCATE.

Why: after every test that commits (``django_db(transaction=True)``, live servers), Django
empties every table with one ``TRUNCATE``. On PostgreSQL that gives each of the ~40 tables a new
file, and the commit waits for each file to be synced to disk: 168 ms per test on this
machine, against 5 ms for ``DELETE FROM`` every table (tables that a test left nearly empty),
with the foreign keys (created ``DEFERRABLE INITIALLY DEFERRED``) checked at the commit. The
tables end as empty either way and sequences are not reset either way; a flush that asks to
reset sequences keeps Django's own statement.
"""

from __future__ import annotations

from django.db.backends.postgresql.operations import DatabaseOperations

_truncate = DatabaseOperations.sql_flush


def _delete_flush(self, style, tables, *, reset_sequences=False, allow_cascade=False):
    if reset_sequences or not tables:
        return _truncate(
            self, style, tables, reset_sequences=reset_sequences, allow_cascade=allow_cascade
        )
    quote = self.quote_name
    return ["SET CONSTRAINTS ALL DEFERRED"] + [f"DELETE FROM {quote(t)}" for t in tables]


def install() -> None:
    DatabaseOperations.sql_flush = _delete_flush
