"""The related section of the document page, the archival file page and the API's ``related``
over real HTTP (live server)."""

from __future__ import annotations

import html
import re

import pytest

from sourcebook.archive import ingest, publication
from sourcebook.archive.models import Document
from tests.conftest import SHARED
from tests.support.http import get, get_json

from .support import LETTER_ID, write_letter, write_seed

pytestmark = pytest.mark.django_db(transaction=True)


def _text(page: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", page)).split())


def _section(page: str, cls: str) -> str:
    m = re.search(rf'<section class="{cls}".*?</section>', page, re.S)
    assert m, cls
    return m.group(0)


@pytest.fixture
def pair(db, tmp_path):
    for path in (write_seed(tmp_path), write_letter(tmp_path)):
        assert [o.status for o in ingest.ingest_file(path)] == ["added"]


def test_reply_links_both_ways_and_the_file(live_server, pair):
    status, _, page = get(f"{live_server.url}/documents/208190/")
    assert status == 200
    thread = _section(page, "related-thread")
    assert "In reply to" in thread and "Replies" not in _text(thread)
    assert f'<a href="/documents/{LETTER_ID}/">Letter, Foreign Ministry Consular Affairs' in thread
    assert "(59) First Consular Affairs No. 6/48, September 24, 1959" in _text(thread)
    same = _text(_section(page, "same-file"))
    assert same.startswith("Same archival file p. 30-31 Letter, Foreign Ministry")
    assert "p. 33 Cable, Chinese Embassy" in same
    assert 'href="/documents/208190/file/"' in page
    _, _, back = get(f"{live_server.url}/documents/{LETTER_ID}/")
    replies = _section(back, "related-thread")
    assert "Replies" in replies and 'href="/documents/208190/"' in replies
    assert "(59) First Consular Affairs No. 6/48" in _text(replies)


def test_unresolved_reference_is_plain_text(live_server, db, tmp_path):
    ingest.ingest_file(write_seed(tmp_path))
    _, _, page = get(f"{live_server.url}/documents/208190/")
    thread = _section(page, "related-thread")
    assert "In reply to" not in thread
    assert "Unresolved references: (59) First Consular Affairs No. 6/48" in _text(thread)
    assert "<a " not in thread
    assert '<section class="same-file"' not in page  # a file of one document is no list


def test_archival_file_page_lists_the_whole_file_in_page_order(live_server, pair):
    status, _, page = get(f"{live_server.url}/documents/{LETTER_ID}/file/")
    assert status == 200
    text = _text(page)
    assert "Archival file: PRC FMA 118-01026-01" in text
    assert "2 documents from this file, in page order." in text
    assert text.index("p. 30-31") < text.index("p. 33")
    assert f'href="/documents/{LETTER_ID}/" aria-current="page"' in page


def test_file_page_answers_like_the_document(live_server, pair):
    assert get(f"{live_server.url}/documents/no-such/file/")[0] == 404
    publication.withdraw(Document.objects.get(public_id=LETTER_ID), "duplicate", "ann")
    assert get(f"{live_server.url}/documents/{LETTER_ID}/file/")[0] == 410
    _, _, page = get(f"{live_server.url}/documents/208190/file/")
    assert LETTER_ID not in page and "1 document from this file" in _text(page)
    _, _, seed = get(f"{live_server.url}/documents/208190/")
    assert LETTER_ID not in seed  # neither reply nor file lists the withdrawn letter


def test_api_related(live_server, pair):
    data = get_json(f"{live_server.url}/api/documents/208190")
    assert data["related"] == [
        {"id": LETTER_ID, "relation": "replies_to"},
        {"id": LETTER_ID, "relation": "same_file"},
    ]
    back = get_json(f"{live_server.url}/api/documents/{LETTER_ID}")
    assert back["related"] == [
        {"id": "208190", "relation": "replied_by"},
        {"id": "208190", "relation": "same_file"},
    ]
    schema = get_json(f"{live_server.url}/api/openapi.json")
    described = schema["paths"]["/api/documents/{public_id}"]["get"]["description"]
    assert all(word in described for word in ("`related`", "replies_to", "replied_by", "same_file"))


def test_frus_telegram_page_links_its_reply(live_server, db):
    ingest.ingest_file(SHARED / "corpus" / "frus" / "frus1955-57v03.xml")
    _, _, page = get(f"{live_server.url}/documents/frus1955-57v03-d18/")
    thread = _section(page, "related-thread")
    assert 'href="/documents/frus1955-57v03-d16/"' in thread
    assert 'href="/documents/frus1955-57v03-d17/"' in thread
    assert "Unresolved references: Your 417" in _text(thread)
    data = get_json(f"{live_server.url}/api/documents/frus1955-57v03-d16")
    assert {"id": "frus1955-57v03-d18", "relation": "replied_by"} in data["related"]
