"""Word pairs: a phrase of a word field is looked up through the pairs field beside it, and finds
exactly the documents the phrase query on positions finds (:func:`sourcebook.search.analysis.word_pairs`)."""

from __future__ import annotations

import datetime as dt
import random

import pytest
import tantivy
from hypothesis import given, settings
from hypothesis import strategies as st

from sourcebook.search import analysis
from sourcebook.search.documents import IndexDoc
from sourcebook.search.engine import Request
from sourcebook.search.query import parse
from sourcebook.search.tantivy_engine import PAIRS, WORD_FIELDS

pytestmark = pytest.mark.django_db

# A small vocabulary, so that most runs of words recur in many documents (as in the benchmark),
# with CJK words (bigram tokens), accented words and words near the index's length limit.
VOCAB = [
    "armistice",
    "talks",
    "peaceful",
    "coexistence",
    "the",
    "of",
    "Pyŏngyang",
    "Chou",
    "En-lai",
    "周恩来",
    "金日成",
    "평양",
    "停战谈判",
    "a" * 49,
    "b" * 50,
    "c" * 100,  # left out by the index: a phrase never runs across it
    "é" * 30,
]


def _text(rng: random.Random, words: int) -> str:
    return " ".join(rng.choice(VOCAB) for _ in range(words))


def _doc(i: int, rng: random.Random) -> IndexDoc:
    # Several texts and a citation: a phrase never runs from one value of a field into the next.
    texts = [
        {"kind": "transcript", "language": "en", "label": "", "body": _text(rng, 12)}
        for _ in range(rng.randint(1, 3))
    ]
    return IndexDoc(
        id=f"doc-{i:04d}",
        title=_text(rng, 4),
        summary=_text(rng, rng.randint(0, 6)),
        texts=texts,
        earliest=dt.date(1953, 7, 27),
        latest=dt.date(1953, 7, 27),
        approximate=False,
        date_text="1953",
        date_edtf="1953",
        citation=_text(rng, 3),
        persons=[_text(rng, 2)],
        places=[_text(rng, 1), _text(rng, 2)],
        pk=i + 1,
    )


@pytest.fixture
def engine():
    from sourcebook.search.indexer import get_engine

    rng = random.Random(1953)
    docs = [_doc(i, rng) for i in range(300)]
    engine = get_engine()
    engine.index(docs)
    engine.refresh()
    return engine, docs


def _runs(docs: list[IndexDoc]) -> set[tuple[str, ...]]:
    """Every run of two, three and four index tokens in the documents' values, and pairs that
    only occur across two values (which must find nothing)."""
    found: set[tuple[str, ...]] = set()
    ends = set()
    for d in docs:
        values = [d.title, d.summary, d.citation, *d.persons, *d.places]
        values += [t["body"] for t in d.texts]
        for value in values:
            tokens = analysis.index_text(value).split()
            for n in (2, 3, 4):
                found.update(tuple(tokens[i : i + n]) for i in range(len(tokens) - n + 1))
            if tokens:
                ends.add((tokens[-1], tokens[0]))
    return found | ends


def test_a_pair_finds_what_the_phrase_finds(engine):
    engine, docs = engine
    searcher = engine.searcher

    def found(query) -> set[str]:
        return {engine.stored_id(a) for _, a in searcher.search(query, limit=10_000).hits}

    compared = nonempty = by_term = 0
    for run in sorted(_runs(docs)):
        tokens = list(run)
        for fname in WORD_FIELDS:
            by_phrase = found(tantivy.Query.phrase_query(engine.schema, fname, tokens))
            query = engine._field_query(fname, tokens, False)
            assert found(query) == by_phrase, (fname, tokens)
            compared += 1
            nonempty += bool(by_phrase)
            by_term += repr(query).startswith("Query(TermQuery")
    # Enough runs, most of them found somewhere, and pairs too long to index among them.
    assert compared > 5000 and nonempty > 1000 and by_term > 1000, (compared, nonempty, by_term)


def test_a_two_word_phrase_is_one_term_and_a_longer_one_is_narrowed_by_its_pairs(engine):
    engine, _ = engine
    assert repr(engine._field_query("body", ["armistice", "talks"], False)).startswith(
        "Query(TermQuery"
    )
    three = repr(engine._field_query("title", ["peaceful", "coexistence", "talks"], False))
    assert three.startswith("Query(BooleanQuery") and "PhraseQuery" in three
    assert three.count("Const(score=0") == 2
    repeated = repr(engine._field_query("body", ["the", "of", "the", "of", "the"], False))
    assert repeated.count("Const(score=0") == 2  # each distinct pair once
    # A pair the index cannot hold (100 bytes or more) leaves the phrase on positions alone.
    assert repr(engine._field_query("body", ["b" * 50, "b" * 50], False)).startswith(
        "Query(PhraseQuery"
    )
    # Name-key fields keep their own shingles; prefixes stay phrase prefixes.
    assert repr(engine._field_query("names", ["zh:zhou", "zh:en"], False)).startswith(
        "Query(PhraseQuery"
    )
    assert "PhrasePrefix" in repr(engine._field_query("body", ["armistice", "ta"], True))


