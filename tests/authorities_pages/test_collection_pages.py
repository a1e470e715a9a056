"""A collection's page and API list its documents a page at a time (a collection of 100,000
made one page of 12 MB in 1.4 s); its TEI corpus is made on request only up to a size (21 s
and 56 MB at 100,000), past which the page and the refusal name the command that exports it."""

from __future__ import annotations

import re

import pytest

from sourcebook.archive.models import Collection, Document
from sourcebook.authorities import queries

pytestmark = pytest.mark.django_db

LINK = re.compile(r'<a href="/documents/([^/]+)/">')


def _volume(chapters: bool = True) -> Collection:
    """25 documents, three chapters (one with only a draft), three in no chapter, a draft."""
    coll = Collection.objects.create(slug="vol", name="A Volume")
    docs = [Document(public_id=f"v-{i:02d}", title=f"Doc {i}", collection=coll) for i in range(25)]
    docs[7].status = Document.DRAFT
    Document.objects.bulk_create(docs)
    if chapters:
        coll.data = {
            "chapters": [
                {"id": "ch1", "title": "One", "documents": [f"v-{i:02d}" for i in (5, 3, 1, 7)]},
                {"id": "ch2", "title": "Empty", "documents": ["v-07"]},
                {"id": "ch3", "title": "Three", "documents": [f"v-{i:02d}" for i in range(8, 25)]},
            ]
        }
        coll.save()
    return coll


def _expected(chapters: bool = True) -> list[str]:
    if not chapters:
        return [f"v-{i:02d}" for i in range(25) if i != 7]
    return [
        "v-05",
        "v-03",
        "v-01",
        *[f"v-{i:02d}" for i in range(8, 25)],
        "v-00",
        "v-02",
        "v-04",
        "v-06",
    ]


@pytest.mark.parametrize("chapters", [True, False], ids=["volume", "records"])
def test_the_pages_list_every_live_document_once_in_volume_order(client, monkeypatch, chapters):
    monkeypatch.setattr(queries, "OUTLINE_PAGE", 10)
    _volume(chapters)
    ids, page = [], 1
    while True:
        body = client.get(f"/collections/vol/?page={page}").content.decode()
        ids += LINK.findall(body)
        assert f"Page {page} of 3" in body
        if 'rel="next"' not in body:
            break
        page += 1
    assert ids == _expected(chapters) and page == 3
    api = [client.get(f"/api/collections/vol?page={n}").json() for n in (1, 2, 3)]
    assert [d["id"] for p in api for ch in p["chapters"] for d in ch["documents"]] == ids
    assert [(p["page"], p["pages"], p["total"]) for p in api] == [(n, 3, 24) for n in (1, 2, 3)]
    if chapters:  # a chapter that goes on over a page is named again on the next
        assert [ch["title"] for ch in api[1]["chapters"]] == ["Three"]
        assert [ch["title"] for ch in api[2]["chapters"]] == ["Other documents"]


def test_one_page_keeps_every_chapter_as_the_volume_has_them(client):
    _volume()
    api = client.get("/api/collections/vol").json()
    assert [ch["title"] for ch in api["chapters"]] == ["One", "Empty", "Three", "Other documents"]
    assert api["chapters"][1]["documents"] == [] and api["pages"] == 1
    assert LINK.findall(client.get("/collections/vol/").content.decode()) == _expected()


def test_a_bad_page_is_the_first_on_the_page_and_a_400_in_the_api(client):
    _volume()
    assert LINK.findall(client.get("/collections/vol/?page=x").content.decode()) == _expected()
    assert client.get("/api/collections/vol?page=0").status_code == 400


def test_the_tei_corpus_is_made_on_request_only_up_to_its_limit(client, monkeypatch, settings):
    settings.SOURCEBOOK_PAGE_CACHE = 0  # the page read again under another limit
    _volume()
    monkeypatch.setattr(queries, "WEB_CORPUS_LIMIT", 24)
    assert client.get("/collections/vol.tei.xml").status_code == 200
    assert 'href="/collections/vol.tei.xml"' in client.get("/collections/vol/").content.decode()
    monkeypatch.setattr(queries, "WEB_CORPUS_LIMIT", 23)
    refused = client.get("/collections/vol.tei.xml")
    assert refused.status_code == 403
    assert refused.content.decode().count("\n") == 1
    assert "sourcebook export-collection vol" in refused.content.decode()
    page = client.get("/collections/vol/").content.decode()
    assert 'href="/collections/vol.tei.xml"' not in page and "export-collection vol" in page
