"""A TEI fragment to a plain reading text with apparatus offsets, persons and terms.

Why a reading text beside the markup: search, snippets, citations and the record-text export
need plain words, and the apparatus must point at places in them. The TEI fragment itself is kept
untouched in ``Text.markup``; this module only reads it. Blocks (paragraphs, list items, table
rows, opener, closer, signatures…) become paragraphs separated by a blank line; footnotes and
page breaks become zero-width annotations at their anchor, so the words read as printed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from lxml import etree

from ..apparatus import annotate
from ..record import Annotation
from .safe_xml import TEI_NS, XML_NS

T = f"{{{TEI_NS}}}"

BLOCKS = {
    "p",
    "head",
    "list",
    "item",
    "label",
    "table",
    "row",
    "opener",
    "closer",
    "dateline",
    "signed",
    "salute",
    "postscript",
    "attachment",
    "div",
    "ab",
    "lg",
    "l",
    "byline",
    "docAuthor",
    "trailer",
    "figure",
    "argument",
    "epigraph",
    "listBibl",
    "bibl",
}
SKIP = {"include", "fallback", "figDesc"}
_EXPORT_NOTE_TYPES = {
    "editorial",
    "translator",
    "gloss",
    "rendition",
    "handwritten",
    "seal",
    "signature",
    "sic",
}


def local(el: etree._Element) -> str:
    if not isinstance(el.tag, str):
        return ""
    return etree.QName(el).localname


def norm(text: str | None) -> str:
    return re.sub(r"\s+", " ", text or "")


def plain(el: etree._Element, *, skip_notes: bool = True) -> str:
    """The words of an element on one line, notes left out (titles, names, list entries)."""
    parts: list[str] = []

    def walk(node: etree._Element) -> None:
        if node.text:
            parts.append(node.text)
        for child in node:
            name = local(child)
            if not (skip_notes and name == "note") and name not in SKIP and name:
                walk(child)
            if child.tail:
                parts.append(child.tail)

    walk(el)
    return norm("".join(parts)).strip()


def ref_id(value: str | None) -> str | None:
    """``#p_DJF1`` → ``p_DJF1`` (only pointers inside the same file)."""
    if value and value.startswith("#") and len(value) > 1:
        return value[1:].split()[0]
    return None


@dataclass
class Flat:
    body: str
    annotations: list[Annotation]
    persons: dict[str, set[str]] = field(default_factory=dict)
    terms: list[str] = field(default_factory=list)
    person_names: dict[str, str] = field(default_factory=dict)
    unlinked: dict[str, int] = field(default_factory=dict)
    named: list[dict] = field(default_factory=list)  # placeName/orgName: {kind, name, ref}


