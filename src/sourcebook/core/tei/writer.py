"""Any record as TEI P5 (valid against ``tei_all``), and a collection as one ``teiCorpus``.

Why TEI: documentary editions are exchanged as TEI, so every document must leave Sourcebook in
it whatever format it came in. Two cases:

* A text that came from TEI keeps its markup (``Text.markup``): the fragment is written back as
  it was, only cleaned of what is not TEI (FRUS's own ``frus:`` attributes and
  ``frus:attachment``, which becomes ``div[@type='attachment']``; ``xi:include`` is dropped).
* A plain text (record text) is written paragraph by paragraph (blank lines), with line breaks as
  ``lb`` and every apparatus item encoded the TEI way:

  ===============  ===============================================================
  apparatus        TEI
  ===============  ===============================================================
  supplied         ``supplied reason="editorial"``
  uncertain        ``unclear cert="low"`` around the doubted reading, ``certainty``
  original_term    ``foreign xml:lang=…`` (script or named language, pinyin)
  illegible/gap    ``gap reason=… `` with ``desc``
  omission         ``gap reason="omitted"``
  sic              ``sic`` around the word it marks
  deletion         ``del``
  stamp            ``stamp``
  page             ``pb n=…``
  alternate_form   ``choice`` with ``orig`` (the words as written) and ``reg`` (the form
                   in brackets): both spellings are the editor's readings of one name,
                   which is what ``choice`` says; a note would lose the pairing
  seal             ``note type="seal"`` (TEI's ``seal`` lives only in a manuscript
                   description; on a page the editor describes it in a note)
  signature        ``note type="signature"`` (``signed`` cannot stand inside ``p``)
  handwritten      ``note type="handwritten" place=…``
  notes, glosses   ``note type="editorial|translator|gloss|rendition"``
  ===============  ===============================================================

The bracket characters themselves are not written: in TEI the element says what the brackets
said, and renderers add them back.
"""

from __future__ import annotations

import copy
import re

from lxml import etree

from ..record import Annotation, Record, Text
from .safe_xml import TEI_NS, XML_NS, parser

T = f"{{{TEI_NS}}}"
XID = f"{{{XML_NS}}}id"
XLANG = f"{{{XML_NS}}}lang"
NSMAP = {None: TEI_NS}
_XSD_DATE = re.compile(
    r"^-?\d{4}(-\d{2}(-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})?)?)?)?$"
)


def E(tag: str, text: str | None = None, **attrs: str | None) -> etree._Element:
    el = etree.Element(T + tag, nsmap=NSMAP)
    for key, value in attrs.items():
        if value is None or value == "":
            continue
        name = {"xml_id": XID, "xml_lang": XLANG}.get(key, key.rstrip("_"))
        el.set(name, str(value))
    if text:
        el.text = _clean(text)
    return el


def sub(parent: etree._Element, tag: str, text: str | None = None, **attrs) -> etree._Element:
    el = E(tag, text, **attrs)
    parent.append(el)
    return el


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _clean(text: str) -> str:
    """XML cannot carry control characters; they never carry meaning in our sources."""
    return _CONTROL.sub("", text)


def _append_text(el: etree._Element, text: str) -> None:
    if not text:
        return
    text = _clean(text)
    if len(el):
        last = el[-1]
        last.tail = (last.tail or "") + text
    else:
        el.text = (el.text or "") + text


# Language of an original term -----------------------------------------------------------------

