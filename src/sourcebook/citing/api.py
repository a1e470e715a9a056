"""/api/documents/<id>/citations: every citation style of a document as JSON."""

from __future__ import annotations

from django.http import Http404
from ninja import Router

from sourcebook.api import schemas
from sourcebook.api.documents import gone_json
from sourcebook.api.openapi import answers
from sourcebook.archive import versions
from sourcebook.core.cite.csl import citations, style_labels, to_csl
from sourcebook.web.absolute import absolute_url
from sourcebook.web.visibility import Gone, visible_document

router = Router(tags=["citations"])


@router.get(
    "/documents/{public_id}/citations",
    summary="A document's citation in every style",
    openapi_extra=answers(schemas.Citations, 400, 404, 410),
)
def document_citations(request, public_id: str, version: int | None = None):
    """``?version=n``: the citations of version ``n``, naming it and linking its pinned page."""
    try:
        doc = visible_document(request, public_id)
    except Gone as gone:
        return gone_json(request, gone.doc)
    record = doc.to_record() if version is None else _version_record(request, doc, version)
    page_url = absolute_url(request, f"/documents/{public_id}/")
    return {
        "id": record.id,
        "styles": citations(record, page_url=page_url),
        "html": citations(record, page_url=page_url, html=True),
        "labels": style_labels(),
        "csl": to_csl(record, page_url=page_url),
    }


def _version_record(request, doc, number: int):
    revision = versions.get_revision(doc, number)
    if revision is None:
        raise Http404(f"No version {number} of {doc.public_id}")
    url = absolute_url(request, versions.version_path(doc.public_id, number))
    return versions.revision_record(revision, url)
