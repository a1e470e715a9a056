"""Relations stored on ingest and edit (both databases): the seed and the letter it answers in
either order, a FRUS volume, the archival file, collections, and what readers may see."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from sourcebook.archive import editing, ingest, publication
from sourcebook.archive.models import Collection, Document
from sourcebook.related import queries
from sourcebook.related.models import FilePlace, Number, Reply
from tests.conftest import SHARED

from .support import LETTER_ID, write_letter, write_seed

pytestmark = pytest.mark.django_db(transaction=False)

FRUS = SHARED / "corpus" / "frus"


def _ingest(path: Path) -> None:
    statuses = {o.status for o in ingest.ingest_file(path)}
    assert statuses <= {"added", "updated"} and statuses, (path, statuses)


def _thread(public_id: str) -> dict:
    rel = queries.replies(Document.objects.get(public_id=public_id))
    return {
        "to": [r["id"] for r in rel["replies_to"]],
        "by": [r["id"] for r in rel["replied_by"]],
        "unresolved": rel["unresolved"],
    }


@pytest.mark.parametrize("letter_first", [True, False], ids=["letter-first", "reply-first"])
def test_seed_answers_the_letter_whichever_comes_first(tmp_path, letter_first):
    paths = [write_letter(tmp_path), write_seed(tmp_path)]
    for path in paths if letter_first else reversed(paths):
        _ingest(path)
    assert _thread("208190") == {"to": [LETTER_ID], "by": [], "unresolved": []}
    assert _thread(LETTER_ID) == {"to": [], "by": ["208190"], "unresolved": []}
    reply = Reply.objects.get()
    assert reply.number.label == "(59) First Consular Affairs No. 6/48"


def test_alone_the_reference_is_unresolved_and_shown_as_written(tmp_path):
    _ingest(write_seed(tmp_path))
    assert _thread("208190") == {
        "to": [],
        "by": [],
        "unresolved": ["(59) First Consular Affairs No. 6/48"],
    }
    own = Number.objects.get(document__public_id="208190", role=Number.OWN)
    assert (own.key, own.label) == ("no:59:korean consular:085", "(59) Korean Consular No. 085")


def test_both_in_one_batch_run(tmp_path):
    outcomes = [
        o
        for batch in ingest.ingest_files([write_seed(tmp_path), write_letter(tmp_path)])
        for o in batch
    ]
    assert [o.status for o in outcomes] == ["added", "added"]
    assert _thread("208190")["to"] == [LETTER_ID]


def test_an_edit_that_removes_the_reference_removes_the_reply(tmp_path):
    _ingest(write_letter(tmp_path))
    _ingest(write_seed(tmp_path))
    seed = Document.objects.get(public_id="208190")
    body = seed.texts.get(position=0).body
    editing.edit_document(
        seed,
        {"texts.0.body": body.replace("Received letter (59) First Consular Affairs No. 6/48.", "")},
        "ann",
    )
    assert _thread("208190") == {"to": [], "by": [], "unresolved": []}
    assert _thread(LETTER_ID)["by"] == []


def test_a_second_document_with_the_same_number_makes_it_ambiguous(tmp_path):
    """Two documents claiming "(59) First Consular Affairs No. 6/48": no guess."""
    _ingest(write_seed(tmp_path))
    _ingest(write_letter(tmp_path))
    twin = tmp_path / "twin.txt"
    twin.write_text(
        write_letter(tmp_path).read_text(encoding="utf-8").replace(LETTER_ID, "test-twin"),
        encoding="utf-8",
    )
    _ingest(twin)
    assert _thread("208190")["to"] == []
    assert _thread("208190")["unresolved"] == ["(59) First Consular Affairs No. 6/48"]


def test_withdrawn_and_draft_documents_stay_out_of_related_lists(tmp_path):
    _ingest(write_seed(tmp_path))
    _ingest(write_letter(tmp_path))
    letter = Document.objects.get(public_id=LETTER_ID)
    publication.withdraw(letter, "duplicate", "ann")
    seed = Document.objects.get(public_id="208190")
    assert queries.replies(seed)["replies_to"] == []
    assert queries.related_json(seed) == []
    publication.reinstate(Document.objects.get(public_id=LETTER_ID), "ann")
    assert {r["relation"] for r in queries.related_json(seed)} == {"replies_to", "same_file"}


def test_same_archival_file_in_page_order(tmp_path):
    _ingest(write_seed(tmp_path))
    _ingest(write_letter(tmp_path))
    seed = Document.objects.get(public_id="208190")
    assert FilePlace.objects.get(document=seed).file_key == "prc fma|118-01026-01"
    files = queries.file_documents(seed)
    assert [(f["id"], f["locator"], f["current"]) for f in files] == [
        (LETTER_ID, "30-31", False),
        ("208190", "33", True),
    ]
    assert queries.related_json(seed) == [
        {"id": LETTER_ID, "relation": "replies_to"},
        {"id": LETTER_ID, "relation": "same_file"},
    ]


def test_frus_volume_telegrams_and_their_replies():
    _ingest(FRUS / "frus1955-57v03.xml")
    assert _thread("frus1955-57v03-d18")["to"] == ["frus1955-57v03-d16", "frus1955-57v03-d17"]
    assert _thread("frus1955-57v03-d18")["unresolved"] == ["Your 417"]
    assert _thread("frus1955-57v03-d16")["by"] == ["frus1955-57v03-d18"]
    # Geneva's 745 and the Department's 745 to Geneva are two telegrams, neither answered here.
    assert _thread("frus1955-57v03-d59") == {"to": [], "by": [], "unresolved": []}
    pairs = set(Reply.objects.values_list("document__public_id", "target__public_id").distinct())
    assert pairs == {
        ("frus1955-57v03-d18", "frus1955-57v03-d16"),
        ("frus1955-57v03-d18", "frus1955-57v03-d17"),
        ("frus1955-57v03-d23", "frus1955-57v03-d22"),
        ("frus1955-57v03-d30", "frus1955-57v03-d27"),
        ("frus1955-57v03-d30", "frus1955-57v03-d28"),
        ("frus1955-57v03-d39", "frus1955-57v03-d38"),
        ("frus1955-57v03-d41", "frus1955-57v03-d40"),
    }


def test_frus_reply_across_ingests_of_one_volume_resolves_once(tmp_path):
    """Re-ingesting the same volume unchanged keeps the replies as they were."""
    _ingest(FRUS / "frus1958-60v18.xml")
    before = set(Reply.objects.values_list("document__public_id", "target__public_id"))
    assert before == {
        ("frus1958-60v18-d220", "frus1958-60v18-d219"),
        ("frus1958-60v18-d230", "frus1958-60v18-d220"),
    }
    assert [o.status for o in ingest.ingest_file(FRUS / "frus1958-60v18.xml")][0] == "unchanged"
    assert set(Reply.objects.values_list("document__public_id", "target__public_id")) == before


def test_previous_and_next_in_every_collection(tmp_path):
    """A series holding the volume: the volume's own order (chapters) is shown by the volume
    navigation; the series' order is the related section's."""
    _ingest(FRUS / "frus1961-63v22.xml")
    volume = Collection.objects.get(documents__public_id="frus1961-63v22-d5")
    series = Collection.objects.create(slug="frus-series", name="FRUS series")
    volume.parent = series
    volume.save()
    doc = Document.objects.get(public_id="frus1961-63v22-d5")
    nav = queries.collection_neighbours(doc)
    assert [n["collection"].slug for n in nav] == ["frus-series"]
    assert (nav[0]["prev"]["public_id"], nav[0]["next"]["public_id"]) == (
        "frus1961-63v22-d4",
        "frus1961-63v22-d6",
    )
    assert nav[0]["position"] == 5
    # A withdrawn document in between is skipped.
    publication.withdraw(Document.objects.get(public_id="frus1961-63v22-d6"), "test", "ann")
    assert queries.collection_neighbours(doc)[0]["next"]["public_id"] == "frus1961-63v22-d7"


def test_collection_without_chapters_orders_by_number_then_date(tmp_path):
    _ingest(write_seed(tmp_path))
    _ingest(write_letter(tmp_path))
    coll = Collection.objects.create(slug="border", name="Border crossers, 1959")
    Document.objects.filter(public_id__in=["208190", LETTER_ID]).update(collection=coll)
    seed = Document.objects.get(public_id="208190")
    nav = queries.collection_neighbours(seed)
    assert [(n["position"], n["total"], n["prev"]["public_id"], n["next"]) for n in nav] == [
        (2, 2, LETTER_ID, None)
    ]


@pytest.mark.django_db(transaction=True)
def test_relate_command_fills_an_archive_ingested_before_the_app(tmp_path):
    from tests.support.cli import run_cli

    _ingest(write_seed(tmp_path))
    _ingest(write_letter(tmp_path))
    Reply.objects.all().delete()
    FilePlace.objects.all().delete()
    Number.objects.all().delete()
    done = run_cli("relate", "--all", "--json", process=True)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == {"documents": 2, "replies": 1, "in_files": 2}
    assert _thread("208190")["to"] == [LETTER_ID]
    bad = run_cli("relate", "no-such-id")
    assert bad.returncode != 0 and "no document with id 'no-such-id'" in bad.stderr
    assert run_cli("relate").returncode != 0


def test_an_edited_file_reference_moves_the_document_to_its_file(tmp_path):
    _ingest(write_seed(tmp_path))
    _ingest(write_letter(tmp_path))
    letter = Document.objects.get(public_id=LETTER_ID)
    editing.edit_document(letter, {"reference": "118-01026-02"}, "ann")
    assert FilePlace.objects.get(document=letter).file_key == "prc fma|118-01026-02"
    seed = Document.objects.get(public_id="208190")
    assert [f["id"] for f in queries.file_documents(seed)] == ["208190"]
    assert queries.related_json(seed) == [{"id": LETTER_ID, "relation": "replies_to"}]


def _order_queries(captured) -> int:
    """Queries that read a whole collection's documents (the order's, not the neighbours')."""
    return sum('"collection_id" IN' in q["sql"] for q in captured)


