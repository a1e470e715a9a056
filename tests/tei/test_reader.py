"""Reading the shared FRUS volumes (no database): counts, dates, titles, places, persons."""

from __future__ import annotations

import datetime as dt

import pytest
from lxml import etree

from sourcebook.core import formats
from sourcebook.core.tei.frus_reader import parse_source_note, read_tei

from .conftest import DOCUMENT_COUNTS, VOLUMES, volume_path

TEI = "{http://www.tei-c.org/ns/1.0}"


def _lxml_count(volume: str) -> int:
    tree = etree.parse(
        str(volume_path(volume)), etree.XMLParser(resolve_entities=False, no_network=True)
    )
    return sum(1 for d in tree.iter(f"{TEI}div") if d.get("type") == "document")


@pytest.mark.parametrize("volume", VOLUMES)
def test_every_document_div_becomes_a_record(volume, parsed_volumes):
    parsed = parsed_volumes[volume]
    assert _lxml_count(volume) == DOCUMENT_COUNTS[volume]
    assert len(parsed.records) == DOCUMENT_COUNTS[volume]
    assert parsed.format == "tei-frus"
    assert parsed.collection["id"] == volume
    ids = [r.id for r in parsed.records]
    assert len(set(ids)) == len(ids)
    assert all(i.startswith(f"{volume}-d") for i in ids)
    # Every historical document has a title without its source note and a date.
    for r in parsed.records:
        assert r.title and "Source:" not in r.title, r.id
        assert r.texts[0].markup_format == "tei" and r.texts[0].body, r.id
        if r.doc_type != "Editorial Note":
            assert r.date.earliest is not None, r.id


def test_the_registry_sniffs_tei():
    data = volume_path("frus1961-63v22").read_bytes()
    assert formats.read_source(data, "v22.xml").format == "tei-frus"


def test_collection_header_and_authorities(parsed_volumes):
    v03 = parsed_volumes["frus1955-57v03"]
    c = v03.collection
    assert c["title"] == "Foreign Relations of the United States, 1955–1957, China, Volume III"
    assert c["publication_date"] == "1986"
    assert {"name": "Harriet D. Schwar", "role": "primary"} in c["editors"]
    assert "preface" in c["front_matter"]
    assert [ch["id"] for ch in c["chapters"]] == ["ch1"]
    assert len(c["chapters"][0]["documents"]) == 68
    assert len(v03.authorities["persons"]) == 118
    assert len(v03.authorities["terms"]) == 161
    dulles = next(p for p in v03.authorities["persons"] if p["id"] == "p_DJF1")
    assert dulles == {
        "id": "p_DJF1",
        "name": "Dulles, John Foster",
        "description": "Secretary of State",
    }
    cia = next(t for t in v03.authorities["terms"] if t["id"] == "t_CIA1")
    assert cia["name"] == "CIA" and cia["description"] == "Central Intelligence Agency"
    v22 = parsed_volumes["frus1961-63v22"]
    assert len(v22.authorities["persons"]) == 149
    assert len(v22.authorities["terms"]) == 199
    zhou = next(p for p in v22.authorities["persons"] if p["id"] == "p_ZE1")
    assert zhou["see"] == "p_CEZE1"
    assert len(parsed_volumes["frus1958-60v18"].authorities["persons"]) == 119


