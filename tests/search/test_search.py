"""Search through the library: every query feature, each facet, date semantics, sorting,
pagination, snippets and CJK. Runs on SQLite and PostgreSQL (the DB feeds the index)."""

from __future__ import annotations

import pytest

from sourcebook.search.service import parse_bound, search

from .conftest import ids
from .corpus import DOCS

pytestmark = pytest.mark.django_db


@pytest.fixture
def index_dir(corpus_once, monkeypatch):
    """Every test here searches the corpus ingested once for the module, and writes nothing
    (tests with documents of their own are in test_search_own_documents.py)."""
    monkeypatch.setenv("SOURCEBOOK_INDEX", str(corpus_once))
    return corpus_once


@pytest.fixture
def corpus(index_dir):
    return sorted(DOCS)


def test_words_must_all_match(corpus):
    assert ids(search("cotton")) == ["embassy-c1957", "undated-letter"]
    assert ids(search("cotton floods")) == ["embassy-c1957"]
    assert search("cotton zeppelin").total == 0


def test_phrase(corpus):
    assert set(ids(search('"peaceful coexistence"'))) == {"zhou-nehru-1954", "chou-bandung-1955"}
    # The same words, not adjacent in this order: no match.
    assert search('"coexistence peaceful"').total == 0


def test_or_and_exclude(corpus):
    assert set(ids(search("floods OR treaty"))) == {"embassy-c1957", "mao-wade-1949"}
    assert ids(search("cotton -floods")) == ["undated-letter"]
    # Only exclusions: everything else.
    assert "embassy-c1957" not in ids(search("-cotton"))
    assert search("-cotton").total == 7


def test_prefix(corpus):
    assert set(ids(search("coexist*"))) == {"zhou-nehru-1954", "chou-bandung-1955"}
    assert ids(search("deliver*")) == ["embassy-c1957"]


def test_field_scopes(corpus):
    # "Taiwan" is in two texts but in no title.
    assert search("title:taiwan").total == 0
    assert set(ids(search("text:taiwan"))) == {"chou-bandung-1955", "khrushchev-mao-1959"}
    assert set(ids(search("title:speech"))) == {"zhou-yang-1957", "kim-jong-il-1975"}
    assert ids(search("person:nehru")) == ["zhou-nehru-1954"]
    # Nehru is a person of one document, but mentioned in no person field of another.
    assert search("person:bandung").total == 0


def test_garbage_query_is_plain_words(corpus):
    r = search('"cotton floods')  # unbalanced quote
    assert ids(r) == ["embassy-c1957"]
    assert search("OR OR -").total == 9  # nothing left: every document
    assert search("zzz:cotton").total == 0  # unknown scope is words "zzz cotton"


def test_title_and_summary_rank_above_body(corpus):
    # "peaceful" is in the summary (boosted) of the Nehru record, in the body of the others.
    r = search("peaceful")
    assert ids(r)[0] == "zhou-nehru-1954"
    scores = [x["score"] for x in r.results]
    assert scores == sorted(scores, reverse=True)


def test_sort_by_date_both_directions_undated_last(corpus):
    asc = ids(search("", sort="date"))
    assert asc[0] == "mao-wade-1949" and asc[-1] == "undated-letter"
    desc = ids(search("", sort="-date"))
    assert desc[0] == "kim-jong-il-1975" and desc[-1] == "undated-letter"
    r = search('"Sarah Park" OR cotton', sort="date")
    assert ids(r) == ["embassy-c1957", "kim-pyongyang-1958", "kim-jong-il-1975", "undated-letter"]


def test_pagination(corpus):
    first = search("", sort="date", page=1, page_size=4)
    second = search("", sort="date", page=2, page_size=4)
    third = search("", sort="date", page=3, page_size=4)
    assert first.total == second.total == 9 and first.pages == 3
    assert len(ids(first)) == 4 and len(ids(second)) == 4 and len(ids(third)) == 1
    assert not set(ids(first)) & set(ids(second))
    assert ids(first) + ids(second) + ids(third) == ids(search("", sort="date"))


def test_snippet_is_where_the_match_is_with_highlight_offsets(corpus):
    [r] = search("floods").results
    assert "delayed by the floods" in r["snippet"]
    [(s, e)] = r["highlights"]
    assert r["snippet"][s:e] == "floods"
    assert "<mark>floods</mark>" in r["snippet_html"]
    # Prefix and folded matches highlight the text as written.
    [r] = search("pyongyang", filters={"decade": ["1950s"]}).results
    assert any(r["snippet"][s:e] == "P'yŏngyang" for s, e in r["highlights"]), r
    # Multiword names highlight as one span.
    r = {x["id"]: x for x in search('"Mao Tse-tung"').results}["mao-wade-1949"]
    assert "Mao Tse-tung" in [r["snippet"][s:e] for s, e in r["highlights"]]


