"""Name-key shingles: a name query of two or three keys is one term query, and finds exactly
the documents the phrase query on the keys finds (:func:`sourcebook.search.analysis.key_shingles`)."""

from __future__ import annotations

import pytest

from sourcebook.search import analysis

from .test_names import GROUPS

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(not analysis.names_available(), reason="names module not merged"),
]


def test_shingles_of_a_stream():
    stream = "_ zh:zhou zh:en zh:lai _ zh:mao _ zh:kang zh:sheng"
    assert analysis.key_shingles(stream).split() == [
        "zh:zhou+zh:en",
        "zh:en+zh:lai",
        "zh:zhou+zh:en+zh:lai",
        "zh:kang+zh:sheng",
    ]
    assert analysis.key_shingles("_ zh:mao _") == ""
    # a key holding the joining character breaks the run: no shingle could be told apart
    assert analysis.key_shingles("ru:a ru:b+c ru:d ru:e") == "ru:d+ru:e"


def test_one_shingle_per_short_phrase():
    assert analysis.shingle(["ko:kim", "ko:il", "ko:song"]) == "ko:kim+ko:il+ko:song"
    assert analysis.shingle(["ko:kim"]) == "^ko:kim"  # where the key begins a word
    assert analysis.shingle(["_"]) is None
    assert analysis.shingle(["ru:a", "ru:b", "ru:c", "ru:d"]) is None
    assert analysis.shingle(["zh:zhou", "_"]) is None
    assert analysis.shingle(["x" * 60, "y" * 60]) is None  # longer than the index keeps


def _phrases() -> list[list[str]]:
    """Every run of two and three keys in the corpus's titles, summaries and texts, runs that
    span a placeholder (which must find nothing) and the key phrases of every test query."""
    from sourcebook.archive.models import Document, Text

    sources = [(t.body, t.language) for t in Text.objects.all()]
    sources += [(d.title, None) for d in Document.objects.all()]
    sources += [(d.summary, None) for d in Document.objects.all()]
    found: set[tuple[str, ...]] = set()
    for text, language in sources:
        for stream in analysis.name_streams(text, language):
            keys = stream.split()
            for n in (2, 3):
                found.update(tuple(keys[i : i + n]) for i in range(len(keys) - n + 1))
    across = {(a[-1], b[0]) for a in found for b in found if a[-1] != "_" and b[0] != "_"}
    found |= set(list(across)[:200])
    for renderings, _, _ in GROUPS:
        for text in renderings:
            for match in analysis.query_names(text.split()):
                found.update(tuple(p) for p in match.phrases)
    return [list(p) for p in sorted(found) if len(p) in (2, 3)]


def test_shingle_finds_what_the_phrase_finds(names_corpus):
    import tantivy

    from sourcebook.search.indexer import get_engine
    from sourcebook.search.tantivy_engine import KEY_FIELDS

    engine = get_engine()
    engine.refresh()
    searcher = engine.searcher

    def found(query) -> set[str]:
        return {engine.stored_id(a) for _, a in searcher.search(query, limit=10_000).hits}

    phrases = _phrases()
    compared = nonempty = 0
    for phrase in phrases:
        if "_" in phrase:
            continue
        for fname in KEY_FIELDS:
            by_phrase = found(tantivy.Query.phrase_query(engine.schema, fname, phrase))
            by_shingle = found(engine._key_query(fname, phrase))
            assert by_shingle == by_phrase, (fname, phrase)
            compared += 1
            nonempty += bool(by_phrase)
    assert compared > 300 and nonempty > 100, (compared, nonempty)


def test_a_short_name_phrase_is_a_term_query():
    from sourcebook.search.indexer import get_engine

    engine = get_engine()
    assert repr(engine._key_query("names", ["zh:zhou", "zh:en", "zh:lai"])).startswith(
        "Query(TermQuery"
    )
    assert repr(engine._key_query("person_keys", ["ko:kim", "ko:il"])).startswith("Query(TermQuery")
    long = ["ru:nikita", "ru:sergeevich", "ru:hrushchev", "ru:x"]
    assert repr(engine._key_query("names", long)).startswith("Query(PhraseQuery")
