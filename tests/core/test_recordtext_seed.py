"""The seed record: every field of the record JSON, and the round trip."""

import datetime as dt

import pytest

from sourcebook.core import recordtext
from sourcebook.core.errors import RecordError

TITLE = "Cable, Chinese Embassy in North Korea to the Foreign Ministry Consular Affairs Department"


@pytest.fixture
def seed(seed_text):
    return recordtext.parse(seed_text, "wcda-208190.txt")


def test_identity_title_and_date(seed):
    assert seed.id == "208190"
    assert seed.title == TITLE
    assert seed.title_lines == [
        "Cable, Chinese Embassy in North Korea to the",
        "Foreign Ministry Consular Affairs Department",
    ]
    d = seed.date
    assert (d.text, d.edtf, d.earliest, d.latest, d.approximate) == (
        "October 11, 1959",
        "1959-10-11",
        dt.date(1959, 10, 11),
        dt.date(1959, 10, 11),
        False,
    )


def test_citation_parts(seed):
    assert seed.citation == (
        f'"{TITLE}", October 11, 1959, Wilson Center Digital Archive, PRC FMA 118-01026-01, 33.'
        " Translated by David Cowhig."
    )
    assert seed.permalink == "https://wilson-center-digital-archive.dvincitest.com/document/208190"
    assert (seed.archive, seed.repository, seed.reference, seed.locator) == (
        "Wilson Center Digital Archive",
        "PRC FMA",
        "118-01026-01",
        "33",
    )
    assert seed.translators == ["David Cowhig"]


def test_summary_credits_language_contents(seed):
    assert seed.summary == (
        "North Korean and Chinese officials discuss what to do with Koreans who have illegally "
        "entered China."
    )
    assert seed.credits == (
        "This document was made possible with support from Henry Luce Foundation"
    )
    assert seed.funders == ["Henry Luce Foundation"]
    assert seed.original_language == "Chinese"
    assert seed.languages == ["zh"]
    assert [c.to_json() for c in seed.contents] == [
        {"kind": "translation", "language": "en", "label": "Translation - English"}
    ]


def test_text_body_is_kept_exactly(seed, seed_text):
    assert len(seed.texts) == 1
    text = seed.texts[0]
    assert (text.kind, text.language) == ("translation", "en")
    assert text.body.startswith(
        "Embassy of the People's Republic of China in the Democratic People's Republic of Korea"
    )
    assert text.body.endswith("[stamp] First Consular Department No. 6/48(6)\n\nOctober 11, 1959")
    assert text.body in seed_text


def test_suggestions_from_title(seed):
    assert seed.doc_type is None  # a suggestion is not a fact
    assert seed.suggested.doc_type == "Cable"
    assert seed.suggested.sender == "Chinese Embassy in North Korea"
    assert seed.suggested.recipient == "Foreign Ministry Consular Affairs Department"


def test_record_json_keys(seed):
    data = seed.to_json()
    for key in (
        "id title date doc_type summary citation permalink archive repository reference locator "
        "languages translators funders contents texts suggested"
    ).split():
        assert key in data
    assert data["date"] == {
        "text": "October 11, 1959",
        "edtf": "1959-10-11",
        "earliest": "1959-10-11",
        "latest": "1959-10-11",
        "approximate": False,
    }
    assert set(data["texts"][0]["annotations"][0]) >= {"type", "start", "end", "text"}


def test_round_trip(seed, seed_text):
    assert recordtext.write(seed).strip("\n") == seed_text.strip("\n")


