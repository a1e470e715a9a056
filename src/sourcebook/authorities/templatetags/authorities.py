from django import template

from sourcebook.web import kept_reads

from .. import queries

register = template.Library()


@register.simple_tag
def document_authorities(doc):
    """Persons with roles, and the volume/chapter position, for the document page section;
    kept for the document's next page while the edition is written (the page, its diplomatic
    view and the version pages show the same; :mod:`sourcebook.web.kept_reads`)."""
    return kept_reads.read(("authorities", doc.pk), lambda: _authorities(doc))


def _authorities(doc) -> dict:
    return {
        "persons": queries.document_persons(doc),
        "nav": queries.neighbours(doc),
        "terms": queries.document_terms(doc),
        "unlinked": queries.document_unlinked(doc),
    }
