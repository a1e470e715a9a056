"""HTML pages: home (documents by date) and the document page."""

from __future__ import annotations

from csp.decorators import csp_update
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_safe

from sourcebook.archive import versions
from sourcebook.archive.models import Document
from sourcebook.core import formats
from sourcebook.core.cite.common import archive_line
from sourcebook.core.languages import name_for

from . import highlight, labels, listing
from .absolute import absolute_url
from .downloads import ExportLimitError, attach, client_gone, export, site_of, unavailable
from .live_count import live_documents
from .pagecache import text_sections
from .visibility import Gone, gone_text, private_if_unpublished, tombstone_page, visible_document

# Content security policy additions of the document page (the scan viewer's one inline style),
# filled by the apps that need them; applied by ``csp_update`` to every document response.
DOCUMENT_CSP: dict[str, list[str]] = {}


@require_safe
def home(request):
    total = live_documents()  # kept per archive generation, not counted again
    try:
        page = listing.read(Document.live.all(), request.GET, total)
    except (listing.NoSuchPage, listing.BadCursor) as exc:
        bad = isinstance(exc, listing.BadCursor)
        context = {"bad_cursor": bad, "numbered": listing.numbered_pages()}
        return render(request, "sourcebook/home_no_page.html", context, status=400 if bad else 404)
    return render(request, "sourcebook/home.html", {"page": page, "total": total})


@require_safe
@csp_update(DOCUMENT_CSP)
def document(request, public_id: str):
    """The document page; a draft is 404 and a withdrawn record a 410 tombstone for readers
    (:mod:`.visibility`), editors see both with a banner."""
    try:
        doc = visible_document(request, public_id)
    except Gone as gone:
        return tombstone_page(request, gone.doc)
    record = doc.to_record()
    rendered = highlight.marked(request, text_sections(doc, TEXT_RENDERERS), record)
    context = document_context(doc, record, rendered, text_view(request))
    return private_if_unpublished(render(request, "sourcebook/document.html", context), doc)


def text_view(request) -> str:
    """``diplomatic`` (every editorial mark as written) with ``?view=diplomatic``, else
    ``reading``. A query parameter, not a cookie, so each view has its own link."""
    return "diplomatic" if request.GET.get("view") == "diplomatic" else "reading"


def document_context(doc: Document, record, rendered, view: str = "reading") -> dict:
    """What the document page shows of ``record`` (the current version of ``doc``, or an older
    one for the version pages) with its texts rendered in ``rendered``, in ``view``."""
    htmls = [
        s["reading"] if view == "reading" and s.get("reading") is not None else s["html"]
        for s in rendered.texts
    ]
    for adjust in TEXT_FILTERS:
        htmls = adjust(doc, htmls)
    texts = []
    for text, section, html in zip(record.texts, rendered.texts, htmls, strict=True):
        heading, translated = labels.text_heading(text)
        texts.append(
            {
                **section,
                "legend": labels.legend(section["legend"]),
                # Built from escaped runs or by a renderer that escapes (see pagecache).
                "html": mark_safe(html),  # noqa: S308
                "paragraphs": _paragraphs(html) if not section["tei"] else None,
                "text": text,
                "language_name": name_for(text.language),
                "heading": heading,
                "heading_translated": translated,
            }
        )
    return {
        "doc": doc,
        "record": record,
        "archive_line": archive_line(record),
        "texts": texts,
        "rows": aligned_rows(texts),
        "view": view,
        "truncated": rendered.truncated,
        "max_bytes": rendered.max_bytes,
        "exports": [formats.exporter(n) for n in formats.export_names()],
        "extra_sections": DOCUMENT_SECTIONS,
        "beside_sections": DOCUMENT_BESIDE,
    }


def _paragraphs(html: str) -> list:
    """The ``<p>`` chunks of a plain text's rendering (pagecache writes one per line; the
    runs inside are escaped, so ``</p>`` ends a paragraph and nothing else)."""
    return [mark_safe(p + "</p>") for p in html.split("</p>\n") if p.strip()]  # noqa: S308


def aligned_rows(texts: list[dict]) -> list[list]:
    """Paragraph rows across the texts, when there are several plain texts with as many
    paragraphs each (a transcript and its translation paragraph by paragraph): row ``i`` holds
    paragraph ``i`` of every text. Otherwise ``[]``, and the texts stand side by side whole."""
    if len(texts) < 2 or any(t["paragraphs"] is None or t["truncated"] for t in texts):
        return []
    counts = {len(t["paragraphs"]) for t in texts}
    if len(counts) != 1 or counts == {0}:
        return []
    return [
        [
            {"html": t["paragraphs"][i], "text": t["text"], "column": k + 1}
            for k, t in enumerate(texts)
        ]
        for i in range(counts.pop())
    ]


# Templates other areas add to the document page (cite box, persons, …): names of includes.
DOCUMENT_SECTIONS: list[str] = []

# Templates shown in a column beside the text (the scan viewer); each renders its own
# ``<aside class="doc-beside">`` or nothing.
DOCUMENT_BESIDE: list[str] = []

# Functions that adjust a page's text HTML for this request, after the cache (page markers
# linked to the scan): each takes (document, list of HTML strings) and returns the new list.
TEXT_FILTERS: list = []

# Renderers for texts that keep structured markup, by ``Text.markup_format`` (``tei``): each
# takes (text, document) and returns escaped HTML (a SafeString) shown instead of the paragraphs.
TEXT_RENDERERS: dict = {}


@require_safe
def document_export(request, public_id: str, extension: str):
    """``/documents/<id>.<ext>``: the same document in every export format.

    The URL pattern splits at the first dot, but ids may hold dots (a TEI ``xml:id`` can), so
    the name is split again at the longest known extension it ends with.
    """
    name = f"{public_id}.{extension}"
    exporters = sorted(
        (formats.exporter(n) for n in formats.export_names()),
        key=lambda e: len(e.extension),
        reverse=True,
    )
    match = next((e for e in exporters if name.endswith("." + e.extension)), None)
    if match is None:
        raise Http404(f"No export format .{extension}")
    public_id = name[: -len(match.extension) - 1]
    try:
        doc = visible_document(request, public_id)
    except Gone as gone:
        return gone_text(gone.doc)
    record = _export_record(request, doc)
    try:
        with site_of(request):
            data = export(match, record, cancelled=client_gone(request))
    except ExportLimitError as exc:
        return unavailable(exc)
    response = HttpResponse(data, content_type=match.media_type)
    if request.GET.get("download"):
        pinned = f"-v{record.cited_version.number}" if record.cited_version else ""
        attach(response, f"{public_id}{pinned}.{match.extension}")
    return private_if_unpublished(response, doc)


def _export_record(request, doc: Document):
    """The current record, or with ``?version=n`` that version as it was (citations of it name
    the version and link its pinned page)."""
    if "version" not in request.GET:
        return doc.to_record()
    number = versions.parse_number(request.GET["version"])
    revision = versions.get_revision(doc, number) if number else None
    if revision is None:
        raise Http404(f"No version {request.GET['version']} of {doc.public_id}")
    url = absolute_url(request, versions.version_path(doc.public_id, number))
    return versions.revision_record(revision, url)
