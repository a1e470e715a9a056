"""A printable PDF of a document (WeasyPrint), legible in every script the archive holds.

The page carries what a reader needs to cite and check the document: title, date, the fields of
the document page's side (citation, permalink, archive, credits, translators, original language,
contents) and the summary, and each text with its apparatus set apart as on the web page:
handwritten and marginal notes in a ruled box, supplied words in grey italics (brackets kept),
uncertain readings underlined with a dotted line, seals and stamps in a thin frame, and a legend
of the apparatus types used. A text that came from TEI (a FRUS document) is rendered by the
page's own renderer (:mod:`..tei.html`), so its source note, structure and footnotes (numbered
as on the page, listed after the text) are the page's.

Why no small capitals (CSS ``font-variant``): WeasyPrint writes synthesized small capitals into
the text layer in capitals, so copying "[Stamp: Received 14 March]" gave "14 maRch". Styling may
change how words look, never which characters a reader copies.

Fonts: Noto Serif and Noto Serif/Sans CJK from Debian's ``fonts-noto-cjk``, so Chinese, Japanese
and Korean text is embedded, not replaced by boxes.
"""

from __future__ import annotations

from collections import Counter
from html import escape

from ..apparatus import LABELS, segments
from ..record import Record, Text
from ..tei.html import render as render_tei
from .archive_style import archive_citation
from .common import archive_line, public_url

CSS = """
@page { size: A4; margin: 22mm 20mm 24mm 20mm;
  @bottom-center { content: string(doctitle) " — " counter(page) " / " counter(pages);
                   font-size: 8pt; color: #555; } }
body { font-family: "Noto Serif", "Noto Serif CJK SC", "Noto Serif CJK TC", "Noto Serif CJK KR",
       "Noto Serif CJK JP", "Noto Sans CJK SC", serif; font-size: 10.5pt; line-height: 1.45; }
:lang(zh-Hant), :lang(zh-TW) { font-family: "Noto Serif", "Noto Serif CJK TC", serif; }
:lang(ja) { font-family: "Noto Serif", "Noto Serif CJK JP", serif; }
:lang(ko) { font-family: "Noto Serif", "Noto Serif CJK KR", serif; }
h1 { font-size: 16pt; line-height: 1.25; margin: 0 0 4pt; string-set: doctitle content(); }
h2 { font-size: 12pt; margin: 16pt 0 6pt; border-bottom: 0.5pt solid #888; }
.date { font-size: 11pt; margin: 0 0 10pt; }
dl.meta { margin: 0 0 10pt; } dl.meta dt { font-weight: bold; font-size: 9pt; margin-top: 5pt; }
dl.meta dd { margin: 0 0 0 0; }
.citation { font-size: 9.5pt; }
a { color: #1a4b8c; text-decoration: none; }
p { margin: 0 0 7pt; orphans: 2; widows: 2; }
.ann-handwritten { display: inline-block; border: 0.8pt solid #7a5c00; background: #fff8df;
  padding: 1pt 4pt; margin: 2pt 0; font-style: italic; }
.ann-supplied, .ann-alternate-form, .ann-gloss { color: #555; font-style: italic; }
.ann-uncertain { text-decoration: underline dotted; color: #8a2a00; }
.ann-seal, .ann-stamp, .ann-signature { color: #6b1d1d; border: 0.5pt solid #b98a8a;
  border-radius: 2pt; padding: 0 1.5pt; }
.ann-original-term { color: #174c2e; }
.ann-deletion { text-decoration: line-through; }
.ann-note, .ann-editor-note, .ann-translator-note, .ann-illegible, .ann-gap, .ann-omission,
.ann-rendition, .ann-sic, .ann-page { color: #444; font-size: 9pt; }
ul.legend { font-size: 8.5pt; color: #333; padding-left: 12pt; }
.tei-source-note { font-size: 9pt; font-style: italic; color: #333; }
.tei-dateline, .tei-closer, .tei-signed { text-align: right; }
.tei-head, .tei-list-head { font-weight: bold; }
.tei-list ul { list-style: none; padding-left: 12pt; margin: 0 0 7pt; }
table.tei-table { border-collapse: collapse; margin: 0 0 7pt; font-size: 9.5pt; }
table.tei-table td, table.tei-table th { border: 0.4pt solid #aaa; padding: 1pt 4pt;
  vertical-align: top; }
.tei-pb { display: none; }
.fn-ref { font-size: 7pt; line-height: 0; }
ol.footnotes { list-style: none; padding: 6pt 0 0; margin: 12pt 0 0; border-top: 0.5pt solid #888;
  font-size: 9pt; }
ol.footnotes li { margin: 0 0 4pt; }
.fn-n { font-weight: bold; }
.fn-back { display: none; }
"""


