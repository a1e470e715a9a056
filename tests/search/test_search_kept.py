"""What a warm search keeps (snippets, stored displays, parsed queries) is never stale, and what
it must not keep (the outbox count, the published check) is asked every time (issue 13)."""

from __future__ import annotations

from sourcebook.search import indexer, snippet_cache, snippets
from sourcebook.search.query import parse, parsed
from sourcebook.search.service import search

QUERIES = ["cotton", "Zhou Enlai", "周恩来", '"cotton deliveries"', "deliver*", "Mao"]
SNIPPET_KEYS = (
    "snippet",
    "highlights",
    "snippet_html",
    "snippet_source",
    "title_highlights",
    "title_html",
    "matched_variants",
    "matched_readings",
)


def _snippets(results) -> list[dict]:
    return [{k: r[k] for k in SNIPPET_KEYS} for r in results.results]


def _made_now(q: str, results) -> list[dict]:
    """The snippets of ``results`` made afresh from the index's stored displays."""
    engine = indexer.get_engine()
    by_id = {}
    searcher = engine.searcher
    for _, address in searcher.search(engine._query(_request(q)), 100).hits:
        display, _ = engine._view[2].read(searcher, address)
        by_id[display["id"]] = display
    matcher = snippets.Matcher(parse(q))
    return [snippets.make(by_id[r["id"]], matcher) for r in results.results]


def _request(q: str):
    from sourcebook.search.engine import Request

    return Request(plan=parse(q), limit=100)


def test_kept_snippets_are_the_ones_made_afresh(corpus):
    for q in QUERIES:
        first = search(q)
        hits = snippet_cache.CACHE.hits
        again = search(q)
        assert snippet_cache.CACHE.hits >= hits + len(again.results), q  # served kept
        assert _snippets(again) == _snippets(first) == _made_now(q, again), q


def test_a_commit_keeps_snippets_of_unchanged_documents(corpus):
    first = search("cotton")
    engine = indexer.get_engine()
    engine.write([], [], engine.position())  # a commit that changes no document
    hits = snippet_cache.CACHE.hits
    again = search("cotton")
    assert snippet_cache.CACHE.hits == hits + len(again.results)
    assert _snippets(again) == _snippets(first)


def test_an_edited_document_never_shows_its_old_snippet_or_title(corpus):
    """The snippet is kept by the stored text's digest: after the edit is indexed the old one
    (kept from the search before) must not come back."""
    from sourcebook.archive.editing import edit_document
    from sourcebook.archive.models import Document

    def result(q: str) -> dict:
        found = search(q)
        return next(r for r in found.results if r["id"] == "embassy-c1957")

    before = result("cotton")
    assert "delayed by the floods" not in before["snippet"]  # the summary matched best
    doc = Document.objects.get(public_id="embassy-c1957")
    edit_document(
        doc,
        {
            "title": "Note from the Soviet Embassy on Cotton and Tungsten",
            "summary": "An undated note about tungsten.",
            "texts.0.body": "The cotton deliveries are delayed by the floods; cotton is short.",
        },
        "tester",
    )
    waiting = search("cotton")
    assert waiting.pending == 1  # the edit is not searchable yet, and the page says so
    indexer.catch_up()
    after = result("cotton")
    assert after["title"] == "Note from the Soviet Embassy on Cotton and Tungsten"
    assert after["snippet"] == "The cotton deliveries are delayed by the floods; cotton is short."
    assert after["snippet_source"] == "Translation - English"
    assert after["snippet_html"].count("<mark>cotton</mark>") == 2
    assert after != before
    assert result("tungsten")["title_html"].endswith("<mark>Tungsten</mark>")


def test_a_caller_changing_a_result_does_not_change_the_next(corpus):
    first = search("cotton")
    for r in first.results:
        r["highlights"].append([0, 1])
        r["title_highlights"].clear()
        r["matched_variants"].append("x")
    assert _snippets(search("cotton")) == _made_now("cotton", first)


def test_pending_is_counted_on_every_search(corpus):
    """Nothing about freshness is kept: each new outbox event shows on the next search,
    with no commit to the index in between (a count kept per generation would stay 0)."""
    from sourcebook.archive.models import IndexEvent

    assert search("cotton").pending == 0
    IndexEvent.objects.create(public_id="embassy-c1957", action=IndexEvent.UPSERT)
    assert search("cotton").pending == 1
    IndexEvent.upsert_all(["undated-letter", "embassy-c1957"])
    assert search("cotton").pending == 3
    assert indexer.pending() == 3
    indexer.catch_up()
    assert search("cotton").pending == 0


def test_the_page_says_changes_are_waiting(corpus, client):
    from sourcebook.archive.models import IndexEvent

    page = client.get("/search/", {"q": "cotton"}).content.decode()
    assert "not yet searchable" not in page
    IndexEvent.upsert_all(["embassy-c1957", "undated-letter"])
    page = client.get("/search/", {"q": "cotton"}).content.decode()
    assert "2 changes not yet searchable" in page
    indexer.catch_up()
    assert "not yet searchable" not in client.get("/search/", {"q": "cotton"}).content.decode()


def test_withdrawn_document_is_checked_on_every_search(corpus):
    """The published check is asked each time: a record withdrawn between two identical
    searches (its event not applied yet) is gone from the second."""
    from sourcebook.archive import publication
    from sourcebook.archive.models import Document

    assert "embassy-c1957" in [r["id"] for r in search("cotton").results]
    publication.withdraw(Document.objects.get(public_id="embassy-c1957"), "duplicate", "tester")
    again = search("cotton")
    assert again.pending == 1
    assert [r["id"] for r in again.results] == ["undated-letter"]


def test_parsed_queries_are_kept_and_equal_to_parsing_again():
    for q in QUERIES + ["", '"unbalanced', "title:cotton -floods", "x" * 5000]:
        assert parsed(q) is parsed(q)
        assert parsed(q) == parse(q)
        assert parsed(q).key == repr(parse(q).clauses)
