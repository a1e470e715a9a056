"""IIIF Image API 3.0 (info.json, images), the Presentation manifest, and the viewer page.

Who may see: the document's own rule (:func:`sourcebook.web.visibility.visible_document`): a
draft's scans are 404 to readers, a withdrawn one's 410. Public responses carry an ETag and
``Cache-Control: public``; an unpublished document's are private. Bad parameters are 400 with
one line, and no size over maxWidth/maxHeight/maxArea is ever computed.
"""

from __future__ import annotations

import hashlib
import json

from csp.decorators import csp_update
from django.http import Http404, HttpResponse, HttpResponseBadRequest, HttpResponseRedirect
from django.shortcuts import render
from django.views.decorators.http import require_safe

from sourcebook.core import iiif
from sourcebook.web.absolute import absolute_url
from sourcebook.web.visibility import Gone, private_if_unpublished, tombstone_page, visible_document

from . import storage
from .images import render as render_image
from .manifest import collection_json, manifest_json, ocr_annotations
from .models import Page
from .viewer_style import VIEWER_STYLE

IMAGE_CONTEXT = 'application/ld+json;profile="http://iiif.io/api/image/3/context.json"'
PREZI_CONTEXT = 'application/ld+json;profile="http://iiif.io/api/presentation/3/context.json"'
MAX_AGE = 86400


def _document(request, public_id: str):
    try:
        return visible_document(request, public_id)
    except Gone:
        raise Http404(f"No document {public_id}") from None


def _page(request, public_id: str, number: int):
    doc = _document(request, public_id)
    page = Page.objects.select_related("scan").filter(document=doc, number=number).first()
    if page is None:
        raise Http404(f"No scan page {number} of {public_id}")
    return doc, page


def _cached(request, response: HttpResponse, doc, etag: str) -> HttpResponse:
    response["ETag"] = f'"{etag}"'
    response["Access-Control-Allow-Origin"] = "*"
    if doc.status == doc.PUBLISHED:
        response["Cache-Control"] = f"public, max-age={MAX_AGE}"
    return private_if_unpublished(response, doc)


def _not_modified(request, etag: str) -> bool:
    return f'"{etag}"' in request.headers.get("If-None-Match", "")


@require_safe
def image_base(request, public_id: str, number: int):
    _page(request, public_id, number)
    return HttpResponseRedirect(f"/iiif/image/{public_id}/{number}/info.json", status=303)


@require_safe
def info_json(request, public_id: str, number: int):
    doc, page = _page(request, public_id, number)
    image_id = absolute_url(request, f"/iiif/image/{public_id}/{number}")
    data = iiif.info(image_id, page.width, page.height, storage.iiif_limits())
    etag = hashlib.sha256(
        f"{page.scan.sha256}|{page.index}|{json.dumps(data)}".encode()
    ).hexdigest()[:32]
    if _not_modified(request, etag):
        return _cached(request, HttpResponse(status=304), doc, etag)
    response = HttpResponse(json.dumps(data, indent=2), content_type=IMAGE_CONTEXT)
    return _cached(request, response, doc, etag)


@require_safe
def image(request, public_id: str, number: int, region: str, size: str, rotation: str, name: str):
    doc, page = _page(request, public_id, number)
    try:
        box = iiif.region(region, page.width, page.height)
        out = iiif.size(size, box[2], box[3], storage.iiif_limits())
        mirror, degrees = iiif.rotation(rotation)
        quality, fmt = iiif.quality_format(name)
    except iiif.IIIFError as exc:
        return HttpResponseBadRequest(f"{exc}\n", content_type="text/plain; charset=utf-8")
    canonical = f"{','.join(map(str, box))}/{out[0]},{out[1]}/{rotation}/{quality}.{fmt}"
    etag = hashlib.sha256(f"{page.scan.sha256}|{page.index}|{canonical}".encode()).hexdigest()[:32]
    if _not_modified(request, etag):
        return _cached(request, HttpResponse(status=304), doc, etag)
    data = render_image(page, box, out, mirror, degrees, quality, fmt, canonical)
    response = HttpResponse(data, content_type=iiif.FORMATS[fmt])
    response["Link"] = (
        f'<{absolute_url(request, f"/iiif/image/{public_id}/{number}/{canonical}")}>;rel="canonical"'
    )
    return _cached(request, response, doc, etag)


@require_safe
def manifest(request, public_id: str):
    doc = _document(request, public_id)
    if not doc.scan_pages.exists():
        raise Http404(f"No scans of {public_id}")
    body = manifest_json(request, doc)
    etag = hashlib.sha256(body.encode()).hexdigest()[:32]
    if _not_modified(request, etag):
        return _cached(request, HttpResponse(status=304), doc, etag)
    return _cached(request, HttpResponse(body, content_type=PREZI_CONTEXT), doc, etag)


@require_safe
@csp_update({"style-src": [VIEWER_STYLE]})
def viewer(request, public_id: str):
    """The scan beside nothing else: OpenSeadragon over the pages' info.json URLs."""
    try:
        doc = visible_document(request, public_id)
    except Gone as gone:
        return tombstone_page(request, gone.doc)
    pages = list(doc.scan_pages.order_by("number"))
    if not pages:
        raise Http404(f"No scans of {public_id}")
    sources = [f"/iiif/image/{public_id}/{p.number}/info.json" for p in pages]
    context = {"doc": doc, "pages": pages, "sources": json.dumps(sources)}
    return private_if_unpublished(render(request, "scans/viewer.html", context), doc)


@require_safe
def annotations(request, public_id: str, number: int):
    """The OCR words of page ``number`` as an IIIF annotation page (404 before OCR)."""
    doc, page = _page(request, public_id, number)
    if not page.ocr_words:
        raise Http404(f"No OCR of page {number} of {public_id}")
    body = json.dumps(ocr_annotations(request, doc, page), ensure_ascii=False)
    etag = hashlib.sha256(body.encode()).hexdigest()[:32]
    if _not_modified(request, etag):
        return _cached(request, HttpResponse(status=304), doc, etag)
    return _cached(request, HttpResponse(body, content_type=PREZI_CONTEXT), doc, etag)


@require_safe
def collection(request, slug: str):
    """A collection as an IIIF Collection of its documents' manifests."""
    from sourcebook.archive.models import Collection

    found = Collection.objects.filter(slug=slug).first()
    if found is None:
        raise Http404(f"No collection {slug}")
    body = collection_json(request, found)
    etag = hashlib.sha256(body.encode()).hexdigest()[:32]
    if _not_modified(request, etag):
        response = HttpResponse(status=304)
    else:
        response = HttpResponse(body, content_type=PREZI_CONTEXT)
    response["ETag"] = f'"{etag}"'
    response["Access-Control-Allow-Origin"] = "*"
    response["Cache-Control"] = "public, max-age=3600"
    return response
