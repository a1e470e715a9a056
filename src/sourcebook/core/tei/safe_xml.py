"""Parsing untrusted XML without letting it reach the disk, the network or all the memory.

Why so strict: TEI files come from outside (publishers, other archives, users). A DOCTYPE can
declare external entities (XXE: ``<!ENTITY x SYSTEM "file:///etc/passwd">``) or entities that
expand exponentially (billion laughs), and a DTD or XInclude can make a parser fetch URLs. TEI
needs none of this, so any DOCTYPE that declares entities or names an external DTD is refused
before parsing, lxml is told not to resolve entities, load DTDs, touch the network or build huge
trees, and XIncludes are never processed (they stay in the tree as ``xi:include`` elements).
"""

from __future__ import annotations

import re

from lxml import etree

from ..errors import RecordError

TEI_NS = "http://www.tei-c.org/ns/1.0"
XML_NS = "http://www.w3.org/XML/1998/namespace"
TEI_ROOTS = {f"{{{TEI_NS}}}TEI", f"{{{TEI_NS}}}teiCorpus"}

_DOCTYPE = re.compile(rb"<!DOCTYPE\b", re.I)
_ENTITY = re.compile(rb"<!ENTITY\b", re.I)
_EXTERNAL_ID = re.compile(rb"<!DOCTYPE\s+[^\s\[>]+\s+(?:SYSTEM|PUBLIC)\b", re.I)


def parser() -> etree.XMLParser:
    """The only parser configuration used for outside XML."""
    return etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        dtd_validation=False,
        huge_tree=False,
        remove_blank_text=False,
        collect_ids=False,
    )


def _line_of(data: bytes, pos: int) -> int:
    return data.count(b"\n", 0, pos) + 1


def check_prolog(data: bytes, path: str | None = None) -> None:
    """Refuse DOCTYPEs that declare entities or point at an external DTD."""
    m = _DOCTYPE.search(data)
    if not m:
        return
    line = _line_of(data, m.start())
    if _ENTITY.search(data, m.start()):
        raise RecordError(
            "refused: the DOCTYPE declares entities (external or expanding entities are not "
            "accepted in TEI sources)",
            path=path,
            line=line,
        )
    if _EXTERNAL_ID.match(data, m.start()):
        raise RecordError(
            "refused: the DOCTYPE names an external DTD (DTDs are never fetched)",
            path=path,
            line=line,
        )


def parse(data: bytes, path: str | None = None) -> etree._Element:
    """Parse ``data`` safely and return the root element; bad input raises :class:`RecordError`."""
    check_prolog(data, path)
    try:
        root = etree.fromstring(data, parser())
    except etree.XMLSyntaxError as exc:
        line = exc.lineno if exc.lineno else None
        reason = (exc.msg or str(exc)).split(", line ")[0].strip()
        raise RecordError(f"not well-formed XML: {reason}", path=path, line=line) from None
    if root is None:
        raise RecordError("empty XML document", path=path)
    tree = root.getroottree()
    dtd = tree.docinfo.internalDTD
    if dtd is not None and (list(dtd.iterentities()) or dtd.system_url or dtd.public_id):
        raise RecordError("refused: the DOCTYPE declares entities or an external DTD", path=path)
    return root


def parse_tei(data: bytes, path: str | None = None) -> etree._Element:
    """Parse and insist on a TEI root (``TEI`` or ``teiCorpus`` in the TEI namespace)."""
    root = parse(data, path)
    if root.tag not in TEI_ROOTS:
        name = etree.QName(root).localname
        ns = etree.QName(root).namespace
        where = f" in namespace {ns}" if ns else " (no namespace)"
        raise RecordError(
            f"not a TEI document: the root element is <{name}>{where}, expected <TEI> or "
            f"<teiCorpus> in {TEI_NS}",
            path=path,
            line=root.sourceline,
        )
    return root


def looks_like_xml(data: bytes) -> bool:
    """Sniffer: the first non-blank character (after a BOM) is ``<``."""
    head = data[:1024].lstrip(b"\xef\xbb\xbf").lstrip()
    return head.startswith(b"<")