def _css(kind: str) -> str:
    """The class of an apparatus type, spelt as the page and the TEI renderer spell it."""
    return f"ann-{escape(kind.replace('_', '-'))}"


def _body_html(text: Text, prefix: str) -> str:
    """A TEI text as its page shows it (footnotes and source note included); any other text
    paragraph by paragraph, each apparatus item in the style of its type."""
    if text.markup and text.markup_format == "tei":
        return render_tei(text.markup, prefix=prefix)
    parts = []
    for run, ann in segments(text.body, text.annotations):
        chunk = escape(run, quote=False)
        if ann is not None:
            label = LABELS.get(ann.type, ann.type)
            if ann.place:
                label = f"{label} ({ann.place})"
            chunk = f'<span class="{_css(ann.type)}" title="{escape(label)}">{chunk}</span>'
        parts.append(chunk)
    body = "".join(parts)
    paras = [p.strip().replace("\n", "<br>") for p in body.split("\n\n") if p.strip()]
    return "".join(f"<p>{p}</p>" for p in paras)


def _text_html(text: Text, prefix: str = "") -> str:
    html = _body_html(text, prefix)
    used = Counter(a.type for a in text.annotations)
    if used:
        items = "".join(
            f'<li><span class="{_css(t)}">[…]</span> {escape(LABELS.get(t, t))}: {n}</li>'
            for t, n in sorted(used.items())
        )
        html += f'<ul class="legend">{items}</ul>'
    lang = f' lang="{escape(text.language)}"' if text.language else ""
    heading = escape(text.label or text.kind)
    return f"<section{lang}><h2>{heading}</h2>{html}</section>"


def _meta(record: Record, page_url: str | None) -> list[tuple[str, str]]:
    """The fields of the document page's side, in its order (``sourcebook/document.html``), and
    the summary; values escaped. Not what the title suggests (type, sender): a guess the page
    labels as one, no fact about the document to print."""
    meta = [("Citation", escape(archive_citation(record)))]
    url = public_url(record, page_url)
    if url:
        meta.append(("Permalink", f'<a href="{escape(url)}">{escape(url)}</a>'))
    if archive_line(record):
        meta.append(("Archive", escape(archive_line(record))))
    if record.summary:
        meta.append(("Summary", escape(record.summary)))
    if record.credits:
        meta.append(("Credits", escape(record.credits)))
    if record.translators:
        meta.append(("Translated by", escape(", ".join(record.translators))))
    if record.original_language:
        meta.append(("Original language", escape(record.original_language)))
    if record.contents:
        meta.append(("Contents", "<br>".join(escape(c.label) for c in record.contents)))
    return meta


def html_document(record: Record, page_url: str | None = None) -> str:
    """The HTML the PDF is rendered from (also handy for checking the layout in a browser)."""
    dl = "".join(f"<dt>{k}</dt><dd>{v}</dd>" for k, v in _meta(record, page_url))
    # Each text's footnote anchors have a prefix of their own: two texts both have a note 1.
    texts = "".join(_text_html(t, f"t{i}-") for i, t in enumerate(record.texts, 1))
    date = escape(record.date.text or "n.d.")
    return (
        f'<!doctype html><html lang="en"><head><meta charset="utf-8">'
        f"<title>{escape(record.title)}</title><style>{CSS}</style></head><body>"
        f'<p class="date">{date}</p><h1>{escape(record.title)}</h1>'
        f'<dl class="meta">{dl}</dl>{texts}</body></html>'
    )


def write(record: Record) -> bytes:
    from weasyprint import HTML

    return HTML(string=html_document(record)).write_pdf()
