"""What Zotero's connector and search engines read from a document page.

* ``citation_*`` meta tags (Highwire Press tags, read by Zotero's "Embedded Metadata" translator
  and by Google Scholar), with ``DC.type`` so the item is saved as a manuscript or letter;
* a COinS span (OpenURL ContextObject in a ``Z3988`` span), read by Zotero's COinS translator;
* schema.org JSON-LD (``ArchiveComponent`` held by an ``ArchiveOrganization``).

Everything here returns plain data; templates escape it. :func:`json_ld_script` is the one place
that produces markup: the JSON is escaped so that no value can close the ``<script>`` element.
"""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import urlencode

from .. import links
from ..record import Record
from .archive_style import archive_citation
from .common import archive_location, call_number, date_parts, doc_type, is_letter, public_url
from .published import cited_title, published_in


def _date_slashes(record: Record) -> str | None:
    parts = date_parts(record)
    if not parts:
        return None
    return "/".join(f"{p:02d}" if i else f"{p:04d}" for i, p in enumerate(parts[0]))


def meta_tags(
    record: Record, page_url: str | None = None, pdf_url: str | None = None
) -> list[tuple[str, str]]:
    """``(name, content)`` pairs for ``<meta name=… content=…>``, in order."""
    tags: list[tuple[str, str]] = [("citation_title", cited_title(record))]
    volume = published_in(record)
    if volume is not None:  # a document of a published volume: Zotero saves a book section
        tags.append(("citation_inbook_title", volume["container"]))
        tags += [("citation_editor", name) for name in volume.get("editors") or []]
        for key, tag in (("volume", "citation_volume"), ("publisher", "citation_publisher")):
            if volume.get(key):
                tags.append((tag, volume[key]))
    if record.suggested and record.suggested.sender:
        tags.append(("citation_author", record.suggested.sender))
    date = _date_slashes(record)
    if date:
        tags += [("citation_date", date), ("citation_publication_date", date)]
    if record.archive:
        tags.append(("citation_archive", record.archive))
    if archive_location(record):
        tags.append(("citation_archive_location", archive_location(record)))
    if call_number(record):
        tags.append(("citation_archive_id", call_number(record)))
        tags.append(("citation_call_number", call_number(record)))
    if record.locator:
        tags.append(("citation_firstpage", record.locator.split("-")[0].strip()))
    for code in record.languages:
        tags.append(("citation_language", code))
    url = public_url(record, page_url)
    if url:
        tags.append(("citation_public_url", url))
    if page_url and page_url != url:
        tags.append(("citation_fulltext_html_url", page_url))
    if pdf_url:
        tags.append(("citation_pdf_url", pdf_url))
    for name in record.translators:
        tags.append(("DC.contributor", name))
    if volume is None:
        tags.append(("DC.type", "letter" if is_letter(record) else "manuscript"))
    if record.summary:
        tags.append(("DC.description", record.summary))
    return tags


def coins(record: Record, page_url: str | None = None) -> str:
    """The ``title`` attribute of a COinS span (escape it as an attribute value)."""
    pairs: list[tuple[str, str]] = [
        ("ctx_ver", "Z39.88-2004"),
        ("rft_val_fmt", "info:ofi/fmt:kev:mtx:dc"),
        ("rfr_id", "info:sid/sourcebook"),
        ("rft.type", "letter" if is_letter(record) else "manuscript"),
        ("rft.title", record.title),
    ]
    if record.suggested and record.suggested.sender:
        pairs.append(("rft.creator", record.suggested.sender))
    for name in record.translators:
        pairs.append(("rft.contributor", name))
    if record.date.edtf and "X" not in record.date.edtf:
        pairs.append(("rft.date", record.date.edtf.split("/")[0].split("T")[0].rstrip("~?")))
    if record.archive:
        pairs.append(("rft.source", record.archive))
        pairs.append(("rft.publisher", record.archive))
    if archive_location(record):
        pairs.append(("rft.coverage", archive_location(record)))
    for code in record.languages:
        pairs.append(("rft.language", code))
    url = public_url(record, page_url)
    if url:
        pairs.append(("rft.identifier", url))
    if record.summary:
        pairs.append(("rft.description", record.summary))
    return urlencode(pairs)


def json_ld(record: Record, page_url: str | None = None) -> dict[str, Any]:
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "ArchiveComponent",
        "name": record.title,
        "identifier": record.id,
    }
    url = page_url or public_url(record)
    if url:
        data["url"] = url
    if same_as := links.href(record.permalink):
        data["sameAs"] = same_as
    if record.date.edtf and "X" not in record.date.edtf:
        data["dateCreated"] = record.date.edtf
    if record.summary:
        data["description"] = record.summary
    if record.languages:
        data["inLanguage"] = record.languages
    if doc_type(record):
        data["genre"] = doc_type(record)
    if record.suggested and record.suggested.sender:
        data["creator"] = {"@type": "Organization", "name": record.suggested.sender}
    if record.suggested and record.suggested.recipient:
        data["recipient"] = {"@type": "Organization", "name": record.suggested.recipient}
    if record.translators:
        data["translator"] = [{"@type": "Person", "name": n} for n in record.translators]
    if record.archive:
        data["holdingArchive"] = {"@type": "ArchiveOrganization", "name": record.archive}
    if archive_location(record):
        data["itemLocation"] = archive_location(record)
    if record.credits:
        data["creditText"] = record.credits
    if record.cited_version is not None:
        data["version"] = str(record.cited_version.number)
        data["dateModified"] = record.cited_version.date.isoformat()
    data["citation"] = archive_citation(record)
    return data


_SCRIPT_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


def json_ld_script(record: Record, page_url: str | None = None) -> str:
    """``<script type="application/ld+json">`` whose content cannot end the element early."""
    text = json.dumps(json_ld(record, page_url), ensure_ascii=False).translate(_SCRIPT_ESCAPES)
    text = text.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")
    return f'<script type="application/ld+json">{text}</script>'
