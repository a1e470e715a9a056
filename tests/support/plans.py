"""What a piece of code asks the database, and how the database plans it: for tests that a
query's cost does not grow with the archive (an index used, no sort of every row)."""

from __future__ import annotations

import datetime as dt

from django.db import connection


def executed(run) -> tuple[object, list[tuple[str, tuple]]]:
    """What ``run()`` returns, and the statements (SQL and parameters, as sent to the database)
    it executes."""
    seen = []

    def record(execute, sql, params, many, context):
        seen.append((sql, params))
        return execute(sql, params, many, context)

    with connection.execute_wrapper(record):
        result = run()
    return result, seen


def plan(sql: str, params=()) -> str:
    """SQLite's ``EXPLAIN QUERY PLAN`` of a statement, its steps joined by `` | ``."""
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN QUERY PLAN " + sql, params)
        return " | ".join(str(row[-1]) for row in cursor.fetchall())


def archive_by_day(count: int) -> None:
    """``count`` published documents on 700 days, a few a day, with their day as EDTF; every
    seventh undated, half of those with the EDTF for "unknown" (``XXXX``) and half with none."""
    from sourcebook.archive.models import Document

    first = dt.date(1950, 1, 1)
    rows = []
    for i in range(count):
        day = None if i % 7 == 0 else first + dt.timedelta(days=i % 700)
        edtf = day.isoformat() if day else (None if i % 2 else "XXXX")
        rows.append(
            Document(public_id=f"d-{i:05d}", title="Letter", date_earliest=day, date_edtf=edtf)
        )
    Document.objects.bulk_create(rows)
