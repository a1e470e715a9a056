"""Documents printed in a published edition (a FRUS volume), cited as documents in that volume.

A FRUS document is not an unpublished manuscript: readers find it as document 215 of a printed,
edited volume, so every style names the volume: its editors, *Foreign Relations of the United
States, 1958–1960*, vol. XVIII, *Japan; Korea*, doc. 215, place, publisher and year.

The volume's data comes from the TEI header when the volume is read
(:func:`volume_data`, stored on each document as ``extra["published_in"]``). The styles are
written out here rather than rendered by citeproc-py: given a CSL ``chapter`` with a volume
title and a document number, citeproc-py's Chicago prints "chap. 215", initials for editors and
the volume title twice, and APA and MLA are no better; the export formats (CSL-JSON, BibTeX,
RIS) still carry the same parts in their own fields for reference managers.
"""

from __future__ import annotations

import re
from html import escape
from typing import Any

from ..record import Record
from .common import public_url

_NUMBER = re.compile(r"^\s*\d+[A-Za-z]?\.\s+")
_MONTHS = (
    "January February March April May June July August September October November December"
).split()
_MLA_MONTHS = "Jan. Feb. Mar. Apr. May June July Aug. Sept. Oct. Nov. Dec.".split()


def volume_data(header: dict, number: str | None) -> dict[str, Any]:
    """What a citation needs of a volume, from the header read by the TEI reader.

    FRUS headers name the parts: ``title[@type='series']`` and ``'sub-series'`` (the container,
    "Foreign Relations of the United States, 1958–1960"), ``'volume-number'`` ("Volume XVIII")
    and ``'volume'`` ("Japan; Korea"). Other editions give only a main title: that is the
    container. Editors are the volume's primary editors (FRUS also lists its general editor),
    or every editor when none is marked primary.
    """
    titles = header.get("titles") or {}
    series, sub = titles.get("series") or "", titles.get("sub-series") or ""
    container = f"{series}, {sub}" if series and sub else series or header.get("title") or ""
    volume = re.sub(r"^\s*vol(?:ume|\.)?\s*", "", titles.get("volume-number") or "", flags=re.I)
    editors = header.get("editors") or []
    primary = [e["name"] for e in editors if e.get("role") == "primary"]
    year = re.search(r"\d{4}", header.get("publication_date") or "")
    data = {
        "container": container,
        "volume": volume,
        "volume_title": titles.get("volume") or "",
        "editors": primary or [e["name"] for e in editors],
        "publisher": header.get("publisher") or "",
        "place": header.get("pub_place") or "",
        "year": year.group(0) if year else "",
        "document": number or "",
    }
    return {k: v for k, v in data.items() if v}


def published_in(record: Record) -> dict[str, Any] | None:
    """The record's volume data, when it is a document of a published volume."""
    data = record.extra.get("published_in")
    return data if isinstance(data, dict) and data.get("container") else None


def cited_title(record: Record) -> str:
    """The title without the volume's document number ("215. Memorandum…" → "Memorandum…"):
    the number is cited as "doc. 215", not quoted as part of the title."""
    if published_in(record) is None:
        return record.title
    return _NUMBER.sub("", record.title, count=1) or record.title


def _day(record: Record, mla: bool = False) -> str:
    """The document's own date, "February 28, 1958" (MLA: "28 Feb. 1958"), or as written."""
    m = re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})", (record.date.edtf or "")[:10])
    if m and not record.date.approximate and "/" not in (record.date.edtf or ""):
        year, month, day = int(m.group(1)), int(m.group(2)), int(m.group(3))
        if mla:
            return f"{day} {_MLA_MONTHS[month - 1]} {year}"
        return f"{_MONTHS[month - 1]} {day}, {year}"
    return record.date.text.strip()


def _names(names: list[str]) -> str:
    if len(names) <= 2:
        return " and ".join(names)
    return ", ".join(names[:-1]) + ", and " + names[-1]


def _initials(name: str) -> str:
    """``Louis J. Smith`` → ``L. J. Smith`` (APA's editors)."""
    parts = name.split()
    if len(parts) < 2:
        return name
    given = " ".join(p[0] + "." if not p.endswith(".") else p for p in parts[:-1])
    return f"{given} {parts[-1]}"


class _Out:
    """Builds a citation as plain text or HTML: ``t`` for text, ``i`` for an italic title."""

    def __init__(self, html: bool):
        self.html, self.parts = html, []

    def t(self, text: str) -> _Out:
        self.parts.append(escape(text, quote=False) if self.html else text)
        return self

    def i(self, text: str) -> _Out:
        self.parts.append(f"<i>{escape(text, quote=False)}</i>" if self.html else text)
        return self

    def __str__(self) -> str:
        return "".join(self.parts)


def _publication(v: dict) -> str:
    """``Washington: United States Government Printing Office, 1994``."""
    where = ": ".join(p for p in (v.get("place"), v.get("publisher")) if p)
    return ", ".join(p for p in (where, v.get("year")) if p)


