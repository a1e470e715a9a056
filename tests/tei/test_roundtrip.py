"""FRUS TEI → Sourcebook (database) → TEI → read again: text, dates, persons and notes kept."""

from __future__ import annotations

import pytest

from sourcebook.core.tei.frus_reader import read_tei

from .conftest import VOLUMES, volume_path

pytestmark = pytest.mark.django_db(transaction=True)


def _notes(record):
    return [
        (a.type, a.start, a.content, a.attrs.get("n"))
        for a in record.texts[0].annotations
        if a.type in ("note", "page")
    ]


def _persons(record):
    return {(p["id"], tuple(p["roles"])) for p in record.extra.get("persons") or []}


@pytest.mark.parametrize("volume", VOLUMES)
def test_round_trip_through_the_database(volume, parsed_volumes):
    from sourcebook.archive import ingest
    from sourcebook.archive.models import Document
    from sourcebook.core import formats

    outcomes = ingest.ingest_file(volume_path(volume))
    assert {o.status for o in outcomes} == {"added"}
    exporter = formats.exporter("tei")
    originals = parsed_volumes[volume].records
    for original in originals:
        stored = Document.objects.get(public_id=original.id).to_record()
        tei = exporter.write(stored).encode("utf-8")
        [back] = read_tei(tei, f"{original.id}.tei.xml").records
        assert back.id == original.id
        assert back.title == original.title
        assert back.texts[0].body == original.texts[0].body, original.id
        assert back.date == original.date, original.id
        assert _persons(back) == _persons(original), original.id
        assert _notes(back) == _notes(original), original.id
        assert (back.archive, back.repository, back.reference) == (
            original.archive,
            original.repository,
            original.reference,
        )
        assert back.extra.get("place") == original.extra.get("place")
        assert back.extra.get("source_note") == original.extra.get("source_note")
        assert back.extra.get("volume") == volume
        assert back.extra["published_in"] == original.extra["published_in"], original.id
        # Person links resolve inside the exported file.
        for pid, _ in _persons(original):
            assert f'<person xml:id="{pid}">'.encode() in tei
            assert f'corresp="#{pid}"'.encode() in tei


def test_collection_corpus_reads_back(parsed_volumes):
    from sourcebook.archive import ingest
    from sourcebook.archive.models import Collection
    from sourcebook.authorities.queries import corpus_tei

    ingest.ingest_file(volume_path("frus1958-60v18"))
    corpus = corpus_tei(Collection.objects.get(slug="frus1958-60v18")).encode("utf-8")
    parsed = read_tei(corpus, "corpus.tei.xml")
    assert parsed.format == "tei-corpus"
    originals = parsed_volumes["frus1958-60v18"].records
    assert [r.id for r in parsed.records] == [r.id for r in originals]
    assert [r.texts[0].body for r in parsed.records] == [r.texts[0].body for r in originals]
    assert [r.date for r in parsed.records] == [r.date for r in originals]


@pytest.mark.parametrize(
    "name",
    [
        "wcda-208190.txt",
        "sample-khrushchev-c1957.txt",
        "sample-undated-letter.txt",
        "sample-zhou-kim-1958.txt",
    ],
)
def test_record_text_round_trips_through_tei(name):
    """Record text → TEI → record: every text and apparatus item comes back as it was."""
    from sourcebook.core import formats
    from tests.conftest import SAMPLES

    [original] = formats.read_source((SAMPLES / name).read_bytes(), name).records
    tei = formats.exporter("tei").write(original).encode("utf-8")
    [back] = read_tei(tei, "export.tei.xml").records
    assert back.id == original.id and back.title == original.title
    assert back.date == original.date
    for field in (
        "archive",
        "repository",
        "reference",
        "citation",
        "permalink",
        "summary",
        "credits",
        "translators",
        "funders",
    ):
        assert getattr(back, field) == getattr(original, field), field
    assert len(back.texts) == len(original.texts)
    for a, b in zip(original.texts, back.texts, strict=True):
        assert (b.kind, b.language, b.label) == (a.kind, a.language, a.label)
        assert b.body == a.body
        assert [x.to_json() for x in b.annotations] == [x.to_json() for x in a.annotations]
