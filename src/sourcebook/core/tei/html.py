"""A stored TEI fragment as HTML for the document page: structure kept, everything escaped.

Why not XSLT: the fragment comes from outside, so the mapping is a small whitelist written in
Python; every text node and attribute value goes through :func:`html.escape`, and an element we
do not know is shown as its text only. Footnotes are numbered as in the source and listed after
the text with links both ways; persons link to their page when the caller knows it.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from html import escape

from lxml import etree

from ..apparatus import annotate, classify
from ..pages import marker_label
from .flatten import local, norm, plain, ref_id
from .safe_xml import XML_NS, parser

XID = f"{{{XML_NS}}}id"

_INLINE_REND = {
    "italic": "em",
    "strong": "strong",
    "bold": "strong",
    "underline": "u",
    "superscript": "sup",
    "subscript": "sub",
}
_BLOCK_CLASSES = {
    "opener": "tei-opener",
    "closer": "tei-closer",
    "postscript": "tei-postscript",
    "attachment": "tei-attachment",
    "div": "tei-div",
    "lg": "tei-lg",
    "figure": "tei-figure",
}
_PARA_CLASSES = {
    "dateline": "tei-dateline",
    "signed": "tei-signed",
    "salute": "tei-salute",
    "byline": "tei-byline",
    "trailer": "tei-trailer",
    "ab": "tei-ab",
    "l": "tei-l",
    "docAuthor": "tei-docauthor",
}


def _span(kind: str, html: str) -> str:
    """A mark of the apparatus by its type alone: this HTML is cached once for every reader,
    and the page adds the label (title, ``aria-description``) in the reader's language
    (``sourcebook.web.text_words``), as it does for the marks of plain texts."""
    css = f"ann ann-{kind.replace('_', '-')}"
    return f'<span class="{css}" data-type="{kind}">{html}</span>'


def _marked(text: str) -> str:
    """Escaped text with its complete ``[…]`` items marked by apparatus type."""
    if "[" not in text:
        return escape(text)
    out, pos = [], 0
    for ann in annotate(text, "en"):
        if ann.start < pos or ann.start == ann.end:
            continue
        out.append(escape(text[pos : ann.start]))
        out.append(_span(ann.type, escape(text[ann.start : ann.end])))
        pos = ann.end
    out.append(escape(text[pos:]))
    return "".join(out)


class _Renderer:
    def __init__(
        self,
        person_url: Callable[[str], str | None],
        term_title: Callable[[str], str | None],
        ref_url: Callable[[str], str | None],
        prefix: str,
    ):
        self.person_url = person_url
        self.term_title = term_title
        self.ref_url = ref_url
        self.prefix = prefix
        self.notes: list[tuple[str, str, str]] = []  # (anchor id, label, html)

    def children(self, el: etree._Element) -> str:
        """The content of ``el``; editorial brackets are marked like the apparatus elsewhere.

        A bracket inside one text node (``[text not declassified]``) is found by the apparatus
        rules; a bracket around one element (``[<persName>Johnson</persName>]``) by looking at
        the text on both sides of the element.
        """
        texts = [norm(el.text)] + [norm(c.tail) for c in el]
        kids = list(el)
        out: list[str] = []
        for k, child in enumerate(kids):
            before, after = texts[k], texts[k + 1]
            if before.endswith("[") and after.startswith("]"):
                texts[k] = before[:-1]
                texts[k + 1] = after[1:]
                out.append(_marked(texts[k]))
                inner = self.element(child)
                kind = classify(plain(child)) if plain(child) else "note"
                out.append(_span(kind, f"[{inner}]"))
            else:
                out.append(_marked(texts[k]))
                out.append(self.element(child))
        out.append(_marked(texts[len(kids)]))
        return "".join(out)

    def _note(self, el: etree._Element) -> str:
        n = el.get("n") or str(len(self.notes) + 1)
        key = f"{self.prefix}fn-{len(self.notes) + 1}"
        body = self.children(el)
        self.notes.append((key, n, body))
        return (
            # Named "Footnote 3" in the reader's language by the page (web.text_words).
            f'<sup class="fn-ref" id="{key}-ref"><a href="#{key}">{escape(n)}</a></sup>'
        )

    def element(self, el: etree._Element) -> str:
        """The HTML of one element, its children walked exactly once.

        Why once: a footnote joins the list when it is rendered, so a walk whose HTML is thrown
        away (as lists and tables once had, their content rendered before ``_list``/``_rows``
        rendered it again) listed each of their notes twice, the copy's back link pointing at a
        call-out that is not on the page. Elements that walk their children their own way
        return before :meth:`children` runs.
        """
        name = local(el)
        if not name or name in ("include", "fallback", "certainty"):
            return ""
        if name == "note":
            if el.get("place") == "inline" or el.get("rend") == "inline":
                return f'<span class="tei-note-inline">{self.children(el)}</span>'
            return self._note(el)
        if name == "pb":
            return _page_break(el)
        if name == "lb":
            return "<br>"
        if name == "list":
            return self._list(el)
        if name == "table":
            return f'<table class="tei-table">{self._rows(el)}</table>'
        if name == "gap":
            # A gap the source does not describe is "[…]", not an English word.
            desc = plain(el) or el.get("reason") or "…"
            return _span("gap", f"[{escape(desc)}]")
        return self._wrapped(el, name, self.children(el))

    def _wrapped(self, el: etree._Element, name: str, inner: str) -> str:
        """``inner`` (the element's rendered content) in the HTML that stands for ``name``."""
        if name == "p":
            return f'<p class="tei-p">{inner}</p>'
        if name == "head":
            return f'<p class="tei-head">{inner}</p>'
        if name in _PARA_CLASSES:
            return f'<p class="{_PARA_CLASSES[name]}">{inner}</p>'
        if name in _BLOCK_CLASSES:
            kind = el.get("type") or el.get("rend") or ""
            css = _BLOCK_CLASSES[name] + (
                f" tei-{escape(re.sub(r'[^a-z0-9-]', '', kind.lower()))}" if kind else ""
            )
            return f'<div class="{css}">{inner}</div>'
        if name == "quote" and el.get("rend") == "blockquote":
            return f'<blockquote class="tei-quote">{inner}</blockquote>'
        if name in ("persName", "gloss", "term", "ref"):
            return self._linked(el, name, inner)
        if name == "hi":
            return _highlighted(el, inner)
        if name == "supplied":
            return _span("supplied", f"[{inner}]")
        if name == "unclear":
            return _span("uncertain", f"{inner}[?]")
        if name == "sic":
            return _span("sic", f"{inner} [sic]")
        if name == "del":
            return f'<del class="ann ann-deletion">{inner}</del>'
        if name == "stamp":
            return _span("stamp", f"[{inner}]")
        if name == "foreign":
            lang = el.get(f"{{{XML_NS}}}lang") or ""
            return f'<span class="ann ann-original-term" lang="{escape(lang)}">{inner}</span>'
        return inner

    def _linked(self, el: etree._Element, name: str, inner: str) -> str:
        """A person, term or reference: a link (or abbreviation) when the caller knows where."""
        if name == "persName":
            pid = ref_id(el.get("corresp")) or ref_id(el.get("ref"))
            url = self.person_url(pid) if pid else None
            if url:
                return f'<a class="person" href="{escape(url)}">{inner}</a>'
            return f'<span class="persname">{inner}</span>'
        if name in ("gloss", "term"):
            tid = ref_id(el.get("target"))
            title = self.term_title(tid) if tid else None
            if title:
                return f'<abbr class="term" title="{escape(title)}">{inner}</abbr>'
            return inner
        url = self.ref_url(el.get("target")) if el.get("target") else None
        if url:
            return f'<a class="ref" href="{escape(url)}">{inner}</a>'
        return inner

    def _list(self, el: etree._Element) -> str:
        head = ""
        items: list[str] = []
        label = None
        for child in el:
            name = local(child)
            if name == "head":
                head = f'<p class="tei-list-head">{self.children(child)}</p>'
            elif name == "label":
                label = self.children(child)
            elif name == "item":
                lab = f'<span class="tei-label">{label}</span> ' if label else ""
                items.append(f"<li>{lab}{self.children(child)}</li>")
                label = None
            elif name:
                items.append(f"<li>{self.element(child)}</li>")
        kind = re.sub(r"[^a-z0-9-]", "", (el.get("type") or "").lower())
        css = "tei-list" + (f" tei-list-{kind}" if kind else "")
        return f'<div class="{css}">{head}<ul>{"".join(items)}</ul></div>'

    def _rows(self, el: etree._Element) -> str:
        out = []
        for child in el:
            name = local(child)
            if name == "head":
                out.append(f"<caption>{self.children(child)}</caption>")
            elif name == "row":
                cells = []
                for cell in child:
                    if local(cell) != "cell":
                        continue
                    tag = (
                        "th"
                        if cell.get("role") == "label" or child.get("role") == "label"
                        else "td"
                    )
                    span = ""
                    for attr, html_attr in (("cols", "colspan"), ("rows", "rowspan")):
                        if (cell.get(attr) or "").isdigit():
                            span += f' {html_attr}="{cell.get(attr)}"'
                    cells.append(f"<{tag}{span}>{self.children(cell)}</{tag}>")
                out.append(f"<tr>{''.join(cells)}</tr>")
        return "".join(out)

    def footnotes(self) -> str:
        if not self.notes:
            return ""
        items = "".join(
            f'<li id="{key}"{_value(n)}>'
            f'<span class="fn-n">{escape(n)}</span> {body} '
            f'<a class="fn-back" href="#{key}-ref">↩</a></li>'
            for key, n, body in self.notes
        )
        # The list and the back links are named in the reader's language by the page.
        return f'<ol class="footnotes">{items}</ol>'


def _page_break(el: etree._Element) -> str:
    """The page as the volume numbers it, and no words: this HTML is cached once for every
    reader, and the page adds "p. 441" and the title in the reader's language
    (sourcebook.web.page_breaks)."""
    n = el.get("n") or ""
    page = escape(marker_label(n)) if n else ""
    return f'<span class="tei-pb page-marker" data-page="{page}">{escape(n)}</span>'


def _highlighted(el: etree._Element, inner: str) -> str:
    rend = (el.get("rend") or "").lower()
    tag = _INLINE_REND.get(rend)
    if tag:
        return f"<{tag}>{inner}</{tag}>"
    if rend:
        return f'<span class="tei-hi-{escape(re.sub(r"[^a-z0-9-]", "", rend))}">{inner}</span>'
    return inner


def _value(n: str) -> str:
    return f' value="{n}"' if n.isdigit() else ""


def render(
    markup: str,
    *,
    person_url: Callable[[str], str | None] = lambda pid: None,
    term_title: Callable[[str], str | None] = lambda tid: None,
    ref_url: Callable[[str], str | None] = lambda target: None,
    prefix: str = "",
) -> str:
    """HTML for a stored TEI fragment (a document ``div`` or a ``body``); the head is left out
    (the page shows the title) but its source note is shown first."""
    el = etree.fromstring(markup.encode("utf-8"), parser())
    r = _Renderer(person_url, term_title, ref_url, prefix)
    parts = []
    for child in el:
        if local(child) == "head" and local(el) == "div" and child is el[0]:
            for note in child.iter("{*}note"):
                parts.append(f'<p class="tei-source-note">{r.children(note)}</p>')
                break
            parts.append(escape(child.tail or ""))
            continue
        parts.append(r.element(child))
        parts.append(escape(child.tail or ""))
    lead = escape(el.text or "")
    return f"{lead}{''.join(parts)}{r.footnotes()}"
