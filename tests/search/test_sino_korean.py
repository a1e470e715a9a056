"""Han characters read in Korean through search: 金日成 finds what 김일성 and Kim Il Sung find, on
the demo corpus and on texts that write a name only in Han; the text's language chooses the
reading; results say which reading matched."""

from __future__ import annotations

import pytest

from sourcebook.search import analysis
from sourcebook.search.service import search
from tests.conftest import SAMPLES

from .conftest import ids, ingest_indexed
from .corpus import record, write_corpus

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(not analysis.names_available(), reason="names module not merged"),
]


@pytest.fixture
def demo(db):
    """The demo corpus (the bundled samples), ingested and indexed as ``sourcebook demo`` does."""
    from sourcebook.archive import ingest
    from sourcebook.search import indexer

    for path in sorted(SAMPLES.iterdir()):
        if path.is_file():
            assert all(o.status == "added" for o in ingest.ingest_file(path))
    indexer.catch_up()


def _found(q: str) -> set[str]:
    return set(ids(search(q, page_size=100)))


def test_kim_il_sung_in_every_script_finds_the_same_demo_documents(demo):
    by_query = {q: _found(q) for q in ["金日成", "김일성", "Kim Il-sŏng", "Kim Il Sung"]}
    expected = by_query["Kim Il Sung"]
    # FRUS 213 and 215 and the two samples that name him, in whatever spelling.
    assert {
        "frus1958-60v18-d213",
        "frus1958-60v18-d215",
        "sample-zhou-kim-1958",
        "sample-khrushchev-c1957",
    } <= expected
    assert by_query == {q: expected for q in by_query}


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


@pytest.fixture
def han_corpus(db, tmp_path):
    ingest_indexed(write_corpus(tmp_path / "han", HAN_DOCS))


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


def test_kim_il_sung_is_one_authority_on_the_demo(demo, client):
    """Issue 10's done-when on the demo: one authority carries FRUS 213 and 215 and the record
    texts naming him in any spelling; the Person facet shows him once; no person is listed twice
    under one name, nor with 0 documents, by default."""
    from collections import Counter

    from sourcebook.archive.models import DocumentAgent, LinkFields

    shown = DocumentAgent.objects.filter(link__in=LinkFields.SHOWN)
    holders = {
        link.agent_id
        for link in shown.filter(
            document__public_id="frus1958-60v18-d215", agent__name__icontains="kim il"
        )
    }
    assert len(holders) == 1
    kim = holders.pop()
    docs = set(shown.filter(agent_id=kim).values_list("document__public_id", flat=True))
    assert {
        "frus1958-60v18-d213",
        "frus1958-60v18-d215",
        "sample-zhou-kim-1958",
        "sample-khrushchev-c1957",
    } <= docs
    facet = search("Kim Il Sung", page_size=100).facets["person"]
    assert len([v for v in facet if "kim il" in v["value"].casefold()]) == 1
    listing = client.get("/api/persons", {"page_size": 500}).json()["results"]
    assert listing and all(r["documents"] > 0 for r in listing)
    names = Counter(r["name"] for r in listing)
    assert [n for n, k in names.items() if k > 1] == []