def test_cjk_two_character_words(corpus):
    # Chinese: 撤军 (withdrawal of troops), two characters inside a longer run.
    assert ids(search("撤军")) == ["zhou-nehru-1954"]
    # Traditional and simplified fold together.
    assert ids(search("撤軍")) == ["zhou-nehru-1954"]
    # The characters are in one transcript (the name also finds its romanizations elsewhere).
    assert set(ids(search("周恩來"))) == set(ids(search("周恩来"))) >= {"zhou-nehru-1954"}
    [hit] = [r for r in search("周恩來").results if r["id"] == "zhou-nehru-1954"]
    assert "周恩来" in [hit["snippet"][s:e] for s, e in hit["highlights"]]
    # Korean: 평양 (Pyongyang) is inside 평양에서; 조선 is a word on its own.
    # (평양 is also a place name: its romanization "Pyongyang" finds another document.)
    assert ids(search("평양"))[0] == "kim-pyongyang-1958"
    assert ids(search("조선")) == ["kim-pyongyang-1958"]
    r = search("평양").results[0]
    assert "평양" in [r["snippet"][s:e] for s, e in r["highlights"]]
    # Characters in another order are not the word.
    assert search("양평").total == 0


def test_russian_cyrillic(corpus):
    assert ids(search("Тайване")) == ["khrushchev-mao-1959"]
    assert ids(search("Хрущев")) == ["khrushchev-mao-1959"]  # ё folds to е


# Facets ---------------------------------------------------------------------------------------


def facet(results, name) -> dict[str, int]:
    return {f["value"]: f["count"] for f in results.facets[name]}


def test_every_facet_counts_over_the_whole_corpus(corpus):
    r = search("")
    assert facet(r, "decade") == {"1940s": 1, "1950s": 6, "1970s": 1}
    # May 1957, and c. 1957 (searched as 1956-1958, counted once, in the year written)
    assert facet(r, "year")["1957"] == 2
    assert "1956" not in facet(r, "year")
    assert facet(r, "doc_type")["Record of Conversation"] == 2
    assert facet(r, "language") == {"Korean": 3, "Russian": 3, "Chinese": 2, "English": 1}
    assert facet(r, "repository") == {"AVPRF": 4, "PRC FMA": 3, "APRF": 1, "NARA": 1}
    assert facet(r, "translator")["Sarah Park"] == 2
    assert facet(r, "funder") == {"Henry Luce Foundation": 2, "Korea Foundation": 2}
    assert facet(r, "apparatus") == {
        "Handwritten notes": 1,
        "Illegible passages": 1,
        "Seal": 1,
        "Stamp": 1,
        "Translator's notes": 1,
    }
    # An original-language text counts as a transcript of the original.
    assert facet(r, "has") == {"Translation": 8, "Transcript": 4, "Scan": 1}
    assert facet(r, "person")["Nehru"] == 1
    assert "Chinese Embassy" not in facet(r, "person")  # organizations are not persons
    assert set(r.facets) >= {"collection", "subject", "place"}


def test_facets_follow_the_query_and_combine(corpus):
    r = search("Sarah Park")
    assert r.total == 2
    assert facet(r, "decade") == {"1950s": 1, "1970s": 1}
    both = search("", filters={"translator": ["Sarah Park"], "decade": ["1950s"]})
    assert ids(both) == ["kim-pyongyang-1958"]
    assert facet(both, "translator") == {"Sarah Park": 1}
    assert ids(search("", filters={"has": ["Scan"]})) == ["chou-bandung-1955"]
    assert ids(search("", filters={"apparatus": ["Seal"]})) == ["chou-bandung-1955"]
    assert set(ids(search("", filters={"funder": ["Korea Foundation"]}))) == {
        "chou-bandung-1955",
        "kim-pyongyang-1958",
    }
    assert ids(search("", filters={"repository": ["NARA"]})) == ["chou-bandung-1955"]
    assert ids(search("", filters={"language": ["English"]})) == ["chou-bandung-1955"]
    assert ids(search("", filters={"doc_type": ["Telegram"]})) == ["chou-bandung-1955"]
    assert ids(search("", filters={"year": ["1949"]})) == ["mao-wade-1949"]
    assert ids(search("", filters={"person": ["Zhou Yang"]})) == ["zhou-yang-1957"]
    # Two values of one facet: documents with both.
    assert search("", filters={"translator": ["Sarah Park", "Lin Wei"]}).total == 0


