"""/api/documents: the record JSON of each document."""

from __future__ import annotations

from django.http import Http404
from ninja import Router

from sourcebook.archive.models import DATE_ORDER, Document
from sourcebook.archive.serialize import document_json, document_queryset

from . import api
from .paging import window

router = Router(tags=["documents"])


@router.get("/documents", summary="List documents by date")
def list_documents(request, page: int = 1, page_size: int = 50):
    page, page_size, offset = window(page, page_size, 500)
    docs = Document.objects.filter(deleted_at__isnull=True).order_by(*DATE_ORDER)
    total = docs.count()
    rows = docs[offset : offset + page_size].values("public_id", "title", "date_text", "date_edtf")
    return {
        "total": total,
        "page": page,
        "page_size": page_size,
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


@router.get("/documents/{public_id}", summary="One document as record JSON")
def get_document(request, public_id: str):
    doc = document_queryset().filter(public_id=public_id, deleted_at__isnull=True).first()
    if doc is None:
        raise Http404(f"No document {public_id}")
    return document_json(doc)


api.add_router("", router)
