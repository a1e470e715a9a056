"""A one-syllable name (Kim, Yi, Ho) finds the name, not English words read as syllables:
"He said" and "I think" carry no surname, and a syllable inside a word (Re-gim-e, Na-ti-o-nal)
is not a name of one syllable. Runs of keys (Kim Il Sung) still match joined or apart."""

from __future__ import annotations

import pytest

from sourcebook.core import names
from sourcebook.search import analysis
from sourcebook.search.service import search

from .conftest import ids, ingest_indexed
from .corpus import record, write_corpus

pytestmark = pytest.mark.skipif(not analysis.names_available(), reason="names module not merged")

ENGLISH = (
    "He said that I would see the Regime's Editorial Board. Here the National Liberal "
    "Representation met the Generalissimo."
)
DOCS = {
    "english-only": record(
        date="March 3, 1958",
        title="Memorandum on the Regime's Editorial Line",
        summary="He said I would go.",
        language="English",
        texts=[("Transcript - English", ENGLISH)],
    ),
    "kim": record(
        date="March 4, 1958",
        title="Conversation with Kim Ilsung",
        summary="Kim received the delegation.",
        language="English",
        texts=[("Transcript - English", "Kim said the talks went well.")],
    ),
    "hangul": record(
        date="March 5, 1958",
        title="이승만 대통령 담화",
        summary="A statement by 이승만.",
        language="Korean",
        texts=[("Original - Korean", "김일성은 평양에서 말했다. 이승만은 서울에 있었다.")],
    ),
    "chou": record(
        date="March 7, 1958",
        title="Premier Chou En-lai on the Liao River",
        summary="Chou received the envoy.",
        language="English",
        texts=[("Transcript - English", "Chou En-lai spoke of Lai and Liao.")],
    ),
    "he-long": record(
        date="March 6, 1958",
        title="Marshal He Long and Ch'en I in Peking",
        summary="He Long met I Sŭng-man's envoy.",
        language="English",
        texts=[("Transcript - English", "He Long spoke first, then the Liberal Party's man.")],
    ),
}


@pytest.fixture
def precision_corpus(db, tmp_path):
    ingest_indexed(write_corpus(tmp_path / "precision", DOCS))


def test_stopwords_are_names_only_beside_a_name():
    streams, starts = names.index_keys("He said that I would go.\n\nChina\nI said so.")
    assert streams == ["", "", "", "", ""] and starts == []
    streams, starts = names.index_keys("He Long met I Sŭng-man and Ch'en I.")
    assert "zh:he zh:long" in streams[0] and "ko:i ko:song ko:man" in streams[1]
    assert {"zh:he", "ko:i"} <= set(starts)
    # A word of three syllables or more is no name beside them (FRUS: Europe, Memorandum).
    streams, starts = names.index_keys("If he were in Europe I would see him. Memorandum No. 3")
    assert starts == [] and streams[1] == "_ ko:o ko:nop ko:e _ ko:mem ko:o ko:nan ko:tom _"


def test_acronyms_are_names_only_in_a_text_in_capitals_or_beside_a_name():
    streams, starts = names.index_keys("The NIE of 1958, the ISA and World War II.")
    assert streams == ["", "", "", "", ""] and starts == []
    _, starts = names.index_keys("The NIE met KIM IL SUNG.")  # a name in capitals, in a run
    assert starts == ["ko:kim", "ko:il", "zh:song", "zhw:sung", "ko:song"]
    streams, starts = names.index_keys("KIM SAID THE ISA WOULD AGREE")  # a cable in capitals
    assert "ko:kim" in starts and "ko:i ko:sa" in streams[1]  # ISA read, two syllables


def test_only_keys_that_begin_a_word_are_word_starts():
    streams, starts = names.index_keys("Regime Liberal Gimo Kim Ilsung 김일성 金日成")
    assert "ko:ne ko:kim ko:e" in streams[1]  # Regime is still read: Re-gim-e
    assert "ko:ne" not in starts and "ko:i" not in starts  # no name word has three syllables
    # Kim, 김, 金: not the gim inside Regime, nor Gimo (Gi-mo, FRUS's Generalissimo), nor the
    # il of Ilsung: a surname is one syllable.
    assert starts.count("ko:kim") == 3
    assert starts.count("ko:il") == 2  # inside 김일성 and 金日成 (no spaces there)
    assert starts.count("ko:song") == 2  # 김일성, 金日成: not the second syllable of Ilsung


