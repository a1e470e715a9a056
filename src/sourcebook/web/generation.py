"""The archive's *generation*: a value that changes whenever anything a page shows may have changed.

Whole-page caches (:mod:`.responsecache`) key every entry by it, so an entry of an older state is
never found again, in this process or in any other serving the same database.

Why one watcher of every SQL write rather than a list of the writes that matter (or the outbox's
highest ``IndexEvent`` id): not every write that changes a page queues an index event (related
documents, scan jobs, review decisions, the admin), and any write added later would have to
remember to. The watcher is an execute wrapper on every database connection: a statement that
is not a read and does not write one of the :data:`EXEMPT` tables (caches filled by page views,
sessions, login throttling) marks the connection's transaction, and just before that transaction
commits the token row (:class:`~sourcebook.web.models.PageGeneration`) gets a new random value,
inside the same transaction. So the new token becomes visible together with the change it
stands for, never before (a page rendered from the old state can not be cached under the new
token) and never after (a process that dies between commit and a later write can not leave the
old token standing).

Why not the outbox's highest id: on PostgreSQL ids are handed out when rows are inserted, not
when they commit, so a long transaction (an ingest batch) can commit ids lower than one already
visible; the maximum then does not move although the archive did.

Why the token is written last: an ``UPDATE`` of one row locks it until commit. Taken at the
first write, it would make concurrent writers wait for each other's whole transaction and could
deadlock with ``select_for_update`` (one holds the document and wants the token, the other the
reverse). Taken at commit, nothing else is waited for while holding it.

A single write outside any transaction (autocommit) commits by itself; the token is written by
the next statement. Between the two, a request may read the old token and the new rows, and
keep a page newer than its key says: harmless, the new token makes it unreachable. Only a
process killed between those two statements would leave the token unchanged.

Within one process a counter moves at every such write too (:func:`current` returns both): it
makes the process's own writes visible at once to its own later requests even inside a
transaction that never commits (the tests' transactions). It also moves at every rollback,
whole or to a savepoint: a page or a count read inside the rolled-back part saw rows that are
gone, and the token row, rolled back too, is the one it was read under.

*Topics* (:func:`topic`): a reader that keeps something built from a few tables alone (the
linker's gazetteer of every authority) has a token of its own, another row of the same table,
written by the same rules when a transaction wrote one of those tables. Its in-process counter
also moves at every rollback, whole or to a savepoint: what was built from rows written in the
rolled-back part must not be kept.
"""

from __future__ import annotations

import itertools
import re
import secrets

from django.db import connections, router, transaction

# Tables whose writes change no page: names added by the apps that own them (AppConfig.ready).
EXEMPT: set[str] = set()

# Statements that change no row: reads, transaction control, and schema changes, which only
# ``migrate`` (a new token after it) and ``restore`` (a whole database, token included) make;
# some of them (VACUUM) may not run inside the transaction a tracked write is wrapped in.
_UNTRACKED = re.compile(
    r"\s*(SELECT|SAVEPOINT|RELEASE|ROLLBACK|BEGIN|COMMIT|SET|SHOW|PRAGMA|EXPLAIN|VACUUM"
    r"|ANALYZE|CHECKPOINT|REINDEX|CREATE|DROP|ALTER|TRUNCATE|COMMENT|GRANT|REVOKE)\b",
    re.I,
)
_TARGET = re.compile(
    r'\s*(?:INSERT\s+(?:OR\s+\w+\s+)?INTO|UPDATE|DELETE\s+FROM|REPLACE\s+INTO)\s+"?([\w.]+)"?',
    re.I,
)
_local = itertools.count(1)
_local_value = 0
# Topics: token row -> the tables whose writes move it; and each topic's in-process counter.
_TOPICS: dict[int, frozenset[str]] = {}
_topic_local: dict[int, int] = {}
_ROLLBACK = re.compile(r"\s*ROLLBACK\b", re.I)
# Set between pre_migrate and post_migrate: the token table may not exist yet.
_migrating = False


def exempt(*models) -> None:
    """Writes to these models' tables do not change the generation (caches, sessions, logs)."""
    EXEMPT.update(m._meta.db_table for m in models)


def topic(row: int, *models) -> None:
    """Writes to these models' tables also move token ``row`` (``row`` > 1; AppConfig.ready)."""
    if row <= 1:
        raise ValueError("token row 1 is the archive's own generation")
    _TOPICS[row] = frozenset(m._meta.db_table for m in models)


def topic_state(row: int):
    """``(token, local)`` of a topic, to keep what was built from its tables by (its row made
    when missing); None only when the row cannot be read back (then nothing may be kept).
    Read through the router, as :func:`current`."""
    from .models import PageGeneration

    token = _token(row)
    if token is None:
        # An archive from before this topic: its row now (one another process inserted
        # meanwhile wins), read back like any token, before the caller reads its tables.
        fresh = PageGeneration(id=row, token=secrets.randbits(62))
        PageGeneration.objects.bulk_create([fresh], ignore_conflicts=True)
        token = _token(row)
    return None if token is None else (token, _topic_local.get(row, 0))


