"""Ingest and edit hooks: documents are linked in the transaction that wrote them.

Registered in :class:`~.apps.LinkingConfig` after the authorities app's volume hook, so a
volume's encoded links exist when the linker looks, and it adds only what they lack.
"""

from __future__ import annotations

from sourcebook.archive.ingest import written_documents

from .service import Linker, link_documents, link_groups_in_transaction, link_in_transaction


def relink_run(outcomes) -> None:
    """RUN_HOOK: a run links the same whatever the order of its files.

    Each file's documents are linked as the file is written, so a document written before a
    later volume of the same run could not link that volume's persons (``frus1955-57v03``'s
    documents name people first listed by ``frus1958-60v18``). The documents of the files before
    the run's last volume with a persons list are linked again, once. Documents of earlier runs
    are left to ``sourcebook link --all``: re-linking the whole archive on every volume would
    cost as much as the archive.
    """
    from sourcebook.archive import chunks
    from sourcebook.archive.models import Document

    written = [o for o in outcomes if o.id and o.status in ("added", "updated")]
    volume_docs: set[str] = set()
    for part in chunks.parts([o.id for o in written]):  # a run may write a million documents
        volume_docs.update(
            Document.objects.filter(
                public_id__in=part, collection__source_ids__isnull=False
            ).values_list("public_id", flat=True)
        )
    last = max((i for i, o in enumerate(written) if o.id in volume_docs), default=None)
    if last is None:
        return
    earlier = [o.id for o in written[:last] if o.path != written[last].path]
    if not earlier:
        return
    linker = Linker()  # one gazetteer for every part
    for part in chunks.parts(earlier):  # in transactions of LINK_BATCH, with index events
        link_documents(Document.objects.filter(public_id__in=part), linker=linker)


def link_ingested(parsed, source, outcomes) -> None:
    """SOURCE_HOOK: link the documents this ingest added or changed."""
    ids = _written(outcomes)
    if ids:
        link_in_transaction(ids)


def link_ingested_batch(items) -> None:
    """BATCH_HOOKS form of :func:`link_ingested`: the files of one ingest batch (``(parsed,
    source, outcomes)`` in file order) linked as one call per file would, with one gazetteer
    and a few queries for them all."""
    link_groups_in_transaction(
        [_written(outcomes) for _, _, outcomes in items], written_documents(items)
    )


def _written(outcomes) -> list[str]:
    return [o.id for o in outcomes if o.id and o.status in ("added", "updated")]


def link_edited(document) -> None:
    """EDIT_HOOK: an edited text may name other people; link it again."""
    link_in_transaction([document.public_id])
