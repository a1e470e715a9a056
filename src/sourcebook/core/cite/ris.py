"""RIS records (``TY  - MANSCPT``) as EndNote, Zotero and reference managers import them.

Tags: ``TI`` title, ``AU`` sender (when the title names one), ``A4`` translators, ``DA``/``PY``
date, ``AV`` archive location (archive and call number), ``DB`` archive, ``CN`` call number,
``AN`` reference, ``SP``/``EP`` pages, ``LA`` original language, ``UR`` permalink, ``AB`` summary,
``M3`` document type, ``N1`` note, ``ET`` (edition) the cited version. RIS is line-based, so line breaks in values are folded.
"""

from __future__ import annotations

import re

from ..record import Record
from .common import (
    call_number,
    date_parts,
    doc_type,
    public_url,
    split_person,
    version_phrase,
)
from .published import cited_title, published_in


def _clean(value: str) -> str:
    return re.sub(r"\s+", " ", value).strip()


def _surname_first(name: str) -> str:
    """RIS names are "Family, Given" (``Smith, Louis J.``); other names are kept whole."""
    parts = split_person(name)
    return parts.get("literal") or f"{parts['family']}, {parts['given']}"


def _chap(record: Record, page_url: str | None) -> list[tuple[str, str]]:
    """A document of a published volume: ``TY  - CHAP``, ``T2`` the volume (work and volume
    title), ``VL`` its number, ``A2`` editors, ``SE`` the document number, ``PY`` the volume's
    year, ``DA`` the document's date, ``CY``/``PB`` place and publisher."""
    v = published_in(record)
    book = ", ".join(p for p in (v["container"], v.get("volume_title")) if p)
    lines = [("TY", "CHAP"), ("ID", record.id), ("TI", cited_title(record)), ("T2", book)]
    lines += [("A2", _surname_first(name)) for name in v.get("editors") or []]
    for key, tag in (("volume", "VL"), ("document", "SE"), ("year", "PY")):
        if v.get(key):
            lines.append((tag, v[key]))
    parts = date_parts(record)
    if parts:
        first = parts[0] + [0, 0]
        month, day = (f"{n:02d}" if n else "" for n in first[1:3])
        lines.append(("DA", f"{first[0]:04d}/{month}/{day}/"))
    for key, tag in (("place", "CY"), ("publisher", "PB")):
        if v.get(key):
            lines.append((tag, v[key]))
    if record.archive:
        lines.append(("AV", ", ".join(p for p in (record.archive, call_number(record)) if p)))
    url = public_url(record, page_url)
    if url:
        lines.append(("UR", url))
    if record.summary:
        lines.append(("AB", record.summary))
    return lines


def entry(record: Record, page_url: str | None = None) -> str:
    if published_in(record) is not None:
        return _finish(_chap(record, page_url))
    lines: list[tuple[str, str]] = [("TY", "MANSCPT"), ("ID", record.id), ("TI", record.title)]
    if record.suggested and record.suggested.sender:
        lines.append(("AU", record.suggested.sender))
    for name in record.translators:
        lines.append(("A4", name))
    parts = date_parts(record)
    if parts:
        first = parts[0]
        lines.append(("PY", f"{first[0]:04d}"))
        month = f"{first[1]:02d}" if len(first) > 1 else ""
        day = f"{first[2]:02d}" if len(first) > 2 else ""
        lines.append(("DA", f"{first[0]:04d}/{month}/{day}/"))
    if record.date.text:
        lines.append(("C1", f"Date as written: {record.date.text}"))
    where = ", ".join(p for p in (record.archive, call_number(record)) if p)
    if where:
        lines.append(("AV", where))
    if record.archive:
        lines.append(("DB", record.archive))
    if call_number(record):
        lines.append(("CN", call_number(record)))
    if record.reference:
        lines.append(("AN", record.reference))
    if record.locator:
        pages = re.split(r"\s*[-–]\s*", record.locator, maxsplit=1)
        lines.append(("SP", pages[0]))
        if len(pages) > 1:
            lines.append(("EP", pages[1]))
    if record.original_language:
        lines.append(("LA", record.original_language))
    url = public_url(record, page_url)
    if url:
        lines.append(("UR", url))
    phrase = version_phrase(record)
    if phrase:
        lines.append(("ET", phrase[0].upper() + phrase[1:]))  # RIS has no version tag
    kind = doc_type(record)
    if kind:
        lines.append(("M3", kind))
    if record.summary:
        lines.append(("AB", record.summary))
    if record.suggested and record.suggested.recipient:
        lines.append(("N1", f"Recipient: {record.suggested.recipient}"))
    return _finish(lines)


def _finish(lines: list[tuple[str, str]]) -> str:
    out = [f"{tag}  - {_clean(value)}" for tag, value in lines if _clean(value)]
    out.append("ER  - ")
    return "\n".join(out) + "\n"


def write(record: Record) -> str:
    return entry(record)


def write_many(records: list[Record]) -> str:
    return "\n".join(entry(r) for r in records)
