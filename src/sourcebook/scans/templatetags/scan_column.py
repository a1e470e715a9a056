"""``{% scan_column doc as scans %}``: the pages the scan column beside the text shows."""

from __future__ import annotations

from django import template

from sourcebook.scans.beside import column

register = template.Library()


@register.simple_tag
def scan_column(doc) -> dict | None:
    return column(doc)
