"""/api/documents/<id>/versions: the versions of a document, and each one's record JSON."""

from __future__ import annotations

from django.http import Http404
from ninja import Router

from sourcebook.api import schemas
from sourcebook.api.documents import gone_json
from sourcebook.api.openapi import answers
from sourcebook.api.paging import window
from sourcebook.archive import versions
from sourcebook.web.absolute import absolute_url

from .access import Withdrawn, visible_document

router = Router(tags=["history"])


def _meta(request, public_id: str, rev) -> dict:
    return {
        "version": rev.version,
        "created_at": rev.created_at.isoformat(),
        "author": rev.author,
        "note": versions.note_text(rev),
        "url": f"/api/documents/{public_id}/versions/{rev.version}",
        "page_url": absolute_url(request, versions.version_path(public_id, rev.version)),
    }


@router.get(
    "/documents/{public_id}/versions",
    summary="A document's versions, newest first",
    openapi_extra=answers(schemas.VersionMeta, 400, 404, 410, many=True),
)
def list_versions(request, public_id: str, page: int = 1, page_size: int = 100):
    try:
        doc = visible_document(request, public_id)
    except Withdrawn as exc:
        return gone_json(request, exc.doc)  # the record's own 410 tombstone
    page, page_size, offset = window(page, page_size, 500)
    rows = versions.history_rows(doc)[offset : offset + page_size]
    return [_meta(request, public_id, rev) for rev in rows]


@router.get(
    "/documents/{public_id}/versions/{number}",
    summary="One version as record JSON",
    openapi_extra=answers(schemas.Version, 404, 410),
)
def get_version(request, public_id: str, number: int):
    try:
        doc = visible_document(request, public_id)
    except Withdrawn as exc:
        return gone_json(request, exc.doc)  # the record's own 410 tombstone
    revision = versions.get_revision(doc, number)
    if revision is None:
        raise Http404(f"No version {number} of {public_id}")
    data = dict(revision.data)
    data.update(_meta(request, public_id, revision))
    data["current_version"] = doc.version
    data["is_current"] = revision.version == doc.version
    data["versions_url"] = f"/api/documents/{public_id}/versions"
    return data
