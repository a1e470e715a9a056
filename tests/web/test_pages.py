"""Pages and API over real HTTP (pytest-django's live server)."""

from __future__ import annotations

import datetime as dt
import html
import re

import pytest

from sourcebook.archive import ingest
from sourcebook.core import recordtext
from sourcebook.core.formats import ParsedSource
from tests.conftest import SAMPLES
from tests.support.http import get, get_json

pytestmark = pytest.mark.django_db(transaction=True)


def test_document_page_shows_the_record_and_its_apparatus(live_server, seed_doc):
    status, ctype, page = get(f"{live_server.url}/documents/208190/")
    assert status == 200 and ctype.startswith("text/html")
    text = html.unescape(re.sub(r"<[^>]+>", "", page))
    for expected in [
        "October 11, 1959",
        "Cable, Chinese Embassy in North Korea to the Foreign Ministry Consular Affairs Department",
        "PRC FMA 118-01026-01",
        "Translated by David Cowhig.",
        "https://wilson-center-digital-archive.dvincitest.com/document/208190",
        "North Korean and Chinese officials discuss",
        "This document was made possible with support from Henry Luce Foundation",
        "Chinese",
        "Translation - English",
        "Ri Chang-jeong [Ri Chang Jong]",
        "[yuejing ren yuan][?]",
    ]:
        assert expected in text, expected
    assert 'href="https://wilson-center-digital-archive.dvincitest.com/document/208190"' in page
    # Each apparatus item is marked with its type and a label saying what it is.
    for kind, label in [
        ("handwritten", "Handwritten note (left margin)"),
        ("rendition", "Appearance in the original"),
        ("seal", "Seal"),
        ("stamp", "Stamp"),
        ("supplied", "Supplied by the editor"),
        ("alternate_form", "Alternate form"),
        ("original_term", "Term in the original language"),
        ("uncertain", "Uncertain reading"),
    ]:
        assert re.search(rf'data-type="{kind}" title="{re.escape(label)}"', page), kind


def test_home_lists_documents_by_date(live_server, db):
    for path in sorted(SAMPLES.glob("*.txt")):
        ingest.ingest_file(path)
    status, _, page = get(f"{live_server.url}/")
    assert status == 200
    titles = re.findall(r'<a href="/documents/([^/]+)/">', page)
    # In date order, undated documents last (on SQLite and PostgreSQL alike).
    assert titles == [
        "sample-khrushchev-c1957",
        "sample-zhou-kim-1958",
        "208190",
        "sample-undated-letter",
    ]
    api = get_json(f"{live_server.url}/api/documents")
    assert [r["id"] for r in api["results"]] == titles


def test_documents_of_one_day_follow_their_time_of_day(live_server, db, seed_text):
    """FRUS datelines give times; two cables of one day list in the order they were sent."""
    for public_id, edtf in (("d10", "1955-08-05T19:53:00-05:00"), ("d9", "1955-08-05T12:30:00")):
        record = recordtext.parse(seed_text, "seed.txt")
        record.id = public_id
        record.date.edtf = edtf
        record.date.earliest = record.date.latest = dt.date(1955, 8, 5)
        ingest.store(ParsedSource("record-text", [record]), public_id.encode(), f"{public_id}.txt")
    page = get(f"{live_server.url}/")[2]
    assert re.findall(r'<a href="/documents/([^/]+)/">', page) == ["d9", "d10"]


def test_api_document_json(live_server, seed_doc):
    data = get_json(f"{live_server.url}/api/documents/208190")
    assert data["id"] == "208190"
    assert data["date"]["edtf"] == "1959-10-11"
    assert data["languages"] == ["zh"]
    assert data["contents"] == [
        {"kind": "translation", "language": "en", "label": "Translation - English"}
    ]
    assert [a["type"] for a in data["texts"][0]["annotations"]][:3] == [
        "supplied",
        "alternate_form",
        "handwritten",
    ]
    assert data["suggested"]["doc_type"] == "Cable"
    assert data["source"]["format"] == "record-text" and len(data["source"]["sha256"]) == 64
    listing = get_json(f"{live_server.url}/api/documents")
    assert listing["total"] == 1 and listing["results"][0]["id"] == "208190"
    assert get(f"{live_server.url}/api/documents/nope")[0] == 404
    schema = get_json(f"{live_server.url}/api/openapi.json")
    assert "/api/documents/{public_id}" in schema["paths"]


