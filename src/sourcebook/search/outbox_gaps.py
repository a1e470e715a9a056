"""Outbox ids the index passed over while they were missing: remembered until they can no
longer appear.

Why: on PostgreSQL an event's id comes from a sequence when the row is *inserted*, not when its
transaction commits. A long transaction can hold event 10 while event 11 commits; the indexer
applies 11 and moves its position past 10, and without this module 10 would never be applied
(a document missing from the index, or a withdrawn one left in it, for good).

How: when ``catch_up`` applies events past missing ids, it keeps them as *gaps* in the index's
meta document, in the same commit as the position (so a crash loses neither). A gap group is
``{"seen": unix time, "wait": [...], "ids": [[lo, hi], ...]}``: ranges of missing ids, and the
transactions that may still fill them. Each later ``catch_up`` looks the ranges up first and
applies the events that have appeared; a group is forgotten when none of its transactions is
still running (its remaining ids were rolled back, or deleted: they can never appear).

Which transactions (PostgreSQL): the ones holding a lock on the outbox's id sequence.
``nextval`` locks the sequence until the end of the transaction that called it, so whoever
took a missing id holds that lock until it commits or rolls back; ``pg_locks`` lists the
holders by virtual transaction id (a per-connection-slot counter: a reused one would only keep
a gap longer, never drop it early). The holders
are read *after* the events were read, and a group is dropped only when a later look at
``pg_locks`` no longer shows them, *before* the lookup that decides: so an event committed in
between is always seen. Why not the snapshot's xmin (``pg_snapshot_xmin``): a transaction whose
first write is the outbox insert has no transaction id yet between ``nextval`` and writing its
row, so it can be missing from every snapshot horizon at the moment the gap is seen.
Assumes the sequence hands out ids in order (``CACHE 1``, Django's default).

SQLite has one writer at a time: ids are allocated in commit order, so a missing id (a
rolled-back insert, a deleted row) can never appear later; gaps are not kept there.

Bounded: at most :data:`MAX_RANGES` ranges are kept; past it the oldest are dropped with a
warning (``sourcebook check`` then reports any document they leave out, and ``reindex`` fixes
it). Normally there are a handful: one per transaction open while a later one committed.
While gaps are open each indexer round asks ``pg_locks`` once and looks the ranges up by
primary key; with none open (the usual case) nothing more is asked than before.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Iterable

from django.db import connection
from django.db.models import Q

log = logging.getLogger("sourcebook.search")

MAX_RANGES = 10_000

Range = tuple[int, int]


def _table() -> str:
    from sourcebook.archive.models import IndexEvent

    return IndexEvent._meta.db_table


def can_fill_later() -> bool:
    """Whether a missing id may still appear (a writer that took it is still running)."""
    return connection.vendor == "postgresql"


def holders() -> set[str]:
    """Virtual ids of the PostgreSQL transactions holding the outbox sequence's lock now."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT l.virtualtransaction FROM pg_locks l WHERE l.locktype = 'relation' "
            "AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database()) "
            "AND l.relation = pg_get_serial_sequence(%s, 'id')::regclass",
            [connection.ops.quote_name(_table())],
        )
        return {row[0] for row in cursor.fetchall() if row[0]}


def missing(after: int, ids: Iterable[int]) -> list[Range]:
    """Ranges of ids above ``after`` and below the last of ``ids`` (ascending) not in ``ids``."""
    out, previous = [], after
    for i in ids:
        if i > previous + 1:
            out.append((previous + 1, i - 1))
        previous = max(previous, i)
    return out


def ranges(groups: list[dict]) -> list[Range]:
    return [(lo, hi) for g in groups for lo, hi in g["ids"]]


def where(rs: list[Range]) -> tuple[str, list[int]]:
    """SQL condition (on ``id``) for ids inside any of the ranges, with its parameters."""
    if not rs:
        return "1 = 0", []
    return " OR ".join(["id BETWEEN %s AND %s"] * len(rs)), [v for r in rs for v in r]


def present(rs: list[Range]) -> list[tuple[int, str]]:
    """``(id, public id)`` of the events inside the ranges, in id order."""
    from sourcebook.archive.models import IndexEvent

    if not rs:
        return []
    inside = Q()
    for lo, hi in rs:
        inside |= Q(id__range=(lo, hi))
    return list(IndexEvent.objects.filter(inside).order_by("id").values_list("id", "public_id"))


def _without(rs: list[list[int]], found: set[int]) -> list[list[int]]:
    out = []
    for lo, hi in rs:
        start = lo
        for i in sorted(x for x in found if lo <= x <= hi):
            if i > start:
                out.append([start, i - 1])
            start = i + 1
        if start <= hi:
            out.append([start, hi])
    return out


def revisit(groups: list[dict]) -> tuple[list[tuple[int, str]], list[dict]]:
    """Events that have appeared in the gaps, and the groups still open after applying them.

    Order matters: the holders are read first, then the events; a group whose holders have all
    finished is dropped only if that later lookup did not find its ids.
    """
    if not groups:
        return [], []
    running = holders() if can_fill_later() else set()
    found = present(ranges(groups))
    found_ids = {i for i, _ in found}
    still = []
    for g in groups:
        if not set(g["wait"]) & running:
            continue  # every writer that could fill it has finished: the rest never will
        rest = _without(g["ids"], found_ids)
        if rest:
            still.append({**g, "ids": rest})
    return found, still


def seen(new: list[Range]) -> tuple[list[tuple[int, str]], dict | None]:
    """Gaps just passed over: the group to remember, or (no writer running that could fill
    them) events that appeared meanwhile, looked up now, and nothing to remember."""
    if not new or not can_fill_later():
        return [], None
    running = holders()
    if not running:
        return present(new), None  # every writer finished before this lookup: final answer
    return [], {"seen": int(time.time()), "wait": sorted(running), "ids": [list(r) for r in new]}


def below(position: int) -> list[dict]:
    """For a rebuild that covers the events up to ``position``: the ids under it a running
    writer may still fill (none when no writer holds the sequence, the usual case). Read after
    ``position``; scans the outbox's primary key once, and only while a writer is running."""
    if not can_fill_later():
        return []
    running = holders()
    if not running:
        return []
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT prev + 1, id - 1 FROM (SELECT id, COALESCE(LAG(id) OVER (ORDER BY id), 0) "
            f"AS prev FROM {connection.ops.quote_name(_table())} WHERE id <= %s) s "
            "WHERE id > prev + 1 ORDER BY id",
            [position],
        )
        gaps = [[int(lo), int(hi)] for lo, hi in cursor.fetchall()]
    if not gaps:
        return []
    return bounded([{"seen": int(time.time()), "wait": sorted(running), "ids": gaps}])


def bounded(groups: list[dict]) -> list[dict]:
    """At most :data:`MAX_RANGES` ranges, the newest kept (with a warning)."""
    total = sum(len(g["ids"]) for g in groups)
    if total <= MAX_RANGES:
        return groups
    log.warning(
        "search index: %s outbox gaps open, more than %s; forgetting the oldest (run "
        "`sourcebook check` once the writers have finished)",
        total,
        MAX_RANGES,
    )
    kept, room = [], MAX_RANGES
    for g in reversed(groups):
        if room <= 0:
            break
        ids = g["ids"][-room:]
        kept.append({**g, "ids": ids})
        room -= len(ids)
    return list(reversed(kept))
