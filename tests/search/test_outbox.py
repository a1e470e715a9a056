"""The outbox: a process killed (SIGKILL) between the database commit and the index update
loses nothing and duplicates nothing; the next indexer run applies exactly the missing events."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from sourcebook.search import indexer
from sourcebook.search.service import search
from tests.support.cli import _database_env

from .corpus import write_corpus

pytestmark = pytest.mark.django_db(transaction=True)

WORKER = Path(__file__).with_name("crash_worker.py")


def run_until(word: str, *args: str) -> None:
    """Start the worker, wait for it to print ``word``, then kill it with SIGKILL."""
    env = {**os.environ, **_database_env()}
    proc = subprocess.Popen(
        [sys.executable, str(WORKER), *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    try:
        line = proc.stdout.readline().strip()
        assert line == word, (line, proc.stderr.read() if proc.poll() is not None else "")
        os.kill(proc.pid, signal.SIGKILL)
        assert proc.wait(timeout=30) == -signal.SIGKILL
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()


def events_after(position: int) -> list[int]:
    from sourcebook.archive.models import IndexEvent

    return list(
        IndexEvent.objects.filter(id__gt=position).order_by("id").values_list("id", flat=True)
    )


def assert_index_matches_db():
    report = indexer.drift()
    assert report == {"missing": [], "stale": [], "extra": [], "duplicated": []}, report
    assert indexer.get_engine().position() == indexer.latest_event_id()


def test_killed_after_db_commit_before_index_update(tmp_path):
    files = sorted(write_corpus(tmp_path / "c").iterdir())
    run_until("COMMITTED", "after-db-commit", *map(str, files[:3]))
    engine = indexer.get_engine()
    engine.refresh()
    assert engine.count() == 0 and engine.position() == 0  # the index never heard of them
    assert indexer.pending() == 3
    applied = indexer.catch_up()
    assert applied == events_after(0)  # exactly the three events, in order
    assert len(applied) == 3
    assert_index_matches_db()
    assert indexer.catch_up() == []  # nothing left, nothing applied twice


def test_killed_inside_the_index_update(tmp_path):
    files = sorted(write_corpus(tmp_path / "c").iterdir())
    # Batches of two events: the first commit lands, the process dies before the second.
    run_until("PAUSED", "before-index-commit", "2", *map(str, files[:5]))
    engine = indexer.get_engine()
    engine.refresh()
    all_events = events_after(0)
    assert len(all_events) == 5
    assert engine.position() == all_events[1]  # the first batch, and only it, is in the index
    assert engine.count() == 2
    applied = indexer.catch_up()
    assert applied == all_events[2:]  # exactly the missing events
    assert_index_matches_db()
    every = [r["id"] for r in search("", page_size=100).results]
    assert sorted(every) == sorted(set(every)) and len(every) == 5


def test_reapplying_events_is_idempotent(db, corpus):
    from sourcebook.archive.models import IndexEvent

    engine = indexer.get_engine()
    before = engine.count()
    # Rewind the position as a crash before commit would, and apply everything again.
    engine.write([], [], 0)
    applied = indexer.catch_up()
    assert applied == list(IndexEvent.objects.order_by("id").values_list("id", flat=True))
    assert engine.count() == before
    assert_index_matches_db()


def test_deleted_document_leaves_the_index(db, corpus):
    from sourcebook.archive import publication
    from sourcebook.archive.models import Document

    doc = Document.objects.get(public_id="embassy-c1957")
    publication.withdraw(doc, "Duplicate of another record", "tester")
    # A search reads the index as it is and says a change is waiting; its results are checked
    # against the database, so the withdrawn record is not shown meanwhile.
    before = search("cotton")
    assert before.pending == 1
    assert "embassy-c1957" not in [r["id"] for r in before.results]
    indexer.catch_up()
    assert [r["id"] for r in search("cotton").results] == ["undated-letter"]
    assert_index_matches_db()


def test_index_ahead_of_database_is_rebuilt(db, corpus):
    engine = indexer.get_engine()
    engine.write([], [], indexer.latest_event_id() + 1000)  # e.g. a DB restored from backup
    indexer.catch_up()
    assert_index_matches_db()
    assert search("cotton").total == 2


def test_index_from_another_schema_is_rebuilt_from_the_outbox(db, corpus, index_dir):
    from sourcebook.search.tantivy_engine import TantivyEngine

    (index_dir / "SCHEMA_VERSION").write_text("0-old")
    engine = TantivyEngine(index_dir)  # what a process opening the index after an upgrade does
    assert engine.count() == 0 and engine.position() == 0
    indexer._engines.clear()
    from sourcebook.search import tantivy_engine

    tantivy_engine._OPEN.clear()
    indexer.catch_up()
    assert_index_matches_db()
    assert search("cotton").total == 2
