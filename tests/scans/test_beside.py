"""The scan beside the text on the document page, as served (no script): the column with the
first page's image and a link to every page, page markers linked to their canvases, low OCR
words marked, and the facet values "Scan" and "OCR"."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext, override_settings
from lxml import html as lxml_html

from tests.scans.letter import LETTER_ID, add_ocr_text, ingest_letter

pytestmark = pytest.mark.django_db


def _page(client, path: str):
    response = client.get(path)
    assert response.status_code == 200
    return response, lxml_html.fromstring(response.content.decode())


def _image(n: int) -> str:
    return f"/iiif/image/{LETTER_ID}/{n}/full/max/0/default.jpg"


def test_without_scans_markers_stay_plain_and_there_is_no_column(client, tmp_path):
    ingest_letter(tmp_path, pages=None)
    response, tree = _page(client, f"/documents/{LETTER_ID}/")
    assert not tree.xpath("//aside[contains(@class, 'doc-beside')]")
    markers = tree.xpath("//span[contains(@class, 'page-marker')]")
    assert [m.get("data-page") for m in markers] == ["1", "2", "3"]
    assert not tree.xpath("//a[contains(@class, 'page-marker')]")
    assert b"openseadragon" not in response.content


def test_the_scan_stands_beside_the_text_with_every_page_linked(client, tmp_path):
    ingest_letter(tmp_path)
    response, tree = _page(client, f"/documents/{LETTER_ID}/")
    layout = tree.xpath("//div[@class='doc-layout']")[0]
    # The column comes after the text and before the side column, inside the layout grid.
    assert [c.get("class") for c in layout] == ["doc-texts", "doc-beside", "doc-side"]
    column = layout[1]
    assert column.xpath(".//details[@open]/summary//h2")[0].text == "Original scan"
    viewer = column.xpath(".//div[@id='scan-viewer']")[0]
    assert viewer.get("data-sources") == (
        f'["/iiif/image/{LETTER_ID}/1/info.json", "/iiif/image/{LETTER_ID}/2/info.json", '
        f'"/iiif/image/{LETTER_ID}/3/info.json"]'
    )
    # Without script: the first page's image (a size info.json declares), linked to the page.
    img = viewer.xpath(".//img")[0]
    assert img.get("alt") == "Page 1 of the scan"
    preview = client.get(img.get("src"))
    assert preview.status_code == 200 and preview["Content-Type"] == "image/jpeg"
    assert viewer.xpath(".//a/@href") == [_image(1)]
    pages = column.xpath(".//nav[@class='scan-pages']//a")
    assert [(a.get("href"), a.text) for a in pages] == [(_image(n), f"p. {n}") for n in (1, 2, 3)]
    assert client.get(_image(3)).status_code == 200
    # The viewer's script and its one inline style are allowed, nothing else inline.
    policy = response["Content-Security-Policy"]
    assert "'sha256-" in policy and "unsafe-inline" not in policy
    assert b"scans/openseadragon/openseadragon.min.js" in response.content


@override_settings(SOURCEBOOK_PAGE_CACHE=0)
@pytest.mark.parametrize("pages", [None, 3], ids=["without-scans", "with-scans"])
def test_a_page_reads_the_scan_pages_once(client, tmp_path, pages):
    """The head (the viewer's script), the scan section, the column, the contents and the page
    markers all ask whether the document has scans: one query answers them all (three before,
    and one more per page of the scan; a quarter of a page's time went to compiling queries)."""
    ingest_letter(tmp_path, pages=pages)
    with CaptureQueriesContext(connection) as queries:
        response, tree = _page(client, f"/documents/{LETTER_ID}/")
    assert len([q for q in queries if "scans_page" in q["sql"]]) == 1
    assert len(tree.xpath("//a[contains(@class, 'page-marker')]")) == (3 if pages else 0)
    assert (b"openseadragon.min.js" in response.content) is bool(pages)


@pytest.mark.parametrize("view", ["", "?view=diplomatic"])
def test_page_markers_link_their_canvas(client, tmp_path, view):
    ingest_letter(tmp_path)
    _, tree = _page(client, f"/documents/{LETTER_ID}/{view}")
    markers = tree.xpath("//div[@class='doc-texts']//a[contains(@class, 'page-marker')]")
    assert [(m.text, m.get("data-canvas"), m.get("href")) for m in markers] == [
        ("(p. 1)", "1", _image(1)),
        ("[p. 2]", "2", _image(2)),
        ("(Page 3)", "3", _image(3)),
    ]
    assert markers[1].get("title") == "Page 2 of the scan"
    # A version page is the document page as it was: the same scan beside it.
    version = client.get(f"/documents/{LETTER_ID}/v/1/{view}")
    assert b'class="doc-beside"' in version.content and b'data-canvas="3"' in version.content
    assert "'sha256-" in version["Content-Security-Policy"]


def test_markers_beyond_the_scan_stay_plain(client, tmp_path):
    ingest_letter(tmp_path, pages=2)
    _, tree = _page(client, f"/documents/{LETTER_ID}/")
    texts = tree.xpath("//div[@class='doc-texts']")[0]
    linked = texts.xpath(".//a[contains(@class, 'page-marker')]")
    assert [m.get("data-canvas") for m in linked] == ["1", "2"]
    plain = texts.xpath(".//span[contains(@class, 'page-marker')]")
    assert [m.text for m in plain] == ["(Page 3)"]


def test_low_confidence_ocr_words_are_marked(client, tmp_path):
    doc = ingest_letter(tmp_path)
    add_ocr_text(doc, [("The", 96), ("delegation", 41), ("arrived", 88), ("Pyongyang", 59.6)])
    _, tree = _page(client, f"/documents/{LETTER_ID}/")
    low = tree.xpath("//span[contains(concat(' ', @class, ' '), ' ocr-low ')]")
    assert [(w.text, w.get("data-confidence"), w.get("title")) for w in low] == [
        ("delegation", "41", "Uncertain OCR reading, confidence 41%"),
        ("Pyongyang", "60", "Uncertain OCR reading, confidence 60%"),
    ]
    assert low[0].get("aria-description") == "Uncertain OCR reading, confidence 41%"
    # An editor's [?] stays an uncertain reading of its own kind, not an OCR one.
    editors = tree.xpath("//span[@data-type='uncertain'][not(contains(@class, 'ocr-low'))]")
    assert [e.text for e in editors] == ["[?]"]


def test_the_ocr_threshold_is_a_setting(tmp_path, settings):
    from sourcebook.scans import storage
    from sourcebook.scans.ocr import write_ocr_text

    doc = ingest_letter(tmp_path, pages=1)
    page = doc.scan_pages.select_related("scan").get()
    page.ocr_languages = "eng"
    page.save()
    hocr = storage.page_dir(page.scan.sha256, page.index) / "ocr-eng.hocr"
    hocr.parent.mkdir(parents=True, exist_ok=True)
    hocr.write_text(
        "<html><body><div class='ocr_page'><span class='ocr_line'>"
        "<span class='ocrx_word' title='bbox 1 1 9 9; x_wconf 96'>Kim</span> "
        "<span class='ocrx_word' title='bbox 10 1 19 9; x_wconf 41'>Il</span> "
        "<span class='ocrx_word' title='bbox 20 1 29 9; x_wconf 55'>Sung</span>"
        "</span></div></body></html>",
        encoding="utf-8",
    )

    def marked():
        doc.refresh_from_db()
        ocr = next(t for t in doc.to_record().texts if t.kind == "ocr")
        return [(a.text, a.attrs["ocr_confidence"]) for a in ocr.annotations]

    settings.SOURCEBOOK_OCR_LOW_CONFIDENCE = 50
    assert write_ocr_text(doc, [page], "eng") == "written"
    assert marked() == [("Il", 41.0)]
    assert write_ocr_text(doc, [page], "eng") == "unchanged"
    settings.SOURCEBOOK_OCR_LOW_CONFIDENCE = 60  # the next run marks by the new threshold
    assert write_ocr_text(doc, [page], "eng") == "written"
    assert marked() == [("Il", 41.0), ("Sung", 55.0)]


def test_a_document_with_scans_is_found_by_the_facet_scan(seed_doc, tmp_path, monkeypatch):
    from sourcebook.scans.attaching import attach
    from sourcebook.search import indexer
    from sourcebook.search.service import search
    from tests.scans import make

    monkeypatch.setenv("SOURCEBOOK_INDEX", str(tmp_path / "index"))
    indexer.catch_up()

    def found(value):
        return [r["id"] for r in search("", filters={"has": [value]}).results]

    assert found("Scan") == [] and found("OCR") == []
    assert "Original Scan" not in str(seed_doc.contents)  # the record lists no scan itself
    attach(seed_doc, [("scan.png", make.image("PNG"))])
    indexer.catch_up()
    assert found("Scan") == ["208190"]
    assert found("OCR") == []
    add_ocr_text(seed_doc, [("Kim", 90), ("Il", 30)])
    indexer.catch_up()
    assert found("OCR") == ["208190"] and found("Scan") == ["208190"]
    counts = {f["value"]: f["count"] for f in search("").facets["has"]}
    assert counts["Scan"] == 1 and counts["OCR"] == 1


def test_tei_page_breaks_link_their_canvas_by_order(tmp_path):
    """A FRUS document's printed pages 412 and 413 in a three-page scan: pages 2 and 3 (the
    text before the first break lies on page 1)."""
    from sourcebook.core.tei.html import render
    from sourcebook.scans.beside import link_page_markers

    doc = ingest_letter(tmp_path)
    tei = render(
        '<div xmlns="http://www.tei-c.org/ns/1.0"><p>one<pb n="412"/>two<pb n="413"/>three</p></div>'
    )
    [html] = link_page_markers(doc, [tei])
    links = lxml_html.fromstring(html).xpath("//a[contains(@class, 'tei-pb')]")
    # The cached TEI HTML holds the page alone; the page words it (web.page_breaks).
    assert [(a.text, a.get("data-canvas"), a.get("href")) for a in links] == [
        ("412", "2", _image(2)),
        ("413", "3", _image(3)),
    ]
