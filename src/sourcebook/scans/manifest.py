"""The IIIF Presentation API 3.0 manifest of a document, built with iiif-prezi3.

One canvas per scan page, each painted with the page's image service; the record's metadata,
its credits as the required statement, and ``seeAlso`` links to the TEI export and the record
JSON, so a IIIF viewer elsewhere can show the scan and find the text.
"""

from __future__ import annotations

import json

from iiif_prezi3 import Manifest, ServiceV3

from sourcebook.archive.models import Document
from sourcebook.web.absolute import absolute_url


def manifest_json(request, doc: Document) -> str:
    """The manifest as JSON, each OCR'd canvas referring to its text's annotation page
    (:func:`ocr_annotations`), which viewers fetch when they show the text."""
    data = json.loads(build(request, doc).json())
    pages = dict(doc.scan_pages.exclude(ocr_words=[]).values_list("number", "ocr_languages"))
    for number, canvas in enumerate(data["items"], 1):
        if number in pages:
            url = absolute_url(request, f"/iiif/{doc.public_id}/annotations/{number}.json")
            canvas["annotations"] = [{"id": url, "type": "AnnotationPage"}]
    return json.dumps(data, indent=2, ensure_ascii=False)


def ocr_annotations(request, doc: Document, page) -> dict:
    """The OCR words of one page as supplementing annotations on its canvas (IIIF's way of
    giving a page's text, word by word, with where each word stands)."""
    base = f"/iiif/{doc.public_id}"
    canvas = absolute_url(request, f"{base}/canvas/{page.number}")
    url = absolute_url(request, f"{base}/annotations/{page.number}.json")
    language = page.ocr_languages
    items = [
        {
            "id": f"{url}#word-{k}",
            "type": "Annotation",
            "motivation": "supplementing",
            "body": {
                "type": "TextualBody",
                "value": text,
                "format": "text/plain",
                "language": language,
            },
            "target": f"{canvas}#xywh={x0},{y0},{max(1, x1 - x0)},{max(1, y1 - y0)}",
            "label": {"none": [f"confidence {confidence:.0f}%"]},
        }
        for k, (text, confidence, x0, y0, x1, y1) in enumerate(page.ocr_words)
    ]
    return {
        "@context": "http://iiif.io/api/presentation/3/context.json",
        "id": url,
        "type": "AnnotationPage",
        "items": items,
    }


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


def collection_json(request, collection) -> str:
    """A collection as an IIIF Collection: the manifests of its published documents that have
    scans (in date order) and its sub-collections that hold any."""
    from iiif_prezi3 import Collection as IIIFCollection
    from iiif_prezi3 import CollectionRef, ManifestRef

    from sourcebook.archive.models import Collection

    items = []
    children = (
        Collection.objects.filter(
            parent=collection,
            documents__status=Document.PUBLISHED,
            documents__scan_pages__isnull=False,
        )
        .distinct()
        .order_by("name")
    )
    for child in children:
        items.append(
            CollectionRef(
                id=absolute_url(request, f"/iiif/collection/{child.slug}.json"),
                type="Collection",
                label={"en": [child.name]},
            )
        )
    documents = (
        Document.live.filter(collection=collection, scan_pages__isnull=False)
        .distinct()
        .order_by("date_earliest", "public_id")
        .values_list("public_id", "title")
    )
    for public_id, title in documents.iterator():
        items.append(
            ManifestRef(
                id=absolute_url(request, f"/iiif/{public_id}/manifest.json"),
                type="Manifest",
                label={"en": [title or public_id]},
            )
        )
    result = IIIFCollection(
        id=absolute_url(request, f"/iiif/collection/{collection.slug}.json"),
        label={"en": [collection.name]},
        summary={"en": [collection.description]} if collection.description else None,
        homepage=[
            {
                "id": absolute_url(request, f"/collections/{collection.slug}/"),
                "type": "Text",
                "label": {"en": [collection.name]},
                "format": "text/html",
            }
        ],
        items=items,
    )
    return result.json(indent=2)
