from django import template

from sourcebook.web import kept_reads

from .. import queries

register = template.Library()


@register.simple_tag
def document_related(doc):
    """Replies, the archival file around the document and its collections' neighbours, for
    the document page section. Kept for the next page of the same document while the
    edition is written (:mod:`sourcebook.web.kept_reads`): its page, diplomatic view and
    version pages show the same lists."""
    return kept_reads.read(("related", doc.pk), lambda: _related(doc))


def _related(doc) -> dict:
    return {
        **queries.replies(doc),
        "file": queries.file_window(doc),
        "collections": queries.collection_neighbours(doc),
    }
