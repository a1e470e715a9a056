"""Property tests of the readers: any input ends in a result or a clean error, never a crash.

Issue 14: hostile files come from many hands. Whatever the bytes, the record-text reader, the
TEI reader, the apparatus, dates and the citation line either give a result or raise
``RecordError``/``ValueError`` (the errors ingest turns into one line); no other exception, and
no hang (each example has a deadline far above what linear code needs). Inputs are drawn both
from scratch and as edits of real records. The long run of the same idea is ``bench/fuzz.py``.
"""

from __future__ import annotations

import datetime as dt

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sourcebook.core import apparatus, recordtext
from sourcebook.core.citation_line import parse_citation, split_names
from sourcebook.core.dates import parse_bound, parse_date
from sourcebook.core.errors import RecordError
from sourcebook.core.formats import read_source
from sourcebook.core.record import DateInfo, Record
from sourcebook.core.tei import writer
from tests.conftest import SAMPLES, SEED

# No example database in the repository; 2 s per example is a hang guard, not a timing claim.
PROPERTY = settings(
    max_examples=150,
    deadline=dt.timedelta(seconds=2),
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

SEED_TEXT = SEED.read_text(encoding="utf-8")
SAMPLE_TEXTS = [p.read_text(encoding="utf-8") for p in sorted(SAMPLES.glob("*.txt"))]
TEI_SEEDS = [
    writer.write(read_source(t.encode(), "seed.txt").records[0]) for t in [SEED_TEXT, *SAMPLE_TEXTS]
]
HOSTILE = [
    "[", "]", "[?]", "[sic]", "[Seal]", "(p. 1)", "**", "\n", "\r", "\n\n", "Contents:",
    "Citation:", "Translation - English", "<", ">", "&", "\x00", "\ufeff", "中", "’", "-", " ",
    "<p>", "</p>", "<note>", "<pb n='2'/>", "</div>", "<!DOCTYPE x [<!ENTITY e 'x'>]>",
]  # fmt: skip
bracket_text = st.lists(
    st.sampled_from(list("[]()?.:- \n\tabcxyzSEALsicp1'’中김")) | st.sampled_from(HOSTILE),
    max_size=120,
).map("".join)


@st.composite
def edited(draw, seeds: list[str]) -> str:
    """A real text with one to five hostile edits (insert, delete, repeat a span)."""
    text = draw(st.sampled_from(seeds))
    for _ in range(draw(st.integers(1, 5))):
        i = draw(st.integers(0, len(text)))
        op = draw(st.sampled_from(["insert", "delete", "repeat"]))
        if op == "insert":
            piece = draw(st.sampled_from(HOSTILE) | st.text(max_size=20))
            text = text[:i] + piece * draw(st.integers(1, 30)) + text[i:]
        elif op == "delete":
            text = text[:i] + text[i + draw(st.integers(1, 400)) :]
        else:
            j = min(len(text), i + draw(st.integers(1, 80)))
            text = text[:i] + text[i:j] * draw(st.integers(2, 10)) + text[j:]
    return text


def _reads_or_refuses(data: bytes, path: str) -> None:
    try:
        parsed = read_source(data, path)
    except RecordError as exc:
        assert str(exc).startswith(path) and "\n" not in str(exc)
        return
    assert all(isinstance(r, Record) and r.id for r in parsed.records)


@PROPERTY
@given(st.text(max_size=400))
def test_record_text_from_any_text(text):
    try:
        record = recordtext.parse(text, "any.txt", "fallback")
    except RecordError:
        return
    assert record.title and record.id


@PROPERTY
@given(st.binary(max_size=400) | st.text(max_size=400).map(lambda t: t.encode("utf-8", "replace")))
def test_any_bytes_read_or_refused(data):
    _reads_or_refuses(data, "bytes.txt")


@PROPERTY
@given(edited([SEED_TEXT, *SAMPLE_TEXTS]))
def test_edited_record_text(text):
    _reads_or_refuses(text.encode("utf-8", "surrogatepass"), "edited.txt")


@PROPERTY
@given(edited(TEI_SEEDS))
def test_edited_tei(text):
    _reads_or_refuses(text.encode("utf-8", "surrogatepass"), "edited.xml")


@PROPERTY
@given(st.lists(st.sampled_from(HOSTILE) | st.characters(), max_size=120).map("".join))
def test_xml_like_text_read_or_refused(text):
    _reads_or_refuses(('<?xml version="1.0"?>' + text).encode("utf-8", "surrogatepass"), "x.xml")


@PROPERTY
@given(bracket_text, st.sampled_from(["en", "zh", None]))
def test_apparatus_offsets_and_segments(body, language):
    anns = apparatus.annotate(body, language)
    assert [a.start for a in anns] == sorted(a.start for a in anns)
    for a in anns:
        assert a.type in apparatus.TYPES
        assert 0 <= a.start < a.end <= len(body) and body[a.start : a.end] == a.text
        if a.target_start is not None:
            assert 0 <= a.target_start <= a.target_end <= len(body)
    parts = apparatus.segments(body, anns)
    assert "".join(text for text, _ in parts) == body
    assert [ann for _, ann in parts if ann is not None] == anns  # items never overlap


@PROPERTY
@given(
    st.text(max_size=80) | st.from_regex(r"(c\. )?[A-Za-z]{0,9} ?\d{1,2},? \d{1,5}", fullmatch=True)
)
def test_dates_parse_or_refuse(text):
    try:
        date = parse_date(text)
    except ValueError:
        pass
    else:
        assert isinstance(date, DateInfo)
        if date.earliest and date.latest:
            assert date.earliest <= date.latest
    for end in (False, True):
        try:
            bound = parse_bound(text, end=end)
        except ValueError:
            continue
        assert bound is None or isinstance(bound, dt.date)


@PROPERTY
@given(st.text(max_size=300) | edited([c for c in (SEED_TEXT.split("Citation:")[1][:400],)]))
def test_citation_line_parses_or_refuses(line):
    try:
        parse_citation(line)
    except ValueError:
        pass
    assert all(isinstance(n, str) for n in split_names(line))
