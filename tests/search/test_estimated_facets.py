"""Facet counts estimated from a fixed sample for searches matching very many documents
(:mod:`sourcebook.search.facet_counting`), exact everywhere else and whenever asked."""

from __future__ import annotations

import datetime as dt
import random
import re
from collections import Counter

import pytest

from sourcebook.search.documents import IndexDoc
from sourcebook.search.engine import Request
from sourcebook.search.query import parse
from sourcebook.search.tantivy_engine import sample_tokens

from .conftest import ids

N = 2000
LANGUAGES = ["English"] * 6 + ["Russian"] * 3 + ["Chinese"]


def _doc(i: int, rng: random.Random) -> IndexDoc:
    words = ["common"]
    if i < 10:
        words.append("rare")
    words.append("alpha" if i % 2 else "beta")
    if i % 100 == 0:
        words.append("alpha beta")  # both words in 20 documents
    return IndexDoc(
        id=f"doc-{i:05d}",
        title=f"Memorandum {i}",
        summary="",
        texts=[{"kind": "transcript", "language": "en", "label": "", "body": " ".join(words)}],
        earliest=dt.date(1950 + i % 10, 1, 1),
        latest=dt.date(1950 + i % 10, 1, 1),
        approximate=False,
        date_text=str(1950 + i % 10),
        date_edtf=str(1950 + i % 10),
        facets={"language": [rng.choice(LANGUAGES)], "decade": ["1950s"]},
        pk=i + 1,
    )


@pytest.fixture
def engine():
    from sourcebook.search.indexer import get_engine

    rng = random.Random(1959)
    docs = [_doc(i, rng) for i in range(N)]
    engine = get_engine()
    engine.index(docs)
    engine.refresh()
    truth = Counter(d.facets["language"][0] for d in docs)
    return engine, truth, docs


def _search(engine, q: str, above: int, **kw):
    request = Request(plan=parse(q), facets=["language", "decade"], estimate_above=above, **kw)
    return engine.search(request)


def test_a_broad_search_is_estimated_and_says_so(engine):
    engine, truth, docs = engine
    found = _search(engine, "common", above=1000)
    assert found.sample_rate == 16
    assert found.total == N  # the total stays exact
    # every document is of the 1950s: 141 sampled × 16 would say 2,256, more than match
    assert dict(found.facets["decade"]) == {"1950s": N}
    sampled = [d for d in docs if "16" in sample_tokens(d.id)]
    expected = Counter(d.facets["language"][0] for d in sampled)
    assert dict(found.facets["language"]) == {k: v * 16 for k, v in expected.items()}
    for value, count in found.facets["language"]:
        assert abs(count - truth[value]) <= 0.5 * truth[value], (value, count, truth[value])
    again = _search(engine, "common", above=1000)  # kept for the generation, still marked
    assert again.sample_rate == 16 and again.facets == found.facets


def test_exact_when_asked_narrow_or_small(engine):
    engine, truth, docs = engine
    exact = _search(engine, "common", above=0)
    assert exact.sample_rate == 0 and dict(exact.facets["language"]) == dict(truth)
    # bound from term counts under the threshold: no sample at all
    rare = _search(engine, "rare", above=1000)
    assert rare.sample_rate == 0 and rare.total == 10
    assert sum(c for _, c in rare.facets["language"]) == 10
    # each word is common, both together are not: the sample shows it, counted exactly
    both = _search(engine, "alpha beta", above=1000)
    assert both.sample_rate == 0 and both.total == 20
    assert sum(c for _, c in both.facets["language"]) == 20
    # an index smaller than the threshold is never sampled
    assert _search(engine, "common", above=N + 1).sample_rate == 0


def test_the_sample_holds_one_document_in_16_by_id():
    chosen = [i for i in range(16_000) if "16" in sample_tokens(f"doc-{i}")]
    assert 850 <= len(chosen) <= 1150
    tokens = [sample_tokens(f"doc-{i}") for i in range(50_000)]
    assert all("16" in t for t in tokens if "256" in t)  # one in 256 is part of one in 16
    assert sample_tokens("doc-7") == sample_tokens("doc-7")


@pytest.mark.django_db
def test_page_api_and_cli_say_estimated_and_count_exactly_on_request(corpus, client, settings):
    """The small corpus holds one document of the sample: a threshold of 1 estimates a browse."""
    from sourcebook.search.service import search

    settings.SOURCEBOOK_SEARCH_ESTIMATE_ABOVE = 1
    data = client.get("/api/search", {"facets": "decade"}).json()
    assert data["facets_estimated"] is True and data["facet_sample_rate"] == 16
    assert all(b["count"] % 16 == 0 for b in data["facets"]["decade"] if b["count"] < data["total"])
    assert all(b["count"] <= data["total"] for b in data["facets"]["decade"])
    exact = client.get("/api/search", {"facets": "decade", "exact": "1"}).json()
    assert exact["facets_estimated"] is False and exact["facet_sample_rate"] is None
    assert exact["facets"] == search("", facets=["decade"], exact=True).facets
    assert sum(b["count"] for b in exact["facets"]["decade"]) == len(corpus) - 1  # one undated
    assert data["total"] == exact["total"] == len(corpus)

    page = client.get("/search/", {"facets": "decade"}).content.decode()
    assert "≈" in page and "Count exactly" in page and "exact=1" in page
    page = client.get("/search/", {"facets": "decade", "exact": "1"}).content.decode()
    assert "≈" not in page and "Count exactly" not in page
    # the timeline's bars say so too, and claim no number of undated documents
    page = client.get("/search/").content.decode()
    assert re.search(r"<title>[^<]*: ≈\d+ documents?</title>", page)
    assert "undated document" not in page
    page = client.get("/search/", {"exact": "1"}).content.decode()
    assert "≈" not in page and "1 undated document" in page

    settings.SOURCEBOOK_SEARCH_ESTIMATE_ABOVE = 0
    assert search("", facets=["decade"]).sample_rate == 0
    assert ids(search("", facets=["decade"])) == ids(search("", facets=["decade"], exact=True))


def _bound(engine, q: str, filters=None) -> int:
    from sourcebook.search import match_bound
    from sourcebook.search.tantivy_engine import SCOPE_FIELDS, SCOPE_KEYS

    searcher = engine.searcher
    return match_bound.upper_bound(
        parse(q), filters or {}, searcher.doc_freq, searcher.num_docs, SCOPE_FIELDS, SCOPE_KEYS
    )


def test_the_bound_is_never_below_the_matches_and_tight_for_rare_words(engine):
    engine, _, _ = engine
    for q in [
        "common",
        "rare",
        "alpha beta",
        '"alpha beta"',
        "alpha OR rare",
        "comm*",
        "-rare",
        "",
    ]:
        total = _search(engine, q, above=0).total
        assert _bound(engine, q) >= total, q
    assert _bound(engine, "rare") <= 50
    assert _bound(engine, "common", {"language": ["Chinese"]}) < N / 2


@pytest.mark.django_db
def test_the_bound_holds_for_names_in_every_rendering(names_corpus):
    from sourcebook.search.indexer import get_engine

    from .test_names import GROUPS

    engine = get_engine()
    engine.refresh()
    for renderings, _, _ in GROUPS:
        for text in renderings:
            total = _search(engine, text, above=0).total
            assert 1 <= total <= _bound(engine, text), text
