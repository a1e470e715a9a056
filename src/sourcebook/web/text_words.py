"""The words a text's HTML carries for the reader, added in the reader's language on each page:
the label of every editorial mark (title and ``aria-description``: "Handwritten note (left
margin)", "Uncertain OCR reading, confidence 41%"), and the names of a TEI text's footnote links
("Footnote 3", "Back to the text", "Footnotes").

Why here and not where the HTML is made: the texts' HTML is cached once per version for every
reader (:mod:`.pagecache`), so it holds each mark as its type, place and confidence alone
(``<span class="ann ann-seal" data-type="seal">``) and the footnote links without names. This
filter of the document page (``views.TEXT_FILTERS``, like :mod:`.page_breaks`) adds the words
when the page is made: one pass over the HTML, skipped for a text without marks or footnotes.
The words go at the end of the opening tag, where the cached HTML had them, so the scans'
filter (which runs after this one) gives a linked page marker its own title as before.

The place (``left margin``) is shown as the archive wrote it: it is quoted from the record.
"""

from __future__ import annotations

import html
import re

from django.utils.html import escape
from django.utils.translation import gettext

from sourcebook.core.apparatus import LABELS

from .labels import APPARATUS

# The opening tag of a mark, as pagecache and core.tei.html write it: class first, then the
# place, type and other data attributes.
_MARK = re.compile(r'<span class="ann [^"]*"((?: data-[a-z]+="[^"]*")+)>')
_ATTR = re.compile(r' data-([a-z]+)="([^"]*)"')
_FOOTNOTE_REF = re.compile(r'(<sup class="fn-ref" id="[^"]*"><a href="#[^"]*")>([^<]*)</a>')
_BACK = re.compile(r'(<a class="fn-back" href="#[^"]*")>')
_LIST = '<ol class="footnotes">'


def word_marks(doc, htmls: list[str]) -> list[str]:
    """Each text's marks and footnote links named in the interface language."""
    return [_worded(h) if 'class="ann ' in h or "fn-ref" in h else h for h in htmls]


def _worded(text: str) -> str:
    labels: dict[tuple, str] = {}  # a page holds many marks of few kinds

    def mark(match: re.Match) -> str:
        data = dict(_ATTR.findall(match.group(1)))
        key = (data.get("type", ""), data.get("place"), data.get("confidence"))
        if key not in labels:
            labels[key] = escape(label(*key))
        words = labels[key]
        return f'{match.group(0)[:-1]} title="{words}" aria-description="{words}">'

    def footnote(match: re.Match) -> str:
        name = gettext("Footnote %(n)s") % {"n": html.unescape(match.group(2))}
        return f'{match.group(1)} aria-label="{escape(name)}">{match.group(2)}</a>'

    text = _MARK.sub(mark, text)
    if "fn-ref" in text:
        text = _FOOTNOTE_REF.sub(footnote, text)
        back = escape(gettext("Back to the text"))
        text = _BACK.sub(lambda m: f'{m.group(1)} aria-label="{back}">', text)
        listed = escape(gettext("Footnotes"))
        text = text.replace(_LIST, f'<ol class="footnotes" aria-label="{listed}">')
    return text


def added_bytes(chunk: str) -> int:
    """About how many bytes this filter adds to ``chunk`` (its English words; other languages
    differ by a few bytes a mark). The page cache counts them in ``SOURCEBOOK_MAX_PAGE_BYTES``,
    so a long text is cut where it was when the cached HTML held the words, and the page
    stays within the limit; computed in English, so the cut does not depend on who came first."""
    size = 0
    for match in _MARK.finditer(chunk):
        data = dict(_ATTR.findall(match.group(1)))
        place, confidence = data.get("place"), data.get("confidence")
        if confidence is not None and data.get("type") == "uncertain":
            words = len("Uncertain OCR reading, confidence %") + len(confidence)
        else:
            words = len(LABELS.get(data.get("type", ""), "Editorial note"))
            words += len(place) + 3 if place else 0
        size += 2 * words + len(' title="" aria-description=""')
    return size + chunk.count("fn-ref") * len(' aria-label="Footnote 10"')


def label(kind: str, place: str | None = None, confidence: str | None = None) -> str:
    """What a mark of ``kind`` is called in the interface language: "Seal", "Handwritten note
    (left margin)", "Uncertain OCR reading, confidence 41%". ``place`` and ``confidence`` are
    the values of the cached HTML (escaped)."""
    if confidence is not None and kind == "uncertain":
        return gettext("Uncertain OCR reading, confidence %(n)s%%") % {"n": confidence}
    words = str(APPARATUS.get(kind) or LABELS.get(kind) or APPARATUS["note"])
    if place:
        words = f"{words} ({html.unescape(place)})"
    return words
