"""Publication states: the one way a document is published, withdrawn, reinstated or purged.

Why one module: the CLI, the admin and any API change a document's state through these
functions only, so each change is one transaction holding the new state, its audit entry and
its outbox event (``delete`` when the document leaves the public, ``upsert`` when it joins it).
Nothing else sets ``status``, ``deleted_at`` or ``withdrawn_reason``.

The states and their moves::

    draft --publish--> published --withdraw--> withdrawn --reinstate--> published
    (any) --purge--> gone (document and every revision deleted; the audit entry stays)

A withdrawal keeps every revision and the row itself, so the page can answer 410 with a
tombstone and OAI-PMH can report the record as deleted. A purge is for legal takedowns only
and is offered by the CLI alone, never by the web.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from sourcebook.audit.log import record

from .models import Document, IndexEvent, Revision, Source, SourceChange

INGEST_STATUSES = (Document.PUBLISHED, Document.DRAFT)


class StateError(ValueError):
    """A move the document's current state does not allow; the message says what to do."""


def ingest_status(draft: bool = False) -> str:
    """The status a newly ingested document gets: ``draft`` when asked, else
    ``SOURCEBOOK_DEFAULT_STATUS`` (``published`` unless configured)."""
    if draft:
        return Document.DRAFT
    value = (getattr(settings, "SOURCEBOOK_DEFAULT_STATUS", "") or Document.PUBLISHED).lower()
    if value not in INGEST_STATUSES:
        raise StateError(
            f"SOURCEBOOK_DEFAULT_STATUS must be 'published' or 'draft', not {value!r}; fix it"
        )
    return value


def _state(doc: Document) -> dict:
    out = {"status": doc.status}
    if doc.status == Document.WITHDRAWN:
        out["reason"] = doc.withdrawn_reason
        out["withdrawn_at"] = doc.deleted_at.isoformat() if doc.deleted_at else None
    return out


def _locked(doc: Document) -> Document:
    """The document's row, re-read and locked for this transaction (two editors, one change)."""
    return Document.objects.select_for_update().get(pk=doc.pk)


def _move(doc: Document, action: str, actor: str, note: str, event: str, **values) -> Document:
    before = _state(doc)
    for name, value in values.items():
        setattr(doc, name, value)
    doc.save(update_fields=[*values, "updated_at"])
    record(actor, action, "document", doc.public_id, before=before, after=_state(doc), note=note)
    IndexEvent.objects.create(public_id=doc.public_id, action=event)
    return doc


def publish(docs: Iterable[Document], actor: str) -> list[Document]:
    """Publish drafts, all in one transaction; returns the documents that changed.

    Already published documents are left as they are; a withdrawn one is refused (reinstate
    it instead), and then nothing is published.
    """
    changed = []
    with transaction.atomic():
        for doc in docs:
            doc = _locked(doc)
            if doc.status == Document.PUBLISHED:
                continue
            if doc.status == Document.WITHDRAWN:
                raise StateError(
                    f"{doc.public_id} is withdrawn; bring it back with: "
                    f"sourcebook reinstate {doc.public_id}"
                )
            changed.append(
                _move(doc, "publish", actor, "", IndexEvent.UPSERT, status=Document.PUBLISHED)
            )
    return changed


def withdraw(doc: Document, reason: str, actor: str) -> Document:
    """Take a published document off the public: its page becomes a tombstone (410), it
    leaves the search index, OAI-PMH reports it deleted. Every revision is kept."""
    reason = (reason or "").strip()
    if not reason:
        raise StateError("a withdrawal needs a reason (it is shown on the tombstone page)")
    with transaction.atomic():
        doc = _locked(doc)
        if doc.status != Document.PUBLISHED:
            raise StateError(f"{doc.public_id} is {doc.status}; only published records withdraw")
        return _move(
            doc,
            "withdraw",
            actor,
            reason,
            IndexEvent.DELETE,
            status=Document.WITHDRAWN,
            deleted_at=timezone.now(),
            withdrawn_reason=reason,
        )


def reinstate(doc: Document, actor: str) -> Document:
    """Publish a withdrawn document again, as it was (the reason stays in the audit log)."""
    with transaction.atomic():
        doc = _locked(doc)
        if doc.status != Document.WITHDRAWN:
            hint = " (publish it instead)" if doc.status == Document.DRAFT else ""
            raise StateError(f"{doc.public_id} is {doc.status}, not withdrawn{hint}")
        return _move(
            doc,
            "reinstate",
            actor,
            "",
            IndexEvent.UPSERT,
            status=Document.PUBLISHED,
            deleted_at=None,
            withdrawn_reason="",
        )


def purge(doc: Document, actor: str) -> dict:
    """Delete a document, its revisions and the sources no other record uses (legal takedowns).

    Returns what was purged, as written to the audit log. A source shared with other documents
    (a whole volume) is kept, and the audit entry says so.
    """
    with transaction.atomic():
        doc = _locked(doc)
        public_id = doc.public_id
        revisions = Revision.objects.filter(document=doc)
        source_ids = set(revisions.exclude(source=None).values_list("source_id", flat=True))
        if doc.source_id:
            source_ids.add(doc.source_id)
        what = {
            **_state(doc),
            "title": doc.title,
            "versions": revisions.count(),
        }
        SourceChange.objects.filter(target="document", target_id=doc.pk).delete()
        revisions.delete()
        doc.delete()
        what["sources_deleted"], what["sources_kept"] = _drop_unused_sources(source_ids)
        IndexEvent.objects.create(public_id=public_id, action=IndexEvent.DELETE)
        record(actor, "purge", "document", public_id, before=what, after=None)
    return what


def _drop_unused_sources(source_ids: set[int]) -> tuple[list[str], list[str]]:
    """Delete the sources nothing refers to any more; ``(deleted, kept)`` as sha256 digests."""
    deleted, kept = [], []
    for source in Source.objects.filter(id__in=source_ids).order_by("id").defer("data"):
        used = (
            Document.objects.filter(source=source).exists()
            or Revision.objects.filter(source=source).exists()
            or SourceChange.objects.filter(source=source).exists()
        )
        if used:
            kept.append(source.sha256)
        else:
            source.delete()
            deleted.append(source.sha256)
    return deleted, kept


def drafts_matching(query: str = "", collection: str | None = None):
    """Drafts whose title, summary, citation or id hold every word of ``query`` (any case),
    optionally in one collection. Drafts are not in the search index, so this asks the
    database; ``sourcebook publish --query`` uses it."""
    docs = Document.objects.filter(status=Document.DRAFT)
    for word in query.split():
        docs = docs.filter(
            Q(title__icontains=word)
            | Q(summary__icontains=word)
            | Q(citation__icontains=word)
            | Q(public_id__icontains=word)
        )
    if collection:
        docs = docs.filter(collection__slug=collection)
    return docs.order_by("id")
