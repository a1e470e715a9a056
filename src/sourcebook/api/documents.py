"""/api/documents: the record JSON of each document."""

from __future__ import annotations

from urllib.parse import urlencode

from django.utils.cache import add_never_cache_headers
from ninja import Router
from ninja.errors import HttpError

from sourcebook.accounts.roles import can_edit
from sourcebook.archive import keyset
from sourcebook.archive.models import DATE_ORDER, Document
from sourcebook.archive.serialize import document_json
from sourcebook.authorities.linked import links_json
from sourcebook.related.queries import related_json
from sourcebook.web.live_count import live_documents
from sourcebook.web.visibility import Gone, private_if_unpublished, tombstone, visible_document

from . import api, schemas
from .openapi import answers
from .paging import window

router = Router(tags=["documents"])
# A numbered page steps over every document before it (PostgreSQL: 14 ms at 10,000, 91 ms at
# 100,000, seconds at a million); past this, pages are read by cursor (``next``) only.
MAX_OFFSET = 10_000
_LISTED = ("title", "date_text")  # a list's fields, beside the order's (keyset.key_of)


@router.get(
    "/documents",
    summary="List documents by date",
    description="`next` is the URL of the following page, or null after the last. It reads on "
    "from a cursor (`after=`), not a page number, so following it costs the same at any depth; "
    "`page` is null on such a page. `after` is a value only `next` gives; any other is a 400. "
    "Page numbers reach only the first 10,000 documents: a page past them is a 400.",
    openapi_extra=answers(schemas.DocumentList, 400),
)
def list_documents(request, page: int = 1, page_size: int = 50, after: str | None = None):
    page, page_size, offset = window(page, page_size, 500)
    if after is None and offset >= MAX_OFFSET:
        raise HttpError(400, f"page numbers reach the first {MAX_OFFSET:,} documents; follow next")
    docs = Document.live.all()
    if after is None:  # one more than the page: is there a next one?
        ordered = docs.order_by(*DATE_ORDER).values(*_LISTED, *keyset.KEY_FIELDS)
        rows = list(ordered[offset : offset + page_size + 1])
    else:
        rows = keyset.after(docs, _cursor(after), page_size + 1, _LISTED)
        page = None
    rows, more = rows[:page_size], len(rows) > page_size
    return {
        "total": live_documents(),
        "page": page,
        "page_size": page_size,
        "next": _next(rows[-1], page_size) if more else None,
        "results": [
            {
                "id": r["public_id"],
                "title": r["title"],
                "date": {"text": r["date_text"], "edtf": r["date_edtf"]},
                "url": f"/api/documents/{r['public_id']}",
            }
            for r in rows
        ],
    }


def _cursor(after: str) -> keyset.Key:
    try:
        return keyset.decode(after)
    except ValueError:
        raise HttpError(400, "after must be a cursor from a list's next URL") from None


def _next(last: dict, page_size: int) -> str:
    """The URL of the page after the one that ends with ``last``."""
    cursor = keyset.encode(keyset.key_of(last))
    return f"/api/documents?{urlencode({'after': cursor, 'page_size': page_size})}"


@router.get(
    "/documents/{public_id}",
    summary="One document as record JSON",
    description="A withdrawn record answers 410 with {id, status, reason, withdrawn_at, "
    "citation}; a draft answers 404 (editors signed in see both as record JSON). `persons`, "
    "`organizations` and `places` list the linked authorities: {id, name, link (encoded, "
    "automatic or confirmed; candidate too for a signed-in editor; never rejected), "
    "confidence, roles, source_ids, mentions: [{text, start, end, surface}]}. `related` lists "
    "published related documents as {id, relation}: `replies_to` (a document this one answers, "
    "by its reference number), `replied_by` (a document answering this one) and `same_file` "
    "(another document of the same archival file, in page order).",
    openapi_extra=answers(schemas.Document, 404, 410),
)
def get_document(request, public_id: str):
    try:
        doc = visible_document(request, public_id)
    except Gone as gone:
        return gone_json(request, gone.doc)
    editor = can_edit(request.user)
    data = {**document_json(doc), **links_json(doc, editor=editor), "related": related_json(doc)}
    if doc.status == Document.PUBLISHED and not editor:
        return data
    response = api.create_response(request, data, status=200)
    if editor:  # candidates are in it: never from a shared cache
        add_never_cache_headers(response)
        response["Cache-Control"] += ", private"
        return response
    return private_if_unpublished(response, doc)


def gone_json(request, doc: Document):
    """410 with the tombstone as JSON (no title: a client has it from its own citation)."""
    body = {k: v for k, v in tombstone(request, doc).items() if k != "title"}
    return api.create_response(request, body, status=410)


api.add_router("", router)