def _token(row: int) -> int | None:
    """Token ``row``, read through the router (None when the row is missing).

    Why a plain cursor and not the ORM: every page view and every URL of a static edition asks
    for one first (:func:`current`), and the ORM spent about 0.16 ms compiling the same one-row
    query each time (171 against 15 µs a call, bench/RESULTS.md).
    """
    from .models import PageGeneration

    connection = connections[router.db_for_read(PageGeneration)]
    table = connection.ops.quote_name(PageGeneration._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT token FROM {table} WHERE id = %s", [row])  # noqa: S608
        found = cursor.fetchone()
    return None if found is None else found[0]


def _topics_written(sql: str) -> set[int]:
    """The topics a write statement may change (an unknown statement: every topic)."""
    target = _TARGET.match(sql)
    if target is None:
        return set(_TOPICS)
    return {row for row, tables in _TOPICS.items() if target.group(1) in tables}


def _topics_moved(rows) -> None:
    for row in rows:
        _topic_local[row] = next(_local)


def changes_pages(sql: str) -> bool:
    """Whether a statement may change what a page shows: any row written but to an exempt
    table. Unknown statements count as writes (a needless new token costs a re-render only)."""
    if _UNTRACKED.match(sql):
        return False
    target = _TARGET.match(sql)
    return target is None or target.group(1) not in EXEMPT


def current():
    """``(token, local)`` to key cached pages by, or None when there is no token row (a test
    database just flushed): then nothing is cached. Read through the router, so a request
    served from a replica keys by the replica's token, seen with the replica's rows."""
    token = _token(1)
    return None if token is None else (token, _local_value)


def local() -> int:
    """The in-process part of :func:`current` alone: it moves at every write of this process,
    and reading it costs no query."""
    return _local_value


def bump(connection, topics=()) -> None:
    """Write a new token on ``connection`` (in its open transaction, if any), and one for each
    of ``topics``."""
    from .models import PageGeneration

    table = connection.ops.quote_name(PageGeneration._meta.db_table)
    with connection.cursor() as cursor:
        for row in (1, *sorted(topics)):
            token = secrets.randbits(62)
            cursor.execute(f"UPDATE {table} SET token = %s WHERE id = %s", [token, row])  # noqa: S608
            if cursor.rowcount == 0:
                cursor.execute(
                    f"INSERT INTO {table} (id, token) VALUES (%s, %s)",  # noqa: S608
                    [row, token],
                )


def _moved() -> None:
    global _local_value
    _local_value = next(_local)


def _watch(execute, sql, params, many, context):
    connection = context["connection"]
    if _migrating or not changes_pages(sql):
        if _ROLLBACK.match(sql):  # to a savepoint: rows a reader saw may be gone
            _moved()
            _topics_moved(_TOPICS)
        return execute(sql, params, many, context)
    _moved()
    topics = _topics_written(sql) if _TOPICS else set()
    _topics_moved(topics)
    if connection.get_autocommit() and not connection.in_atomic_block:
        # It commits on its own: the token follows at once, in autocommit too. (Wrapping both in
        # one transaction fails on SQLite while a read of the same connection is in progress:
        # a write made while iterating a query.)
        result = execute(sql, params, many, context)
        bump(connection, topics)
        return result
    connection.sourcebook_changed = True
    connection.sourcebook_topics |= topics
    return execute(sql, params, many, context)


def _commit_with_token(connection, commit):
    def wrapped():
        if getattr(connection, "sourcebook_changed", False) and not _migrating:
            bump(connection, getattr(connection, "sourcebook_topics", ()))
        commit()
        connection.sourcebook_changed = False
        connection.sourcebook_topics = set()

    return wrapped


def _rollback_forgets(connection, rollback):
    def wrapped():
        connection.sourcebook_changed = False
        connection.sourcebook_topics = set()
        _moved()  # what was read inside the transaction (its own writes) is gone
        _topics_moved(_TOPICS)
        rollback()

    return wrapped


def watch_connection(sender, connection, **kwargs) -> None:
    """``connection_created`` hook: watch this connection's writes (once per connection object)."""
    connection.sourcebook_changed = False
    connection.sourcebook_topics = set()
    if getattr(connection, "sourcebook_watched", False):
        return
    connection.sourcebook_watched = True
    connection.execute_wrappers.insert(0, _watch)
    connection.commit = _commit_with_token(connection, connection.commit)
    connection.rollback = _rollback_forgets(connection, connection.rollback)


def migrations_start(**kwargs) -> None:
    global _migrating
    _migrating = True


def migrations_done(using="default", **kwargs) -> None:
    """After ``migrate`` (and a test database's flush): a new token, in a table that exists."""
    global _migrating
    _migrating = False
    from django.db import connections

    _moved()
    _topics_moved(_TOPICS)
    with transaction.atomic(using=using):
        bump(connections[using], _TOPICS)
