"""Content types and permissions kept through the flush between transactional tests.

Why: after each test that commits, Django empties every table and then runs its post-migrate
step, which made every content type and permission of the project again (a few hundred rows,
0.1-0.2 s of each of 500 tests on PostgreSQL). These rows are the same after every flush: they
describe the models, not the archive, and no test changes them. Kept, the step only reads them.
Groups and everything else are emptied and made again as before.
"""

from __future__ import annotations

from django.db.backends.postgresql.operations import DatabaseOperations as PostgreSQL
from django.db.backends.sqlite3.base import DatabaseOperations as SQLite  # not .operations: a cycle

KEPT = frozenset({"django_content_type", "auth_permission"})


def _keeping(sql_flush):
    def flush(self, style, tables, **options):
        return sql_flush(self, style, [t for t in tables if t not in KEPT], **options)

    return flush


def install() -> None:
    """After ``pgflush.install()`` (this wraps whichever flush each backend has then)."""
    for ops in (PostgreSQL, SQLite):
        ops.sql_flush = _keeping(ops.sql_flush)