def test_search_finds_phrases_through_pairs(engine):
    engine, docs = engine

    def has(d: IndexDoc, phrase: str) -> bool:
        values = [d.title, d.summary, d.citation, *d.persons, *d.places]
        values += [t["body"] for t in d.texts]
        want = analysis.index_text(phrase).split()
        for value in values:
            tokens = analysis.index_text(value).split()
            if any(tokens[i : i + len(want)] == want for i in range(len(tokens))):
                return True
        return False

    # Phrases that are not names (a name is found in every script and romanization as well).
    for phrase in ["armistice talks", "peaceful coexistence of", "the of the", "停战谈判"]:
        results = engine.search(Request(plan=parse(f'"{phrase}"'), limit=1000))
        expected = {d.id for d in docs if has(d, phrase)}
        assert expected and {h.id for h in results.hits} == expected, phrase
        assert results.total == len(expected)


def test_the_index_keeps_tokens_under_one_hundred_bytes():
    """Pins the analyzer's limit that :func:`analysis.kept` mirrors: a pair the index drops must
    not be asked for as a term."""
    from sourcebook.search.tantivy_engine import TOKENIZER, _analyzer

    sb = tantivy.SchemaBuilder()
    sb.add_text_field("t", tokenizer_name=TOKENIZER, index_option="freq")
    schema = sb.build()
    index = tantivy.Index(schema)
    index.register_tokenizer(TOKENIZER, _analyzer())
    writer = index.writer(15_000_000, 1)
    tokens = ["a" * 99, "a" * 100, "é" * 49 + "a", "é" * 50, "x+y"]
    for token in tokens:
        doc = tantivy.Document()
        doc.add_text("t", token)
        writer.add_document(doc)
    writer.commit()
    index.reload()
    searcher = index.searcher()
    for token in tokens:
        count = searcher.search(tantivy.Query.term_query(schema, "t", token), 1, count=True).count
        assert bool(count) == analysis.kept(token), token


def test_pairs_of_a_value():
    assert analysis.word_pairs("armistice talks began") == "armistice+talks talks+began"
    assert analysis.word_pairs("周恩 恩来") == "周恩+恩来"
    assert analysis.word_pairs("alone") == "" and analysis.word_pairs("") == ""
    long = "b" * 50
    assert analysis.word_pairs(f"a {long} {long} c") == f"a+{long} {long}+c"
    assert analysis.phrase_pairs(["a", long, long]) == [f"a+{long}"]


_TOKEN = st.text(
    alphabet=st.characters(categories=["Ll", "Lo", "Nd"]), min_size=1, max_size=40
).filter(lambda t: " " not in t)


@settings(max_examples=300, deadline=None)
@given(st.lists(_TOKEN, max_size=12))
def test_pairs_are_every_kept_pair_of_consecutive_tokens(tokens):
    naive = [f"{a}+{b}" for a, b in zip(tokens, tokens[1:], strict=False)]
    assert analysis.word_pairs(" ".join(tokens)).split() == [p for p in naive if analysis.kept(p)]


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=200))
def test_index_tokens_hold_no_space_and_no_join(text):
    """What makes a pair read back one way only (``a+b`` + ``c`` never equals ``a`` + ``b+c``)."""
    for token in analysis.index_text(text).split(" "):
        assert analysis.SHINGLE_JOIN not in token and not any(c.isspace() for c in token)


def test_a_phrase_bound_counts_its_pairs(engine):
    from sourcebook.search import match_bound
    from sourcebook.search.tantivy_engine import SCOPE_FIELDS, SCOPE_KEYS

    engine, docs = engine
    searcher = engine.searcher

    def bound(q: str) -> int:
        return match_bound.upper_bound(
            parse(q), {}, searcher.doc_freq, searcher.num_docs, SCOPE_FIELDS, SCOPE_KEYS
        )

    pair = analysis.index_text("armistice talks").replace(" ", analysis.SHINGLE_JOIN)
    in_body = searcher.doc_freq(f"body{PAIRS}", pair)
    assert 0 < in_body < searcher.doc_freq("body", "armistice")
    total = engine.search(Request(plan=parse('"armistice talks"'), limit=1)).total
    fields = sum(searcher.doc_freq(f"{f}{PAIRS}", pair) for f, _ in SCOPE_FIELDS[None])
    assert total <= bound('"armistice talks"') <= fields
