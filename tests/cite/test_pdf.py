"""The PDF of a document, checked with poppler's pdftotext and pdffonts."""

from __future__ import annotations

import re
import shutil
import subprocess

import pytest

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
