"""Who may see the history of which document: the same rule as the document page.

Anonymous readers see published documents only (``Document.live``): a withdrawn one answers 410
(its history is kept, but not shown), a draft 404 as if it did not exist. Editors (the
``archive.change_document`` permission) see the history of drafts and withdrawn documents too.
"""

from __future__ import annotations

from django.http import Http404

from sourcebook.archive.models import Document


class Withdrawn(Exception):
    """The document was withdrawn: the caller answers 410 with the reason."""

    def __init__(self, doc: Document):
        super().__init__(doc.public_id)
        self.doc = doc


def can_see_unpublished(user) -> bool:
    return bool(user and user.is_authenticated and user.has_perm("archive.change_document"))


def visible_document(request, public_id: str) -> Document:
    """The document ``request`` may see the history of; raises Http404 or :class:`Withdrawn`."""
    editor = can_see_unpublished(getattr(request, "user", None))
    manager = Document.objects if editor else Document.live
    doc = manager.select_related("source").defer("source__data").filter(public_id=public_id).first()
    if doc is not None:
        return doc
    gone = Document.objects.filter(public_id=public_id, status=Document.WITHDRAWN).first()
    if gone is not None:
        raise Withdrawn(gone)
    raise Http404(f"No document {public_id}")
