"""Batch forms of the ingest hooks (``ingest.BATCH_HOOKS``): a batch of new files gets the
links, candidate authorities, replies and index events that calling each hook per file gives,
with a number of queries that does not grow with the files."""

from __future__ import annotations

import contextlib
import json
import re
import signal
from collections import Counter
from pathlib import Path

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.conftest import SAMPLES, SEED
from tests.related.support import write_letter

pytestmark = pytest.mark.django_db(transaction=False)


def _seed_copies(folder: Path, first: int, count: int) -> list[Path]:
    """Copies of the seed cable, each with its own permalink id."""
    text = SEED.read_text(encoding="utf-8")
    paths = []
    for i in range(first, first + count):
        path = folder / f"seed-{i:03d}.txt"
        path.write_text(re.sub(r"document/\d+", f"document/{800000 + i}", text), encoding="utf-8")
        paths.append(path)
    return paths


def _files(folder: Path) -> list[Path]:
    """Records naming each other's people and numbers, with a volume in the middle (its persons
    are linked to the documents of the files before it by the run hook, either way)."""
    samples = sorted(SAMPLES.glob("*.txt"))
    paths = [*_seed_copies(folder, 0, 2), *samples]
    paths.append(SAMPLES / "frus1961-63v22.xml")
    paths.extend(_seed_copies(folder, 2, 2))
    paths.append(write_letter(folder))
    return paths


def _state(events_after: int) -> dict:
    """What the hooks wrote, by public ids and slugs (not database ids)."""
    from sourcebook.archive.models import Agent, DocumentAgent, DocumentPlace, IndexEvent
    from sourcebook.related.models import FilePlace, Number, Reply

    def conf(c):
        return None if c is None else round(c, 3)

    return {
        "agents": sorted(
            (a.slug, a.name, json.dumps(a.data, sort_keys=True)) for a in Agent.objects.all()
        ),
        "agent_links": sorted(
            (
                r.document.public_id,
                r.agent.slug,
                r.role,
                r.link,
                conf(r.confidence),
                str(r.mentions),
            )
            for r in DocumentAgent.objects.select_related("document", "agent")
        ),
        "place_links": sorted(
            (r.document.public_id, r.place.slug, r.link, conf(r.confidence), str(r.mentions))
            for r in DocumentPlace.objects.select_related("document", "place")
        ),
        "numbers": sorted(
            (n.document.public_id, n.role, n.key, n.label, n.dated, n.position)
            for n in Number.objects.select_related("document")
        ),
        "replies": sorted(
            (r.document.public_id, r.target.public_id, r.number.label)
            for r in Reply.objects.select_related("document", "target", "number")
        ),
        "file_places": sorted(
            (f.document.public_id, f.file_key, f.page)
            for f in FilePlace.objects.select_related("document")
        ),
        "index_events": Counter(
            IndexEvent.objects.filter(pk__gt=events_after).values_list("public_id", "action")
        ),
    }


def _ingest(paths: list[Path]) -> dict:
    from sourcebook.archive import ingest
    from sourcebook.archive.models import IndexEvent

    last = IndexEvent.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    outcomes = [o for per_file in ingest.ingest_files(paths) for o in per_file]
    assert {o.status for o in outcomes} == {"added"}, [o.error for o in outcomes if o.error]
    return _state(last)


def _wipe() -> None:
    from sourcebook.archive.models import Agent, Collection, Document, Place, Source
    from sourcebook.authorities.models import MergeProposal, SourceId, Term

    for model in (MergeProposal, SourceId, Term, Document, Agent, Place, Collection, Source):
        model.objects.all().delete()


def test_a_batch_of_new_files_gets_what_the_hooks_per_file_give(tmp_path, monkeypatch):
    from sourcebook.archive import ingest

    paths = _files(tmp_path)
    batched = _ingest(paths)
    assert len(ingest.BATCH_HOOKS) >= 2  # linking and related have a batch form
    assert any(link == "candidate" for _, _, _, link, _, _ in batched["agent_links"])
    assert any(link == "encoded" for _, _, _, link, _, _ in batched["agent_links"])
    assert batched["replies"], "the seed cable answers the letter written after it"
    _wipe()
    monkeypatch.setattr(ingest, "BATCH_HOOKS", {})  # every hook per file, as before batches
    assert _ingest(paths) == batched


def _counted(paths: list[Path]) -> int:
    """Queries other than INSERTs (whose number follows the rows, split by the database's
    limit on parameters) for ingesting ``paths`` in one batch."""
    from sourcebook.archive import ingest

    with CaptureQueriesContext(connection) as ctx:
        outcomes = [o for per_file in ingest.ingest_files(paths) for o in per_file]
    assert [o.status for o in outcomes] == ["added"] * len(paths)
    return sum(
        1
        for q in ctx.captured_queries
        if q["sql"].lstrip().upper().startswith(("SELECT", "UPDATE", "DELETE"))
    )


def test_queries_for_a_batch_do_not_grow_with_its_files(tmp_path):
    """50 new files cost the hooks as many queries as 10 (per file: about 24 each)."""
    _counted(_seed_copies(tmp_path, 0, 1))  # the first proposes its candidate authority
    # The next batch reads the authorities again (the proposal moved their token), once.
    _counted(_seed_copies(tmp_path, 1, 1))
    ten = _counted(_seed_copies(tmp_path, 2, 10))
    fifty = _counted(_seed_copies(tmp_path, 12, 50))
    assert fifty == ten


