"""A page of hits (count and addresses) kept per index generation, as its facet counts are:
a repeated request is answered without asking Tantivy again, a commit drops what was kept, and
the page, size and order are part of what is kept."""

from __future__ import annotations

from sourcebook.search.documents import DEFAULT_FACETS
from sourcebook.search.service import search

from .conftest import ids
from .corpus import polish_note


def _engine():
    from sourcebook.search.indexer import get_engine

    return get_engine()


def test_a_repeated_search_is_answered_from_kept_hits(corpus):
    engine = _engine()
    counted = len(engine.facets_present(engine.searcher) & set(DEFAULT_FACETS))
    first = search("cotton")
    hits, misses = engine.facet_cache.hits, engine.facet_cache.misses
    again = search("cotton")
    assert engine.facet_cache.hits == hits + counted + 1  # every facet and the page of hits
    assert engine.facet_cache.misses == misses
    assert (again.total, ids(again)) == (first.total, ids(first)) and first.total == 2
    assert [r["score"] for r in again.results] == [r["score"] for r in first.results]


REQUESTS = [
    {"sort": "date", "page_size": 100},
    {"sort": "-date", "page_size": 100},
    *({"sort": "date", "page": p, "page_size": 2} for p in (1, 2, 3)),
    {"q": "cotton", "sort": "relevance"},
    {"q": "cotton", "sort": "-date"},
]


def _answer(request: dict) -> tuple:
    found = search(request.get("q", ""), **{k: v for k, v in request.items() if k != "q"})
    return found.total, ids(found)


def test_page_size_and_order_are_kept_apart(corpus):
    """Each request's first answer (asked of Tantivy) and its second (kept) are the same, so
    no page, size or order is served another's hits."""
    engine = _engine()
    first = [_answer(r) for r in REQUESTS]
    hits = engine.facet_cache.hits
    assert [_answer(r) for r in REQUESTS] == first
    assert engine.facet_cache.hits > hits
    assert first[0][1] != first[1][1] and first[2][1] != first[3][1] != first[4][1]
    assert sum((f[1] for f in first[2:5]), []) == first[0][1][:6]


def test_a_commit_drops_kept_hits(corpus, tmp_path):
    from sourcebook.archive import ingest
    from sourcebook.search import indexer

    before = search("cotton")
    assert search("cotton").total == before.total == 2  # the second from what was kept
    path = polish_note(tmp_path)
    [outcome] = ingest.ingest_file(path)
    assert outcome.status == "added"
    indexer.catch_up()
    after = search("cotton")
    assert after.total == 3
    assert set(ids(after)) == set(ids(before)) | {outcome.id}


def test_the_total_is_the_same_however_it_was_counted(corpus):
    """Counted by the facets' aggregation (first sight), kept from it (the next page), or
    counted with the hits (no facets asked): always the number of matches."""
    from sourcebook.search.engine import Request
    from sourcebook.search.query import parse

    engine = _engine()
    for q, filters in [("", {}), ("cotton", {}), ("", {"language": ["Korean"]}), ("zzz", {})]:
        query = engine._query(Request(plan=parse(q), filters=filters))
        matches = engine.searcher.search(query, limit=1, count=True).count
        first = search(q, filters=filters, page_size=1)
        assert first.total == matches, q
        assert search(q, filters=filters, page=2, page_size=1).total == matches, q
        assert search(q, filters=filters, page=3, facets=[], page_size=1).total == matches, q


def test_a_forked_process_counts_facets(corpus):
    """A pool made before a fork has no threads in the child: the child must make its own,
    or its first search waits for ever (``serve --workers`` forks)."""
    import os

    from sourcebook.search import facet_counting

    search("cotton")  # the parent's pool now exists
    assert facet_counting._pool is not None
    pid = os.fork()
    if pid == 0:  # the child: a new generation, so the facets are counted again
        code = 1
        try:
            _engine().facet_cache.new_generation()
            found = facet_counting.start(_engine().searcher, *_cotton(), budget=10.0)
            code = 0 if found.result(timeout=20).total == 2 else 1
        finally:
            os._exit(code)
    _, status = os.waitpid(pid, 0)
    assert os.waitstatus_to_exitcode(status) == 0


def _cotton():
    from sourcebook.search.engine import Request
    from sourcebook.search.query import parse

    request = Request(plan=parse("cotton"))
    return _engine()._query(request), request, ["language"]
