"""The archival file page: every published document of a document's file, in page order."""

from __future__ import annotations

from django.shortcuts import render
from django.views.decorators.http import require_safe

from sourcebook.web.visibility import (
    Gone,
    private_if_unpublished,
    tombstone_page,
    visible_document,
)

from . import queries


@require_safe
def archival_file(request, public_id: str):
    """``/documents/<id>/file/``: reached from the document, so it answers like the document
    (404 for a draft, 410 for a withdrawn one, unless an editor asks)."""
    try:
        doc = visible_document(request, public_id)
    except Gone as gone:
        return tombstone_page(request, gone.doc)
    context = {"doc": doc, "documents": queries.file_documents(doc)}
    return private_if_unpublished(render(request, "related/file.html", context), doc)