def test_v03_d1_telegram(records):
    r = records["frus1955-57v03-d1"]
    assert r.title == "1. Telegram From Ambassador U. Alexis Johnson to the Department of State"
    assert r.date.edtf == "1955-08-01T19:00:00+01:00"
    assert r.date.earliest == r.date.latest == dt.date(1955, 8, 1)
    assert r.date.text == "August 1, 1955—7 p.m."
    assert r.extra["place"] == "Geneva"
    assert (r.archive, r.repository, r.reference) == (
        "Department of State",
        "Central Files",
        "611.93/8–155",
    )
    assert r.extra["classification"] == "Official Use Only"
    assert r.permalink == "https://history.state.gov/historicaldocuments/frus1955-57v03/d1"
    assert r.extra["number"] == "1" and r.extra["sequence"] == 1
    assert r.extra["chapter"]["id"] == "ch1"
    persons = {p["id"]: p["roles"] for p in r.extra["persons"]}
    assert persons["p_JUA1"] == ["mentioned", "sender", "signer"]
    assert persons["p_WP1"] == ["mentioned"]
    assert "t_PAO1" in r.extra["terms"]
    body = r.texts[0].body
    assert body.startswith("Geneva, August 1, 1955—7 p.m.\n\n239. Held first meeting")
    notes = [a for a in r.texts[0].annotations if a.type == "note"]
    assert [a.attrs["n"] for a in notes] == ["2", "3"]
    # The footnote sits right after the sentence it annotates.
    assert body[: notes[0].start].endswith("Held first meeting with Chinese 4 pm August 1.")
    assert notes[0].content.startswith("Telegram 330 to Geneva for Johnson, August 1")
    pages = [a for a in r.texts[0].annotations if a.type == "page"]
    assert [a.content for a in pages] == ["p. 2", "p. 3"]
    assert body[pages[0].start :].startswith("been freed and left Peiping")
    # The list keeps its labels, one item per paragraph.
    assert "\n\n1. Return of civilians of both sides" in body
    assert "[Johnson]" in body


def test_dates_places_and_titles_of_other_documents(records):
    d3 = records["frus1955-57v03-d3"]
    assert d3.title == "3. Editorial Note" and d3.doc_type == "Editorial Note"
    # frus:doc-dateTime-min/max is the volume's whole span: no date of its own (issue 11)
    assert d3.date.edtf is None and d3.date.earliest is None
    d9 = records["frus1955-57v03-d9"]
    assert d9.title.startswith("9. Memorandum of a Conversation Between the President")
    assert d9.date.edtf == "1955-08-05T12:30:00-04:00"
    d29 = records["frus1955-57v03-d29"]
    assert d29.date.earliest == dt.date(1955, 8, 18) and d29.extra["place"] == "Taipei"
    assert "sender" in {p["id"]: p["roles"] for p in d29.extra["persons"]}["p_CWPJ1"]
    assert d29.date.edtf == "1955-08-18T20:00:00+09:00"
    d42 = records["frus1955-57v03-d42"]
    assert d42.date.edtf == "1955-08-25T18:40:00" and "place" not in d42.extra
    v22d1 = records["frus1961-63v22-d1"]
    assert (
        v22d1.title
        == "1. Telegram From the Department of State to the Embassy in the Republic of China"
    )
    assert v22d1.date.edtf == "1961-01-12T20:40:00" and v22d1.extra["place"] == "Washington"
    assert v22d1.reference == "793.5-MSP/1-1261"
    assert v22d1.extra["classification"].startswith("Confidential")
    v22d8 = records["frus1961-63v22-d8"]
    assert v22d8.date.edtf == "1961-03-01"
    assert "sender" in {p["id"]: p["roles"] for p in v22d8.extra["persons"]}["p_KRW1"]
    assert v22d8.archive == "Kennedy Library"
    v22d2 = records["frus1961-63v22-d2"]
    assert v22d2.doc_type == "Editorial Note" and v22d2.date.edtf is None
    korea = records["frus1958-60v18-d204"]
    assert korea.extra["chapter"]["title"].startswith("January 1958–November 1959")
    assert korea.extra["compilation"]["title"] == "Korea"
    roles = {p["id"]: p["roles"] for p in korea.extra["persons"]}
    assert "sender" in roles["p_RWS1"] and "recipient" in roles["p_SMD1"]


def test_participants_and_seoul_offsets(records):
    v22d18 = records["frus1961-63v22-d18"]
    roles = {p["id"]: p["roles"] for p in v22d18.extra["persons"]}
    assert "participant" in roles["p_BMG1"]
    seoul = [r for r in records.values() if r.extra.get("place") == "Seoul"]
    assert seoul and all(
        r.date.edtf.endswith(("+08:30", "+09:30")) for r in seoul if "T" in r.date.edtf
    )


