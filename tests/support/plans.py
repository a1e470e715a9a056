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


def archive_with_ties() -> None:
    """Documents that tie on each column of the order in turn: one day with several EDTF dates
    (one NULL), one EDTF with several ids, undated ones with and without an EDTF, and drafts
    and withdrawn records among them."""
    from sourcebook.archive.models import Document

    day = dt.date(1953, 7, 27)
    rows = []
    for i in range(40):
        earliest = None if i % 5 == 0 else day + dt.timedelta(days=i % 4)
        edtf = [None, "1953-07-27", "1953-07-27T10:00", "1953-07"][i % 4] if i % 3 else None
        status = Document.DRAFT if i % 11 == 3 else Document.PUBLISHED
        status = Document.WITHDRAWN if i % 13 == 4 else status
        rows.append(
            Document(
                public_id=f"d-{i:03d}",
                title=f"Letter {i}",
                date_text=edtf or "",
                date_earliest=earliest,
                date_edtf=edtf,
                status=status,
            )
        )
    Document.objects.bulk_create(rows)
