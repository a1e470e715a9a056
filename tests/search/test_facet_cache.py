"""Facet counts kept per index generation: the same as counted fresh, never stale after a
commit; and ``facets=`` on the API and the search page."""

from __future__ import annotations

import threading

import pytest

from sourcebook.search.documents import DEFAULT_FACETS, FACETS
from sourcebook.search.facet_cache import FacetCache
from sourcebook.search.service import search

from .corpus import polish_note

REQUESTS = [
    ("", {}),  # browse
    ("", {"language": ["Korean"]}),  # filter-only
    ("", {"decade": ["1950s"], "translator": ["Sarah Park"]}),
    ("", {"person": ["Zhou Enlai"]}),
    ("Zhou Enlai", {}),
    ("cotton", {}),
    ("border -troops", {"decade": ["1950s"]}),
]


def _fresh(q: str, filters: dict) -> dict[str, list[tuple[str, int]]]:
    """Every facet counted now by Tantivy's aggregation, bypassing the cache."""
    from sourcebook.search.engine import Request
    from sourcebook.search.facet_counting import count
    from sourcebook.search.indexer import get_engine
    from sourcebook.search.query import parse

    engine = get_engine()
    request = Request(plan=parse(q), filters=filters)
    query, names = engine._query(request), list(DEFAULT_FACETS)
    counted = count(engine.searcher, query, request, names, budget=10.0).facets
    return {n: sorted(b, key=lambda x: (-x[1], x[0])) for n, b in counted.items() if b}


def _counts(results) -> dict[str, list[tuple[str, int]]]:
    return {
        n: sorted(((f["value"], f["count"]) for f in v), key=lambda x: (-x[1], x[0]))
        for n, v in results.facets.items()
        if v
    }


def test_cached_counts_equal_fresh_counts(corpus):
    from sourcebook.search.indexer import get_engine

    engine = get_engine()
    cache, present = engine.facet_cache, engine.facets_present(engine.searcher)
    for q, filters in REQUESTS:
        first = search(q, filters=filters)
        hits = cache.hits
        again = search(q, filters=filters, page=2)  # another page: the same counts, kept
        # every counted facet kept, and the total (page 2's hits are not)
        assert cache.hits == hits + len(present & set(DEFAULT_FACETS)) + 1, (q, filters)
        assert _counts(again) == _counts(first) == _fresh(q, filters), (q, filters)
        # Filters in another order, repeated: one request, one set of counts.
        swapped = {k: list(reversed(v)) * 2 for k, v in reversed(filters.items())}
        assert _counts(search(q, filters=swapped)) == _counts(first)


def test_a_commit_drops_the_counts(corpus, tmp_path):
    """Counts change with the index: a cache that outlived the commit would fail this."""
    from sourcebook.archive import ingest
    from sourcebook.search import indexer

    def language() -> dict[str, int]:
        return {f["value"]: f["count"] for f in search("").facets["language"]}

    def polish_hits() -> int:
        return search("", filters={"language": ["Polish"]}).total

    before, generation = language(), indexer.get_engine().facet_cache.generation
    assert language() == before and "Polish" not in before  # now served from the cache
    path = polish_note(tmp_path)
    assert ingest.ingest_file(path)[0].status == "added"
    indexer.catch_up()
    after = language()
    assert after == {**before, "Polish": 1}
    assert indexer.get_engine().facet_cache.generation > generation
    assert polish_hits() == 1
    cotton = {f["value"]: f["count"] for f in search("cotton").facets["repository"]}
    assert cotton["AAN"] == 1


def test_person_facet_is_cached_as_counted(corpus):
    """One value per authority, candidates left out: the same from the cache as counted."""
    first = search("", facets=["person"])
    again = search("", facets=["person"])
    assert first.facets == again.facets and list(again.facets) == ["person"]
    assert _counts(again)["person"] == _fresh("", {})["person"]


def test_threads_share_the_cache(corpus):
    expected = [_counts(search(q, filters=f)) for q, f in REQUESTS]
    errors: list[str] = []

    def run() -> None:
        from django.db import connection

        try:
            for _ in range(5):
                for i, (q, filters) in enumerate(REQUESTS):
                    if _counts(search(q, filters=filters)) != expected[i]:
                        errors.append(q)
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []


def test_the_cache_is_bounded_and_keyed_by_generation():
    cache = FacetCache(size=2)
    generation = cache.generation
    for i in range(3):
        cache.put((generation, i), generation, [("x", i)])
    assert len(cache) == 2 and cache.get((generation, 0)) is None
    assert cache.get((generation, 2)) == [("x", 2)]
    old = cache.generation
    new = cache.new_generation()
    assert len(cache) == 0 and new != old
    cache.put((old, 9), old, [("stale", 1)])  # counted on the old searcher: not kept
    assert len(cache) == 0


# facets= --------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_api_facets_parameter_selects_and_refuses(client, corpus):
    data = client.get("/api/search", {"q": "cotton", "facets": "person,decade"}).json()
    assert list(data["facets"]) == ["decade", "person"] and data["total"] == 2
    data = client.get("/api/search", {"q": "cotton", "facets": ""}).json()
    assert data["facets"] == {} and data["total"] == 2
    data = client.get("/api/search", {"q": "cotton"}).json()
    assert list(data["facets"]) == list(DEFAULT_FACETS)
    response = client.get("/api/search", {"q": "cotton", "facets": "decade,colour"})
    assert response.status_code == 400
    detail = response.json()["detail"]
    assert detail.startswith("unknown facet 'colour' in facets=") and "\n" not in detail
    schema = client.get("/api/openapi.json").json()
    [param] = [
        p for p in schema["paths"]["/api/search"]["get"]["parameters"] if p["name"] == "facets"
    ]
    assert "unknown name is a 400" in param["description"]


@pytest.mark.django_db
def test_search_page_facets_parameter(client, corpus):
    import re

    def sidebar(params: dict) -> list[str]:
        page = client.get("/search/", params).content.decode()
        return re.findall(r'data-facet="([a-z_]+)"', page)

    assert sidebar({"facets": "language,decade"}) == ["decade", "language"]
    assert sidebar({}) == [n for n in sidebar({}) if n in FACETS] and len(sidebar({})) >= 8
    assert sidebar({"facets": ""}) == []
    page = client.get("/search/", {"q": "cotton", "facets": "language"}).content.decode()
    assert "facets=language" in page  # the links of the page keep the choice
    assert '<input type="hidden" name="facets" value="language">' in page
    response = client.get("/search/", {"facets": "colour"})
    assert response.status_code == 400
    body = response.content.decode()
    assert body.startswith("unknown facet 'colour'") and body.count("\n") == 1