def test_export_urls(live_server, seed_doc, seed_text):
    status, ctype, body = get(f"{live_server.url}/documents/208190.txt")
    assert status == 200 and ctype.startswith("text/plain")
    assert body.strip("\n") == seed_text.strip("\n")
    assert get(f"{live_server.url}/documents/208190.nope")[0] == 404


def test_export_urls_for_an_id_with_dots(live_server, db, seed_text):
    """TEI ``xml:id``s may hold dots; ``/documents/<id>.<ext>`` still finds id and format."""
    import json

    record = recordtext.parse(seed_text, "seed.txt")
    record.id = "vol.1.d2"
    ingest.store(ParsedSource("record-text", [record]), seed_text.encode(), "seed.txt")
    assert get(f"{live_server.url}/documents/vol.1.d2/")[0] == 200
    status, _, body = get(f"{live_server.url}/documents/vol.1.d2.json")
    assert status == 200 and json.loads(body)["id"] == "vol.1.d2"
    status, _, body = get(f"{live_server.url}/documents/vol.1.d2.tei.xml")
    assert status == 200 and "<TEI" in body
    assert get(f"{live_server.url}/documents/vol.1.d2.nope")[0] == 404


def test_no_input_can_inject_markup(live_server, db):
    hostile = (
        "October 11, 1959\n**<script>alert('title')</script> Cable**\n\nCitation:\n\n"
        '"x", 1959, <img src=x onerror=alert(1)> Archive, A 1, 2.\n<https://example.org/document/77>\n\n'
        "Summary:\n\n<b>bold</b> & <iframe src=javascript:alert(2)>\n\nContents:\n\n"
        'Translation - English\n\nText [<script>alert(3)</script>] and "quotes" </p><h1>x</h1>\n'
    )
    record = recordtext.parse(hostile, "hostile.txt")
    ingest.store(ParsedSource("record-text", [record]), hostile.encode(), "hostile.txt")
    status, _, page = get(f"{live_server.url}/documents/77/")
    assert status == 200
    assert "<script>alert" not in page
    assert "<img src=x" not in page
    assert "<iframe" not in page and "<h1>x</h1>" not in page
    assert "&lt;script&gt;alert(&#x27;title&#x27;)&lt;/script&gt; Cable" in page


@pytest.mark.django_db
@pytest.mark.parametrize(
    "path", ["/api/", "/api/places", "/api/organizations/x", "/api/v2/documents"]
)
def test_an_unknown_api_route_answers_json(client, path):
    """A client of a route the API does not have (a typo, a later version's) still reads JSON,
    as for an unknown document; pages keep their HTML 404."""
    response = client.get(path)
    assert response.status_code == 404
    assert response["Content-Type"].startswith("application/json")
    assert response.json() == client.get("/api/documents/nope").json() == {"detail": "Not Found"}
    page = client.get("/no-such-page/")
    assert page.status_code == 404 and page["Content-Type"].startswith("text/html")


@pytest.mark.django_db
def test_every_page_header_leads_to_the_places(client):
    """Place pages were reachable from no link: a reader could not find them."""
    header = client.get("/").content.decode().split("</nav>")[0]
    assert '<a href="/places/">Places</a>' in header
    german = client.get("/search/", HTTP_ACCEPT_LANGUAGE="de").content.decode()
    assert '<a href="/places/">Orte</a>' in german.split("</nav>")[0]


@pytest.mark.django_db
def test_the_archive_field_is_one_line_for_page_and_pdf(client, seed_doc):
    """The page and the PDF wrote the Archive field each their own way; without an archive name
    the page's began with ", ". One function writes it for both now."""
    from sourcebook.archive.models import Document
    from sourcebook.core.cite import pdf
    from sourcebook.core.cite.common import archive_line

    doc = Document.objects.get(public_id="208190")
    doc.archive = ""
    doc.save()
    record = doc.to_record()
    line = archive_line(record)
    assert line and not line.startswith(",") and line.startswith(record.repository)
    page = client.get("/documents/208190/").content.decode()
    assert f'<dd lang="en">{line}</dd>' in page
    assert f"<dt>Archive</dt><dd>{line}</dd>" in pdf.html_document(record)
