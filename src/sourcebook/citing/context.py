"""What the document page needs for citing, computed once per page from the record."""

from __future__ import annotations

from sourcebook.core.cite import zotero
from sourcebook.core.cite.csl import citations, style_labels
from sourcebook.core.formats import export_names, exporter
from sourcebook.web.absolute import absolute_url


def cite_context(request, record) -> dict:
    page_url = absolute_url(request, f"/documents/{record.id}/")
    pdf_url = absolute_url(request, f"/documents/{record.id}.pdf")
    plain = citations(record, page_url=page_url)
    html = citations(record, page_url=page_url, html=True)
    labels = style_labels()
    names = set(export_names())
    downloads = [
        {"name": n, "label": exporter(n).description, "ext": exporter(n).extension}
        for n in ("bibtex", "ris", "csl-json", "dc", "pdf")
        if n in names
    ]
    return {
        "styles": [
            {"key": k, "label": labels[k], "text": plain[k], "html": html[k]} for k in plain
        ],
        "meta": zotero.meta_tags(record, page_url=page_url, pdf_url=pdf_url),
        "coins": zotero.coins(record, page_url=page_url),
        "json_ld": zotero.json_ld_script(record, page_url=page_url),
        "downloads": downloads,
    }