def test_collection_order_is_worked_out_once_per_state_of_the_archive(tmp_path):
    """A series of many volumes: its order is read once, not on every page, and read again
    after any write, by this process or another (a new generation token)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from sourcebook.related import collection_orders
    from sourcebook.web import generation

    _ingest(write_seed(tmp_path))
    _ingest(write_letter(tmp_path))
    coll = Collection.objects.create(slug="border", name="Border crossers, 1959")
    Document.objects.filter(public_id__in=["208190", LETTER_ID]).update(collection=coll)
    seed = Document.objects.get(public_id="208190")
    collection_orders.forget()
    with CaptureQueriesContext(connection) as first:
        assert queries.collection_neighbours(seed)[0]["prev"]["public_id"] == LETTER_ID
    with CaptureQueriesContext(connection) as again:
        nav = queries.collection_neighbours(seed)
    assert (_order_queries(first.captured_queries), _order_queries(again.captured_queries)) == (
        1,
        0,
    )
    assert (nav[0]["position"], nav[0]["total"], nav[0]["prev"]["title"]) == (
        2,
        2,
        Document.objects.get(public_id=LETTER_ID).title,
    )
    # Another process's commit: only the token row tells this one.
    generation.bump(connection)
    with CaptureQueriesContext(connection) as after:
        queries.collection_neighbours(seed)
    assert _order_queries(after.captured_queries) == 1
    # This process's own write (a withdrawal): the neighbour is gone at once.
    publication.withdraw(Document.objects.get(public_id=LETTER_ID), "test", "ann")
    nav = queries.collection_neighbours(seed)
    assert (nav[0]["position"], nav[0]["total"], nav[0]["prev"]) == (1, 1, None)
