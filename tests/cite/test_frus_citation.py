"""A FRUS document is cited as a document in its published volume, in every style and export.

The reference strings below were written by hand from the volume's title page (FRUS 1958–1960,
vol. XVIII, Japan; Korea, edited by Madeline Chi and Louis J. Smith, Washington: United States
Government Printing Office, 1994) and document 215 (a memorandum of February 28, 1958), following
Chicago 17th ed. 14.107–14.111 (a chapter in a multivolume edited work), MLA 9th ed., APA 7th ed.
10.3 (a republished work in an edited book: the volume's year, "Original work published"), and
the archive's own house style (title, date, then where it is published).
"""

from __future__ import annotations

import json

import bibtexparser
import pytest
import rispy

from sourcebook.core.cite import bibtex, csl, ris
from tests.conftest import SHARED

VOLUME = SHARED / "corpus" / "frus" / "frus1958-60v18.xml"
DOC = "frus1958-60v18-d215"
TITLE = (
    "Memorandum From the Assistant Secretary of State for Far Eastern Affairs (Robertson) "
    "to Secretary of State Dulles"
)
URL = "https://history.state.gov/historicaldocuments/frus1958-60v18/d215"
GPO = "United States Government Printing Office"

EXPECTED = {
    "archive": (
        f'"{TITLE}", February 28, 1958, in Madeline Chi and Louis J. Smith, eds., Foreign '
        "Relations of the United States, 1958–1960, vol. XVIII, Japan; Korea, doc. 215, "
        f"Washington, {GPO}, 1994."
    ),
    "chicago": (
        f"“{TITLE},” February 28, 1958, in Foreign Relations of the United States, 1958–1960, "
        f"vol. XVIII, Japan; Korea, ed. Madeline Chi and Louis J. Smith (Washington: {GPO}, "
        f"1994), doc. 215, {URL}."
    ),
    "chicago-bibliography": (
        f"“{TITLE}.” February 28, 1958. Document 215 in Foreign Relations of the United States, "
        "1958–1960. Vol. XVIII, Japan; Korea, edited by Madeline Chi and Louis J. Smith. "
        f"Washington: {GPO}, 1994. {URL}."
    ),
    "mla": (
        f"“{TITLE}.” 28 Feb. 1958. Foreign Relations of the United States, 1958–1960, edited by "
        f"Madeline Chi and Louis J. Smith, vol. XVIII, Japan; Korea, {GPO}, 1994, doc. 215. "
        f"{URL}."
    ),
    "apa": (
        f"{TITLE}. (1994). In M. Chi & L. J. Smith (Eds.), Foreign Relations of the United "
        f"States, 1958–1960: Vol. XVIII. Japan; Korea (Doc. 215). {GPO}. {URL} (Original work "
        "published 1958)"
    ),
}


@pytest.fixture(scope="module")
def d215():
    from sourcebook.core.tei.frus_reader import read_tei

    parsed = read_tei(VOLUME.read_bytes(), str(VOLUME))
    return next(r for r in parsed.records if r.id == DOC)


def test_the_volume_data_comes_from_the_tei_header(d215):
    assert d215.title.startswith("215. Memorandum")  # the volume prints the number; kept
    assert d215.extra["published_in"] == {
        "container": "Foreign Relations of the United States, 1958–1960",
        "volume": "XVIII",
        "volume_title": "Japan; Korea",
        "editors": ["Madeline Chi", "Louis J. Smith"],  # the general editor is not cited
        "publisher": GPO,
        "place": "Washington",
        "year": "1994",
        "document": "215",
    }


@pytest.mark.parametrize("style", sorted(EXPECTED))
def test_every_style_matches_the_hand_checked_reference(d215, style):
    text = csl.citations(d215)[style]
    assert text == EXPECTED[style]
    assert "215. Memorandum" not in text  # the number is out of the title


def test_html_styles_italicize_the_volume_and_escape_the_rest(d215):
    html = csl.citations(d215, html=True)
    assert (
        "in <i>Foreign Relations of the United States, 1958–1960</i>, vol. XVIII, "
        "<i>Japan; Korea</i>, ed. Madeline Chi" in html["chicago"]
    )
    assert (
        "<i>Foreign Relations of the United States, 1958–1960: Vol. XVIII. Japan; Korea</i>"
        in (html["apa"])
    )
    hostile = type(d215)(**{**d215.__dict__, "title": "215. A & <b>B</b>"})
    assert "“A &amp; &lt;b&gt;B&lt;/b&gt;,”" in csl.citations(hostile, html=True)["chicago"]


