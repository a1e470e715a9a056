"""Ingest and edit hooks: relations are refreshed in the transaction that wrote the documents."""

from __future__ import annotations

from sourcebook.archive.ingest import written_documents

from .service import refresh


def relate_ingested(parsed, source, outcomes) -> None:
    """SOURCE_HOOK: read the numbers of the documents this ingest added or changed, and resolve
    them against the archive both ways (an earlier reply finds its new target, too)."""
    ids = [o.id for o in outcomes if o.id and o.status in ("added", "updated")]
    if ids:
        refresh(ids)


def relate_ingested_batch(items) -> None:
    """BATCH_HOOKS form of :func:`relate_ingested` for the files of one ingest batch: one
    refresh of them all ends with the rows one refresh per file would (resolution is
    symmetric: whatever a later file brings re-resolves the earlier documents it concerns)."""
    ids = [
        o.id
        for _, _, outcomes in items
        for o in outcomes
        if o.id and o.status in ("added", "updated")
    ]
    if ids:
        refresh(ids, written_documents(items))


def relate_edited(document) -> None:
    """EDIT_HOOK: an edited text or file reference may change its numbers or its file."""
    refresh([document.public_id])
