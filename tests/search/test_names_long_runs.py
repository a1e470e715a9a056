"""Names inside long runs of Chinese and Japanese text, which have no spaces between words.

A Chinese paragraph is one run of characters from its first word to its last (punctuation is
no space). The search layer once replaced every run of 40 characters or more without a space by
a placeholder before reading it for names (a guard meant for URLs and hashes), so a Chinese or
Japanese original of any real length got no name keys at all: "Zhou Enlai" did not find the
周恩来 of a document that has only its Chinese text, and its snippet did not mark it.
"""

from __future__ import annotations

import pytest

from sourcebook.search import analysis, analysis_stamp
from sourcebook.search.service import search

from .conftest import ids, ingest_indexed
from .corpus import record, write_corpus

pytestmark = pytest.mark.skipif(not analysis.names_available(), reason="names module not merged")

# A cable as the PRC Foreign Ministry archive holds it: one paragraph, no spaces, 130 characters.
CABLE = (
    "外交部并报总理：十月九日，朝鲜外务省领事局局长来我馆，就我国处理非法越境人员问题向领事部"
    "主任提出几点意见。他说，周恩来总理和金日成首相对此问题都很关心，朝方原则上同意我方的建议，"
    "并感谢我方愿意尽可能多地遣返越境人员回国参加社会主义建设。"
)
# A Japanese report: kanji and kana in one run.
REPORT = (
    "一九五八年十一月、周恩来総理は北京で金日成首相と会談し、中国人民志願軍の朝鮮からの撤退に"
    "ついて協議した。両者は貿易の拡大についても意見を交換したと伝えられる。"
)

DOCS = {
    "cable-zh-1959": record(
        date="October 11, 1959",
        title="中国驻朝鲜大使馆致外交部电",
        summary="",
        language="Chinese",
        texts=[("Transcript - Chinese", CABLE)],
    ),
    "report-ja-1958": record(
        date="November 1958",
        title="北京会談に関する報告",
        summary="",
        language="Japanese",
        reference="1958-11-004",
        texts=[("Transcript - Japanese", REPORT)],
    ),
}


@pytest.fixture
def originals(db, tmp_path):
    assert " " not in CABLE + REPORT and len(CABLE) > 100  # the premise: no space at all
    ingest_indexed(write_corpus(tmp_path / "originals", DOCS))


BOTH = {"cable-zh-1959", "report-ja-1958"}


@pytest.mark.parametrize(
    "rendering,expected",
    [
        ("Zhou Enlai", BOTH),
        ("Chou En-lai", BOTH),
        # Han characters in a Chinese text are read in Mandarin only; a Japanese text's in both.
        ("Kim Il Sung", {"report-ja-1958"}),
        ("김일성", {"report-ja-1958"}),
    ],
)
def test_a_romanized_name_finds_the_original_that_writes_it_in_characters(
    originals, rendering, expected
):
    assert set(ids(search(rendering))) == expected, rendering


def test_the_snippet_marks_the_characters(originals):
    [hit] = [r for r in search("Chou En-lai").results if r["id"] == "cable-zh-1959"]
    assert "周恩来" in [hit["snippet"][s:e] for s, e in hit["highlights"]]
    assert hit["matched_variants"] == ["周恩来"]


def test_name_keys_of_a_long_run_are_those_of_its_sentences():
    """Keys of the whole run equal the keys of the same text cut into short pieces."""
    whole = analysis.name_streams(CABLE, "zh")[0].split()
    assert "zh:zhou zh:en zh:lai" in " ".join(whole)
    assert "zh:jin zh:ri zh:cheng" in " ".join(whole)


def test_the_probe_covers_a_long_run():
    """The analysis stamp reads a long run, so an index made when such runs had no keys is
    rebuilt rather than kept."""
    long_runs = [w for w in analysis_stamp.PROBE.split() if len(w) >= 40]
    assert long_runs
    keys = " ".join(analysis.name_streams(long_runs[0]))
    assert "zh:mao zh:ze zh:dong" in keys
