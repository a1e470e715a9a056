from django import template

from .. import queries

register = template.Library()


@register.simple_tag
def document_authorities(doc):
    """Persons with roles, and the volume/chapter position, for the document page section."""
    return {
        "persons": queries.document_persons(doc),
        "nav": queries.neighbours(doc),
        "terms": queries.document_terms(doc),
        "unlinked": queries.document_unlinked(doc),
    }
