"""The record-text format: how the Wilson Center Digital Archive exports a document.

Layout (see ``samples/wcda-208190.txt``)::

    October 11, 1959                      <- date (optional)
    **Cable, Chinese Embassy … to the     <- title in **bold**, one line or several
    Foreign Ministry … Department**

    Citation:                             <- sections, each "Name:" on its own line
    "…", October 11, 1959, Wilson Center Digital Archive, PRC FMA 118-01026-01, 33. …
    <https://…/document/208190>
    Summary: / Credits: / Original Language: / Contents:
    Translation - English                 <- one line per content entry
    Embassy of …                          <- then the text, exactly as written

Real exports vary (CRLF, BOM, extra blank lines, sections missing), and the reader tolerates all
of that. When Contents lists more than one text, a line holding just a content label
(``Transcript - Chinese``) starts that text in the body.

:func:`write` is the inverse: ``write(parse(t))`` gives ``t`` back (line endings normalised to LF,
blank lines at the start and end aside).
"""

from __future__ import annotations

import re
import unicodedata

from . import apparatus
from .citation_line import parse_citation, split_names
from .dates import parse_date
from .errors import RecordError
from .languages import code_for, codes_for
from .record import ContentEntry, DateInfo, Record, Text
from .titles import suggest

SECTIONS = ("Citation", "Summary", "Credits", "Original Language", "Contents")
# Further WCDA sections that may appear; kept verbatim in ``extra["sections"]``.
OTHER_SECTIONS = (
    "Associated People & Organizations",
    "Associated Places",
    "Associated Topics",
    "Subjects",
    "Keywords",
    "Collections",
    "Rights",
    "Author",
    "Authors",
)
_HEADER = re.compile(
    r"^(?P<name>" + "|".join(re.escape(s) for s in SECTIONS + OTHER_SECTIONS) + r")\s*:\s*$",
    re.I,
)
_CONTENT = re.compile(
    r"^(?P<kind>Original Scan|Scan|Original|Transcript|Transcription|Translation)"
    # The language ends on a non-space (not a lazy ``*?`` before ``\s*$``, which re-read the
    # rest of the line at every space: quadratic for a long line of spaces).
    r"(?:\s*[-–—:]\s*(?P<lang>[A-Za-z](?:[A-Za-z ()-]*[A-Za-z()-])?))?\s*$",
    re.I,
)
_KINDS = {
    "original scan": "scan",
    "scan": "scan",
    "original": "original",
    "transcript": "transcript",
    "transcription": "transcript",
    "translation": "translation",
}
_PERMALINK = re.compile(r"^<(?P<url>https?://[^\s<>]+)>$")
_FUNDERS = re.compile(r"support (?:from|of)\s+(?P<names>.+?)\.?$", re.I | re.S)


def decode(data: bytes, path: str | None = None) -> str:
    """Bytes to text, refusing what is not UTF-8 text (binary files, other encodings)."""
    if not data.strip():
        raise RecordError("empty file: nothing to ingest", path=path)
    if b"\x00" in data[:8192]:
        raise RecordError("binary file (contains NUL bytes), not record text", path=path)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise RecordError(
            f"not UTF-8 text (byte 0x{data[exc.start]:02x}); save the file as UTF-8",
            path=path,
            line=line,
        ) from None
    bad = _CONTROL.search(text)
    if bad is not None:
        line = text[: bad.start()].count("\n") + 1
        bad = bad.group()
        raise RecordError(
            f"control character U+{ord(bad):04X} in text (binary file?)", path=path, line=line
        )
    return text


# Unicode category Cc except newline, carriage return, tab and form feed.
_CONTROL = re.compile("[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f]")


def normalise_newlines(text: str) -> str:
    return text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")


def _content_entry(line: str, default_language: str | None) -> ContentEntry | None:
    m = _CONTENT.match(line.strip())
    if not m:
        return None
    kind = _KINDS[m.group("kind").lower()]
    lang = code_for(m.group("lang")) if m.group("lang") else None
    if lang is None and kind in ("scan", "original", "transcript"):
        lang = default_language
    return ContentEntry(kind=kind, language=lang, label=line.strip())


