"""The printed volume's page breaks in a TEI text, worded in the reader's language on each page.

Why here and not in the TEI rendering: that HTML is cached once per version for every reader
(:mod:`.pagecache`), so it holds a page break as ``<span class="tei-pb page-marker"
data-page="441">441</span>``, the page as the volume numbers it and no words. This filter of
the document page (``views.TEXT_FILTERS``) gives each marker its words when the page is made:
"p. 441" (S. 441, с. 441, 441쪽, 第 441 页) as its text, with the title "Page break in the printed
volume" and the marker's ``lang``. Being text, it reads without script, and a screen reader
says the page in the interface language, not in the document's.

Why not a legend once on the page, or CSS ``content``: a legend leaves each marker a bare
number to a screen reader ("441" in a sentence), and generated content is not reliably read.
The marker stays one flat element, as the scans' filter (which links it to its canvas and
replaces the title) expects: this filter runs before it.
"""

from __future__ import annotations

import html
import re

from django.utils.html import escape
from django.utils.translation import get_language, gettext

_PAGE_BREAK = re.compile(r'<span class="tei-pb page-marker" data-page="([^"]*)">([^<]*)</span>')


def word_page_breaks(doc, htmls: list[str]) -> list[str]:
    """Each text's TEI page breaks with their label and title in the interface language."""
    if not any("tei-pb" in h for h in htmls):
        return htmls
    title = gettext("Page break in the printed volume")
    attrs = f' lang="{escape(get_language() or "en")}" title="{escape(title)}"'
    unnumbered = escape(gettext("page break"))

    def word(match: re.Match) -> str:
        page, n = match.group(1), html.unescape(match.group(2))
        label = escape(gettext("p. %(n)s") % {"n": n}) if n else unnumbered
        return f'<span class="tei-pb page-marker" data-page="{page}"{attrs}>{label}</span>'

    return [_PAGE_BREAK.sub(word, h) for h in htmls]
