"""``/documents/<id>/?hl=<text>-<start>-<end>``: the document page with one mention marked.

Authority pages link each mention in context here, with ``#m-<text>-<start>`` as the fragment, so
the browser scrolls to the exact place without JavaScript. The marked text is shown as its
reading text (paragraphs and apparatus, as for plain records), because the offsets of a mention
count in ``Text.body``; the page's cached rendering is left untouched (this view is not cached).
"""

from __future__ import annotations

import re
from dataclasses import replace

from .models import RenderedPage
from .pagecache import _reading_html, _run_html
from .rendering import paragraphs

_HL = re.compile(r"^(\d{1,4})-(\d{1,10})-(\d{1,10})$")
OPEN, CLOSE = "\ue000", "\ue001"  # private-use marks, untouched by escaping


def parse(value: str | None) -> tuple[int, int, int] | None:
    """``(text, start, end)`` from ``?hl=``, or None for anything else (ignored, never an error:
    an old link to an edited text still opens the page)."""
    m = _HL.match(value or "")
    if m is None:
        return None
    text, start, end = map(int, m.groups())
    return (text, start, end) if start < end else None


def marked(request, rendered: RenderedPage, record) -> RenderedPage:
    """``rendered`` with the text ``?hl=`` names shown marked: a copy, never saved (the cached
    rendering stays as it is). A stale or bad value gives ``rendered`` back unchanged."""
    hl = parse(request.GET.get("hl"))
    if hl is None or hl[0] >= len(record.texts):
        return rendered
    index, start, end = hl
    html = marked_html(record.texts[index], index, start, end, rendered.max_bytes)
    if html is None:
        return rendered
    texts = [dict(t) for t in rendered.texts]
    texts[index].update(html=html, tei=False, truncated=False)
    if "reading" in texts[index]:  # a page that keeps a reading text marks it the same way
        reading = marked_html(record.texts[index], index, start, end, rendered.max_bytes, True)
        texts[index]["reading"] = reading or html
    return RenderedPage(
        version=rendered.version,
        max_bytes=rendered.max_bytes,
        truncated=rendered.truncated,
        texts=texts,
    )


def marked_html(
    text, index: int, start: int, end: int, max_bytes: int, reading: bool = False
) -> str | None:
    """``text`` (a core Text, number ``index`` of its record) as paragraphs, every mark as
    written (or, with ``reading``, as the reading text), with ``body[start:end]`` in a
    ``<mark id="m-<index>-<start>">``; None when the offsets do not fit the body, the text is
    longer than a page may be, or the reading text leaves the mention out (a struck word)."""
    body = text.body or ""
    if end > len(body) or len(body.encode("utf-8")) > max_bytes:
        return None
    marked = body[:start] + OPEN + body[start:end] + CLOSE + body[end:]
    annotations = [a for a in (_moved(ann, start, end) for ann in text.annotations) if a]
    run_html = _reading_html if reading else _run_html
    html = "".join(
        "<p>" + "".join(run_html(run) for run in para) + "</p>\n"
        for para in paragraphs(marked, annotations)
    )
    if html.count(OPEN) != 1 or html.count(CLOSE) != 1:
        return None
    anchor = f"m-{index}-{start}"
    return html.replace(OPEN, f'<mark class="mention" id="{anchor}">').replace(CLOSE, "</mark>")


def _moved(ann, start: int, end: int):
    """``ann`` with its offsets in the marked body (one mark before the mention, one after);
    None for an item that crosses the mention's edge (shown plain, so the tags nest)."""
    if ann.end <= start:
        return ann
    if ann.start >= end:
        return replace(ann, start=ann.start + 2, end=ann.end + 2)
    if ann.start <= start and ann.end >= end:
        return replace(ann, end=ann.end + 2)
    if ann.start >= start and ann.end <= end:
        return replace(ann, start=ann.start + 1, end=ann.end + 1)
    return None