def _strip_blank(lines: list[str]) -> list[str]:
    start, end = 0, len(lines)
    while start < end and not lines[start].strip():
        start += 1
    while end > start and not lines[end - 1].strip():
        end -= 1
    return lines[start:end]


def slugify(text: str) -> str:
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:80] or "record"


def parse(text: str, path: str | None = None, fallback_id: str | None = None) -> Record:
    """Parse record text; raise :class:`RecordError` with the line at fault when it is not one."""
    lines = normalise_newlines(text).split("\n")
    n = len(lines)
    i = 0
    while i < n and not lines[i].strip():
        i += 1
    if i == n:
        raise RecordError("empty file: nothing to ingest", path=path)

    date = DateInfo()
    if not lines[i].lstrip().startswith("**"):
        try:
            date = parse_date(lines[i])
        except ValueError:
            # The line itself is not quoted: the file may be anything (a key, a password file
            # named by mistake), and the line number is enough to find it.
            raise RecordError(
                "expected a date or a **title** on the first line; this does not look like "
                "record text (or TEI)",
                path=path,
                line=i + 1,
            ) from None
        i += 1
        while i < n and not lines[i].strip():
            i += 1

    if i == n or not lines[i].lstrip().startswith("**"):
        raise RecordError(
            "no title: expected the title in **bold** after the date",
            path=path,
            line=min(i, n - 1) + 1,
        )
    title_start = i
    title_lines: list[str] = []
    while i < n:
        title_lines.append(lines[i].strip())
        if len(title_lines[0]) > 2 and lines[i].rstrip().endswith("**"):
            break
        if i > title_start and (not lines[i].strip() or _HEADER.match(lines[i])):
            raise RecordError("title is not closed with **", path=path, line=title_start + 1)
        i += 1
    else:
        raise RecordError("title is not closed with **", path=path, line=title_start + 1)
    title_lines[0] = title_lines[0][2:]
    title_lines[-1] = title_lines[-1][:-2]
    title_lines = [t.strip() for t in title_lines]
    title = " ".join(t for t in title_lines if t)
    if not title:
        raise RecordError("empty title", path=path, line=title_start + 1)
    i += 1

    # Sections, each running to the next header.
    sections: dict[str, list[str]] = {}
    order: list[str] = []
    body_start: int | None = None
    current: str | None = None
    while i < n:
        m = _HEADER.match(lines[i])
        if m:
            canonical = next(
                s for s in SECTIONS + OTHER_SECTIONS if s.lower() == m.group("name").lower()
            )
            if canonical in sections:
                raise RecordError(f"section {canonical}: appears twice", path=path, line=i + 1)
            current = canonical
            sections[current] = []
            order.append(current)
            i += 1
            if current == "Contents":
                break
            continue
        if current is None:
            if lines[i].strip():
                body_start = i  # no sections at all: the rest is the text
                break
        else:
            sections[current].append(lines[i])
        i += 1

    languages_text = "\n".join(_strip_blank(sections.get("Original Language", []))).strip()
    languages = codes_for(languages_text)
    default_lang = languages[0] if languages else None

    contents: list[ContentEntry] = []
    labels: set[str] = set()
    if "Contents" in sections:
        while i < n:
            if not lines[i].strip():
                i += 1
                continue
            entry = _content_entry(lines[i], default_lang)
            if entry is None or entry.label in labels:
                break  # a repeated label is the marker that starts a text
            contents.append(entry)
            labels.add(entry.label)
            i += 1
        body_start = i
    elif order and body_start is None:
        # No Contents section: the last section holds one paragraph, the text follows.
        last = order[-1]
        value = sections[last]
        k = 0
        while k < len(value) and not value[k].strip():
            k += 1
        limit = 1 if last == "Original Language" else None
        while k < len(value) and value[k].strip() and (limit is None or limit > 0):
            k += 1
            if limit is not None:
                limit -= 1
        body_start = i - (len(value) - k)
        sections[last] = value[:k]
    if body_start is None:
        body_start = n

    citation_lines = _strip_blank(sections.get("Citation", []))
    permalink = None
    if citation_lines and (pm := _PERMALINK.match(citation_lines[-1].strip())):
        permalink = pm.group("url")
        citation_lines = _strip_blank(citation_lines[:-1])
    citation = "\n".join(citation_lines)
    cited = parse_citation(citation) if citation else None

    credits = "\n".join(_strip_blank(sections.get("Credits", [])))
    funders: list[str] = []
    if credits and (fm := _FUNDERS.search(credits)):
        funders = [re.sub(r"^the\s+", "", name) for name in split_names(fm.group("names"))]

    texts = _split_texts(lines[body_start:], contents, default_lang)

    if permalink and (idm := re.search(r"/(?:document|documents|record)/(\d+)", permalink)):
        record_id = idm.group(1)
    else:
        record_id = fallback_id or slugify(title)

    hints = suggest(title)
    extra: dict = {}
    other = {
        name: "\n".join(_strip_blank(sections[name])) for name in order if name in OTHER_SECTIONS
    }
    if other:
        extra["sections"] = other
    if order != [s for s in SECTIONS if s in sections]:
        extra["section_order"] = order
    return Record(
        id=record_id,
        title=title,
        title_lines=title_lines,
        date=date,
        doc_type=None,
        summary="\n".join(_strip_blank(sections.get("Summary", []))),
        citation=citation,
        permalink=permalink,
        archive=cited.archive if cited else None,
        repository=cited.repository if cited else None,
        reference=cited.reference if cited else None,
        locator=cited.locator if cited else None,
        translators=cited.translators if cited else [],
        credits=credits,
        funders=funders,
        original_language=languages_text,
        languages=languages,
        contents=contents,
        texts=texts,
        suggested=hints,
        extra=extra,
    )


