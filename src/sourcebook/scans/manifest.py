"""The IIIF Presentation API 3.0 manifest of a document, built with iiif-prezi3.

One canvas per scan page, each painted with the page's image service; the record's metadata,
its credits as the required statement, and ``seeAlso`` links to the TEI export and the record
JSON, so a IIIF viewer elsewhere can show the scan and find the text.
"""

from __future__ import annotations

from iiif_prezi3 import Manifest, ServiceV3

from sourcebook.archive.models import Document
from sourcebook.web.absolute import absolute_url


def build(request, doc: Document) -> Manifest:
    record = doc.to_record()
    base = f"/iiif/{doc.public_id}"
    metadata = [
        _pair(label, value)
        for label, value in (
            ("Date", record.date_text if hasattr(record, "date_text") else doc.date_text),
            ("Type", doc.doc_type or ""),
            ("Archive", doc.archive or ""),
            ("Repository", doc.repository or ""),
            ("Reference", doc.reference or ""),
            ("Original language", doc.original_language or ""),
            ("Citation", doc.citation or ""),
        )
        if value
    ]
    manifest = Manifest(
        id=absolute_url(request, f"{base}/manifest.json"),
        label={"en": [doc.title or doc.public_id]},
        summary={"en": [doc.summary]} if doc.summary else None,
        metadata=metadata or None,
        requiredStatement=_pair("Credits", doc.credits or "Sourcebook"),
        homepage=[
            {
                "id": absolute_url(request, doc.get_absolute_url()),
                "type": "Text",
                "label": {"en": [doc.title or doc.public_id]},
                "format": "text/html",
            }
        ],
        seeAlso=[
            {
                "id": absolute_url(request, f"/documents/{doc.public_id}.tei.xml"),
                "type": "Dataset",
                "label": {"en": ["TEI P5 XML"]},
                "format": "application/tei+xml",
                "profile": "http://www.tei-c.org/ns/1.0",
            },
            {
                "id": absolute_url(request, f"/api/documents/{doc.public_id}"),
                "type": "Dataset",
                "label": {"en": ["Record JSON"]},
                "format": "application/json",
            },
        ],
    )
    for page in doc.scan_pages.select_related("scan").order_by("number"):
        service = absolute_url(request, f"/iiif/image/{doc.public_id}/{page.number}")
        canvas = manifest.make_canvas(
            id=absolute_url(request, f"{base}/canvas/{page.number}"),
            label={"none": [f"p. {page.number}"]},
            width=page.width,
            height=page.height,
        )
        canvas.add_image(
            image_url=f"{service}/full/max/0/default.jpg",
            anno_page_id=absolute_url(request, f"{base}/page/{page.number}"),
            anno_id=absolute_url(request, f"{base}/annotation/{page.number}"),
            format="image/jpeg",
            width=page.width,
            height=page.height,
            service=[ServiceV3(id=service, type="ImageService3", profile="level1")],
        )
    return manifest


def _pair(label: str, value: str) -> dict:
    return {"label": {"en": [label]}, "value": {"en": [value]}}
