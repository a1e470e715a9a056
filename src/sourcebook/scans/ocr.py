"""The ``ocr`` job: Tesseract over every scan page, kept as hOCR and as a text of kind ``ocr``.

Each page's hOCR is written beside its image (atomically) and its words with their confidences
stored on the page, so a killed job resumes at the next page. The text is written last, as a new
version of the document in one transaction (revision and search outbox with it). It never
touches another text, and it replaces an earlier OCR text only if nobody edited it since the
OCR wrote it: an editor's transcript is never overwritten.
"""

from __future__ import annotations

from django.conf import settings
from django.db import transaction

from sourcebook.archive.ingest import write_version
from sourcebook.core import ocr, scanfiles
from sourcebook.core.record import Annotation, Text

from . import storage
from .derive import ensure_page
from .jobs import HANDLERS, progress
from .models import Job, Page

KIND = "ocr"


def ocr_document(job: Job) -> str:
    doc = job.document
    languages = ocr.tesseract_languages(doc.original_language, ocr.installed_languages())
    pages = list(doc.scan_pages.select_related("scan").order_by("number"))
    Job.objects.filter(pk=job.pk).update(total=len(pages))
    done = 0
    for page in pages:
        if page.ocr_languages != languages:
            ensure_page(page)
            result = ocr.recognize(
                str(storage.page_image(page.scan.sha256, page.index)),
                languages,
                settings.SOURCEBOOK_OCR_PSM,
            )
            hocr = storage.page_dir(page.scan.sha256, page.index) / f"ocr-{languages}.hocr"
            scanfiles.write_atomic(result.hocr.encode("utf-8"), hocr)
            words = [[w.text, w.confidence, *w.box] for line in result.lines for w in line]
            with transaction.atomic():
                Page.objects.filter(pk=page.pk).update(ocr_words=words, ocr_languages=languages)
                progress(job, done + 1)
        done += 1
    with transaction.atomic():
        pages = list(doc.scan_pages.select_related("scan").order_by("number"))
        return write_ocr_text(doc, pages, languages)


def page_text(page: Page) -> tuple[str, list[tuple[int, int, float]]]:
    """The page's text from its hOCR (lines kept), and the spans of its low-confidence words."""
    hocr = storage.page_dir(page.scan.sha256, page.index) / f"ocr-{page.ocr_languages}.hocr"
    parsed = ocr.parse_hocr(hocr.read_text(encoding="utf-8"))
    text = parsed.text
    low, cursor = [], 0
    for line in parsed.lines:
        for word in line:
            start = text.find(word.text, cursor)
            if start < 0:
                continue
            cursor = start + len(word.text)
            if word.confidence < settings.SOURCEBOOK_OCR_LOW_CONFIDENCE:
                low.append((start, cursor, word.confidence))
    return text, low


def write_ocr_text(doc, pages: list[Page], languages: str) -> str:
    """Add or replace the document's OCR text; returns what was done (for the job's note)."""
    body, annotations = "", []
    for page in pages:
        text, low = page_text(page)
        if body:
            body += "\n\n"
        offset = len(body)
        body += text
        annotations.extend(
            Annotation(
                type="uncertain",
                start=offset + s,
                end=offset + e,
                text=body[offset + s : offset + e],
                content="low OCR confidence",
                attrs={"ocr_confidence": conf, "page": page.number},
            )
            for s, e, conf in low
        )
    record = doc.to_record()
    new = Text(kind=KIND, language=_language(doc), label="OCR", body=body, annotations=annotations)
    current = [i for i, t in enumerate(record.texts) if t.kind == KIND]
    if current:
        if record.texts[current[0]].body != _last_ocr_body(doc):
            return "kept the OCR text an editor changed"
        if _same(record.texts[current[0]], new):
            return "unchanged"
        record.texts[current[0]] = new
    else:
        record.texts.append(new)
    write_version(
        doc, record, source=None, reason="ocr", author="ocr", note=f"Tesseract {languages}"
    )
    return "written"


def _same(old: Text, new: Text) -> bool:
    """The same words marked the same (a new SOURCEBOOK_OCR_LOW_CONFIDENCE marks others)."""

    def marks(text: Text) -> list:
        return [(a.start, a.end, a.attrs.get("ocr_confidence")) for a in text.annotations]

    return old.body == new.body and marks(old) == marks(new)


def _language(doc) -> str | None:
    from sourcebook.core.languages import codes_for

    codes = codes_for(doc.original_language or "")
    return codes[0] if codes else None


def _last_ocr_body(doc) -> str | None:
    revision = doc.revisions.filter(reason="ocr").order_by("-version").first()
    if revision is None:
        return None
    return next((t["body"] for t in revision.data.get("texts", []) if t.get("kind") == KIND), None)


HANDLERS["ocr"] = ocr_document
