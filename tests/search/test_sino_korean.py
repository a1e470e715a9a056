"""Han characters read in Korean through search, on texts that write a name only in Han: the
text's language chooses the reading; results say which reading matched. On the demo corpus:
test_sino_korean_demo.py."""

from __future__ import annotations

import pytest

from sourcebook.search import analysis
from sourcebook.search.service import search

from .conftest import ids, ingested_once
from .corpus import record

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(not analysis.names_available(), reason="names module not merged"),
]


def _found(q: str) -> set[str]:
    return set(ids(search(q, page_size=100)))


HAN_DOCS = {
    # An English report that writes the names in Han only: no language says how to read them.
    "pak-report-1950": record(
        date="June 1, 1950",
        title="Report on the Party Meeting",
        summary="A report on a meeting.",
        language="English",
        texts=[
            (
                "Transcript - English",
                "The meeting was opened by 朴憲永 and closed by 崔庸健 after a long debate.",
            )
        ],
    ),
    # A Korean text in mixed script: its Han characters read in Korean only.
    "rhee-speech-1952": record(
        date="March 1, 1952",
        title="Speech at the Anniversary Rally",
        summary="A speech.",
        language="Korean",
        texts=[("Transcript - Korean", "李承晩 대통령은 연설하였다.")],
    ),
    # A Chinese text: its Han characters read in Mandarin only.
    "cui-telegram-1953": record(
        date="April 2, 1953",
        title="Telegram on the Armistice Talks",
        summary="A telegram.",
        language="Chinese",
        texts=[("Transcript - Chinese", "致崔庸健同志電報。")],
    ),
}


@pytest.fixture(scope="module")
def han_corpus_once(django_db_setup, django_db_blocker, tmp_path_factory):
    yield from ingested_once(django_db_blocker, tmp_path_factory, HAN_DOCS)


@pytest.fixture
def index_dir(han_corpus_once, monkeypatch):
    """Every test here searches the texts ingested once for the module, and writes nothing
    (the demo corpus's tests are in test_sino_korean_demo.py)."""
    monkeypatch.setenv("SOURCEBOOK_INDEX", str(han_corpus_once))
    return han_corpus_once


@pytest.fixture
def han_corpus(index_dir):
    return index_dir


@pytest.mark.parametrize("q", ["Pak Hon-yong", "Pak Hŏn-yŏng", "박헌영", "朴憲永"])
def test_a_name_written_only_in_han_is_found_by_hangul_and_romanization(han_corpus, q):
    assert _found(q) == {"pak-report-1950"}


def test_which_reading_matched_is_reported(han_corpus):
    [hit] = search("Pak Hon-yong").results
    assert {"text": "朴憲永", "reading": "sino-korean"} in hit["matched_readings"]
    assert "朴憲永" in hit["matched_variants"]


@pytest.mark.parametrize("q", ["I Sŭng-man", "Yi Sung-man", "이승만", "리승만", "李承晚"])
def test_han_in_a_korean_text_reads_in_korean(han_corpus, q):
    assert _found(q) == {"rhee-speech-1952"}


def test_han_in_a_korean_text_does_not_read_in_mandarin(han_corpus):
    assert "rhee-speech-1952" not in _found("Li Chengwan")


def test_han_in_a_chinese_text_reads_in_mandarin_only(han_corpus):
    # 崔庸健 in the English report has both readings; in the Chinese telegram only Mandarin.
    assert _found("Cui Yongjian") == {"cui-telegram-1953", "pak-report-1950"}
    assert _found("Choe Yong-gon") == {"pak-report-1950"}
    assert _found("최용건") == {"pak-report-1950"}
    assert _found("崔庸健") == {"cui-telegram-1953", "pak-report-1950"}