def test_round_trip_of_every_bundled_sample():
    from tests.conftest import SAMPLES

    for path in sorted(SAMPLES.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        assert recordtext.write(recordtext.parse(text)).strip("\n") == text.strip("\n"), path.name


def test_json_round_trip(seed):
    from sourcebook.core.record import Record

    assert Record.from_json(seed.to_json()) == seed


def test_crlf_bom_and_extra_blank_lines_give_the_same_record(seed_text):
    plain = recordtext.parse(seed_text)
    messy = "\ufeff" + seed_text.replace("\n\n", "\n\n\n").replace("\n", "\r\n") + "\r\n\r\n"
    again = recordtext.parse(messy)
    assert again.title == plain.title
    assert again.citation == plain.citation
    assert again.summary == plain.summary
    assert again.languages == plain.languages
    assert again.date == plain.date
    # The body is kept as written: only line endings are normalised.
    assert again.texts[0].body == plain.texts[0].body.replace("\n\n", "\n\n\n")


def test_title_on_one_line(seed_text):
    one_line = seed_text.replace("to the\nForeign", "to the Foreign")
    record = recordtext.parse(one_line)
    assert record.title == TITLE
    assert record.title_lines == [TITLE]
    assert recordtext.write(record).strip() == one_line.strip()


def test_missing_optional_sections():
    text = "1959\n**Letter from Kim Il Sung to Mao Zedong**\n\nDear Comrade Mao,\n\nGreetings.\n"
    record = recordtext.parse(text, fallback_id="kim-mao")
    assert record.id == "kim-mao"
    assert record.citation == "" and record.summary == "" and record.contents == []
    assert record.texts[0].body == "Dear Comrade Mao,\n\nGreetings."
    assert record.suggested.sender == "Kim Il Sung"
    assert record.suggested.recipient == "Mao Zedong"


def test_several_contents_languages_translators_and_funders():
    from tests.conftest import SAMPLES

    record = recordtext.parse((SAMPLES / "sample-zhou-kim-1958.txt").read_text())
    assert [(c.kind, c.language) for c in record.contents] == [
        ("transcript", "zh"),
        ("translation", "en"),
    ]
    assert [(t.kind, t.language) for t in record.texts] == [
        ("transcript", "zh"),
        ("translation", "en"),
    ]
    assert record.texts[0].body.startswith("周恩來總理與金日成首相談話記錄")
    assert record.texts[1].body.startswith("Record of Conversation between")
    assert record.translators == ["Lin Wei", "Sarah Park"]
    assert record.funders == ["Henry Luce Foundation", "Korea Foundation"]
    assert record.date.edtf == "1958-11"
    assert record.suggested.participants == ["Premier Zhou Enlai", "Premier Kim Il Sung"]


def test_original_scan_and_several_original_languages():
    text = (
        "October 1959\n**Report from the Embassy on the Border**\n\nOriginal Language:\n\n"
        "Chinese, Korean\n\nContents:\n\nOriginal Scan\nTranscript - Chinese\n"
        "Translation - English\n\nThe text.\n"
    )
    record = recordtext.parse(text)
    assert record.languages == ["zh", "ko"]
    assert [c.kind for c in record.contents] == ["scan", "transcript", "translation"]
    assert record.contents[0].language == "zh"
    # One body and several textual contents without markers: the body is the first text.
    assert [t.kind for t in record.texts] == ["transcript"]


@pytest.mark.parametrize(
    "text, line, reason",
    [
        ("", None, "empty file"),
        ("\n\n  \n", None, "empty file"),
        ("October 11, 1959\n\nCitation:\n\nx\n", 3, "no title"),
        ("Something else\n**Title**\n", 1, "expected a date or a **title**"),
        ("1959\n**Unclosed title\n\nSummary:\n", 2, "title is not closed"),
        ("1959\n**Title**\n\nSummary:\n\na\n\nSummary:\n\nb\n", 8, "appears twice"),
    ],
)
def test_bad_records_raise_one_line_errors(text, line, reason):
    with pytest.raises(RecordError) as info:
        recordtext.parse(text, "bad.txt")
    assert info.value.line == line
    assert reason in str(info.value)
    assert str(info.value).startswith("bad.txt")
    assert "\n" not in str(info.value)


def test_decode_refuses_binary_and_non_utf8():
    with pytest.raises(RecordError, match="binary"):
        recordtext.decode(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "scan.png")
    with pytest.raises(RecordError, match="not UTF-8") as info:
        recordtext.decode("1959\n**Caf\u00e9**\n".encode("latin-1"), "latin.txt")
    assert info.value.line == 2
