"""Letters from correspondence editions (``correspDesc``) come in with their own title, date,
sender, recipient, places and manuscript (issue 11). The three fixtures are written in the shape
of the Alfred Escher Briefedition, the Weber-Gesamtausgabe and an English Van Gogh edition."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from lxml import etree

from sourcebook.core.tei.frus_reader import read_tei
from sourcebook.core.tei.letters import letter_date
from tests.support.cli import run_cli

LETTERS = Path(__file__).parent / "fixtures" / "letters"
ESCHER, WEBER, GOGH = (
    LETTERS / "escher-bundesrat-1856.xml",
    LETTERS / "weber-brandt-1816.xml",
    LETTERS / "vangogh-theo-1888.xml",
)

# file -> (id, title, edtf, earliest, latest, sender, recipient, sent place, received place)
EXPECTED = {
    ESCHER: (
        "aeb-brief-b1856-07-14",
        "Alfred Escher an den Schweizerischen Bundesrat, Zürich, Montag, 14. Juli 1856",
        "1856-07-14",
        dt.date(1856, 7, 14),
        dt.date(1856, 7, 14),
        "Alfred Escher",
        "Schweizerischer Bundesrat",
        "Zürich",
        "Bern",
    ),
    WEBER: (
        "A041234",
        "Carl Maria von Weber an Caroline Brandt in Berlin. Prag, zwischen 10. und 14. März 1816",
        "1816-03-10/1816-03-14",
        dt.date(1816, 3, 10),
        dt.date(1816, 3, 14),
        "Carl Maria von Weber",
        "Caroline Brandt",
        "Prag",
        "Berlin",
    ),
    GOGH: (
        "vangogh-theo-1888",
        "To Theo van Gogh. Arles, Saturday, 8 or Sunday, 9 September 1888",
        "1888-09-08/1888-09-09",
        dt.date(1888, 9, 8),
        dt.date(1888, 9, 9),
        "Vincent van Gogh",
        "Theo van Gogh",
        "Arles",
        "Paris",
    ),
}


def _read(path: Path):
    parsed = read_tei(path.read_bytes(), str(path))
    assert parsed.format == "tei" and len(parsed.records) == 1
    return parsed.records[0]


@pytest.mark.parametrize("path", list(EXPECTED), ids=lambda p: p.stem)
def test_each_letter_reads_with_date_sender_recipient_and_places(path):
    rid, title, edtf, earliest, latest, sender, recipient, sent_at, received_at = EXPECTED[path]
    r = _read(path)
    assert r.id == rid and r.title == title and r.title_lines == [title]
    assert (r.date.edtf, r.date.earliest, r.date.latest) == (edtf, earliest, latest)
    assert r.date.text  # the words of the edition kept
    assert (r.suggested.sender, r.suggested.recipient) == (sender, recipient)
    assert r.doc_type == "Letter"
    assert r.extra["place"] == sent_at
    corresp = r.extra["correspondence"]
    assert corresp["sent"]["parties"][0]["name"] == sender
    assert corresp["received"]["parties"][0]["name"] == recipient
    assert (corresp["sent"]["place"], corresp["received"]["place"]) == (sent_at, received_at)
    assert corresp["sent"]["date"]["edtf"] == edtf and corresp["received"]["date"] is None
    assert r.extra["edition"] != r.title  # the edition's title is kept apart, not taken


def test_the_edition_title_is_not_the_letter_title():
    assert _read(ESCHER).extra["edition"] == "Alfred Escher Briefedition"
    assert _read(WEBER).extra["edition"].startswith("Carl-Maria-von-Weber-Gesamtausgabe")
    # only the edition in the titleStmt: the letter's own head is its title
    assert _read(GOGH).extra["edition"] == "Vincent van Gogh: The Letters"


def test_ms_identifier_gives_repository_reference_and_place():
    escher, weber, gogh = _read(ESCHER), _read(WEBER), _read(GOGH)
    assert escher.repository == "Schweizerisches Bundesarchiv"
    assert escher.reference == "E 53, 1000/18, Bd. 12, Nr. 407"  # collection, then idno
    assert escher.extra["archive_place"] == "Bern"
    assert weber.archive == "Staatsbibliothek zu Berlin – Preußischer Kulturbesitz"
    assert (weber.repository, weber.reference) == ("Musikabteilung", "Mus. ep. C. M. v. Weber 85")
    assert (gogh.repository, gogh.reference) == ("Van Gogh Museum", "b569 V/1962")


def test_place_and_org_names_are_kept():
    escher = _read(ESCHER)
    assert [p["name"] for p in escher.extra["places"]] == ["Zürich", "Winterthur", "Romanshorn"]
    assert escher.extra["organizations"] == [{"name": "Schweizerischen Nordostbahn", "ref": "#nob"}]
    assert escher.extra["correspondence"]["received"]["parties"] == [
        {"name": "Schweizerischer Bundesrat", "kind": "organization", "ref": "#bundesrat"}
    ]
    assert _read(WEBER).extra["organizations"] == [{"name": "Ständetheater"}]
    assert "Place Lamartine" in _read(GOGH).texts[0].body


def test_correspondents_with_ids_join_the_persons():
    roles = {p["id"]: (p["name"], p["roles"]) for p in _read(GOGH).extra["persons"]}
    assert roles["vincent"] == ("Vincent van Gogh", ["sender", "signer"])
    assert roles["theo"] == ("Theo van Gogh", ["recipient"])
    assert roles["bernard"] == ("Bernard", ["mentioned"])


@pytest.mark.parametrize(
    "attrs,edtf,earliest,latest",
    [
        ('when="1856-07"', "1856-07", dt.date(1856, 7, 1), dt.date(1856, 7, 31)),
        ('when="1856"', "1856", dt.date(1856, 1, 1), dt.date(1856, 12, 31)),
        ('when="1856-07-14T10:00:00"', "1856-07-14", dt.date(1856, 7, 14), dt.date(1856, 7, 14)),
        (
            'notBefore="1816-03" notAfter="1816-04"',
            "1816-03/1816-04",
            dt.date(1816, 3, 1),
            dt.date(1816, 4, 30),
        ),
        # half a range is an open interval, with no span to sort or filter by
        ('notBefore="1816-03-10"', "1816-03-10/..", None, None),
        ('notAfter="1816-03-14"', "../1816-03-14", None, None),
        ('notBefore="1816-04-01" notAfter="1816-03-01"', None, None, None),  # reversed: none
    ],
)
def test_letter_dates(attrs, edtf, earliest, latest):
    el = etree.fromstring(f'<date xmlns="http://www.tei-c.org/ns/1.0" {attrs}/>')
    d = letter_date(el)
    assert (d.edtf, d.earliest, d.latest) == (edtf, earliest, latest)


@pytest.mark.django_db(transaction=True)
def test_the_three_letters_import_through_the_cli():
    result = run_cli("ingest", "--json", *(str(p) for p in EXPECTED))
    assert result.returncode == 0, result.stderr
    assert {json.loads(line)["status"] for line in result.stdout.splitlines()} == {"added"}
    for rid, title, edtf, earliest, _, sender, recipient, sent_at, _ in EXPECTED.values():
        shown = run_cli("show", rid, "--json")
        assert shown.returncode == 0, shown.stderr
        data = json.loads(shown.stdout)
        assert data["title"] == title
        assert data["date"]["edtf"] == edtf and data["date"]["earliest"] == earliest.isoformat()
        assert (data["suggested"]["sender"], data["suggested"]["recipient"]) == (sender, recipient)
        assert data["extra"]["place"] == sent_at
        assert data["extra"]["correspondence"]["received"]["parties"][0]["name"] == recipient


def test_a_letter_exported_as_tei_reads_back_and_validates(tmp_path):
    """Our TEI export writes the correspDesc back: sender, recipient, places and date survive."""
    import shutil
    import subprocess

    from sourcebook.core import formats

    from .conftest import SCHEMA

    paths = []
    for path in EXPECTED:
        letter = _read(path)
        tei = formats.exporter("tei").write(letter)
        back = read_tei(tei.encode("utf-8"), f"{letter.id}.tei.xml").records[0]
        assert (back.title, back.date) == (letter.title, letter.date)
        assert back.extra["correspondence"] == letter.extra["correspondence"]
        assert (back.suggested.sender, back.suggested.recipient) == (
            letter.suggested.sender,
            letter.suggested.recipient,
        )
        out = tmp_path / f"{letter.id}.tei.xml"
        out.write_text(tei, encoding="utf-8")
        paths.append(out)
    if shutil.which("jing"):
        done = subprocess.run(
            ["jing", str(SCHEMA), *map(str, paths)], capture_output=True, text=True
        )
        assert done.returncode == 0, done.stdout
