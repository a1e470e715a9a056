"""Set downloads, sitemap.xml and robots.txt."""

from __future__ import annotations

from urllib.parse import quote

from django.http import Http404, HttpResponse, HttpResponseBadRequest
from django.urls import reverse
from django.views.decorators.http import require_safe
from lxml import etree

from sourcebook.archive.models import Document
from sourcebook.core import formats
from sourcebook.core.cite.exporters import SET_WRITERS
from sourcebook.web.absolute import absolute_url
from sourcebook.web.downloads import attach, site_of
from sourcebook.web.live_count import live_documents

from .selection import HTTP_LIMIT, SelectionError, selection_from

SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
SITEMAP_LIMIT = 50_000  # URLs per sitemap file (sitemaps.org)


@require_safe
def export_set(request, extension: str):
    """``/export.<ext>?ids=…`` (or ``collection``, ``from``, ``to``): many documents, one file."""
    formats.export_names()  # loads the format plugins
    match = next(((name, w) for name, w in SET_WRITERS.items() if w[2] == extension), (None, None))
    name, writer = match
    if writer is None:
        raise Http404(f"No set export format .{extension}")
    try:
        selection = selection_from(request.GET)
        records, total = selection.records(limit=HTTP_LIMIT)
    except SelectionError as exc:
        return HttpResponseBadRequest(f"{exc}\n", content_type="text/plain; charset=utf-8")
    write, media_type, ext = writer
    with site_of(request):
        response = HttpResponse(write(records), content_type=media_type)
    attach(response, f"sourcebook-export.{ext}")
    response["X-Total-Count"] = str(total)
    response["X-Exported-Count"] = str(len(records))
    return response


def _absolute(request, path: str) -> str:
    return absolute_url(request, path)


@require_safe
def sitemap(request):
    """Every published document page, with its last change; an index when there are many."""
    docs = Document.live.order_by("id")
    total = live_documents()
    page = request.GET.get("page")
    if total > SITEMAP_LIMIT and not page:
        root = etree.Element(f"{{{SITEMAP_NS}}}sitemapindex", nsmap={None: SITEMAP_NS})
        for number in range(1, (total - 1) // SITEMAP_LIMIT + 2):
            entry = etree.SubElement(root, f"{{{SITEMAP_NS}}}sitemap")
            etree.SubElement(entry, f"{{{SITEMAP_NS}}}loc").text = _absolute(
                request, f"{reverse('sitemap')}?page={number}"
            )
    else:
        number = _page_number(page, total)
        if number is None:
            pages = max(1, (total - 1) // SITEMAP_LIMIT + 1)
            return HttpResponseBadRequest(f"page must be a number from 1 to {pages}\n")
        start = (number - 1) * SITEMAP_LIMIT
        root = etree.Element(f"{{{SITEMAP_NS}}}urlset", nsmap={None: SITEMAP_NS})
        if number == 1:
            url = etree.SubElement(root, f"{{{SITEMAP_NS}}}url")
            etree.SubElement(url, f"{{{SITEMAP_NS}}}loc").text = _absolute(request, "/")
        rows = docs.values_list("public_id", "updated_at")[start : start + SITEMAP_LIMIT]
        for public_id, updated in rows.iterator():
            url = etree.SubElement(root, f"{{{SITEMAP_NS}}}url")
            etree.SubElement(url, f"{{{SITEMAP_NS}}}loc").text = _absolute(
                request, f"/documents/{quote(public_id, safe='')}/"
            )
            etree.SubElement(url, f"{{{SITEMAP_NS}}}lastmod").text = updated.strftime(
                "%Y-%m-%dT%H:%M:%SZ"
            )
    body = etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)
    return HttpResponse(body, content_type="application/xml")


def _page_number(text: str | None, total: int) -> int | None:
    """The sitemap page asked for, or None when it is not a page this sitemap has."""
    if not text:
        return 1
    if not text.isdecimal() or len(text) > 9:
        return None
    number = int(text)
    return number if 1 <= number <= max(1, (total - 1) // SITEMAP_LIMIT + 1) else None


@require_safe
def robots(request):
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "Allow: /",
        f"Sitemap: {_absolute(request, reverse('sitemap'))}",
        "",
    ]
    return HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")
