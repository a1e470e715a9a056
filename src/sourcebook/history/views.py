"""The history pages: the list of versions, one version as it was, and two versions compared.

A version page is the document page itself (``web.views.document_context``) fed the record of
that version, so it looks, renders apparatus and cites exactly like the current page; only the
banner differs. Its texts are rendered per request: the page cache keeps the current version.
"""

from __future__ import annotations

from csp.decorators import csp_update
from django.conf import settings
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render
from django.views.decorators.http import require_safe

from sourcebook.archive import versions
from sourcebook.core.worddiff import record_changes
from sourcebook.web import views as web_views
from sourcebook.web.absolute import absolute_url
from sourcebook.web.pagecache import render_record, text_sections

from .access import Withdrawn, visible_document

HISTORY_PAGE_SIZE = 100


def _gone(request, exc: Withdrawn):
    doc = exc.doc
    context = {"doc": doc, "reason": doc.withdrawn_reason}
    return render(request, "sourcebook/history/withdrawn.html", context, status=410)


@require_safe
def history(request, public_id: str):
    """``/documents/<id>/history/``: the versions, newest first, 100 a page."""
    try:
        doc = visible_document(request, public_id)
    except Withdrawn as exc:
        return _gone(request, exc)
    page = Paginator(versions.history_rows(doc), HISTORY_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    rows = [
        {
            "number": rev.version,
            "created_at": rev.created_at,
            "author": versions.author_label(rev),
            "note": versions.note_text(rev),
            "url": versions.version_path(doc.public_id, rev.version),
            "diff_url": _diff_path(doc.public_id, rev.version - 1, rev.version)
            if rev.version > 1
            else None,
        }
        for rev in page
    ]
    context = {"doc": doc, "page": page, "rows": rows}
    return render(request, "sourcebook/history/history.html", context)


def _diff_path(public_id: str, a: int, b: int) -> str:
    return f"/documents/{public_id}/diff/{a}..{b}/"


@require_safe
@csp_update(web_views.DOCUMENT_CSP)  # the document page's own additions (the scan viewer)
def version(request, public_id: str, number: int):
    """``/documents/<id>/v/<n>/``: the document as it was at version ``n``."""
    try:
        doc = visible_document(request, public_id)
    except Withdrawn as exc:
        return _gone(request, exc)
    revision = versions.get_revision(doc, number)
    if revision is None:
        raise Http404(f"No version {number} of {public_id}")
    url = absolute_url(request, versions.version_path(public_id, number))
    record = versions.revision_record(revision, url)
    current = number == doc.version
    renderers = web_views.TEXT_RENDERERS
    rendered = text_sections(doc, renderers) if current else render_record(record, doc, renderers)
    context = web_views.document_context(doc, record, rendered, web_views.text_view(request))
    context["version"] = {
        "number": number,
        "created_at": revision.created_at,
        "current": current,
        "later": max(doc.version - number, 0),
        "author": versions.author_label(revision),
        "note": versions.note_text(revision),
        "diff_url": None if current else _diff_path(public_id, number, doc.version),
    }
    return render(request, "sourcebook/history/version.html", context)


@require_safe
def compare(request, public_id: str, a: int, b: int):
    """``/documents/<id>/diff/<a>..<b>/``: what changed from version ``a`` to version ``b``."""
    try:
        doc = visible_document(request, public_id)
    except Withdrawn as exc:
        return _gone(request, exc)
    old, new = versions.get_revision(doc, a), versions.get_revision(doc, b)
    if old is None or new is None:
        raise Http404(f"No version {a if old is None else b} of {public_id}")
    fields, texts = record_changes(
        versions.revision_record(old),
        versions.revision_record(new),
        max_tokens=settings.SOURCEBOOK_DIFF_MAX_TOKENS,
    )
    context = {
        "doc": doc,
        "old": {"number": a, "created_at": old.created_at, "author": versions.author_label(old)},
        "new": {"number": b, "created_at": new.created_at, "author": versions.author_label(new)},
        "fields": fields,
        "texts": texts,
        "max_tokens": settings.SOURCEBOOK_DIFF_MAX_TOKENS,
    }
    return render(request, "sourcebook/history/diff.html", context)
