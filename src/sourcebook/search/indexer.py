"""Applying the outbox: index events, in id order, into the search index.

Why this is crash-safe: each batch of events is applied in one index commit that also records
the id of the last event it covers (the index's *position*). A process killed before that commit
leaves the old position, so the next run applies the same events again; a process killed after
it leaves the new position, so nothing is applied twice. Upserts replace by public id, so even
re-applying is harmless. Events are coalesced per document and applied from the document's
current state in the database, never from a payload that could be stale.

Why no committed event is skipped: on PostgreSQL ids are taken when a row is inserted, not when
it commits, so the index can pass over an id a running transaction still holds. Those ids are
kept as *gaps* in the same commit as the position and looked up again on every run until they
appear or can no longer appear (:mod:`.outbox_gaps`).
"""

from __future__ import annotations

import itertools
import logging
import threading
from collections.abc import Callable, Iterator
from pathlib import Path

from django.conf import settings

from . import outbox_gaps

log = logging.getLogger("sourcebook.search")

BATCH = 1000


def index_path() -> Path:
    import os

    configured = os.environ.get("SOURCEBOOK_INDEX")
    return Path(configured) if configured else Path(settings.HOME) / "index"


_engines: dict = {}


def get_engine():
    """This process's engine for the configured index (cheap: cached per configuration)."""
    import os

    key = (os.environ.get("SOURCEBOOK_INDEX"), str(settings.HOME))
    engine = _engines.get(key)
    if engine is None:
        from .tantivy_engine import open_engine

        engine = _engines[key] = open_engine(index_path())
    return engine


def latest_event_id() -> int:
    from sourcebook.archive.models import IndexEvent

    return IndexEvent.objects.order_by("-id").values_list("id", flat=True).first() or 0


def pending() -> int:
    """How many events the index has not applied yet: after its position, or inside its open
    gaps (one primary-key range count each, see :mod:`.freshness`)."""
    from .freshness import events_after

    engine = get_engine()
    return events_after(engine.position(), outbox_gaps.ranges(engine.gaps()))