def _split_texts(
    lines: list[str], contents: list[ContentEntry], default_lang: str | None
) -> list[Text]:
    textual = [c for c in contents if c.kind != "scan"]
    labels = {c.label.lower(): c for c in textual}
    chunks: list[tuple[ContentEntry | None, list[str]]] = []
    current: ContentEntry | None = textual[0] if textual else None
    buffer: list[str] = []
    for line in lines:
        entry = labels.get(line.strip().lower()) if len(textual) > 1 else None
        if entry is not None:
            if _strip_blank(buffer):
                chunks.append((current, buffer))
            current, buffer = entry, []
            continue
        buffer.append(line)
    if _strip_blank(buffer) or not chunks:
        chunks.append((current, buffer))
    texts = []
    for entry, chunk in chunks:
        body = "\n".join(_strip_blank(chunk))
        if not body and entry is None:
            continue
        if entry is None:
            # No Contents section: an English text of a non-English original is a translation.
            kind = "original" if default_lang in (None, "en") else "translation"
            entry = ContentEntry(kind=kind, language="en", label="")
        texts.append(
            Text(
                kind=entry.kind,
                language=entry.language,
                label=entry.label,
                body=body,
                annotations=apparatus.annotate(body, entry.language),
            )
        )
    return texts


def write(record: Record) -> str:
    """Record text for ``record``, laid out as the archive exports it."""
    out: list[str] = []
    if record.date.text:
        out.append(record.date.text)
    title_lines = record.title_lines or [record.title]
    joined = "\n".join(title_lines)
    out.append(f"**{joined}**")
    sections: dict[str, str] = {}
    if record.citation or record.permalink or record.extra.get("permalink_text"):
        value = record.citation
        link = record.permalink or record.extra.get("permalink_text")
        if link:
            value = f"{value}\n<{link}>" if value else f"<{link}>"
        sections["Citation"] = value
    if record.summary:
        sections["Summary"] = record.summary
    if record.credits:
        sections["Credits"] = record.credits
    if record.original_language:
        sections["Original Language"] = record.original_language
    sections.update(record.extra.get("sections", {}))
    order = record.extra.get("section_order") or [s for s in SECTIONS if s in sections] + [
        s for s in sections if s not in SECTIONS
    ]
    for name in order:
        if name == "Contents":
            continue
        out.append("")
        out.append(f"{name}:")
        out.append("")
        out.append(sections.get(name, ""))
    if record.contents:
        out.append("")
        out.append("Contents:")
        out.append("")
        out.extend(c.label for c in record.contents)
    several = len([c for c in record.contents if c.kind != "scan"]) > 1
    for k, text in enumerate(record.texts):
        out.append("")
        if several and (k > 0 or text.label):
            out.append(text.label)
            out.append("")
        out.append(text.body)
    return "\n".join(out) + "\n"