def chicago_note(record: Record, page_url: str | None = None, html: bool = False) -> str:
    v = published_in(record)
    out = _Out(html).t(f"“{cited_title(record)},” ")
    if _day(record):
        out.t(f"{_day(record)}, ")
    out.t("in ").i(v["container"])
    if v.get("volume"):
        out.t(f", vol. {v['volume']}")
    if v.get("volume_title"):
        out.t(", ").i(v["volume_title"])
    if v.get("editors"):
        out.t(f", ed. {_names(v['editors'])}")
    if _publication(v):
        out.t(f" ({_publication(v)})")
    if v.get("document"):
        out.t(f", doc. {v['document']}")
    url = public_url(record, page_url)
    out.t(f", {url}." if url else ".")
    return str(out)


def chicago_bibliography(record: Record, page_url: str | None = None, html: bool = False) -> str:
    v = published_in(record)
    out = _Out(html).t(f"“{cited_title(record)}.” ")
    if _day(record):
        out.t(f"{_day(record)}. ")
    if v.get("document"):
        out.t(f"Document {v['document']} in ")
    else:
        out.t("In ")
    out.i(v["container"]).t(". ")
    if v.get("volume"):
        out.t(f"Vol. {v['volume']}")
        if v.get("volume_title"):
            out.t(", ").i(v["volume_title"])
        out.t(", edited by " if v.get("editors") else ". ")
    elif v.get("editors"):
        out.t("Edited by ")
    if v.get("editors"):
        out.t(f"{_names(v['editors'])}. ")
    if _publication(v):
        out.t(f"{_publication(v)}. ")
    url = public_url(record, page_url)
    if url:
        out.t(f"{url}.")
    return str(out).strip()


def mla(record: Record, page_url: str | None = None, html: bool = False) -> str:
    v = published_in(record)
    out = _Out(html).t(f"“{cited_title(record)}.” ")
    if _day(record, mla=True):
        out.t(f"{_day(record, mla=True)}. ")
    out.i(v["container"])
    if v.get("editors"):
        out.t(f", edited by {_names(v['editors'])}")
    if v.get("volume"):
        out.t(f", vol. {v['volume']}")
    if v.get("volume_title"):
        out.t(", ").i(v["volume_title"])
    for part in (v.get("publisher"), v.get("year")):
        if part:
            out.t(f", {part}")
    if v.get("document"):
        out.t(f", doc. {v['document']}")
    url = public_url(record, page_url)
    out.t(f". {url}." if url else ".")
    return str(out)


def apa(record: Record, page_url: str | None = None, html: bool = False) -> str:
    v = published_in(record)
    out = _Out(html).t(f"{cited_title(record)}. ({v.get('year') or 'n.d.'}). In ")
    if v.get("editors"):
        editors = [_initials(n) for n in v["editors"]]
        joined = (
            " & ".join(editors)
            if len(editors) <= 2
            else ", ".join(editors[:-1]) + ", & " + editors[-1]
        )
        out.t(f"{joined} (Ed{'s' if len(editors) > 1 else ''}.), ")
    book = v["container"]
    if v.get("volume"):
        book += f": Vol. {v['volume']}"
        if v.get("volume_title"):
            book += f". {v['volume_title']}"
    out.i(book)
    if v.get("document"):
        out.t(f" (Doc. {v['document']})")
    out.t(".")
    if v.get("publisher"):
        out.t(f" {v['publisher']}.")
    url = public_url(record, page_url)
    if url:
        out.t(f" {url}")
    m = re.match(r"\d{4}", record.date.edtf or "")
    if m:
        out.t(f" (Original work published {m.group(0)})")
    return str(out)


STYLE_WRITERS = {
    "chicago": chicago_note,
    "chicago-bibliography": chicago_bibliography,
    "mla": mla,
    "apa": apa,
}


def archive_line(record: Record) -> str:
    """The house style for a document in a volume: title and date, then the volume.

    ``"Title", February 28, 1958, in Madeline Chi and Louis J. Smith, eds., Foreign Relations of
    the United States, 1958–1960, vol. XVIII, Japan; Korea, doc. 215, Washington, United States
    Government Printing Office, 1994.``
    """
    v = published_in(record)
    pieces = [f'"{cited_title(record)}"', _day(record) or "n.d."]
    editors = v.get("editors") or []
    lead = f"in {_names(editors)}, ed{'s' if len(editors) > 1 else ''}., " if editors else "in "
    pieces.append(lead + v["container"])
    if v.get("volume"):
        pieces.append(f"vol. {v['volume']}")
    if v.get("volume_title"):
        pieces.append(v["volume_title"])
    if v.get("document"):
        pieces.append(f"doc. {v['document']}")
    pieces += [p for p in (v.get("place"), v.get("publisher"), v.get("year")) if p]
    return ", ".join(pieces) + "."
