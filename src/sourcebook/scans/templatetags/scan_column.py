"""``{% scan_column doc as scans %}``: the scan pages the document page shows (its column, its
scan section, the viewer's script in its head, the contents' links)."""

from __future__ import annotations

from django import template

from sourcebook.scans.beside import column_of

register = template.Library()


@register.simple_tag
def scan_column(doc) -> dict | None:
    """Read once per page (:func:`~sourcebook.scans.beside.column_of`); None without scans."""
    return column_of(doc)
