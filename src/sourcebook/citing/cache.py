"""Rendered citations shared by every process: one row per document version and page URL.

Why: the Cite box is ~95 % of a cold document page's CPU (citeproc-py), and every worker of
``serve --workers`` and every ``export-site`` run used to render it again.
"""

from __future__ import annotations

from django.db import IntegrityError, transaction

from sourcebook.core.cite.csl import citations, plain_text

from .models import RenderedCitations

# The shape of the citation code's output: raise it when core.cite changes what it renders, so
# rows written by older code are rendered again instead of served.
FORMAT = 2  # 2: Chicago's comma before "[1957?]", APA's "Trans." (2026-12-08)


def rendered_citations(record, page_url: str, doc=None) -> list[dict[str, str]]:
    """``[{"key", "text", "html"}]`` for ``record``, one per style in the Cite box's order (a
    list: PostgreSQL's jsonb does not keep the order of an object's keys): from the cache when ``doc`` (its stored
    document) is given and a row for this version, pinning and URL exists, else rendered now
    (and stored when ``doc`` is given)."""
    if doc is None:
        return _render(record, page_url)
    key = _key(record, doc, page_url)
    row = RenderedCitations.objects.filter(**key).values_list("format", "styles").first()
    if row is not None and row[0] == FORMAT:
        return row[1]
    styles = _render(record, page_url)
    try:
        with transaction.atomic():
            RenderedCitations.objects.update_or_create(
                **key, defaults={"format": FORMAT, "styles": styles}
            )
    except IntegrityError:  # another process stored it first; ours is just as good
        pass
    return styles


def _key(record, doc, page_url: str) -> dict:
    """A version page's record names its version (``cited_version``); the current page's record
    is ``doc`` at ``doc.version`` and cites no version."""
    cited = record.cited_version
    version = cited.number if cited is not None else doc.version
    return {"document": doc, "version": version, "pinned": cited is not None, "page_url": page_url}


def _render(record, page_url: str) -> list[dict[str, str]]:
    """Rendered once, as HTML; the plain text is that HTML without its markup."""
    html = citations(record, page_url=page_url, html=True)
    return [{"key": k, "text": plain_text(v), "html": v} for k, v in html.items()]