def test_bibtex_is_an_incollection_that_bibtexparser_reads(d215):
    library = bibtexparser.parse_string(bibtex.write(d215))
    assert not library.failed_blocks
    (entry,) = library.entries
    fields = {k: f.value for k, f in entry.fields_dict.items()}
    assert entry.entry_type == "incollection" and entry.key == DOC
    assert fields["title"] == "{" + TITLE + "}"
    assert fields["maintitle"] == "Foreign Relations of the United States, 1958–1960"
    assert fields["booktitle"] == "Japan; Korea" and fields["volume"] == "XVIII"
    assert fields["editor"] == "Chi, Madeline and Smith, Louis J."
    assert fields["note"] == "Doc. 215"
    assert (fields["address"], fields["publisher"], fields["year"]) == ("Washington", GPO, "1994")
    assert fields["origdate"] == "1958-02-28" and fields["url"] == URL


def test_ris_is_a_chap_that_rispy_reads(d215):
    (entry,) = rispy.loads(ris.write(d215))
    assert entry["type_of_reference"] == "CHAP"
    assert entry["title"] == TITLE
    assert (
        entry["secondary_title"]
        == "Foreign Relations of the United States, 1958–1960, Japan; Korea"
    )
    assert entry["secondary_authors"] == ["Chi, Madeline", "Smith, Louis J."]
    assert (entry["volume"], entry["section"], entry["year"]) == ("XVIII", "215", "1994")
    assert entry["date"] == "1958/02/28/"
    assert (entry["place_published"], entry["publisher"]) == ("Washington", GPO)
    assert entry["urls"] == [URL]


def test_csl_json_is_a_chapter_with_a_container_title(d215):
    item = csl.to_csl(d215)
    assert item["type"] == "chapter" and item["title"] == TITLE
    assert item["container-title"] == "Foreign Relations of the United States, 1958–1960"
    assert (item["volume"], item["volume-title"], item["number"]) == (
        "XVIII",
        "Japan; Korea",
        "215",
    )
    assert item["editor"] == [
        {"family": "Chi", "given": "Madeline"},
        {"family": "Smith", "given": "Louis J."},
    ]
    assert item["issued"] == {"date-parts": [[1994]]}
    assert item["original-date"] == {"date-parts": [[1958, 2, 28]]}
    assert (item["publisher"], item["publisher-place"]) == (GPO, "Washington")
    assert item["archive"] == "Department of State"  # the original's archive, from the source note


def test_a_wcda_record_is_still_an_unpublished_manuscript():
    from sourcebook.core import recordtext
    from tests.conftest import SEED

    seed = recordtext.parse(SEED.read_text(encoding="utf-8"), str(SEED))
    assert bibtex.write(seed).startswith("@unpublished{")
    assert ris.write(seed).startswith("TY  - MANSCPT")
    assert csl.to_csl(seed)["type"] == "manuscript"


@pytest.mark.django_db(transaction=True)
def test_the_exports_over_http_cite_the_volume(live_server):
    """The volume ingested for real, then each export fetched from the running site."""
    from sourcebook.archive import ingest
    from tests.support.http import get

    outcomes = ingest.ingest_file(VOLUME)
    assert {o.status for o in outcomes} == {"added"}
    base = f"{live_server.url}/documents/{DOC}"
    status, _, bib = get(f"{base}.bib")
    assert status == 200 and bib.startswith(f"@incollection{{{DOC},")
    status, _, ris_text = get(f"{base}.ris")
    assert status == 200 and rispy.loads(ris_text)[0]["type_of_reference"] == "CHAP"
    status, _, csl_text = get(f"{base}.csl.json")
    assert status == 200 and json.loads(csl_text)[0]["container-title"].startswith("Foreign")
    status, _, page = get(f"{base}/")
    assert status == 200
    assert "doc. 215" in page and "<i>Japan; Korea</i>" in page


def test_dublin_core_names_the_volume_and_cites_it(d215):
    from sourcebook.core.cite import dublin_core

    pairs = dublin_core.elements(d215)
    assert ("identifier", EXPECTED["archive"]) in pairs
    assert (
        "source",
        "Foreign Relations of the United States, 1958–1960, vol. XVIII, Japan; Korea, doc. 215, "
        f"{GPO}, 1994",
    ) in pairs