@pytest.mark.django_db
def test_a_one_syllable_name_finds_the_name_not_syllables_of_words(precision_corpus):
    assert set(ids(search("Kim"))) == {"kim", "hangul"}
    assert set(ids(search("Yi"))) == {"hangul", "he-long"}  # 이승만, I Sŭng-man, Ch'en I
    assert set(ids(search("Lee"))) == {"hangul", "he-long"}
    assert "english-only" not in ids(search("Ho"))  # He, Here, Home
    assert set(ids(search("He Long"))) == {"he-long"}
    # Chou, Lai, Liao read as Chinese in fewer syllables than as Korean (cho-u, la-i): no Cho.
    assert "chou" not in ids(search("Cho")) and "chou" in ids(search("Chou"))


@pytest.mark.django_db
def test_runs_of_keys_still_match_joined_or_apart(precision_corpus):
    assert set(ids(search("Kim Il Sung"))) == {"kim", "hangul"}
    assert set(ids(search("김일성"))) == {"kim", "hangul"}


@pytest.mark.django_db
def test_snippets_mark_no_syllable_inside_a_word(precision_corpus):
    results = search("Kim").results
    marked = {v for r in results for v in r["matched_variants"]}
    assert "Regime" not in marked and "Regime's" not in marked
    assert "<mark>Kim</mark>" in next(r for r in results if r["id"] == "kim")["title_html"]
    [hit] = [r for r in search("Yi").results if r["id"] == "he-long"]
    assert "Liberal" not in hit["matched_variants"] and "<mark>Liberal" not in hit["snippet_html"]
    assert "<mark>I</mark> Sŭng-man" in hit["snippet_html"] + hit["title_html"]


def test_marked_renderings_are_the_found_ones():
    """Snippets mark what the search found: no syllable inside a word, no long word."""
    yi, kim = analysis.query_names(["Yi"]), analysis.query_names(["Kim"])
    text = "The Liberal Party's Regime. Kim Ilsung and I Sŭng-man met 김일성."
    assert [w for _, _, w in analysis.name_spans(text, kim)] == ["Kim", "김"]
    assert [w for _, _, w in analysis.name_spans(text, yi)] == ["I"]
    cho = analysis.query_names(["Cho"])
    assert [w for _, _, w in analysis.name_spans("Chou En-lai met Cho Man-sik.", cho)] == ["Cho"]


# FRUS's own words that began surnames: an initial, an abbreviation and a designation (U.,
# U.S., U-2: Oh), and words of two syllables (June: Chun, Jeon; Gimo: Kim; Loan: Roh; Mail: Ma;
# Taiwan: Tai; Irwin: Yi; Legal: Ne). In the three FRUS volumes a search for Oh found 83 of
# their 125 documents, and one for Jeon 23.
FRUS_WORDS = (
    "Ambassador U. Alexis Johnson reported from Geneva, June 25, 1958, that the Gimo accepted "
    "the U.S. position on Taiwan and the U-2 flights. Loan terms were sent by pouch. Mail "
    "follows. Irwin and the Legal Adviser agreed."
)
SURNAMES = "Oh Jae-won met Chun Doo-hwan, Roh Tae-woo, Kim Chong-pil, Ma Ying-jeou and Tai Li."
FRUS_DOCS = {
    "frus-words": record(
        date="June 25, 1958",
        title="Telegram From Ambassador U. Alexis Johnson",
        summary="The Gimo on Taiwan.",
        language="English",
        texts=[("Transcript - English", FRUS_WORDS)],
    ),
    "surnames": record(
        date="June 26, 1958",
        title="Memorandum of Conversation",
        summary="Five visitors.",
        language="English",
        texts=[("Transcript - English", SURNAMES)],
    ),
}


@pytest.mark.django_db
def test_initials_and_two_syllable_words_begin_no_surname(tmp_path):
    ingest_indexed(write_corpus(tmp_path / "frus", FRUS_DOCS))
    for surname in ("Oh", "Chun", "Jeon", "Kim", "Roh", "Ma", "Tai"):
        assert ids(search(surname)) == ["surnames"], surname
    assert ids(search("Yi")) == ["surnames"]  # Li (李, 이), not Irwin
    assert ids(search("Ne")) == []  # not Legal
    # The words themselves are still found, and so are the names written out.
    assert ids(search("Gimo")) == ["frus-words"] and ids(search("Taiwan")) == ["frus-words"]
    assert ids(search("Alexis Johnson")) == ["frus-words"]
    assert ids(search("Chun Doo-hwan")) == ["surnames"] and ids(search("Doo-hwan")) == ["surnames"]