def test_unknown_filter_and_bad_dates_are_notes_not_errors(corpus):
    r = search("cotton", filters={"colour": ["red"]}, date_from="nineteen", sort="sideways")
    assert r.total == 2
    assert any("colour" in n for n in r.notes)
    assert any("nineteen" in n for n in r.notes)
    assert any("sideways" in n for n in r.notes)


# Dates ----------------------------------------------------------------------------------------


def test_parse_bound():
    import datetime as dt

    assert parse_bound("1959", end=False) == dt.date(1959, 1, 1)
    assert parse_bound("1959", end=True) == dt.date(1959, 12, 31)
    assert parse_bound("1959-02", end=True) == dt.date(1959, 2, 28)
    assert parse_bound("1960-02", end=True) == dt.date(1960, 2, 29)
    assert parse_bound("1959-10-11", end=False) == dt.date(1959, 10, 11)
    for bad in ("1959-13", "1959-02-30", "59", "October 1959"):
        with pytest.raises(ValueError):
            parse_bound(bad, end=False)


@pytest.mark.parametrize(
    "date_from,date_to,found,approximate",
    [
        # "October 1959" means any day of October 1959.
        ("1959-10", "1959-10", True, False),
        ("1959", "1959", True, False),
        ("1959-10-11", "1959-10-11", True, True),  # one day of the month: overlaps, uncertain
        ("1959-10-31", None, True, True),
        (None, "1959-10-01", True, True),
        ("1959-11", None, False, None),
        (None, "1959-09", False, None),
        ("1959-09-01", "1959-09-30", False, None),
    ],
)
def test_month_date_overlap_semantics(corpus, date_from, date_to, found, approximate):
    r = search("Khrushchev", date_from=date_from, date_to=date_to)
    assert (ids(r) == ["khrushchev-mao-1959"]) is found, (date_from, date_to, ids(r))
    if found:
        assert r.results[0]["date_match_approximate"] is approximate


def test_approximate_date_is_flagged_and_found_in_its_widened_range(corpus):
    # "c. 1957" covers 1956-1958 and is approximate: every overlapping range finds it, flagged.
    for start, end in (("1956", "1956"), ("1957-06", "1957-06"), ("1958", "1960")):
        r = search("cotton", date_from=start, date_to=end)
        assert ids(r) == ["embassy-c1957"], (start, end)
        assert r.results[0]["date_match_approximate"] is True
        assert r.results[0]["date_approximate"] is True
    assert search("cotton", date_to="1955").total == 0


def test_undated_documents_only_without_date_filter(corpus):
    assert "undated-letter" in ids(search("cotton"))
    assert "undated-letter" not in ids(search("cotton", date_from="1900", date_to="2000"))


def test_exact_day_inside_range_is_not_flagged(corpus):
    r = search("Bandung", date_from="1955-04", date_to="1955-04")
    assert ids(r) == ["chou-bandung-1955"]
    assert r.results[0]["date_match_approximate"] is False


def test_phrase_highlights_only_where_the_words_stand_together(corpus):
    r = {x["id"]: x for x in search('"border question"').results}
    hit = r["zhou-nehru-1954"]
    marked = [hit["snippet"][s:e] for s, e in hit["highlights"]]
    assert marked == ["border question"]
    # The CJK word is marked whole, in the script it is written in.
    [hit] = search("撤軍").results
    assert [hit["snippet"][s:e] for s, e in hit["highlights"]] == ["撤军"]


def test_a_failing_or_slow_facet_does_not_break_the_results(corpus):
    from sourcebook.search.engine import Request
    from sourcebook.search.indexer import get_engine
    from sourcebook.search.query import parse

    engine = get_engine()
    # An aggregation Tantivy refuses (a negative size) for every facet but year and decade.
    r = engine.search(Request(plan=parse("cotton"), facet_size=-1))
    assert r.total == 2 and len(r.hits) == 2
    assert r.facets["decade"] == [("1950s", 1)]
    assert "doc_type" not in r.facets
    assert any(n.startswith("facet 'doc_type' unavailable") for n in r.notes)
    # Past the time budget, the remaining facets are skipped with a note.
    engine.FACET_BUDGET = -1.0
    try:
        r = engine.search(Request(plan=parse("cotton"), facet_size=-1))
    finally:
        del engine.FACET_BUDGET
    assert r.total == 2
    assert any("took too long" in n for n in r.notes)
