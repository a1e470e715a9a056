"""Outbox gaps: an event whose id is below one the index has applied, committed later (on
PostgreSQL ids are taken at insert, not at commit), is still applied; a rolled-back one is
eventually forgotten. Two real connections: the held transaction runs in a thread, which has
its own Django connection."""

from __future__ import annotations

import os
import threading
from pathlib import Path

import pytest
from django.db import connections, transaction

from sourcebook.search import indexer
from sourcebook.search.service import search

from .corpus import write_corpus

pytestmark = pytest.mark.django_db(transaction=True)

postgres_only = pytest.mark.skipif(
    not os.environ.get("DATABASE_URL", "").startswith("postgres"),
    reason="SQLite has one writer at a time: an id cannot be taken by a transaction still open",
)


class Rollback(Exception):
    pass


class Held(threading.Thread):
    """Runs ``work`` in its own transaction on its own connection, and keeps the transaction
    open until :meth:`finish` (which commits it, or rolls it back)."""

    def __init__(self, work):
        super().__init__(daemon=True)
        self.work, self.started, self.release = work, threading.Event(), threading.Event()
        self.rollback, self.error = False, None

    def run(self):
        try:
            with transaction.atomic():
                self.work()
                self.started.set()
                self.release.wait(timeout=120)
                if self.rollback:
                    raise Rollback
        except Rollback:
            pass
        except BaseException as exc:  # reported by finish()
            self.error = exc
        finally:
            self.started.set()
            connections.close_all()

    def __enter__(self):
        self.start()
        assert self.started.wait(timeout=120)
        assert self.error is None, self.error
        return self

    def finish(self, *, rollback: bool = False):
        self.rollback = rollback
        self.release.set()
        self.join(timeout=120)
        assert not self.is_alive() and self.error is None, self.error

    def __exit__(self, *exc):
        if self.is_alive():
            self.finish(rollback=True)


def ingested(files: list[Path]) -> list[str]:
    from sourcebook.archive import ingest

    pids = []
    for path in files:
        outcomes = ingest.ingest_file(path)
        assert [o.status for o in outcomes] == ["added"], outcomes
        pids += [o.id for o in outcomes]
    return pids


def another_event(public_id: str) -> int:
    """Commit one more outbox event (on this test's connection, autocommit)."""
    from sourcebook.archive.models import IndexEvent

    return IndexEvent.objects.create(public_id=public_id, action=IndexEvent.UPSERT).id


def held_ids() -> list[int]:
    from sourcebook.archive.models import IndexEvent

    return list(IndexEvent.objects.order_by("id").values_list("id", flat=True))


def in_index(public_id: str) -> bool:
    """Whether the index holds the document (read from the index itself: a search would also
    drop a withdrawn document by asking the database)."""
    engine = indexer.get_engine()
    engine.refresh()
    return public_id in {engine.stored_id(e.address) for e in engine.walk()}


def assert_index_matches_db():
    report = indexer.drift()
    assert report == {"missing": [], "stale": [], "extra": [], "duplicated": []}, report
    assert indexer.pending() == 0


@pytest.fixture
def files(tmp_path) -> list[Path]:
    return sorted(write_corpus(tmp_path / "c").iterdir())


@postgres_only
def test_event_committed_after_a_later_one_was_applied(files):
    first = ingested(files[:-1])
    indexer.catch_up()
    with Held(lambda: ingested(files[-1:])) as held:  # takes an event id, stays open
        later = another_event(first[0])  # a later id, committed now
        assert later in indexer.catch_up()
        assert indexer.get_engine().position() == later  # the index passed the held id
        assert indexer.get_engine().gaps()  # ...and remembers it
        held.finish()
    from sourcebook.archive.models import Document

    late_pid = Document.objects.exclude(public_id__in=first).get().public_id
    assert indexer.pending() == 1  # the held event, below the position, counts as waiting
    assert search("").pending == 1
    assert not in_index(late_pid)
    applied = indexer.catch_up()
    assert applied and max(applied) < later  # the held event, and nothing else
    assert in_index(late_pid)
    assert indexer.get_engine().gaps() == []  # filled, and its writer has finished
    assert_index_matches_db()
    assert indexer.catch_up() == []


@postgres_only
def test_withdrawal_committed_late_leaves_the_index(files):
    from sourcebook.archive import publication
    from sourcebook.archive.models import Document

    pids = ingested(files[:3])
    indexer.catch_up()

    def withdraw():
        publication.withdraw(Document.objects.get(public_id=pids[0]), "Duplicate", "tester")

    with Held(withdraw) as held:
        another_event(pids[1])
        indexer.catch_up()
        held.finish()
    assert in_index(pids[0])  # not yet: the withdrawal's event is still to apply
    indexer.catch_up()
    assert not in_index(pids[0])
    assert_index_matches_db()


@postgres_only
def test_rolled_back_gap_is_forgotten(files):
    from sourcebook.archive.models import IndexEvent

    pids = ingested(files[:2])
    indexer.catch_up()
    engine = indexer.get_engine()

    def take_an_id():
        IndexEvent.objects.create(public_id=pids[0], action=IndexEvent.UPSERT)

    with Held(take_an_id) as held:
        later = another_event(pids[1])
        indexer.catch_up()
        assert engine.gaps()
        held.finish(rollback=True)
    assert indexer.catch_up() == []  # nothing appeared; the writer is gone: forgotten
    assert engine.gaps() == [] and engine.position() == later
    assert_index_matches_db()


@postgres_only
def test_rebuild_while_a_writer_holds_an_event(files):
    first = ingested(files[:-1])
    indexer.catch_up()
    with Held(lambda: ingested(files[-1:])) as held:
        another_event(first[0])
        indexer.rebuild()  # covers every event up to the newest it can see
        held.finish()
    indexer.catch_up()
    assert_index_matches_db()
    assert len(search("", page_size=100).results) == len(files)


def test_holes_of_finished_transactions_are_not_remembered(files):
    """Ids that can never appear (here: outbox rows deleted) are passed over at once, on both
    databases: no writer that could fill them is running."""
    from sourcebook.archive.models import IndexEvent

    ingested(files[:4])
    ids = held_ids()
    IndexEvent.objects.filter(id__in=ids[1:3]).delete()
    applied = indexer.catch_up()
    assert applied == [ids[0], *ids[3:]]
    engine = indexer.get_engine()
    assert engine.gaps() == [] and engine.position() == ids[-1]
    assert indexer.pending() == 0


def test_gap_ranges_and_their_bound(caplog, monkeypatch):
    from sourcebook.search import outbox_gaps as og

    assert og.missing(3, [4, 7, 8, 12]) == [(5, 6), (9, 11)]
    assert og.missing(0, []) == []
    assert og._without([[5, 9]], {5, 7}) == [[6, 6], [8, 9]]
    groups = [{"seen": i, "wait": ["1/1"], "ids": [[i * 10, i * 10 + 1]]} for i in range(5)]
    assert og.bounded(groups) == groups
    monkeypatch.setattr(og, "MAX_RANGES", 3)
    kept = og.bounded(groups)
    assert kept == groups[2:]  # the newest kept
    assert "forgetting the oldest" in caplog.text
