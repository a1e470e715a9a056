"""Reading an archive's citation line into its parts.

The Wilson Center writes ``"Title", Date, Archive, Repository Reference, Locator. Translated by
Name.``. Researchers search and cite by those parts (call number, page), so they are pulled out
here; the line itself is always kept as given.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .dates import looks_like_date

_TRAILER = re.compile(
    r"(?:^|\.\s+|,\s+)(?=(?:Obtained and translated by|Translated and annotated by|"
    r"Translated by|Translation by|Contributed by|Obtained by|Published in)\b)"
)
_TRANSLATED = re.compile(
    r"^(?:Obtained and translated by|Translated and annotated by|Translated by|Translation by)\s+"
    r"(?P<names>.+?)\.?$"
)


@dataclass
class CitationParts:
    title: str | None = None
    date_text: str | None = None
    archive: str | None = None
    repository: str | None = None
    reference: str | None = None
    locator: str | None = None
    translators: list[str] = field(default_factory=list)
    trailers: list[str] = field(default_factory=list)


def split_names(text: str) -> list[str]:
    """``"A, B, and C"`` / ``"A and B"`` / ``"A & B"`` to names, keeping ``Jr.``-style suffixes."""
    text = re.sub(r"\s+", " ", text.strip()).rstrip(".")
    parts = re.split(r",\s*(?:and|&)\s+|\s+(?:and|&)\s+|,\s*", text)
    names: list[str] = []
    for part in (p.strip() for p in parts):
        if not part:
            continue
        if names and re.fullmatch(r"(?:Jr|Sr|II|III|IV)\.?", part):
            names[-1] = f"{names[-1]}, {part}"
        else:
            names.append(part)
    return names


def _split_repository(segment: str) -> tuple[str | None, str | None]:
    """``PRC FMA 118-01026-01`` -> (``PRC FMA``, ``118-01026-01``): the reference starts at the
    first word with a digit in it."""
    words = segment.split()
    for i, word in enumerate(words):
        if any(ch.isdigit() for ch in word):
            repository = " ".join(words[:i]) or None
            return repository, " ".join(words[i:])
    return segment or None, None


def parse_citation(line: str) -> CitationParts:
    """Best-effort reading of a citation line; parts it cannot find stay ``None``."""
    parts = CitationParts()
    text = re.sub(r"\s+", " ", line.strip())
    m = re.match(r'^[“"](?P<title>.+?)[”"],\s*(?P<rest>.*)$', text)
    if m:
        parts.title = m.group("title")
        text = m.group("rest")
    pieces = _TRAILER.split(text, maxsplit=1)
    main = pieces[0].strip().rstrip(".")
    if len(pieces) > 1:
        for trailer in re.split(r"(?<=\.)\s+(?=[A-Z])", pieces[1].strip()):
            parts.trailers.append(trailer)
            t = _TRANSLATED.match(trailer)
            if t:
                parts.translators.extend(split_names(t.group("names")))
    segments = [s.strip() for s in main.split(", ")]
    taken = 0
    for k in (3, 2, 1):
        if len(segments) >= k and looks_like_date(", ".join(segments[:k])):
            parts.date_text = ", ".join(segments[:k])
            taken = k
            break
    rest = segments[taken:]
    if rest:
        parts.archive = rest[0]
    if len(rest) > 1:
        parts.repository, parts.reference = _split_repository(rest[1])
    if len(rest) > 2:
        parts.locator = ", ".join(rest[2:])
    return parts
