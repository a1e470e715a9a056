"""Small facts every citation format needs: names, the call number, the public URL, the date."""

from __future__ import annotations

import contextvars
import os
import re

from .. import links
from ..record import Record

_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af\uf900-\ufaff]")


def join_names(names: list[str]) -> str:
    """``A``, ``A and B``, ``A, B, and C``: how the archive's citation line lists translators."""
    names = [n for n in names if n]
    if len(names) <= 2:
        return " and ".join(names)
    return ", ".join(names[:-1]) + ", and " + names[-1]


def split_person(name: str) -> dict[str, str]:
    """A personal name as CSL wants it: ``{"family", "given"}`` for "Given Family" names.

    Names in CJK script, one-word names and names with a comma already are kept as a literal,
    because guessing their order would be wrong more often than right.
    """
    name = name.strip()
    parts = name.split()
    if _CJK.search(name) or len(parts) < 2 or "," in name:
        return {"literal": name}
    return {"family": parts[-1], "given": " ".join(parts[:-1])}


def call_number(record: Record) -> str:
    """Repository and reference together (``PRC FMA 118-01026-01``), as archives shelve it."""
    return " ".join(p for p in (record.repository, record.reference) if p)


def archive_location(record: Record) -> str:
    """Call number and page (``PRC FMA 118-01026-01, 33``): where in the archive to look."""
    return ", ".join(p for p in (call_number(record), record.locator) if p)


def archive_line(record: Record) -> str:
    """The Archive field as the document page and the PDF give it: archive, repository,
    reference and page (``Wilson Center Digital Archive, PRC FMA 118-01026-01, p. 33``)."""
    line = record.archive or ""
    if record.repository:
        line += f", {record.repository}"
    if record.reference:
        line += f" {record.reference}"
    if record.locator:
        line += f", p. {record.locator}"
    return line.lstrip(", ")


def doc_type(record: Record) -> str | None:
    return record.doc_type or (record.suggested.doc_type if record.suggested else None)


def is_letter(record: Record) -> bool:
    return (doc_type(record) or "").lower() == "letter"


_MONTH_NAMES = (
    "January February March April May June July August September October November December"
).split()


def version_phrase(record: Record) -> str | None:
    """``version 3 of 4 December 2026`` when the record cites one version (else None).

    Day-month-year with the month spelled out reads the same in every style and locale."""
    cited = record.cited_version
    if cited is None:
        return None
    day = cited.date
    return f"version {cited.number} of {day.day} {_MONTH_NAMES[day.month - 1]} {day.year}"


def public_url(record: Record, page_url: str | None = None) -> str | None:
    """The URL a citation points readers to: the archive's permalink, else our own page.

    A citation of one version points to that version's page instead (``/documents/<id>/v/<n>/``):
    the permalink shows whatever the archive has now, not the text that was cited.

    Without a request (CLI exports) our page URL is known only when ``SOURCEBOOK_BASE_URL`` is set;
    a download names the page of the site it was asked from (:data:`SITE`).
    The permalink passes the link policy again (:func:`sourcebook.core.links.href`): records
    stored before ingest checked links must not put ``javascript:`` into a citation.
    """
    if record.cited_version is not None and record.cited_version.url:
        return record.cited_version.url
    link = links.href(record.permalink)
    if link:
        return link
    if page_url:
        return page_url
    base = _site()
    return f"{base}/documents/{record.id}/" if base else None


def page_url(record: Record, base_url: str | None = None) -> str | None:
    base = (base_url or _site()).rstrip("/")
    return f"{base}/documents/{record.id}/" if base else None


# The site's address while the web answers a request (``scheme://host``), set around a download
# (:func:`sourcebook.web.downloads.site_of`): without ``SOURCEBOOK_BASE_URL`` a downloaded
# citation then names our page, as the page's own citations do. Empty elsewhere (the CLI).
SITE = contextvars.ContextVar("sourcebook_site", default="")


def _site() -> str:
    return (os.environ.get("SOURCEBOOK_BASE_URL", "") or SITE.get()).rstrip("/")


def date_parts(record: Record) -> list[list[int]] | None:
    """EDTF (``1959-10-11``, ``1958-11``, ``1957~``, ``1959-10-09/1959-10-11``) to CSL date-parts."""
    edtf = record.date.edtf
    if not edtf or "X" in edtf:
        return None
    out = []
    for part in edtf.split("/"):
        part = part.split("T", 1)[0].rstrip("~?%")  # "1955-08-02T15:00:00+01:00": the day
        m = re.fullmatch(r"(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?", part)
        if not m:
            return None
        out.append([int(g) for g in m.groups() if g])
    return out or None


def original_language_codes(record: Record) -> list[str]:
    return [c for c in record.languages if c]
