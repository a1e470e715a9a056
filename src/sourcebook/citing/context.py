"""What the document page needs for citing, computed once per page from the record."""

from __future__ import annotations

from sourcebook.archive.models import Revision
from sourcebook.archive.versions import version_path
from sourcebook.core.cite import zotero
from sourcebook.core.cite.csl import style_labels
from sourcebook.core.formats import export_names, exporter
from sourcebook.web.absolute import absolute_url

from .cache import rendered_citations


def cite_context(request, record, doc=None) -> dict:
    """``doc`` (the stored document) adds "Cite this version" to the page of the current one."""
    cited = record.cited_version
    page_url = (
        cited.url if cited and cited.url else absolute_url(request, f"/documents/{record.id}/")
    )
    pinned = f"?version={cited.number}" if cited else ""
    pdf_url = absolute_url(request, f"/documents/{record.id}.pdf{pinned}")
    rendered = rendered_citations(record, page_url, doc)
    labels = style_labels()
    names = set(export_names())
    downloads = [
        {"name": n, "label": exporter(n).description, "ext": exporter(n).extension}
        for n in ("bibtex", "ris", "csl-json", "dc", "pdf")
        if n in names
    ]
    return {
        "styles": [
            {"key": s["key"], "label": labels[s["key"]], "text": s["text"], "html": s["html"]}
            for s in rendered
        ],
        "meta": zotero.meta_tags(record, page_url=page_url, pdf_url=pdf_url),
        "coins": zotero.coins(record, page_url=page_url),
        "json_ld": zotero.json_ld_script(record, page_url=page_url),
        "downloads": downloads,
        "pinned": pinned,
        "this_version": _this_version(record, doc),
    }


def _this_version(record, doc) -> dict | None:
    """The current version's number, date and pinned page, for "Cite this version": a link
    to the version page, whose citations name the version (no script needed)."""
    if doc is None or record.cited_version is not None:
        return None
    created = (
        Revision.objects.filter(document=doc, version=doc.version)
        .values_list("created_at", flat=True)
        .first()
    )
    if created is None:
        return None
    return {"number": doc.version, "date": created, "url": version_path(record.id, doc.version)}