_SCRIPTS = (
    ("ko", re.compile(r"[\uac00-\ud7af\u1100-\u11ff]")),
    ("ja", re.compile(r"[\u3040-\u30ff]")),
    ("zh", re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")),
    ("ru", re.compile(r"[\u0400-\u04ff]")),
)
_NAMED = re.compile(r"^(?:in\s+)?(?P<name>[A-Za-z]+)(?:\s+(?:text|term|original))?\s*:", re.I)


def term_language(content: str, default: str | None = None) -> str:
    from ..languages import code_for

    for code, pattern in _SCRIPTS:
        if pattern.search(content):
            return code
    m = _NAMED.match(content)
    if m and m.group("name").lower() != "original" and code_for(m.group("name")):
        return code_for(m.group("name"))
    from ..romanized import romanized_language

    return romanized_language(content) or default or "und"


# Plain text + apparatus → TEI -----------------------------------------------------------------

_NOTE_TYPES = {
    "editor_note": "editorial",
    "translator_note": "translator",
    "note": "editorial",
    "gloss": "gloss",
    "rendition": "rendition",
    "handwritten": "handwritten",
    "seal": "seal",
    "signature": "signature",
}


def _place(value: str | None) -> str | None:
    if not value:
        return None
    return re.sub(r"[^\w.-]+", "-", value.strip().lower()).strip("-") or None


def _element_for(ann: Annotation, body: str, target: tuple[int, int] | None, lang: str | None):
    kind = ann.type
    content = ann.content or ann.text.strip("[]")
    # The words commented on, with the space before the bracket ("harvest [sic]"), so the
    # reading text comes back exactly when the export is read again.
    target_text = body[target[0] : ann.start] if target else None
    if kind == "supplied":
        return E("supplied", content, reason="editorial")
    if kind == "uncertain":
        reading = target_text or content.rstrip("?").strip()
        if not target_text:  # "[Kim?]", or a "[?]" after another item: the doubt stands alone
            el = E("unclear", reading or None, reason="uncertain", cert="low")
            el.set("rend", "bracketed")
            sub(el, "certainty", locus="value", cert="low")
            return el
        el = E("unclear", reading, reason="uncertain", cert="low")
        sub(el, "certainty", locus="value", cert="low")
        return el
    if kind == "original_term":
        return E("foreign", content, xml_lang=term_language(content, None))
    if kind in ("illegible", "gap", "omission"):
        reason = {"illegible": "illegible", "omission": "omitted"}.get(kind, "missing")
        el = E("gap", reason=reason)
        sub(el, "desc", content)
        return el
    if kind == "sic":
        if target_text:
            return E("sic", target_text)
        return E("note", content, type="sic")
    if kind == "deletion":
        return E("del", content)
    if kind == "stamp":
        return E("stamp", content)
    if kind == "page":
        m = re.search(r"\d+[a-z]?", content)
        return E("pb", n=m.group(0) if m else content)
    if kind == "alternate_form" and target_text:
        el = E("choice")
        sub(el, "orig", target_text.rstrip())
        sub(el, "reg", content)
        return el
    note_type = _NOTE_TYPES.get(kind, kind.replace("_", "-"))
    return E("note", content, type=note_type, place=_place(ann.place))


def _spans(body: str, annotations: list[Annotation]) -> list[tuple[int, int, Annotation, bool]]:
    """(start, end, annotation, wraps target) in order, without overlaps.

    ``uncertain``, ``sic`` and ``alternate_form`` take in the words they comment on when those
    words come right before the bracket, so the TEI element wraps them.
    """
    out: list[tuple[int, int, Annotation, bool]] = []
    pos = 0
    for ann in sorted(annotations, key=lambda a: (a.start, a.end)):
        if ann.start == ann.end:  # zero-width (from TEI without markup): anchor only
            if ann.start >= pos:
                out.append((ann.start, ann.end, ann, False))
            continue
        start, wraps = ann.start, False
        if (
            ann.type in ("uncertain", "sic", "alternate_form")
            and ann.target_start is not None
            and ann.target_end is not None
            and ann.target_end <= ann.start
            and not body[ann.target_end : ann.start].strip()
            and "\n" not in body[ann.target_start : ann.start]
            and ann.target_start >= pos
        ):
            start, wraps = ann.target_start, True
        if start < pos:
            continue
        out.append((start, ann.end, ann, wraps))
        pos = ann.end
    return out


class _Paragraph:
    """A ``p`` being written, that remembers its last child.

    Why: lxml's ``len(el)`` and ``el[-1]`` walk every child, so asking them for each line and
    item made one paragraph of many apparatus items quadratic to write (a 2.6 MB record took
    minutes to export).
    """

    def __init__(self) -> None:
        self.el = E("p")
        self.last: etree._Element | None = None

    def empty(self) -> bool:
        return not self.el.text and self.last is None

    def append(self, child: etree._Element) -> None:
        self.el.append(child)
        self.last = child

    def add_text(self, text: str) -> None:
        """:func:`_append_text` without asking lxml for the children."""
        if not text:
            return
        text = _clean(text)
        if self.last is not None:
            self.last.tail = (self.last.tail or "") + text
        else:
            self.el.text = (self.el.text or "") + text


def text_div(text: Text, *, kind_type: str | None = None) -> etree._Element:
    """A plain text with its apparatus as a TEI ``div`` of paragraphs."""
    div = E("div", type=kind_type or text.kind, xml_lang=text.language)
    if text.label:
        sub(div, "head", text.label)
    body = text.body
    para = _Paragraph()
    written = 0  # paragraphs in ``div``

    def flush() -> None:
        nonlocal para, written
        if not para.empty():
            # trailing spaces/newlines of a paragraph carry nothing
            if para.last is not None:
                para.last.tail = (para.last.tail or "").rstrip() or None
            else:
                para.el.text = para.el.text.strip()
            div.append(para.el)
            written += 1
        para = _Paragraph()

    def plain_run(run: str) -> None:
        pieces = re.split(r"\n[ \t]*\n\s*", run)
        for k, piece in enumerate(pieces):
            if k > 0:
                flush()
            lines = piece.split("\n")
            for j, line in enumerate(lines):
                if j > 0 and not para.empty():
                    para.append(E("lb"))
                if para.empty():
                    line = line.lstrip()
                para.add_text(line)

    pos = 0
    for start, end, ann, wraps in _spans(body, text.annotations):
        plain_run(body[pos:start])
        target = (ann.target_start, ann.target_end) if wraps else None
        el = _element_for(ann, body, target, text.language)
        if ann.start == ann.end and ann.type == "note":
            el = E(
                "note",
                ann.content,
                type=ann.attrs.get("type") or "editorial",
                place="foot",
                n=ann.attrs.get("n"),
            )
        para.append(el)
        pos = end
    plain_run(body[pos:])
    flush()
    if not written:
        sub(div, "p")
    return div


# TEI markup kept from the source → clean TEI ---------------------------------------------------


def clean_markup(markup: str) -> etree._Element:
    """A stored TEI fragment, made valid TEI: foreign attributes and elements mapped or dropped."""
    el = etree.fromstring(markup.encode("utf-8"), parser())
    # Parents with a closer (or the like) among the children seen so far: document order visits
    # every preceding sibling first. Asking each node's siblings instead was quadratic.
    bottom_seen: set[etree._Element] = set()
    for node in list(el.iter()):
        if not isinstance(node.tag, str):
            continue
        _clean_node(node, bottom_seen)
        parent = node.getparent()
        if parent is not None and etree.QName(node).localname in _DIV_BOTTOM:
            bottom_seen.add(parent)
    etree.cleanup_namespaces(el, top_nsmap=NSMAP)
    return el


def _clean_node(node: etree._Element, bottom_seen: set[etree._Element]) -> None:
    """One element made TEI: foreign element renamed or dropped, foreign attributes dropped."""
    qn = etree.QName(node)
    if qn.namespace != TEI_NS:
        if qn.localname in ("include", "fallback"):
            parent = node.getparent()
            if parent is not None:
                _remove_keep_tail(node)
            return
        parent = node.getparent()
        in_div = parent is not None and etree.QName(parent).localname in ("div", "body")
        after_bottom = parent is not None and parent in bottom_seen
        # An enclosure after the closer can only be a postscript in TEI's content model.
        node.tag = T + ("seg" if not in_div else "postscript" if after_bottom else "div")
        node.set("rend" if after_bottom and in_div else "type", qn.localname)
    for attr in list(node.attrib):
        ns = etree.QName(attr).namespace
        if ns and ns not in (XML_NS,):
            del node.attrib[attr]


_DIV_BOTTOM = {"closer", "postscript", "signed", "trailer", "dateline", "byline", "salute"}


def _remove_keep_tail(node: etree._Element) -> None:
    parent = node.getparent()
    if node.tail:
        prev = node.getprevious()
        if prev is not None:
            prev.tail = (prev.tail or "") + node.tail
        else:
            parent.text = (parent.text or "") + node.tail
    parent.remove(node)


# Header ---------------------------------------------------------------------------------------


def _permalink_idnos(ps: etree._Element, record: Record) -> None:
    """The permalink as ``idno[@type='URI']`` only when it passes the link policy
    (:mod:`sourcebook.core.links`): consumers of TEI link that idno. A permalink that does not
    pass (stored before the policy, or kept as text at ingest) is written as
    ``idno[@type='permalink-text']``: kept, never offered as a link."""
    from .. import links

    texts = [(record.extra or {}).get("permalink_text")]
    if record.permalink and links.is_allowed(record.permalink):
        sub(ps, "idno", record.permalink, type="URI")
    else:
        texts.insert(0, record.permalink)
    for text in dict.fromkeys(t for t in texts if t):
        sub(ps, "idno", text, type="permalink-text")


def _date_attrs(record: Record) -> dict[str, str]:
    d = record.date
    if d.edtf and _XSD_DATE.match(d.edtf):
        return {"when": d.edtf}
    if d.earliest and d.latest:
        if d.earliest == d.latest:
            return {"when": d.earliest.isoformat()}
        return {"notBefore": d.earliest.isoformat(), "notAfter": d.latest.isoformat()}
    return {}


def _published_in(bibl: etree._Element, published: dict | None) -> None:
    """The published volume a document is cited in (``extra.published_in``), so that an
    exported FRUS document read back is still cited as a document in its volume."""
    if not isinstance(published, dict) or not published.get("container"):
        return
    sub(bibl, "title", published["container"], type="container")
    if published.get("volume_title"):
        sub(bibl, "title", published["volume_title"], type="volume-title")
    if published.get("volume"):
        sub(bibl, "biblScope", published["volume"], unit="volume")
    for name in published.get("editors") or []:
        sub(bibl, "editor", name)
    for key, tag in (("place", "pubPlace"), ("publisher", "publisher"), ("year", "date")):
        if published.get(key):
            sub(bibl, tag, published[key])


def _correspondence(profile: etree._Element, corresp: dict | None) -> None:
    """A letter's ``correspDesc`` (``extra.correspondence``), written back as it was read."""
    if not isinstance(corresp, dict) or not corresp:
        return
    desc = sub(profile, "correspDesc")
    for key in ("sent", "received"):
        part = corresp.get(key)
        if not isinstance(part, dict):
            continue
        action = sub(desc, "correspAction", type=key)
        for party in part.get("parties") or []:
            tag = "orgName" if party.get("kind") == "organization" else "persName"
            sub(action, tag, party.get("name") or "", ref=party.get("ref"))
        if part.get("place"):
            sub(action, "placeName", part["place"])
        date = part.get("date") or {}
        edtf = date.get("edtf") or ""
        if edtf or date.get("text"):
            lo, _, hi = edtf.partition("/")
            attrs = (
                {"notBefore": lo if lo != ".." else None, "notAfter": hi if hi != ".." else None}
                if hi
                else {"when": lo or None}
            )
            attrs = {k: v for k, v in attrs.items() if v and _XSD_DATE.match(v)}
            sub(action, "date", date.get("text") or None, **attrs)


def header(record: Record, *, with_persons: bool = True) -> etree._Element:
    from ..languages import name_for

    h = E("teiHeader")
    fd = sub(h, "fileDesc")
    ts = sub(fd, "titleStmt")
    sub(ts, "title", record.title or record.id)
    for funder in record.funders:
        sub(ts, "funder", funder)
    for translator in record.translators:
        rs = sub(ts, "respStmt")
        sub(rs, "resp", "translated by")
        sub(rs, "name", translator)
    ps = sub(fd, "publicationStmt")
    sub(ps, "publisher", "Sourcebook")
    sub(ps, "idno", record.id, type="sourcebook")
    _permalink_idnos(ps, record)
    notes = [
        ("summary", record.summary),
        ("credits", record.credits),
        ("source", record.extra.get("source_note")),
        ("classification", record.extra.get("classification")),
    ]
    if any(v for _, v in notes):
        ns = sub(fd, "notesStmt")
        for kind, value in notes:
            if value:
                sub(ns, "note", str(value), type=kind)
    sd = sub(fd, "sourceDesc")
    if record.citation:
        sub(sd, "bibl", record.citation, type="citation")
    if record.extra.get("volume"):
        b = sub(sd, "bibl", type="volume")
        sub(b, "title", record.extra.get("volume_title") or record.extra["volume"])
        sub(b, "idno", record.extra["volume"], type="volume")
        chapter = record.extra.get("chapter") or {}
        if chapter.get("title"):
            sub(b, "biblScope", chapter["title"], unit="chapter")
        if record.extra.get("number"):
            sub(
                b,
                "biblScope",
                str(record.extra["number"]),
                unit="document",
                n=str(record.extra["number"]),
            )
        _published_in(b, record.extra.get("published_in"))
    if record.archive or record.repository or record.reference:
        ms = sub(sd, "msDesc")
        mi = sub(ms, "msIdentifier")
        if record.archive:
            sub(mi, "institution", record.archive)
        if record.repository:
            sub(mi, "repository", record.repository)
        if record.reference:
            sub(mi, "idno", record.reference)
        if record.locator:
            sub(mi, "altIdentifier").append(E("idno", record.locator, type="page"))
    if not len(sd):
        sub(sd, "p", "Sourcebook record " + record.id)
    pd = sub(h, "profileDesc")
    creation = sub(pd, "creation")
    attrs = _date_attrs(record)
    if record.date.approximate:
        attrs["cert"] = "low"
    sub(creation, "date", record.date.text or None, **attrs)
    if record.extra.get("place"):
        _append_text(creation, " ")
        sub(creation, "placeName", record.extra["place"])
    languages = list(record.languages)
    for text in record.texts:
        if text.language and text.language not in languages:
            languages.append(text.language)
    if languages:
        lu = sub(pd, "langUsage")
        for code in languages:
            sub(lu, "language", name_for(code) or code, ident=code)
    persons = record.extra.get("persons") or []
    if with_persons and persons:
        lp = sub(sub(pd, "particDesc"), "listPerson")
        for person in persons:
            pid = person.get("id")
            el = sub(lp, "person", xml_id=pid if _ncname(pid) else None)
            sub(el, "persName", person.get("name") or pid)
            if person.get("roles"):
                sub(el, "note", ", ".join(person["roles"]), type="roles")
    _correspondence(pd, record.extra.get("correspondence"))
    if record.doc_type:
        kw = sub(sub(pd, "textClass"), "keywords")
        sub(kw, "term", record.doc_type, type="doc-type")
    return h


def _ncname(value: str | None) -> bool:
    return bool(value) and re.fullmatch(r"[A-Za-z_][\w.-]*", value) is not None


# Documents and corpora -----------------------------------------------------------------------


def tei_element(record: Record, *, with_persons: bool = True) -> etree._Element:
    tei = E("TEI")
    tei.append(header(record, with_persons=with_persons))
    body = sub(sub(tei, "text"), "body")
    for text in record.texts:
        if text.markup and text.markup_format == "tei":
            frag = clean_markup(text.markup)
            if etree.QName(frag).localname == "body":
                for child in list(frag):
                    body.append(child)
            else:
                body.append(frag)
        else:
            body.append(text_div(text))
    if not len(body):
        sub(body, "p")
    return tei


def _serialize(el: etree._Element) -> str:
    return etree.tostring(el, encoding="unicode", pretty_print=False) + "\n"


def write(record: Record) -> str:
    """The registered ``tei`` exporter: one document as a TEI file."""
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + _serialize(tei_element(record))


def write_corpus(collection: dict, records: list[Record]) -> str:
    """A collection (a FRUS volume, …) as one ``teiCorpus``: corpus header, one ``TEI`` each."""
    corpus = E("teiCorpus")
    h = sub(corpus, "teiHeader")
    fd = sub(h, "fileDesc")
    ts = sub(fd, "titleStmt")
    sub(ts, "title", collection.get("title") or collection.get("id") or "Collection")
    for editor in collection.get("editors") or []:
        sub(ts, "editor", editor.get("name"), role=editor.get("role") or None)
    ps = sub(fd, "publicationStmt")
    sub(ps, "publisher", "Sourcebook")
    sub(ps, "idno", collection.get("id"), type="collection")
    sd = sub(fd, "sourceDesc")
    b = sub(sd, "bibl")
    sub(b, "title", collection.get("title") or collection.get("id"))
    if collection.get("publisher"):
        sub(b, "publisher", collection["publisher"])
    if collection.get("pub_place"):
        sub(b, "pubPlace", collection["pub_place"])
    if collection.get("publication_date"):
        sub(b, "date", collection["publication_date"])
    persons: dict[str, dict] = {}
    for record in records:
        for p in record.extra.get("persons") or []:
            if p.get("id") and _ncname(p["id"]):
                persons.setdefault(p["id"], p)
    if persons:
        lp = sub(sub(sub(h, "profileDesc"), "particDesc"), "listPerson")
        for pid, p in persons.items():
            sub(sub(lp, "person", xml_id=pid), "persName", p.get("name") or pid)
    for record in records:
        corpus.append(tei_element(record, with_persons=False))
    _dedupe_ids(corpus)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + _serialize(corpus)


def _dedupe_ids(root: etree._Element) -> None:
    """xml:id must be unique in a file; a later duplicate (two volumes' ``d1``) loses its id."""
    seen: set[str] = set()
    for el in root.iter():
        value = el.get(XID) if isinstance(el.tag, str) else None
        if value is None:
            continue
        if value in seen:
            del el.attrib[XID]
        else:
            seen.add(value)


def copy_element(el: etree._Element) -> etree._Element:
    return copy.deepcopy(el)
