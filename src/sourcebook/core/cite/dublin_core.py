"""Simple Dublin Core (``oai_dc``) for a record: one mapping for OAI-PMH and ``.dc.xml``.

=================  ==================================================================
dc element         from
=================  ==================================================================
title              title
creator            sender the title suggests (when it names one)
contributor        translators ("Translator: Name" is not used: names stay plain)
date               EDTF date (``1959-10-11``, ``1957~``), else the date as written when it is
                   one; none for an undated record ("n.d." is no date to a harvester)
description        summary; the date as written when it is approximate
type               ``Text``, and the document type (Cable, Letter …)
language           ISO 639 codes of the original languages, then ``en`` for translations
identifier         permalink, our page URL, and the archive's citation line
source             archive, call number and page; for a document of a published volume
                   also the volume (``Foreign Relations …, vol. XVIII, Japan; Korea, doc. 215``)
publisher          the archive
rights             credits (funders)
relation           the collection, when there is one
=================  ==================================================================
"""

from __future__ import annotations

from lxml import etree

from ..record import Record
from .archive_style import archive_citation
from .common import archive_location, doc_type, page_url, public_url
from .published import published_in

OAI_DC = "http://www.openarchives.org/OAI/2.0/oai_dc/"
DC = "http://purl.org/dc/elements/1.1/"
XSI = "http://www.w3.org/2001/XMLSchema-instance"
SCHEMA = "http://www.openarchives.org/OAI/2.0/oai_dc.xsd"


def _clean(text: str) -> str:
    # XML 1.0 cannot carry most control characters; drop them instead of failing.
    return "".join(ch for ch in text if ch in "\t\n\r" or ord(ch) >= 0x20).strip()


def elements(record: Record, base_url: str | None = None) -> list[tuple[str, str]]:
    """``(element, value)`` pairs in document order."""
    out: list[tuple[str, str]] = [("title", record.title)]
    if record.suggested and record.suggested.sender:
        out.append(("creator", record.suggested.sender))
    out += [("contributor", name) for name in record.translators]
    if record.date.edtf and "X" not in record.date.edtf:
        out.append(("date", record.date.edtf))
    elif record.date.text and record.date.earliest:  # written in words, but a date
        out.append(("date", record.date.text))
    if record.summary:
        out.append(("description", record.summary))
    if record.date.approximate and record.date.text:
        out.append(("description", f"Date: {record.date.text}"))
    out.append(("type", "Text"))
    if doc_type(record):
        out.append(("type", doc_type(record)))
    languages = list(record.languages)
    if any(t.kind == "translation" and t.language for t in record.texts):
        languages += [t.language for t in record.texts if t.kind == "translation" and t.language]
    for code in dict.fromkeys(languages):
        out.append(("language", code))
    for url in dict.fromkeys(u for u in (public_url(record), page_url(record, base_url)) if u):
        out.append(("identifier", url))
    out.append(("identifier", archive_citation(record)))
    location = ", ".join(p for p in (record.archive, archive_location(record)) if p)
    if location:
        out.append(("source", location))
    volume = published_in(record)
    if volume is not None:  # the published volume the text is taken from
        parts = [volume["container"], f"vol. {volume['volume']}" if volume.get("volume") else ""]
        parts += [
            volume.get("volume_title"),
            f"doc. {volume['document']}" if volume.get("document") else "",
        ]
        parts += [volume.get("publisher"), volume.get("year")]
        out.append(("source", ", ".join(p for p in parts if p)))
    if record.archive:
        out.append(("publisher", record.archive))
    if record.credits:
        out.append(("rights", record.credits))
    collection = record.extra.get("collection") if isinstance(record.extra, dict) else None
    if isinstance(collection, str) and collection:
        out.append(("relation", collection))
    return [(k, _clean(v)) for k, v in out if v and _clean(v)]


def element(record: Record, base_url: str | None = None) -> etree._Element:
    """The ``<oai_dc:dc>`` element, ready to embed in an OAI-PMH ``<metadata>``."""
    root = etree.Element(f"{{{OAI_DC}}}dc", nsmap={"oai_dc": OAI_DC, "dc": DC, "xsi": XSI})
    root.set(f"{{{XSI}}}schemaLocation", f"{OAI_DC} {SCHEMA}")
    for name, value in elements(record, base_url):
        etree.SubElement(root, f"{{{DC}}}{name}").text = value
    return root


def write(record: Record) -> bytes:
    return etree.tostring(
        element(record), xml_declaration=True, encoding="UTF-8", pretty_print=True
    )
