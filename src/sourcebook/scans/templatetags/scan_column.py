"""``{% scan_column doc as scans %}``: the pages the scan column beside the text shows."""

from __future__ import annotations

from django import template

from sourcebook.scans.beside import column
from sourcebook.web import kept_reads

register = template.Library()


@register.simple_tag
def scan_column(doc) -> dict | None:
    """Kept for the document's next page while the edition is written, as its other sections
    (:mod:`sourcebook.web.kept_reads`)."""
    return kept_reads.read(("scans", doc.pk), lambda: column(doc))
