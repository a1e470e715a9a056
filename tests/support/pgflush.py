"""Emptying the PostgreSQL test database between transactional tests with DELETE, not TRUNCATE.

Why: after every test that commits (``django_db(transaction=True)``, live servers), Django
empties every table with one ``TRUNCATE``. On PostgreSQL that gives each of the ~40 tables a new
file, and the commit waits for each file to be synced to disk: 168 ms per test on this
machine, against 5 ms for ``DELETE FROM`` every table (tables that a test left nearly empty),
with the foreign keys (created ``DEFERRABLE INITIALLY DEFERRED``) checked at the commit. The
tables end as empty either way and sequences are not reset either way; a flush that asks to
reset sequences keeps Django's own statement.

What ``TRUNCATE`` did besides, and the flush must do too: it gave each table a new file with no
planner statistics, so each test began with the planner's estimates of a fresh database. After
``DELETE`` the statistics of an earlier test stay, and where a test had analyzed nearly empty
tables (``tests/archive/test_planner_stats.py``), PostgreSQL took every table for one row: the
person page's query of co-occurring persons then ran nested loops over thousands of rows for
over ten minutes, and live-server tests timed out. So the flush also forgets the statistics of
the tables it empties (a superuser's ``UPDATE pg_class``, as the test database's owner is here;
for another user it changes nothing).
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
    deletes = [f"DELETE FROM {quote(t)}" for t in tables]
    return ["SET CONSTRAINTS ALL DEFERRED", *deletes, _forget_statistics(tables)]


def _forget_statistics(tables) -> str:
    """The planner's statistics of ``tables`` and their indexes as a new table has them
    (``reltuples`` -1: never analyzed; the planner then estimates from the table's size)."""
    names = ", ".join("'" + t.replace("'", "''") + "'" for t in tables)
    return (
        "DO $$ BEGIN IF current_setting('is_superuser') = 'on' THEN "
        "UPDATE pg_class SET reltuples = -1, relpages = 0, relallvisible = 0 "
        f"WHERE oid IN (SELECT c.oid FROM pg_class c WHERE c.relname IN ({names}) "
        "AND c.relnamespace = 'public'::regnamespace "
        "UNION SELECT i.indexrelid FROM pg_index i JOIN pg_class t ON t.oid = i.indrelid "
        f"WHERE t.relname IN ({names}) AND t.relnamespace = 'public'::regnamespace); "
        "END IF; END $$"
    )


def install() -> None:
    DatabaseOperations.sql_flush = _delete_flush