def test_reading_in_the_worker_links_as_reading_here(tmp_path, monkeypatch, settings):
    """Half of a large batch read for names in a second process (``linking.beside``): the same
    links, candidates and replies, with fewer documents read in the ingest's own process, and
    none of its results used once a proposal changed the gazetteer."""
    from sourcebook.core import linking

    calls = Counter()
    real = linking.link

    def counted(gaz, segments, scope=None):
        calls[settings.SOURCEBOOK_INGEST_LINK_BESIDE] += 1
        return real(gaz, segments, scope)

    monkeypatch.setattr(linking, "link", counted)
    paths = [*_files(tmp_path), *_seed_copies(tmp_path, 10, 12)]
    settings.SOURCEBOOK_INGEST_LINK_BESIDE = 4
    beside = _ingest(paths)
    _wipe()
    settings.SOURCEBOOK_INGEST_LINK_BESIDE = 0
    here = _ingest(paths)
    assert beside == here
    assert any(link == "candidate" for _, _, _, link, _, _ in here["agent_links"])
    assert 0 < calls[4] < calls[0], calls  # the worker read some documents


_READS_REQUEST = (
    "import json, pickle, sys; sys.path[:0] = json.loads(sys.argv[1]); "
    "pickle.load(sys.stdin.buffer); "
)


# never reads: stuck at start-up; the second request (about 100 KB) fills its pipe
_NEVER_READS = "import time; time.sleep(3600)"


@pytest.mark.parametrize(
    "child",
    [
        "import sys; sys.exit(3)",  # dies before reading: the request cannot be sent
        _NEVER_READS,
        # reads the request, dies before answering: no results come back
        _READS_REQUEST + "sys.exit(3)",
        # answers a garbled stream: unpickling it raises TypeError (a float given an item)
        _READS_REQUEST
        + "sys.stdout.buffer.write(b'\\x80\\x05G?\\xf8' + bytes(6) + b'K\\x01K\\x02s.'); "
        "sys.stdout.flush(); sys.stdin.read()",
        # answers a well-formed pickle with fewer results than documents sent
        _READS_REQUEST
        + "p = pickle.dumps((True, [])); sys.stdout.buffer.write(len(p).to_bytes(8, 'big') + p); "
        "sys.stdout.flush(); sys.stdin.read()",
        # never answers: waits for the ingest to close its end
        _READS_REQUEST + "sys.stdin.read()",
        # an answer cut short: its length says 1,000 bytes, 10 come, and then nothing
        _READS_REQUEST
        + "sys.stdout.buffer.write((1000).to_bytes(8, 'big') + bytes(10)); sys.stdout.flush(); "
        "sys.stdin.read()",
    ],
    ids=[
        "before-reading",
        "never-reads",
        "before-answering",
        "garbled-answer",
        "short-answer",
        "never-answers",
        "cut-short",
    ],
)
def test_a_worker_that_dies_leaves_the_links_to_the_ingest(tmp_path, monkeypatch, settings, child):
    """A worker that fails, hangs, or whose answer cannot be read costs nothing but the time
    (at most the wait for its answer): the ingest links every document itself, with the same
    result, and never waits for bytes that do not come."""
    from sourcebook.linking import beside

    paths = [*_files(tmp_path), *_seed_copies(tmp_path, 10, 12)]
    settings.SOURCEBOOK_INGEST_LINK_BESIDE = 0
    here = _ingest(paths)
    _wipe()
    beside._forget()
    monkeypatch.setattr(beside, "_CHILD", child)
    monkeypatch.setattr(beside, "LEAST_WAIT", 1.0)
    send_timeouts = _count_send_timeouts(monkeypatch, beside)
    settings.SOURCEBOOK_INGEST_LINK_BESIDE = 4
    with _watchdog(60):  # a hang fails the test instead of stopping the run
        assert _ingest(paths) == here
    beside._forget()
    if child == _NEVER_READS:  # the case is about sending: a request must have filled the pipe
        assert send_timeouts, "no request was larger than the pipe: enlarge the batch"


def _count_send_timeouts(monkeypatch, beside) -> list:
    """The ``TimeoutError``s of ``beside._write_all`` (which still raises them)."""
    seen, real = [], beside._write_all

    def counted(child, data):
        try:
            real(child, data)
        except TimeoutError as exc:
            seen.append(exc)
            raise

    monkeypatch.setattr(beside, "_write_all", counted)
    return seen


class _Hung(BaseException):
    """Not an ``Exception``: the ingest's own handlers (a failed worker) must not catch it."""


@contextlib.contextmanager
def _watchdog(seconds: int):
    def hung(signum, frame):
        raise _Hung(f"still waiting after {seconds} s")

    old = signal.signal(signal.SIGALRM, hung)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, old)


def test_the_hooks_of_a_batch_read_no_document_back(tmp_path):
    """Linking and replies take the documents, texts and notes a batch just wrote from the
    ingest (``ingest.written_documents``), not from the database (a seventh of an ingest's
    time went to reading them back); what they write is the same, as the test above shows."""
    from sourcebook.archive import ingest
    from sourcebook.archive.models import Annotation, Document, Text

    _counted(_seed_copies(tmp_path, 0, 1))  # the first proposes its candidate authority
    tables = [m._meta.db_table for m in (Document, Text, Annotation)]
    with CaptureQueriesContext(connection) as ctx:
        outcomes = [
            o for per_file in ingest.ingest_files(_seed_copies(tmp_path, 1, 5)) for o in per_file
        ]
    assert [o.status for o in outcomes] == ["added"] * 5
    reads = [
        q["sql"]
        for q in ctx.captured_queries
        if q["sql"].lstrip().upper().startswith("SELECT")
        and any(f'FROM "{table}"' in q["sql"] for table in tables)
    ]
    assert not [sql for sql in reads if '"body"' in sql or '"title"' in sql], reads
