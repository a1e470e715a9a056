"""``{{ record|permalink }}`` and ``{{ url|link_or_text }}``: links from record data, checked.

Why a filter and not ``href="{{ record.permalink }}"``: autoescaping stops a quote from ending the
attribute but not ``javascript:`` from running. Every link a page takes from a record goes
through :func:`sourcebook.core.links.href` here, so records stored before ingest checked links
(or edited by other paths) show a failing link as text.
"""

from django import template
from django.utils.html import format_html

from sourcebook.core import links

register = template.Library()


@register.filter
def link_or_text(value, css: str = "") -> str:
    """An ``<a>`` when ``value`` passes the link policy, else the value as escaped text."""
    if not value:
        return ""
    href = links.href(str(value))
    if href:
        return format_html('<a class="{}" href="{}">{}</a>', css or "link", href, value)
    return format_html('<span class="{} unlinked">{}</span>', css or "link", value)


@register.filter
def permalink(record) -> str:
    """The record's permalink as a link, or as text when it fails the policy (or was kept as
    text at ingest, in ``extra["permalink_text"]``)."""
    value = record.permalink or (record.extra or {}).get("permalink_text")
    return link_or_text(value, "permalink")
