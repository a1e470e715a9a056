"""Which document a request may see: one rule for pages, exports and the API.

* a published document: everyone;
* a draft: editors (``archive.change_document``); anyone else gets 404, as if it did not exist;
* a withdrawn document: editors see the page with a banner; anyone else gets 410 Gone with a
  tombstone (title, reason, date and citation, nothing of the text).

Editors see withdrawn pages rather than the tombstone so they can check what they withdrew and
reinstate it. Responses about an unpublished document are marked ``Cache-Control: private``
so no shared cache hands an editor's view to a reader.
"""

from __future__ import annotations

from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils.cache import add_never_cache_headers

from sourcebook.accounts.roles import can_edit
from sourcebook.archive.models import Document
from sourcebook.archive.serialize import document_queryset
from sourcebook.core.cite.csl import citations

from . import kept_reads
from .absolute import absolute_url


class Gone(Exception):
    """The document was withdrawn: answer 410 with its tombstone."""

    def __init__(self, doc: Document):
        super().__init__(doc.public_id)
        self.doc = doc


def visible_document(request, public_id: str, queryset=None, kept_as: str = "") -> Document:
    """The document ``request`` may see, or :class:`Http404` / :class:`Gone`.

    While :mod:`.kept_reads` keeps reads (the edition), the document loaded by the default
    queryset is kept for the next request, and so is one by another ``queryset`` that the
    caller names in ``kept_as``; an unnamed queryset is always read. Who may see it is decided
    for each request.
    """
    if queryset is None:
        queryset, kept_as = document_queryset(), "document"

    def load() -> Document | None:
        return queryset.filter(public_id=public_id).first()

    doc = kept_reads.read((kept_as, public_id), load) if kept_as else load()
    if doc is None:
        raise Http404(f"No document {public_id}")
    if doc.status == Document.PUBLISHED or can_edit(request.user):
        return doc
    if doc.status == Document.WITHDRAWN:
        raise Gone(doc)
    raise Http404(f"No document {public_id}")


def private_if_unpublished(response: HttpResponse, doc: Document) -> HttpResponse:
    if doc.status != Document.PUBLISHED:
        add_never_cache_headers(response)
        response["Cache-Control"] += ", private"
    return response


def tombstone(request, doc: Document) -> dict:
    """What a withdrawn record still says publicly: enough to resolve an old citation."""
    record = doc.to_record()
    page_url = absolute_url(request, doc.get_absolute_url())
    return {
        "id": doc.public_id,
        "status": Document.WITHDRAWN,
        "title": doc.title,
        "reason": doc.withdrawn_reason,
        "withdrawn_at": doc.deleted_at.isoformat() if doc.deleted_at else None,
        "citation": citations(record, page_url=page_url)["chicago"],
    }


def tombstone_page(request, doc: Document) -> HttpResponse:
    context = {"tomb": tombstone(request, doc), "doc": doc}
    return render(request, "sourcebook/tombstone.html", context, status=410)


def gone_text(doc: Document) -> HttpResponse:
    """410 for an export of a withdrawn record: no content, a pointer to the tombstone."""
    return HttpResponse(
        f"{doc.public_id} was withdrawn: {doc.withdrawn_reason}\nSee {doc.get_absolute_url()}\n",
        status=410,
        content_type="text/plain; charset=utf-8",
    )
