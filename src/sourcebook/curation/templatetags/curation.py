from django import template

from sourcebook.archive.protection import pending

register = template.Library()


@register.simple_tag
def pending_changes(doc) -> int:
    """How many source changes of ``doc`` wait for review (shown to editors only)."""
    return pending("document", doc.pk).count()
