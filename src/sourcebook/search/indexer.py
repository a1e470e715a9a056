"""Applying the outbox: index events, in id order, into the search index.

Why this is crash-safe: each batch of events is applied in one index commit that also records
the id of the last event it covers (the index's *position*). A process killed before that commit
leaves the old position, so the next run applies the same events again; a process killed after
it leaves the new position, so nothing is applied twice. Upserts replace by public id, so even
re-applying is harmless. Events are coalesced per document and applied from the document's
current state in the database, never from a payload that could be stale.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from pathlib import Path

from django.conf import settings

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
    """How many events the index has not applied yet."""
    from sourcebook.archive.models import IndexEvent

    return IndexEvent.objects.filter(id__gt=get_engine().position()).count()


def catch_up(
    *,
    batch: int = BATCH,
    lock_timeout: float | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> list[int]:
    """Apply every event newer than the index's position; returns the ids of applied events.

    Raises ``TimeoutError`` if another process holds the writer lock past ``lock_timeout``.
    """
    from sourcebook.archive.models import Document, IndexEvent

    from .documents import documents_queryset, index_doc

    engine = get_engine()
    applied: list[int] = []
    with engine.lock(timeout=lock_timeout):
        engine.refresh()
        position = engine.position()
        latest = latest_event_id()
        if position > latest:
            # The index is ahead of this database (restored backup, another database): rebuild.
            log.warning(
                "search index is ahead of the database (%s > %s); rebuilding", position, latest
            )
            engine.clear(position=0)
            position = 0
        total = IndexEvent.objects.filter(id__gt=position).count() if progress else 0
        while True:
            events = list(
                IndexEvent.objects.filter(id__gt=position)
                .order_by("id")
                .values_list("id", "public_id")[:batch]
            )
            if not events:
                break
            ids = list(dict.fromkeys(pid for _, pid in events))
            # Only published documents are indexed: an event for a draft or a withdrawn
            # document (even an upsert, after an edit) removes it from the index.
            docs = {
                d.public_id: d
                for d in documents_queryset().filter(public_id__in=ids, status=Document.PUBLISHED)
            }
            upserts = [index_doc(docs[pid]) for pid in ids if pid in docs]
            deletes = [pid for pid in ids if pid not in docs]
            position = events[-1][0]
            engine.write(upserts, deletes, position)
            applied.extend(e for e, _ in events)
            if progress:
                progress(len(applied), total)
    return applied


def ensure_fresh(lock_timeout: float = 0.2) -> None:
    """Before a search: apply pending events if any (cheap check), then see the newest commit."""
    engine = get_engine()
    if latest_event_id() > engine.position():
        try:
            catch_up(lock_timeout=lock_timeout)
        except TimeoutError:
            pass  # another process is applying them right now; its commit shows up shortly
    engine.refresh()


def rebuild(progress: Callable[[int, int], None] | None = None, batch: int = BATCH) -> int:
    """Rebuild the index from the database; returns the number of documents indexed."""
    from sourcebook.archive.models import Document

    from .documents import documents_queryset, index_doc

    engine = get_engine()
    with engine.lock():
        position = latest_event_id()  # events up to here are covered by the rebuild
        engine.clear(position=0)
        ids = list(Document.live.order_by("id").values_list("id", flat=True))
        done = 0
        for start in range(0, len(ids), batch):
            chunk = ids[start : start + batch]
            docs = [index_doc(d) for d in documents_queryset().filter(id__in=chunk)]
            last = start + batch >= len(ids)
            engine.write(docs, [], position if last else 0)
            done += len(docs)
            if progress:
                progress(done, len(ids))
        if not ids:
            engine.clear(position=position)
    # Events written while rebuilding (by another process) are applied now.
    catch_up()
    return done


def drift() -> dict[str, list[str]]:
    """Differences between the database and the index: missing, stale, extra, duplicated."""
    from sourcebook.archive.models import Document

    engine = get_engine()
    engine.refresh()
    indexed = engine.versions()
    live = dict(Document.live.values_list("public_id", "version"))
    return {
        "missing": sorted(set(live) - set(indexed)),
        "stale": sorted(
            pid for pid, v in live.items() if pid in indexed and max(indexed[pid]) != v
        ),
        "extra": sorted(set(indexed) - set(live)),
        "duplicated": sorted(pid for pid, vs in indexed.items() if len(vs) > 1),
    }


# The background poller that `sourcebook serve` starts ----------------------------------------

_poller: threading.Thread | None = None
POLL_INTERVAL = 0.25


def _poll_forever(interval: float) -> None:
    from django.db import close_old_connections

    while True:
        try:
            close_old_connections()
            if latest_event_id() > get_engine().position():
                catch_up(lock_timeout=0)
        except TimeoutError:
            pass
        except Exception:  # keep polling; the next round retries
            log.exception("search indexer: applying the outbox failed")
        finally:
            close_old_connections()
        time.sleep(interval)


def start_poller(interval: float = POLL_INTERVAL) -> threading.Thread:
    """Start (once per process) a daemon thread that keeps the index caught up."""
    global _poller
    if _poller is None or not _poller.is_alive():
        _poller = threading.Thread(
            target=_poll_forever, args=(interval,), name="sourcebook-indexer", daemon=True
        )
        _poller.start()
    return _poller
