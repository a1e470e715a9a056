"""Reads kept between the requests of the static edition (sourcebook.web.kept_reads): a
document's pages and exports load it and its related lists once, give the bytes they gave
without keeping, and never show a state older than the one their request began in."""

from __future__ import annotations

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext, override_settings

from sourcebook.archive import editing, publication
from sourcebook.archive.models import Document
from sourcebook.web import kept_reads

# The seed's page, its diplomatic view, its history, the current version and three exports.
URLS = [
    "/documents/208190/",
    "/documents/208190/?view=diplomatic",
    "/documents/208190/history/",
    "/documents/208190/v/1/",
    "/documents/208190/v/1/?view=diplomatic",
    "/documents/208190.json",
    "/documents/208190.tei.xml",
    "/documents/208190.bib",
]


def _get_all(client, kept=None):
    """Each URL's bytes, and the queries they took, keeping reads in ``kept`` when given."""
    bodies = []
    with CaptureQueriesContext(connection) as queries:
        for url in URLS:
            if kept is None:
                bodies.append(client.get(url).content)
            else:
                with kept_reads.keeping(kept):
                    bodies.append(client.get(url).content)
    return bodies, len(queries)


@override_settings(SOURCEBOOK_PAGE_CACHE=0)  # as in the edition: every view renders
def test_a_documents_urls_load_it_once_and_give_the_same_bytes(seed_doc):
    client = Client(HTTP_HOST="localhost")
    _get_all(client)  # citations rendered and stored: both runs below find them
    plain, plain_queries = _get_all(client)
    kept = kept_reads.Kept()
    keeping, keeping_queries = _get_all(client, kept)
    assert keeping == plain
    # Eighteen reads, five of them first: the document for the pages and exports (5 reads), for
    # the history and versions (3); the related lists and persons of the page, its diplomatic
    # view and the two version pages (4 each); the scans once per document object (2: the
    # page's, kept, holds them for its diplomatic view; the versions' another).
    assert kept.hits == 13
    assert keeping_queries < plain_queries - 15, (keeping_queries, plain_queries)


def test_outside_a_keeping_block_nothing_is_kept(seed_doc):
    kept = kept_reads.Kept()
    with kept_reads.keeping(kept):
        pass
    calls = []
    for _ in range(2):
        kept_reads.read("key", lambda: calls.append(1))
    assert calls == [1, 1] and kept.answers == {}


def test_a_change_between_requests_is_seen_by_the_next(seed_doc):
    client = Client(HTTP_HOST="localhost")
    kept = kept_reads.Kept()
    with kept_reads.keeping(kept):
        client.get("/documents/208190.json")
    editing.edit_document(seed_doc, {"title": "A corrected title"}, "tester", "Typo")
    with kept_reads.keeping(kept):
        body = client.get("/documents/208190.json").json()
    assert body["title"] == "A corrected title"

    publication.withdraw(Document.objects.get(public_id="208190"), "Duplicate", "tester")
    with kept_reads.keeping(kept):
        assert client.get("/documents/208190.json").status_code == 410
        assert client.get("/documents/208190/").status_code == 410


def test_a_write_during_the_request_reads_afresh(seed_doc):
    kept = kept_reads.Kept()
    with kept_reads.keeping(kept):
        assert kept_reads.read("title", lambda: "old") == "old"
        assert kept_reads.read("title", lambda: "new") == "old"  # kept
        Document.objects.filter(pk=seed_doc.pk).update(title="Changed")
        assert kept_reads.read("title", lambda: "new") == "new"


def test_the_least_recently_used_answer_goes_first(seed_doc):
    kept = kept_reads.Kept(most=2)
    with kept_reads.keeping(kept):
        for key in ("a", "b", "a", "c"):
            kept_reads.read(key, lambda key=key: key.upper())
    assert list(kept.answers) == ["a", "c"]
