"""What a piece of code asks the database, and how the database plans it: for tests that a
query's cost does not grow with the archive (an index used, no sort of every row)."""

from __future__ import annotations

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
