"""The text sections of a document page: rendered once per version, cut at the page-size limit.

Why cut: a 2.6 MB record made a 29 MB page. Texts are rendered as chunks (the TEI text whole
when it fits, else its plain text paragraph by paragraph) and the page stops before the chunk
that would pass ``SOURCEBOOK_MAX_PAGE_BYTES``; the page then says so and links the downloads.
"""

from __future__ import annotations

from collections.abc import Iterator

from django.conf import settings
from django.db import IntegrityError, transaction
from django.template.defaultfilters import linebreaksbr
from django.utils.html import escape

from sourcebook.archive.models import Document

from .models import RenderedPage
from .rendering import legend, paragraphs
from .text_words import added_bytes

# The shape of a cached rendering: a row written by an older shape is rendered again (2: the
# reading text; 3: page markers carry the page they name, low OCR words their confidence;
# 4: TEI page breaks hold no English words, the page adds them: web.page_breaks; 5: no
# apparatus labels, footnote link names or OCR confidence words either: web.text_words;
# 6: a footnote inside a TEI list or table is listed once, not again with a dead back link).
FORMAT = 6


def text_sections(doc: Document, renderers: dict) -> RenderedPage:
    """The cached rendering of ``doc``'s texts, rendered now if missing or stale."""
    limit = settings.SOURCEBOOK_MAX_PAGE_BYTES
    page = RenderedPage.objects.filter(document=doc, version=doc.version, max_bytes=limit).first()
    if page is not None and all(t.get("format") == FORMAT and "reading" in t for t in page.texts):
        return page
    texts, truncated = _render(doc.to_record(), doc, renderers, limit)
    values = {"version": doc.version, "max_bytes": limit, "truncated": truncated, "texts": texts}
    try:
        with transaction.atomic():
            page, _ = RenderedPage.objects.update_or_create(document=doc, defaults=values)
    except IntegrityError:  # another process stored it first; ours is just as good
        page = RenderedPage(document=doc, **values)
    return page


def render_record(record, doc: Document, renderers: dict) -> RenderedPage:
    """The text sections of ``record`` (an older version of ``doc``), rendered now and not
    cached: the cache holds one rendering per document, that of its current version."""
    limit = settings.SOURCEBOOK_MAX_PAGE_BYTES
    texts, truncated = _render(record, doc, renderers, limit)
    return RenderedPage(version=0, max_bytes=limit, truncated=truncated, texts=texts)


def _render(record, doc: Document, renderers: dict, limit: int) -> tuple[list[dict], bool]:
    budget, truncated, out = limit, False, []
    for text in record.texts:
        html, reading, used, cut = [], [], 0, truncated
        renderer = renderers.get(text.markup_format) if text.markup else None
        tei, chunks = (False, iter(())) if truncated else _chunks(text, doc, renderer, budget)
        for chunk, reading_chunk in chunks:
            size = len(chunk.encode("utf-8")) + added_bytes(chunk)
            if used + size > budget:
                cut = truncated = True
                break
            html.append(chunk)
            reading.append(reading_chunk)
            used += size
        budget -= used
        out.append(
            {
                "html": "".join(html),
                # The reading text (supplied words without brackets, deletions left out); the
                # TEI rendering is one and the same for both views.
                "reading": None if tei else "".join(reading),
                "legend": legend(text.annotations),
                "tei": tei,
                "truncated": cut,
                "format": FORMAT,
            }
        )
    return out, truncated


def _chunks(text, doc: Document, renderer, budget: int) -> tuple[bool, Iterator[tuple[str, str]]]:
    """``(is_tei, chunks)``: the TEI rendering as one chunk when it fits, else paragraphs of
    the plain text (so a cut falls between paragraphs, never inside markup). Each chunk is a
    pair: the diplomatic HTML (every mark as written) and the reading HTML."""
    if renderer is not None:
        html = str(renderer(text, doc))
        if len(html.encode("utf-8")) + added_bytes(html) <= budget:
            return True, iter([(html, html)])
    return False, (
        (
            "<p>" + "".join(_run_html(run) for run in para) + "</p>\n",
            "<p>" + "".join(_reading_html(run) for run in para) + "</p>\n",
        )
        for para in paragraphs(text.body, text.annotations)
    )


def _reading_html(run) -> str:
    """A run of the reading text: words the editor supplied read as part of the sentence,
    words struck out in the original are left out; every other mark stays as written (the
    diplomatic view shows them all)."""
    kind = run.annotation.type if run.annotation else ""
    if kind == "deletion":
        return ""
    if kind == "supplied" and run.annotation.content and run.text == run.annotation.text:
        return (
            f'<span class="{escape(run.css)}"{run.place} data-type="supplied">'
            f"{linebreaksbr(run.annotation.content)}</span>"
        )
    return _run_html(run)


def _run_html(run) -> str:
    body = linebreaksbr(run.text)
    if not run.annotation:
        return body
    # No title or aria-description: this HTML is cached for every reader, and the page adds
    # them in the reader's language from the type, place and confidence (web.text_words).
    return (
        f'<span class="{escape(run.css)}"{run.place} '
        f'data-type="{escape(run.annotation.type)}"{run.data}>{body}</span>'
    )
