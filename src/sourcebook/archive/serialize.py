"""Document JSON for the API and ``sourcebook show --json``: the record plus storage facts."""

from __future__ import annotations

from typing import Any

from .models import Document
from .protection import pending


def document_queryset():
    """Documents with what pages and exports use. The source's bytes are deferred: a FRUS
    volume is megabytes, and fetching it once per document made a 1,000-id export take 4 s."""
    return (
        Document.objects.select_related("source", "collection")
        .defer("source__data")
        .prefetch_related("texts__annotations")
    )


def document_json(doc: Document) -> dict[str, Any]:
    data = doc.to_record().to_json()
    data["source"] = (
        {
            "sha256": doc.source.sha256,
            "format": doc.source.format,
            "path": doc.source.path,
            "ingested_at": doc.source.ingested_at.isoformat(),
        }
        if doc.source
        else None
    )
    data["version"] = doc.version
    data["status"] = doc.status
    if doc.status == Document.WITHDRAWN:
        data["withdrawn_reason"] = doc.withdrawn_reason
        data["withdrawn_at"] = doc.deleted_at.isoformat() if doc.deleted_at else None
    data["updated_at"] = doc.updated_at.isoformat()
    data["collection"] = (
        {"id": doc.collection.slug, "title": doc.collection.name} if doc.collection else None
    )
    data["url"] = doc.get_absolute_url()
    data["versions_url"] = f"/api/documents/{doc.public_id}/versions"
    data["protected"] = list(doc.protected or [])
    data["pending_source_changes"] = [
        {"field": c.field, "source_value": c.source_value}
        for c in pending("document", doc.pk).only("field", "source_value")
    ]
    return data