class _Builder:
    def __init__(self) -> None:
        self.parts: list[str] = []
        self.length = 0
        self.annotations: list[Annotation] = []
        self.persons: dict[str, set[str]] = {}
        self.person_names: dict[str, str] = {}
        self.unlinked: dict[str, int] = {}
        self.named: dict[tuple[str, str], dict] = {}
        self.terms: list[str] = []
        self._term_set: set[str] = set()  # membership in a list was quadratic in the terms
        self.after_label = False
        self.brackets = False

    # text ------------------------------------------------------------------------------
    def _last(self) -> str:
        return self.parts[-1][-1:] if self.parts else ""

    def text(self, value: str | None) -> None:
        if not value:
            return
        value = norm(value)
        last = self._last()
        if last in ("", "\n", " ") and value.startswith(" "):
            value = value.lstrip(" ")
        if not value:
            return
        self.parts.append(value)
        self.length += len(value)

    def raw(self, value: str) -> None:
        self.parts.append(value)
        self.length += len(value)

    def strip_end(self) -> None:
        while self.parts and self.parts[-1].endswith(" "):
            stripped = self.parts[-1].rstrip(" ")
            self.length -= len(self.parts[-1]) - len(stripped)
            self.parts[-1] = stripped
            if not stripped:
                self.parts.pop()

    def block_break(self) -> None:
        self.strip_end()
        if not self.parts:
            return
        joined_tail = "".join(self.parts[-2:])
        if joined_tail.endswith("\n\n"):
            return
        if joined_tail.endswith("\n"):
            self.raw("\n")
        else:
            self.raw("\n\n")

    # elements --------------------------------------------------------------------------
    def person(self, el: etree._Element, role: str) -> None:
        pid = ref_id(el.get("corresp")) or ref_id(el.get("ref"))
        if pid:
            self.persons.setdefault(pid, set()).add(role)
            self.person_names.setdefault(pid, plain(el))
        elif plain(el):
            name = plain(el)
            self.unlinked[name] = self.unlinked.get(name, 0) + 1

    def name(self, el: etree._Element, kind: str) -> None:
        """A place or organization the text names, once per name, with its ``@ref``."""
        text = plain(el)
        if text and (kind, text) not in self.named:
            entry = {"kind": kind, "name": text}
            ref = el.get("ref") or el.get("key") or el.get("corresp")
            if ref:
                entry["ref"] = ref.split()[0]
            self.named[(kind, text)] = entry

    def note(self, el: etree._Element) -> None:
        blocks = [plain(p) for p in el if local(p) in ("p", "list", "quote")]
        content = "\n\n".join(b for b in blocks if b) if blocks else plain(el)
        attrs = {"element": "note"}
        for key in ("n", "type"):
            if el.get(key):
                attrs[key] = el.get(key)
        if el.get(f"{{{XML_NS}}}id"):
            attrs["xml_id"] = el.get(f"{{{XML_NS}}}id")
        self.annotations.append(
            Annotation(
                type="note",
                start=self.length,
                end=self.length,
                text="",
                content=content,
                place=el.get("place") or "foot",
                attrs=attrs,
            )
        )
        for p in el.iter(f"{T}persName"):
            self.person(p, "mentioned")
        for g in el.iter(f"{T}gloss", f"{T}term"):
            self.term(ref_id(g.get("target")))

    def term(self, tid: str | None) -> None:
        if tid and tid not in self._term_set:
            self._term_set.add(tid)
            self.terms.append(tid)

    def bracketed(self, el: etree._Element, name: str) -> bool:
        """Our own export of a plain text: put the apparatus back in brackets, as written."""
        if name == "note" and el.get("type") in _EXPORT_NOTE_TYPES and el.get("place") != "foot":
            self.text(f"[{plain(el)}]")
        elif name in ("supplied", "gap", "del", "stamp", "foreign"):
            self.text(f"[{plain(el)}]")
        elif name == "unclear" and el.get("rend") == "bracketed":
            self.text(f"[{plain(el)}?]")
        elif name in ("unclear", "sic"):
            raw = "".join(el.itertext())
            gap = " " if raw != raw.rstrip() else ""
            self.text(f"{plain(el)}{gap}[{'?' if name == 'unclear' else 'sic'}]")
        elif name == "choice":
            orig, reg = el.find(f"{T}orig"), el.find(f"{T}reg")
            self.text(
                f"{plain(orig) if orig is not None else ''} [{plain(reg) if reg is not None else ''}]"
            )
        elif name == "pb":
            self.text(f"(p. {el.get('n')})")
        else:
            return False
        return True

    def walk(self, el: etree._Element, role: str = "mentioned") -> None:
        name = local(el)
        if not name or name in SKIP:
            return
        if self.brackets and self.bracketed(el, name):
            return
        if name == "note":
            self.note(el)
            return
        if name == "pb":
            attrs = {"element": "pb"}
            for key in ("n", "facs"):
                if el.get(key):
                    attrs[key] = el.get(key)
            self.annotations.append(
                Annotation(
                    type="page",
                    start=self.length,
                    end=self.length,
                    text="",
                    content=f"p. {el.get('n')}" if el.get("n") else "page break",
                    attrs=attrs,
                )
            )
            return
        if name == "lb":
            self.raw("\n")
            return
        if name == "persName":
            self.person(el, role)
        elif name in ("placeName", "orgName"):
            self.name(el, "place" if name == "placeName" else "organization")
        elif name in ("gloss", "term"):
            self.term(ref_id(el.get("target")))
        if name == "list" and el.get("type") == "participants":
            role = "participant"
        if name == "signed":
            role = "signer"
        block = name in BLOCKS or (name == "quote" and el.get("rend") == "blockquote")
        if name == "item" and self.after_label:
            self.after_label = False
            self.strip_end()
            self.raw(" ")
            block = False
        elif block:
            self.after_label = False
            self.block_break()
        if name == "cell" and el.getprevious() is not None:
            self.strip_end()
            self.raw(" | ")
        self.text(el.text)
        for child in el:
            self.walk(child, role)
            self.text(child.tail)
        if name == "label":
            self.after_label = True
            self.strip_end()
        elif block:
            self.block_break()

    def result(self, language: str | None = "en") -> Flat:
        self.strip_end()
        body = "".join(self.parts).rstrip("\n")
        anns = list(self.annotations)
        for a in anns:
            a.start = a.end = min(a.start, len(body))
        anns.extend(annotate(body, language))
        anns.sort(key=lambda a: (a.start, a.end))
        return Flat(
            body,
            anns,
            self.persons,
            self.terms,
            self.person_names,
            self.unlinked,
            list(self.named.values()),
        )


def flatten(
    el: etree._Element,
    *,
    skip: set[etree._Element] | None = None,
    brackets: bool = False,
    language: str | None = "en",
) -> Flat:
    """Read the children of ``el`` (not ``skip``) into a :class:`Flat` reading text.

    ``brackets``: the fragment is Sourcebook's own export of a plain text, whose apparatus
    elements stand for bracketed items; they are written back in brackets.
    """
    builder = _Builder()
    builder.brackets = brackets
    builder.text(el.text)
    for child in el:
        if skip and child in skip:
            builder.text(child.tail)
            continue
        builder.walk(child)
        builder.text(child.tail)
    return builder.result(language)
