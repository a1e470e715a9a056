"""The scan beside the text on the document page: its pages, and the text's page markers linked
to them.

Why rewrite the markers per request: the text HTML is cached per version
(:mod:`sourcebook.web.pagecache`) and scans are attached without a new version, so the cache
holds markers as ``<span class="… page-marker" data-page="3">`` and this module turns them into
links to the page's image (``data-canvas`` for the viewer script) while the document has scans.
Which canvas a marker shows is :func:`sourcebook.core.pages.canvases_for`.
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass

from django.utils.html import escape
from django.utils.translation import gettext

from sourcebook.core import iiif
from sourcebook.core.pages import canvases_for
from sourcebook.web import kept_reads

PREVIEW_WIDTH = 900  # the no-script page image: the largest pyramid size at most this wide

_MARKER = re.compile(
    r'<span class="([^"]*\bpage-marker\b[^"]*)"([^>]*?) data-page="([^"]*)"([^>]*)>(.*?)</span>',
    re.S,
)


@dataclass
class ScanPage:
    number: int
    image: str  # the whole page, as large as the server gives it
    preview: str  # a size the pyramid holds, for the page without script
    width: int
    height: int


def image_url(public_id: str, number: int, size: str = "max") -> str:
    return f"/iiif/image/{public_id}/{number}/full/{size}/0/default.jpg"


def scan_pages(doc) -> list[ScanPage]:
    # document_id too: the related manager reads it on every row it hands out (one query a
    # page of the scan when deferred: 300 for a 300-page scan).
    pages = doc.scan_pages.only("number", "width", "height", "document_id").order_by("number")
    return [
        ScanPage(
            p.number,
            image_url(doc.public_id, p.number),
            image_url(doc.public_id, p.number, _preview_size(p.width, p.height)),
            p.width,
            p.height,
        )
        for p in pages
    ]


def _preview_size(width: int, height: int) -> str:
    """A ``w,h`` that info.json declares (so the image is cut once and cached)."""
    for factor in iiif.scale_factors(width, height):
        w, h = math.ceil(width / factor), math.ceil(height / factor)
        if w <= PREVIEW_WIDTH:
            return f"{w},{h}"
    return f"{w},{h}"


def column(doc) -> dict | None:
    """What the scan column shows, or None when the document has no scans."""
    pages = scan_pages(doc)
    if not pages:
        return None
    sources = [f"/iiif/image/{doc.public_id}/{p.number}/info.json" for p in pages]
    return {"pages": pages, "first": pages[0], "sources": json.dumps(sources)}


def column_of(doc) -> dict | None:
    """:func:`column`, read once per document object: the page's head, its scan section, the
    column, the contents and the page markers all ask (three queries a page before, most for a
    document without scans). Kept for the document's next page while the edition is written
    (:mod:`sourcebook.web.kept_reads`). A write to the archive makes a new generation, so a
    document object kept there never outlives a scan attached after it was read."""
    try:
        return doc._scan_column
    except AttributeError:
        doc._scan_column = kept_reads.read(("scans", doc.pk), lambda: column(doc))
        return doc._scan_column


def link_page_markers(doc, htmls: list[str]) -> list[str]:
    """Each text's page markers as links to the canvas they show (``TEXT_FILTERS`` of the
    document page); the texts unchanged when the document has no scans."""
    if not any("page-marker" in html for html in htmls):
        return htmls
    scans = column_of(doc)
    if not scans:
        return htmls
    return [_link(doc.public_id, html, len(scans["pages"])) for html in htmls]


def _link(public_id: str, html: str, count: int) -> str:
    labels = [m.group(3) for m in _MARKER.finditer(html)]
    canvases = iter(canvases_for(labels, count))

    def replace(match: re.Match) -> str:
        canvas = next(canvases)
        if canvas is None:
            return match.group(0)
        css, before, page, after, body = match.groups()
        title = escape(gettext("Page %(n)s of the scan") % {"n": canvas})
        after = re.sub(r' title="[^"]*"', f' title="{title}"', after)
        return (
            f'<a class="{css}" href="{escape(image_url(public_id, canvas))}"{before} '
            f'data-page="{page}" data-canvas="{canvas}"{after}>{body}</a>'
        )

    return _MARKER.sub(replace, html)
