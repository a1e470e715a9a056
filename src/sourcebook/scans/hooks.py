"""Hooks of the scans into ingest and the search index.

:func:`attach_beside`: scans that sit beside a record file are attached with it. It runs inside
the ingest transaction (``archive.ingest.SOURCE_HOOKS``), so a bad scan fails its record file
whole: one line, nothing written. :func:`has_scan`: the facet value "Scan" of a document with
scan pages (``search.documents.HAS_SOURCES``).
"""

from __future__ import annotations

from pathlib import Path

from sourcebook.archive.ingest import ADDED, UPDATED
from sourcebook.archive.models import Document
from sourcebook.archive.prefetched import ROWS

from .attaching import attach, read_scans, scans_beside


def attach_beside(parsed, source, outcomes) -> None:
    """``208190.txt`` with ``208190.pdf`` or a folder ``208190/`` of page images."""
    if source is None:
        return
    written = {o.id for o in outcomes if o.status in (ADDED, UPDATED)}
    if not written:
        return
    found = scans_beside(source.path)
    if not found:
        return
    stem = Path(source.path).stem
    records = parsed.records
    target = records[0].id if len(records) == 1 else (stem if stem in written else None)
    if target not in written:
        return
    attach(Document.objects.get(public_id=target), read_scans(found))


def has_scan(doc) -> list[str]:
    """``scan`` once the document has scan pages (those bulk indexing prefetched, else one row
    asked for)."""
    pages = getattr(doc, ROWS + "scan_pages", None)
    if pages is None:
        pages = doc.scan_pages.all()[:1]
    return ["scan"] if pages else []
