"""The archive's own citation, rebuilt from the structured fields.

The Wilson Center cites a document as ``"Title", Date, Archive, Repository Reference, Page.
Translated by Name.`` Rebuilding the line from the fields (instead of repeating the stored line)
means a corrected title, date or call number shows in the citation at once, and records from other
sources (TEI volumes) get a citation in the same house style.
"""

from __future__ import annotations

from .. import links
from ..record import Record
from .common import call_number, join_names, public_url, version_phrase
from .published import archive_line, published_in


def archive_citation(record: Record) -> str:
    """The archive's line (:func:`_line`), naming the version when the record cites one."""
    line, sentence = _line(record), _version_sentence(record)
    if sentence and not line.endswith("."):
        line += "."
    return line + sentence


def _line(record: Record) -> str:
    """The citation line, e.g. for the seed exactly the line under its ``Citation:`` heading.

    A document of a published volume (FRUS) is cited in that volume, with its title and date
    (:func:`.published.archive_line`). Records whose source cites in another form keep that
    archive's own line: only lines in the quoted-title form are rebuilt from the fields.
    """
    if published_in(record) is not None:
        return archive_line(record)
    stored = record.citation.strip()
    if stored and not stored.startswith(('"', "“")):
        return stored
    pieces = [f'"{record.title}"', record.date.text.strip() or "n.d."]
    pieces += [p for p in (record.archive, call_number(record), record.locator) if p]
    line = ", ".join(pieces)
    line += "" if line.endswith(".") else "."  # "n.d." or "p. 3." ends the line already
    if record.translators:
        line += f" Translated by {join_names(record.translators)}."
    return line


def _version_sentence(record: Record) -> str:
    """`` Version 3 of 4 December 2026, <url>.`` for a citation of one version, else empty."""
    phrase = version_phrase(record)
    if phrase is None:
        return ""
    url = public_url(record)
    return f" {phrase[0].upper()}{phrase[1:]}" + (f", {url}." if url else ".")


def archive_citation_with_link(record: Record) -> str:
    """The line plus the permalink on the next line, as the archive prints it."""
    line = archive_citation(record)
    link = record.permalink if links.is_allowed(record.permalink) else None
    return f"{line}\n{link}" if link else line
