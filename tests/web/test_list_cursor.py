"""`/api/documents` read on by cursor (`next`, `after=`): every published document once, in the
order of the numbered pages, on both databases, with each page read from the index."""

from __future__ import annotations

import base64
import datetime as dt
from urllib.parse import unquote

import pytest
from django.core import signing
from django.db import connection

from sourcebook.archive import keyset, planner_stats
from sourcebook.archive.models import Document
from tests.support.plans import archive_by_day, archive_with_ties, executed, plan

pytestmark = pytest.mark.django_db


def _signed(value, salt: str = keyset.SALT) -> str:
    """Signed as cursors are (``signing.Signer``, no timestamp), with the site's secret key."""
    return signing.Signer(salt=salt).sign_object(value)


def _walk(client, url: str) -> tuple[list[str], list[dict]]:
    ids, pages = [], []
    while url:
        response = client.get(url)
        assert response.status_code == 200, response.content
        page = response.json()
        pages.append(page)
        ids += [r["id"] for r in page["results"]]
        url = page["next"]
    return ids, pages


@pytest.mark.parametrize("size", [1, 2, 3, 7, 50])
def test_following_next_gives_every_published_document_once_in_order(client, size):
    archive_with_ties()
    everything = client.get("/api/documents?page_size=500").json()
    assert everything["next"] is None
    expected = [r["id"] for r in everything["results"]]
    assert len(expected) == everything["total"] == Document.live.count() > 30

    ids, pages = _walk(client, f"/api/documents?page_size={size}")
    assert ids == expected
    assert all(len(p["results"]) == size for p in pages[:-1])
    assert pages[0]["page"] == 1 and all(p["page"] is None for p in pages[1:])


def test_the_last_page_has_no_next_even_when_it_is_full(client):
    archive_with_ties()
    total = Document.live.count()
    last = client.get(f"/api/documents?page_size={total}").json()
    assert len(last["results"]) == total and last["next"] is None
    short = client.get(f"/api/documents?page_size={total - 1}").json()
    assert short["next"] is not None
    tail = client.get(short["next"]).json()
    assert len(tail["results"]) == 1 and tail["next"] is None


def test_a_numbered_page_points_on_to_the_page_after_it(client):
    archive_with_ties()
    third = client.get("/api/documents?page=3&page_size=4").json()
    fourth = client.get("/api/documents?page=4&page_size=4").json()
    assert client.get(third["next"]).json()["results"] == fourth["results"]


def test_a_cursor_holds_its_place_when_the_document_moves(client):
    """The cursor names a place in the order, not a document: an editor redating the page's
    last document during a harvest neither skips nor repeats the documents after it."""
    archive_with_ties()
    first = client.get("/api/documents?page_size=10").json()
    moved = first["results"][-1]["id"]
    Document.objects.filter(public_id=moved).update(date_earliest=dt.date(1990, 1, 1))
    now, _ = _walk(client, "/api/documents?page_size=500")
    rest, _ = _walk(client, first["next"])
    assert rest == now[9:]  # the nine before it, then everything after its old place
    assert rest.index(moved) > 0  # met again at its new date, as a later document


@pytest.mark.parametrize(
    "after",
    [
        "nonsense",
        "x" * 500,
        base64.urlsafe_b64encode(b'{"a": 1}').decode(),
        base64.urlsafe_b64encode(b'["1953-13-45", null, "d-001"]').decode(),
        base64.urlsafe_b64encode(b'[null, 5, "d-001"]').decode(),
        base64.urlsafe_b64encode(b'[null, null, ["d-001"]]').decode(),
        base64.urlsafe_b64encode(b"\xff\xfe").decode(),
        # Signed as the API signs, but not the shape it gives: each check still refuses it.
        _signed({"a": 1}),
        _signed(["1953-13-45", None, "d-001"]),
        _signed([None, 5, "d-001"]),
        _signed([None, None, ["d-001"]]),
        _signed([None, None, "d-001"], salt="another.salt"),
        "forged",  # a real cursor with its id changed, the signature left as it was
    ],
    ids=["garbage", "long", "object", "bad-date", "number-edtf", "list-id", "not-utf8"]
    + ["signed-object", "signed-bad-date", "signed-number-edtf", "signed-list-id"]
    + ["other-salt", "forged"],
)
def test_a_cursor_not_made_here_is_a_400_with_one_line(client, after):
    archive_with_ties()
    if after == "forged":
        real = client.get("/api/documents?page_size=3").json()["next"].split("after=")[1]
        after = unquote(real.split("&")[0])
        payload, signature = after.split(":", 1)
        raw = base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4))
        forged = raw.replace(b"d-0", b"d-9")
        assert forged != raw
        after = base64.urlsafe_b64encode(forged).decode().rstrip("=") + ":" + signature
    response = client.get("/api/documents", {"after": after})
    assert response.status_code == 400
    detail = response.json()["detail"]
    assert detail == "after must be a cursor from a list's next URL"


