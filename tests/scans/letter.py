"""A three-page letter whose text marks its pages (``(p. 1)``, ``[p. 2]``, ``(Page 3)``), with
its scan: a PDF of three pages drawn in the test, each page a colour of its own so a screenshot
tells which one the viewer shows."""

from __future__ import annotations

import io

from PIL import Image, ImageDraw

LETTER_ID = "letter-pages-1957"
COLOURS = [(200, 30, 30), (30, 150, 40), (30, 60, 200)]  # page 1 red, 2 green, 3 blue
_FILLER = (
    "The delegation was received at the station and taken to the guest house, where the "
    "programme of the visit was read out and agreed with some changes. "
)
LETTER = f"""March 4, 1957
**Letter from the Embassy on the Programme of the Visit**

Summary:

A three-page letter on the programme of the delegation's visit.

Original Language:

English

Contents:

Translation - English

Translation - English

(p. 1)

{_FILLER * 12}

[p. 2]

{_FILLER * 12}

(Page 3)

The last page names one reading the typist was unsure of [?] and ends here.
"""


def scan(pages: int = 3) -> bytes:
    images = []
    for k in range(pages):
        img = Image.new("RGB", (900, 1200), COLOURS[k % len(COLOURS)])
        ImageDraw.Draw(img).text((60, 60), f"Page {k + 1}", fill="white")
        images.append(img)
    out = io.BytesIO()
    images[0].save(out, "PDF", save_all=True, append_images=images[1:], resolution=150)
    return out.getvalue()


def ingest_letter(tmp_path, pages: int | None = 3):
    """The letter ingested, with a scan of ``pages`` pages attached (none when None)."""
    from sourcebook.archive import ingest
    from sourcebook.archive.models import Document
    from sourcebook.scans.attaching import attach

    path = tmp_path / f"{LETTER_ID}.txt"
    path.write_text(LETTER, encoding="utf-8")
    assert [o.status for o in ingest.ingest_file(path)] == ["added"]
    doc = Document.objects.get(public_id=LETTER_ID)
    if pages:
        attach(doc, [("letter.pdf", scan(pages))])
    return doc


def add_ocr_text(doc, words: list[tuple[str, float]]):
    """An OCR text of ``words`` (text, confidence), the low ones marked as the OCR job marks
    them (uncertain, with their confidence), written as a new version."""
    from sourcebook.archive.ingest import write_version
    from sourcebook.core.record import Annotation, Text

    body, annotations = "", []
    for word, confidence in words:
        if body:
            body += " "
        start = len(body)
        body += word
        if confidence < 60:
            annotations.append(
                Annotation(
                    type="uncertain",
                    start=start,
                    end=len(body),
                    text=word,
                    content="low OCR confidence",
                    attrs={"ocr_confidence": confidence, "page": 1},
                )
            )
    record = doc.to_record()
    record.texts.append(
        Text(kind="ocr", language="en", label="OCR", body=body, annotations=annotations)
    )
    write_version(doc, record, source=None, reason="ocr", author="ocr", note="test")
    doc.refresh_from_db()
    return doc
