"""BibTeX (biblatex-compatible) entries for archival documents.

A document of a published volume (FRUS) is ``@incollection`` (see :func:`_incollection`).
An unpublished archival document is ``@unpublished`` in BibTeX: ``howpublished`` names the archive
and call number, ``note`` carries what plain BibTeX styles print (archive, call number, page,
translator, original language), and biblatex fields (``translator``, ``date``, ``library``,
``pages``, ``language``, ``url``) keep each part separate for styles that use them. Every value is
escaped for LaTeX, so a title with ``&``, ``%``, ``{`` or ``\\`` cannot break the file or run a
command.
"""

from __future__ import annotations

import re

from ..record import Record
from .common import (
    archive_location,
    call_number,
    join_names,
    public_url,
    split_person,
    version_phrase,
)
from .published import cited_title, published_in

_SPECIAL = {
    "\\": r"\textbackslash{}",
    "{": r"\{",
    "}": r"\}",
    "&": r"\&",
    "%": r"\%",
    "$": r"\$",
    "#": r"\#",
    "_": r"\_",
    "~": r"\textasciitilde{}",
    "^": r"\textasciicircum{}",
}
_MONTHS = "jan feb mar apr may jun jul aug sep oct nov dec".split()


def escape(text: str) -> str:
    """LaTeX-escape ``text`` (UTF-8 is kept: biber and modern BibTeX read it)."""
    text = re.sub(r"\s+", " ", text).strip()
    return "".join(_SPECIAL.get(ch, ch) for ch in text)


def escape_url(url: str) -> str:
    """URLs are read verbatim by biber and the ``url`` package; only braces must not unbalance."""
    return re.sub(r"\s+", "", url).replace("{", "%7B").replace("}", "%7D")


def cite_key(record: Record) -> str:
    key = re.sub(r"[^A-Za-z0-9:_-]+", "-", record.id).strip("-") or "document"
    return key


def _name(name: str) -> str:
    parts = split_person(name)
    if "literal" in parts:
        return "{" + escape(parts["literal"]) + "}"  # braced: an institution, kept whole
    return f"{escape(parts['family'])}, {escape(parts['given'])}"


def _braced(fields: list[tuple[str, str]]) -> str:
    return ",\n".join(
        f"  {name} = {value}" if name == "month" else f"  {name} = {{{value}}}"
        for name, value in fields
    )


def _incollection(record: Record, page_url: str | None) -> str:
    """A document of a published volume: ``@incollection`` in biblatex's terms for a volume of
    a multi-volume work: ``maintitle`` the work ("Foreign Relations of the United States,
    1958–1960"), ``volume`` its number, ``booktitle`` the volume's own title ("Japan; Korea");
    ``origdate`` the document's date, ``year`` the volume's."""
    v = published_in(record)
    fields: list[tuple[str, str]] = [("title", "{" + escape(cited_title(record)) + "}")]
    if v.get("editors"):
        fields.append(("editor", " and ".join(_name(n) for n in v["editors"])))
    if v.get("volume_title"):
        fields += [("maintitle", escape(v["container"])), ("booktitle", escape(v["volume_title"]))]
    else:
        fields.append(("booktitle", escape(v["container"])))
    if v.get("volume"):
        fields.append(("volume", escape(v["volume"])))
    if v.get("document"):
        fields.append(("note", escape(f"Doc. {v['document']}")))
    for key, name in (("place", "address"), ("publisher", "publisher"), ("year", "year")):
        if v.get(key):
            fields.append((name, escape(v[key])))
    edtf = (record.date.edtf or "").split("T", 1)[0]
    if re.fullmatch(r"[0-9X/~?%-]+", edtf):
        fields.append(("origdate", edtf))
    url = public_url(record, page_url)
    if url:
        fields.append(("url", escape_url(url)))
    return f"@incollection{{{cite_key(record)},\n{_braced(fields)}\n}}\n"


def entry(record: Record, page_url: str | None = None) -> str:
    if published_in(record) is not None:
        return _incollection(record, page_url)
    fields: list[tuple[str, str]] = []
    sender = record.suggested.sender if record.suggested else None
    if sender:
        # A sender read from the title may be an office or a person: braced, never reordered.
        fields.append(("author", "{" + escape(sender) + "}"))
    fields.append(("title", "{" + escape(record.title) + "}"))
    if record.translators:
        fields.append(("translator", " and ".join(_name(n) for n in record.translators)))
    edtf = record.date.edtf or ""
    m = re.match(r"(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?", edtf)
    if m:
        fields.append(("year", m.group(1)))
        if m.group(2):
            fields.append(("month", _MONTHS[int(m.group(2)) - 1]))
        # biblatex reads EDTF dates itself ("1957~" is circa); they hold no LaTeX specials but ~.
        day_edtf = "/".join(part.split("T", 1)[0] for part in edtf.split("/"))
        if re.fullmatch(r"[0-9X/~?%-]+", day_edtf):
            fields.append(("date", day_edtf))
    where = ", ".join(p for p in (record.archive, call_number(record)) if p)
    if where:
        fields.append(("howpublished", escape(where)))
    if record.archive:
        fields.append(("library", escape(record.archive)))
    if call_number(record):
        fields.append(("number", escape(call_number(record))))
    if record.locator:
        fields.append(("pages", escape(record.locator.replace("-", "--"))))
    if record.original_language:
        fields.append(("language", escape(record.original_language)))
    url = public_url(record, page_url)
    if url:
        fields.append(("url", escape_url(url)))
    if record.cited_version is not None:
        fields.append(("version", str(record.cited_version.number)))
    note = []
    if archive_location(record):
        note.append(archive_location(record))
    if record.translators:
        note.append(f"Translated by {join_names(record.translators)}")
    if record.original_language:
        note.append(f"Original language: {record.original_language}")
    if record.date.approximate and record.date.text:
        note.append(f"Date: {record.date.text}")
    phrase = version_phrase(record)
    if phrase:
        note.append(phrase[0].upper() + phrase[1:])
    if note:
        fields.append(("note", escape(". ".join(note) + ".")))
    if record.summary:
        fields.append(("abstract", escape(record.summary)))
    return f"@unpublished{{{cite_key(record)},\n{_braced(fields)}\n}}\n"


def write(record: Record) -> str:
    return entry(record)


def write_many(records: list[Record]) -> str:
    return "\n".join(entry(r) for r in records)