def test_a_page_has_one_cursor_whatever_the_time(monkeypatch):
    """A cursor names a place, not a moment: the same page links the same URL at any time (a
    timestamp in it would give a crawler a new URL a second, and caches nothing to share)."""
    key = keyset.Key(dt.date(1953, 7, 27), "1953-07-27", "d-001")
    monkeypatch.setattr(signing.time, "time", lambda: 1_000_000_000)
    first = keyset.encode(key)
    monkeypatch.setattr(signing.time, "time", lambda: 2_000_000_000)
    assert keyset.encode(key) == first


def test_a_cursor_reads_back_the_key_it_was_made_from():
    for key in [
        keyset.Key(dt.date(1953, 7, 27), "1953-07-27T10:00", "frus1952-54v15-d1"),
        keyset.Key(None, None, "wcda-208190"),
        keyset.Key(dt.date(1, 1, 1), "", "周恩来/1"),
    ]:
        assert keyset.decode(keyset.encode(key)) == key


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's query plans")
def test_a_page_after_a_cursor_is_read_from_an_index(client):
    """Each read of a cursor page seeks the date-order index: no scan from the first document,
    no sort (a page deep in a million documents costs what the first one does, where a page by
    number steps over every document before it)."""
    archive_by_day(3000)
    planner_stats.analyze()  # as an archive of this size has (planner_stats)
    deep = client.get("/api/documents?page=50&page_size=40").json()["next"]
    undated_no_edtf = client.get("/api/documents?page=66&page_size=40").json()["next"]
    undated_edtf = client.get("/api/documents?page=72&page_size=40").json()["next"]
    for url in [deep, undated_no_edtf, undated_edtf]:  # on SQLite, NULL sorts first
        response, statements = executed(lambda url=url: client.get(url))
        assert response.status_code == 200 and len(response.json()["results"]) == 40
        reads = [s for s in statements if " LIMIT " in s[0] and "archive_document" in s[0]]
        assert reads
        for sql, params in reads:
            found = plan(sql, params)
            assert found.startswith("SEARCH") and "document_status_date_order" in found, found
            assert "TEMP B-TREE" not in found, found


def test_the_schema_declares_the_cursor(client):
    operation = client.get("/api/openapi.json").json()["paths"]["/api/documents"]["get"]
    assert {"page", "page_size", "after"} <= {p["name"] for p in operation["parameters"]}
    assert "next" in operation["description"]


def test_page_numbers_reach_only_the_first_documents(client, monkeypatch):
    """A numbered page past MAX_OFFSET documents is a 400 that says to follow next, whatever
    the page size, before the database steps over them; a cursor reads on past it."""
    from sourcebook.api import documents

    archive_with_ties()
    monkeypatch.setattr(documents, "MAX_OFFSET", 6)
    assert client.get("/api/documents?page=2&page_size=5").status_code == 200
    assert client.get("/api/documents?page=3&page_size=3").status_code == 400
    response = client.get("/api/documents?page=2&page_size=6")
    assert response.status_code == 400 and "follow next" in response.json()["detail"]
    ids, _ = _walk(client, "/api/documents?page_size=5")
    assert len(ids) == 33
