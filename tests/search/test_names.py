"""Names across romanizations and scripts, through search: every rendering finds the others,
results say which rendering matched, and different people are never conflated."""

from __future__ import annotations

import pytest

from sourcebook.search import analysis
from sourcebook.search.service import search

from .conftest import ids

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(not analysis.names_available(), reason="names module not merged"),
]


@pytest.fixture
def index_dir(names_corpus_once, monkeypatch):
    """Every test here searches the corpus ingested once for the module, and writes nothing
    (tests that change names are in test_authority_variants.py)."""
    monkeypatch.setenv("SOURCEBOOK_INDEX", str(names_corpus_once))
    return names_corpus_once


@pytest.fixture
def names_corpus(index_dir):
    return index_dir


# (renderings, documents that must be found, documents that must not be)
GROUPS = [
    (
        ["Zhou Enlai", "Chou En-lai", "周恩来", "周恩來", "chou enlai"],
        {"zhou-nehru-1954", "chou-bandung-1955"},
        {"zhou-yang-1957"},
    ),
    (["Zhou Yang", "Chou Yang"], {"zhou-yang-1957"}, {"zhou-nehru-1954", "chou-bandung-1955"}),
    (["Mao Zedong", "Mao Tse-tung", "毛泽东"], {"khrushchev-mao-1959", "mao-wade-1949"}, set()),
    (
        ["Kim Il Sung", "Kim Il-sŏng", "Kim Il-seong", "Kim Il-song", "김일성", "KIM IL SUNG"],
        {"kim-pyongyang-1958"},
        {"kim-jong-il-1975"},
    ),
    (["Kim Jong Il", "Kim Chŏng-il", "김정일"], {"kim-jong-il-1975"}, {"kim-pyongyang-1958"}),
    (["Ri Chang-jeong", "Ri Chang Jong", "Ri Ch'ang-jŏng"], {"undated-letter"}, set()),
    (
        ["P'yŏngyang", "Pyongyang", "평양"],
        {"kim-pyongyang-1958", "kim-jong-il-1975"},
        set(),
    ),
    (
        ["Khrushchev", "Chruschtschow", "Khrouchtchev", "Chruszczow", "Хрущёв", "Хрущев"],
        {"khrushchev-mao-1959", "chruszczow-1956", "khrouchtchev-1960"},
        set(),
    ),
    (["P'eng Te-huai", "Peng Dehuai", "彭德怀", "彭德懷"], {"peng-1951"}, set()),
    (["Liu Shaoqi", "Liu Shao-ch'i", "刘少奇", "劉少奇"], {"liu-1960"}, {"liu-bocheng-1952"}),
    (["Liu Bocheng", "Liu Po-ch'eng"], {"liu-bocheng-1952"}, {"liu-1960"}),
    (["Pak Hon-yong", "Pak Hŏn-yŏng", "Pak Heon-yeong", "박헌영"], {"pak-1953"}, set()),
]


@pytest.mark.parametrize(
    "rendering,expected,excluded",
    [(r, exp, exc) for renderings, exp, exc in GROUPS for r in renderings],
)
def test_every_rendering_finds_every_document_of_the_name(
    names_corpus, rendering, expected, excluded
):
    found = set(ids(search(rendering, page_size=100)))
    assert expected <= found, (rendering, found)
    assert not (excluded & found), (rendering, found)


def test_results_say_which_rendering_matched(names_corpus):
    r = {x["id"]: x for x in search("Zhou Enlai").results}
    assert "Chou En-lai" in r["chou-bandung-1955"]["matched_variants"]
    assert "Chou En-lai" in [
        r["chou-bandung-1955"]["snippet"][s:e] for s, e in r["chou-bandung-1955"]["highlights"]
    ]
    r = {x["id"]: x for x in search("Chruschtschow").results}
    assert "Khrushchev" in r["khrushchev-mao-1959"]["matched_variants"]
    assert "Chruszczow" in r["chruszczow-1956"]["matched_variants"]
    [hit] = search("Pak Heon-yeong espionage").results
    assert "Pak Hŏn-yŏng" in hit["matched_variants"]
    # Matched as typed: nothing else to report.
    [hit] = search("Zhou Yang").results
    assert hit["matched_variants"] == []


def test_names_in_phrases_scopes_and_exclusions(names_corpus):
    assert set(ids(search('"Chou En-lai"'))) == {"zhou-nehru-1954", "chou-bandung-1955"}
    # person: looks up the document's people in any rendering.
    assert ids(search('person:"Chou En-lai"')) == ["zhou-nehru-1954"]
    assert ids(search("person:김일성")) == ["kim-pyongyang-1958"]
    # Excluding a name excludes every rendering of it.
    assert search('"peaceful coexistence" -"Chou En-lai"').total == 0
    # A name and a word together: both must match.
    assert ids(search('"Chou En-lai" Nehru')) == ["zhou-nehru-1954"]
    assert set(ids(search("Chou En-lai peaceful"))) == {"chou-bandung-1955", "zhou-nehru-1954"}


def test_no_false_matches_between_people_sharing_a_surname(names_corpus):
    for name, wrong in [
        ("Zhou Enlai", "zhou-yang-1957"),
        ("Kim Il Sung", "kim-jong-il-1975"),
        ("Kim Jong Il", "kim-pyongyang-1958"),
        ("Liu Shaoqi", "liu-bocheng-1952"),
        ('"Mao Zedong"', "zhou-nehru-1954"),
    ]:
        assert wrong not in ids(search(name, page_size=100)), name
