"""The PDF of a document, checked with poppler's pdftotext and pdffonts."""

from __future__ import annotations

import re
import shutil
import subprocess

import pytest
from lxml import html as lxml_html

from tests.support.footnotes import footnotes
from tests.support.http import get

from .httpbin import get_bytes

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(not shutil.which("pdftotext"), reason="poppler-utils not installed"),
]


def _pdftotext(path) -> str:
    out = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, check=True)
    return re.sub(r"\s+", " ", out.stdout.decode("utf-8"))


def test_seed_pdf_has_title_citation_permalink_text_and_cjk_fonts(live_server, seed_doc, tmp_path):
    status, ctype, body, _ = get_bytes(f"{live_server.url}/documents/208190.pdf")
    assert status == 200 and ctype == "application/pdf" and body.startswith(b"%PDF-")
    path = tmp_path / "208190.pdf"
    path.write_bytes(body)
    text = _pdftotext(path)
    assert (
        "Cable, Chinese Embassy in North Korea to the Foreign Ministry Consular Affairs Department"
        in text
    )
    assert "October 11, 1959" in text
    assert (
        '"Cable, Chinese Embassy in North Korea to the Foreign Ministry Consular Affairs '
        'Department", October 11, 1959, Wilson Center Digital Archive, PRC FMA 118-01026-01, 33. '
        "Translated by David Cowhig."
    ) in text
    assert "https://wilson-center-digital-archive.dvincitest.com/document/208190" in text
    # The apparatus stays legible, brackets and all, with a legend of its types.
    assert "[handwritten note in left margin: According to the Ministry of Public Security" in text
    assert "[yuejing ren yuan][?]" in text
    assert "Handwritten note: 1" in text
    fonts = subprocess.run(["pdffonts", str(path)], capture_output=True, check=True).stdout.decode()
    cjk = [
        line
        for line in fonts.splitlines()
        if re.search(r"Noto(Sans|Serif)-?CJK|Noto-(Sans|Serif)-CJK", line)
    ]
    assert cjk, fonts
    assert all(line.split()[-5] == "yes" for line in cjk)  # embedded


def test_chinese_transcript_is_rendered_in_cjk(live_server, db, tmp_path):
    from sourcebook.archive import ingest
    from tests.conftest import SAMPLES

    ingest.ingest_file(SAMPLES / "sample-zhou-kim-1958.txt")
    status, _, body, _ = get_bytes(f"{live_server.url}/documents/sample-zhou-kim-1958.pdf")
    assert status == 200
    path = tmp_path / "zhou.pdf"
    path.write_bytes(body)
    assert "周恩來總理與金日成首相談話記錄" in _pdftotext(path).replace(" ", "")


def _pdf_text(url: str, tmp_path) -> str:
    status, ctype, body, _ = get_bytes(url)
    assert status == 200 and ctype == "application/pdf", (url, status)
    path = tmp_path / "document.pdf"
    path.write_bytes(body)
    return _pdftotext(path)


def _page(url: str):
    status, _, page = get(url)
    assert status == 200, (url, status)
    return page, lxml_html.fromstring(page)


def _words(element) -> str:
    return " ".join(element.text_content().split())


def test_frus_pdf_carries_the_pages_footnotes_source_note_and_fields(live_server, tmp_path):
    """The apparatus of a FRUS document, as its page shows it: each footnote once with the
    page's number (d15's notes stand in a list), the source note and the Archive field."""
    from sourcebook.archive import ingest
    from tests.tei.conftest import volume_path

    assert {o.status for o in ingest.ingest_file(volume_path("frus1955-57v03"))} == {"added"}
    texts = {}
    for doc in ("frus1955-57v03-d21", "frus1955-57v03-d15"):
        page, tree = _page(f"{live_server.url}/documents/{doc}/")
        text = _pdf_text(f"{live_server.url}/documents/{doc}.pdf", tmp_path)
        # A note that runs over a page break has the page's footer (title, page) inside it.
        footer = re.escape(_words(tree.xpath("//h1")[0])) + r" — \d+ / \d+ "
        text = texts[doc] = re.sub(footer, "", text)
        notes = footnotes(page)[0]
        assert notes
        for _, label, note, _ in notes:
            assert text.count(f"{label} {note}") == 1, (doc, label, note)
        (source,) = tree.xpath("//p[@class='tei-source-note']")
        assert _words(source) in text
        dts = [_words(dt) for dt in tree.xpath("//dl[@class='metadata']/dt")]
        dds = [_words(dd) for dd in tree.xpath("//dl[@class='metadata']/dd")]
        fields = dict(zip(dts, dds, strict=True))
        assert f"Archive {fields['Archive']}" in text
        assert f"Original language {fields['Original language']}" in text
    # d21 as the reviewer read it: "Comments follow." calls note 2.
    d21 = texts["frus1955-57v03-d21"]
    assert "Source: Department of State, Central Files, 611.93/8–1255. Confidential; Niact." in d21
    assert "Archive Department of State, Central Files 611.93/8–1255" in d21
    assert "Comments follow.2" in d21 and "2 See infra." in d21


def test_a_stamp_in_the_pdf_keeps_the_documents_letters(live_server, tmp_path):
    """Copying from the PDF gives the document's characters: no small capitals in the text
    layer ("14 maRch")."""
    from sourcebook.archive import ingest
    from tests.conftest import SAMPLES

    ingest.ingest_file(SAMPLES / "sample-khrushchev-c1957.txt")
    text = _pdf_text(f"{live_server.url}/documents/sample-khrushchev-c1957.pdf", tmp_path)
    assert "[Stamp: Received 14 March] Ambassador A. M. Puzanov" in text
    assert "Translated by Gary Goldberg Original language Russian" in text