def catch_up(
    *,
    batch: int = BATCH,
    lock_timeout: float | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> list[int]:
    """Apply every event newer than the index's position, and those that have appeared in its
    open gaps; returns the ids of applied events.

    Raises ``TimeoutError`` if another process holds the writer lock past ``lock_timeout``.
    """
    from sourcebook.archive.models import IndexEvent

    engine = get_engine()
    applied: list[int] = []
    with engine.lock(timeout=lock_timeout):
        engine.refresh()
        position, stored = engine.position(), engine.gaps()
        latest = latest_event_id()
        if position > latest:
            # The index is ahead of this database (restored backup, another database): rebuild.
            log.warning(
                "search index is ahead of the database (%s > %s); rebuilding", position, latest
            )
            engine.clear(position=0)
            position, stored = 0, []
        total = IndexEvent.objects.filter(id__gt=position).count() if progress else 0
        # Events that appeared in the gaps are applied with the first batch.
        carried, groups = outbox_gaps.revisit(stored)
        dirty = groups != stored
        while True:
            events = list(
                IndexEvent.objects.filter(id__gt=position)
                .order_by("id")
                .values_list("id", "public_id")[:batch]
            )
            late, group = outbox_gaps.seen(outbox_gaps.missing(position, (e for e, _ in events)))
            if group:
                groups = outbox_gaps.bounded([*groups, group])
            todo = carried + late + events
            if not todo and not dirty:
                break
            position = events[-1][0] if events else position
            engine.write(*_changes(todo), position, groups)
            applied.extend(e for e, _ in todo)
            carried, dirty = [], False
            if progress:
                progress(len(applied), total)
            if not events:
                break
    return applied


def _changes(events: list[tuple[int, str]]) -> tuple[list, list[str]]:
    """``(upserts, deletes)`` for the documents of ``events``, from their state now.

    Only published documents are indexed: an event for a draft or a withdrawn document (even
    an upsert, after an edit) removes it from the index.

    Why the status is tested here and not in the query: SQLite, asked for ``status = ?`` and
    ``public_id IN (…)``, read every published document through the status index and tested
    its id, a query that grew with the archive (108 ms a batch of 500 at 220,000 documents,
    then 1 ms; ``bench/RESULTS.md``). By public id alone it reads the batch's rows; the rare
    draft or withdrawn one among them is dropped here. Unordered: the rows go into a dict.
    """
    from sourcebook.archive.models import Document

    from .documents import documents_queryset, index_docs

    ids = list(dict.fromkeys(pid for _, pid in events))
    rows = documents_queryset().filter(public_id__in=ids).order_by()
    docs = {d.public_id: d for d in rows if d.status == Document.PUBLISHED}
    return index_docs(docs[pid] for pid in ids if pid in docs), [
        pid for pid in ids if pid not in docs
    ]


def reader_state() -> int:
    """Before a search: see the newest index commit, and count the events not applied yet.

    A search never applies events itself (the first search after a 100k ingest would index
    everything); the background indexer of ``sourcebook serve`` or ``sourcebook index --watch``
    does. The count is one statement on the outbox's primary key (:mod:`.freshness`), asked
    on every search: nothing about freshness is cached.
    """
    engine = get_engine()
    engine.refresh()
    return pending()


def _indexable():
    """The documents the index should hold: published ones (drafts and withdrawn records never)."""
    from sourcebook.archive.models import Document

    return Document.live.all()


def rebuild(progress: Callable[[int, int], None] | None = None, batch: int = BATCH) -> int:
    """Rebuild the index from the database; returns the number of documents indexed.

    Streams: documents are read in primary-key pages of ``batch`` (keyset paging, never a list
    of every id), so memory stays flat at any size.
    """
    from .documents import documents_queryset, index_docs

    engine = get_engine()
    with engine.lock():
        position = latest_event_id()  # events up to here are covered by the rebuild...
        gaps = outbox_gaps.below(position)  # ...but those a running transaction holds
        engine.clear(position=0)
        total = _indexable().count()
        done, last_pk = 0, 0
        while True:
            chunk = list(
                _indexable()
                .filter(id__gt=last_pk)
                .order_by("id")
                .values_list("id", flat=True)[:batch]
            )
            if not chunk:
                break
            last_pk = chunk[-1]
            docs = index_docs(documents_queryset().filter(id__in=chunk))
            engine.write(docs, [], 0)
            done += len(docs)
            if progress:
                progress(done, total)
        engine.write([], [], position, gaps)
    # Events written while rebuilding (by another process) are applied now.
    catch_up()
    return done


DRIFT_PAGE = 5000
DRIFT_SAMPLE = 1000


class Drift(dict):
    """``{"missing", "stale", "extra", "duplicated"}`` -> up to ``sample`` ids each, sorted;
    ``counts`` holds the full numbers (a broken index of a million documents must not make a
    million-entry report)."""

    def __init__(self, sample: int):
        super().__init__(missing=[], stale=[], extra=[], duplicated=[])
        self.sample = sample
        self.counts = dict.fromkeys(self, 0)

    def add(self, kind: str, pid: str) -> None:
        self.counts[kind] += 1
        if len(self[kind]) < self.sample:
            self[kind].append(pid)


def _db_rows(page: int) -> Iterator[tuple[int, str, int]]:
    """``(pk, public id, version)`` of every indexable document in primary-key order, a page at
    a time (keyset paging: each page is one indexed range query)."""
    last = 0
    while True:
        rows = list(
            _indexable()
            .filter(id__gt=last)
            .order_by("id")
            .values_list("id", "public_id", "version")[:page]
        )
        yield from rows
        if len(rows) < page:
            return
        last = rows[-1][0]


def _grouped(entries):
    for pk, group in itertools.groupby(entries, key=lambda entry: entry.pk):
        yield pk, list(group)


def drift(page: int = DRIFT_PAGE, sample: int = DRIFT_SAMPLE) -> Drift:
    """Differences between the database and the index: missing, stale, extra, duplicated.

    A merge of two streams in primary-key order (the database's rows and the index's entries,
    ``page`` at a time each), so memory does not grow with the archive.
    """
    from .tantivy_engine import id_hash

    engine = get_engine()
    engine.refresh()
    report = Drift(sample)
    db = _db_rows(page)
    index = _grouped(engine.walk(page))
    row, entry = next(db, None), next(index, None)

    def extra(entries) -> None:
        pid = engine.stored_id(entries[0].address) if len(report["extra"]) < sample else "?"
        report.add("extra", pid)
        if len(entries) > 1:
            report.add("duplicated", pid)

    while row is not None or entry is not None:
        if entry is None or (row is not None and row[0] < entry[0]):
            report.add("missing", row[1])
            row = next(db, None)
        elif row is None or entry[0] < row[0]:
            extra(entry[1])
            entry = next(index, None)
        else:
            pk, pid, version = row
            entries = entry[1]
            digest = id_hash(pid)
            mine = [e for e in entries if e.id_hash == digest]
            if len(mine) < len(entries):  # an entry of another database under this pk
                extra([e for e in entries if e.id_hash != digest])
            if not mine:
                report.add("missing", pid)
            else:
                if len(mine) > 1:
                    report.add("duplicated", pid)
                if max(e.version for e in mine) != version:
                    report.add("stale", pid)
            row, entry = next(db, None), next(index, None)
    for kind in report:
        report[kind].sort()
    return report


# The background indexer: a thread of `sourcebook serve`, or `sourcebook index --watch` --------


def interval() -> float:
    """Seconds between two looks at the outbox (``SOURCEBOOK_INDEX_INTERVAL``)."""
    return settings.SOURCEBOOK_INDEX_INTERVAL


def apply_pending() -> int:
    """One round of the background indexer: apply the outbox if it moved; returns the number
    of events applied (0 when another process holds the writer lock right now)."""
    from django.db import close_old_connections

    close_old_connections()
    try:
        engine = get_engine()
        if latest_event_id() <= engine.position() and not engine.gaps():
            return 0
        return len(catch_up(lock_timeout=0))
    except TimeoutError:
        return 0  # another indexer is applying them; it will publish them shortly
    finally:
        close_old_connections()


def watch(every: float | None = None, stop: threading.Event | None = None) -> None:
    """Apply the outbox every ``every`` seconds until ``stop`` is set (never, by default).

    Why polling: the check is one indexed query for the newest event id plus a stat of the
    index's meta file, cheap enough to run a few times a second, and it sees events written
    by any process (``sourcebook ingest``, the admin, another server).
    """
    stop = stop or threading.Event()
    every = interval() if every is None else every
    while not stop.is_set():
        try:
            apply_pending()
        except Exception:  # keep watching; the next round retries
            log.exception("search indexer: applying the outbox failed")
        stop.wait(every)


_poller: threading.Thread | None = None


def start_poller(every: float | None = None) -> threading.Thread:
    """Start (once per process) a daemon thread that keeps the index caught up."""
    global _poller
    if _poller is None or not _poller.is_alive():
        _poller = threading.Thread(
            target=watch, args=(every,), name="sourcebook-indexer", daemon=True
        )
        _poller.start()
    return _poller
