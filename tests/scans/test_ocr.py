"""OCR: Tesseract reads generated scans in the archive's languages; the result is a text of kind
``ocr`` with hOCR and word confidences, and never overwrites what an editor wrote."""

from __future__ import annotations

import importlib.util
import json
import shutil
from pathlib import Path

import pytest

from sourcebook.core import ocr
from tests.conftest import SAMPLES
from tests.support.cli import run_cli

needs_tesseract = pytest.mark.skipif(
    not shutil.which("tesseract"), reason="tesseract is not installed (Debian tesseract-ocr)"
)
BENCH = Path(__file__).resolve().parents[2] / "bench" / "ocr.py"


def _bench():
    spec = importlib.util.spec_from_file_location("bench_ocr", BENCH)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_cer():
    assert ocr.cer("abcd", "abcd") == 0
    assert ocr.cer("abcd", "abxd") == 0.25
    assert ocr.cer("a b\nc", "abc") == 0  # whitespace is not counted


def test_hocr_words_and_confidences():
    hocr = """<html><body><div class='ocr_page'><span class='ocr_line'>
    <span class='ocrx_word' title='bbox 10 20 60 40; x_wconf 96'>Kim</span>
    <span class='ocrx_word' title='bbox 70 20 120 40; x_wconf 31'>Il</span></span>
    <span class='ocr_line'><span class='ocrx_word' title='bbox 10 50 60 70; x_wconf 90'>大使</span>
    <span class='ocrx_word' title='bbox 70 50 90 70; x_wconf 88'>于</span></span></div></body></html>"""
    page = ocr.parse_hocr(hocr)
    assert page.text == "Kim Il\n大使于"
    assert [(w.text, w.confidence, w.box) for w in page.lines[0]] == [
        ("Kim", 96.0, (10, 20, 60, 40)),
        ("Il", 31.0, (70, 20, 120, 40)),
    ]


def test_language_from_the_original_language():
    installed = {"eng", "rus", "chi_sim", "kor"}
    assert ocr.tesseract_languages("Russian", installed) == "rus"
    assert ocr.tesseract_languages("Korean; Chinese", installed) == "kor+chi_sim"
    assert ocr.tesseract_languages("Hungarian", installed) == "eng"  # hun not installed
    assert ocr.tesseract_languages("", installed) == "eng"


@needs_tesseract
@pytest.mark.parametrize("lang", ["en", "ru", "zh", "ko"])
def test_generated_scans_are_read_within_looser_bounds(lang):
    bench = _bench()
    if {"en": "eng", "ru": "rus", "zh": "chi_sim", "ko": "kor"}[
        lang
    ] not in ocr.installed_languages():
        pytest.skip(f"no Tesseract data for {lang}")
    rate, text, _ = bench.measure(lang)
    assert rate <= 2 * bench.TARGETS[lang], (rate, text)


@needs_tesseract
@pytest.mark.django_db(transaction=True)
def test_ocr_job_adds_a_text_and_never_overwrites_an_editors(tmp_path):
    from sourcebook.archive import ingest
    from sourcebook.archive.ingest import write_version
    from sourcebook.archive.models import Document
    from sourcebook.scans import storage
    from sourcebook.scans.attaching import attach
    from sourcebook.scans.models import Job

    bench = _bench()
    ingest.ingest_file(SAMPLES / "sample-khrushchev-c1957.txt")  # original language: Russian
    doc = Document.objects.get(public_id="sample-khrushchev-c1957")
    before = [(t.kind, t.body) for t in doc.to_record().texts]
    path = tmp_path / "ru.png"
    bench.page(bench.TEXTS["ru"], "ru").save(path, dpi=(300, 300))
    attach(doc, [("ru.png", path.read_bytes())])
    assert run_cli("ocr", doc.public_id).returncode == 0
    assert run_cli("worker", "--until-idle").returncode == 0
    doc.refresh_from_db()
    texts = doc.to_record().texts
    assert [(t.kind, t.body) for t in texts[:-1]] == before  # the editors' texts untouched
    text = texts[-1]
    assert (text.kind, text.language, text.label) == ("ocr", "ru", "OCR")
    assert ocr.cer("\n".join(bench.TEXTS["ru"]), text.body) <= 0.10
    page = doc.scan_pages.select_related("scan").get()
    assert page.ocr_languages == "rus"
    assert page.ocr_words and all(0 <= w[1] <= 100 for w in page.ocr_words)
    hocr = storage.page_dir(page.scan.sha256, page.index) / "ocr-rus.hocr"
    assert "ocrx_word" in hocr.read_text()
    assert doc.revisions.order_by("-version").first().reason == "ocr"

    # The OCR text is searchable, with a facet "has OCR".
    assert run_cli("index").returncode == 0
    found = run_cli("search", "--json", "--filter", "has=OCR", "пятнадцатого")
    assert found.returncode == 0, found.stderr
    assert [r["id"] for r in json.loads(found.stdout)["results"]] == [doc.public_id]

    # The manifest's canvas refers to the page's words as IIIF annotations.
    from django.test import Client
    from iiif_prezi3 import Manifest

    client = Client()
    data = json.loads(client.get(f"/iiif/{doc.public_id}/manifest.json").content)
    Manifest(**data)
    ref = data["items"][0]["annotations"][0]
    assert ref["type"] == "AnnotationPage"
    words = json.loads(client.get(ref["id"].split("testserver", 1)[1]).content)
    assert words["id"] == ref["id"] and len(words["items"]) == len(page.ocr_words)
    first = words["items"][0]
    assert first["motivation"] == "supplementing" and first["body"]["value"] == page.ocr_words[0][0]
    assert first["target"].startswith(data["items"][0]["id"] + "#xywh=")

    # An editor corrects the OCR text; OCR again keeps the editor's words.
    record = doc.to_record()
    record.texts[-1].body = "Исправлено редактором."
    record.texts[-1].annotations = []
    write_version(doc, record, source=None, reason="edit", author="editor")
    assert run_cli("ocr", doc.public_id).returncode == 0
    assert run_cli("worker", "--until-idle").returncode == 0
    doc.refresh_from_db()
    assert doc.to_record().texts[-1].body == "Исправлено редактором."
    assert Job.objects.filter(kind="ocr").first().note == "kept the OCR text an editor changed"
    html = run_cli("jobs").stdout
    assert "kept the OCR text an editor changed" in html


@pytest.mark.django_db(transaction=True)
def test_ocr_refuses_documents_without_scans(seed_doc):
    out = run_cli("ocr", "208190", process=True)
    assert out.returncode == 1 and "no scans attached" in out.stderr