def test_attachments_and_tables_are_in_the_text(records):
    from sourcebook.core.tei.flatten import plain

    attached = [r for r in records.values() if "<frus:attachment" in (r.texts[0].markup or "")]
    tables = [r for r in records.values() if "<table" in (r.texts[0].markup or "")]
    assert len(attached) >= 2 and tables
    for r in attached:
        div = etree.fromstring(r.texts[0].markup)
        for att in div.iter("{http://history.state.gov/frus/ns/1.0}attachment"):
            head = att.find(f"{TEI}head")
            assert plain(head) in r.texts[0].body, r.id
    for r in tables:
        div = etree.fromstring(r.texts[0].markup)
        row = next(div.iter(f"{TEI}row"))
        cells = [plain(c) for c in row.iter(f"{TEI}cell")]
        assert " | ".join(cells) in r.texts[0].body, r.id


@pytest.mark.parametrize(
    "note,expected",
    [
        (
            "Source: Department of State, Central Files, 793.00/1-355. Secret; Priority.",
            ("Department of State", "Central Files", "793.00/1-355", "Secret; Priority"),
        ),
        (
            "Source: Kennedy Library, National Security Files, Countries Series, China. Secret. Also sent to Rostow.",
            ("Kennedy Library", "National Security Files, Countries Series, China", None, "Secret"),
        ),
        (
            "Source: Eisenhower Library, Whitman File, Dulles–Herter Series. No classification marking.",
            (
                "Eisenhower Library",
                "Whitman File, Dulles–Herter Series",
                None,
                "No classification marking",
            ),
        ),
        (  # bracketed whole by the editors (frus1958-60v18-d210)
            "[Source: Department of State, INR–NIE Files. Secret. Extract–2 pages of source text "
            "not declassified.]",
            ("Department of State", "INR–NIE Files", None, "Secret"),
        ),
        (  # no comma between the files and the file number (frus1961-63v22-d5)
            "Source: Department of State, Central Files 793.551/2-2261. Confidential.",
            ("Department of State", "Central Files", "793.551/2-2261", "Confidential"),
        ),
        (  # a lot file after its series (frus1958-60v18-d207)
            "Source: Department of State, State–JCS Meetings: Lot 61 D 417. Top Secret.",
            ("Department of State", "State–JCS Meetings", "Lot 61 D 417", "Top Secret"),
        ),
    ],
)
def test_source_note(note, expected):
    got = parse_source_note(note)
    assert (got["archive"], got["repository"], got["reference"], got["classification"]) == expected


def test_volume_with_missing_xinclude_imports_without_fetching():
    data = volume_path("frus1955-57v03").read_bytes()
    assert b"xi:include" in data and b"frus-dates.xml" in data
    parsed = read_tei(data, "frus1955-57v03.xml")
    assert len(parsed.records) == 68


def test_a_plain_tei_document_is_one_record():
    data = b"""<?xml version="1.0"?>
<TEI xmlns="http://www.tei-c.org/ns/1.0" xml:id="letter-1">
 <teiHeader><fileDesc><titleStmt><title>A letter</title></titleStmt>
  <publicationStmt><p/></publicationStmt><sourceDesc><p/></sourceDesc></fileDesc>
  <profileDesc><creation><date when="1950-06-25">25 June 1950</date></creation></profileDesc>
 </teiHeader>
 <text><body><p>Dear <persName corresp="#p1">Kim</persName>,</p><p>Second<note n="1">A note.</note> paragraph.</p></body></text>
</TEI>"""
    parsed = read_tei(data, "letter.xml")
    [r] = parsed.records
    assert (r.id, r.title, r.date.edtf) == ("letter-1", "A letter", "1950-06-25")
    assert r.texts[0].body == "Dear Kim,\n\nSecond paragraph."
    [note] = [a for a in r.texts[0].annotations if a.type == "note"]
    assert note.content == "A note." and r.texts[0].body[: note.start] == "Dear Kim,\n\nSecond"
    assert r.extra["persons"] == [{"id": "p1", "name": "Kim", "roles": ["mentioned"]}]
