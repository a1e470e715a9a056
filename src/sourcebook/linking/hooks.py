"""Ingest and edit hooks: documents are linked in the transaction that wrote them.

Registered in :class:`~.apps.LinkingConfig` after the authorities app's volume hook, so a
volume's encoded links exist when the linker looks, and it adds only what they lack.
"""

from __future__ import annotations

from .service import link_in_transaction


def link_ingested(parsed, source, outcomes) -> None:
    """SOURCE_HOOK: link the documents this ingest added or changed."""
    ids = [o.id for o in outcomes if o.id and o.status in ("added", "updated")]
    if ids:
        link_in_transaction(ids)


def link_edited(document) -> None:
    """EDIT_HOOK: an edited text may name other people; link it again."""
    link_in_transaction([document.public_id])
