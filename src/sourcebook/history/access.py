"""Who may see the history of which document: the document page's rule, not a copy of it.

:func:`sourcebook.web.visibility.visible_document` decides (drafts 404 and withdrawn records
410 for readers; editors see both); the history only loads a lighter row (no source bytes).
"""

from __future__ import annotations

from sourcebook.archive.models import Document
from sourcebook.web.visibility import Gone as Withdrawn
from sourcebook.web.visibility import visible_document as _visible

__all__ = ["Withdrawn", "visible_document"]


def visible_document(request, public_id: str) -> Document:
    """The document ``request`` may see the history of; raises Http404 or :class:`Withdrawn`."""
    docs = Document.objects.select_related("source").defer("source__data")
    return _visible(request, public_id, docs, kept_as="document-history")
