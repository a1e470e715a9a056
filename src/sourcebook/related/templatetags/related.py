from django import template

from .. import queries

register = template.Library()


@register.simple_tag
def document_related(doc):
    """Replies, the archival file around the document and its collections' neighbours, for
    the document page section."""
    return {
        **queries.replies(doc),
        "file": queries.file_window(doc),
        "collections": queries.collection_neighbours(doc),
    }
