"""Checks every parsed record passes before it is stored, whatever format it came from.

Why here and not in each reader: record text, TEI volumes, TEI corpora and our own exports all
end as :class:`~sourcebook.core.record.Record`, and ingest calls :func:`check_record` on each one,
so a new reader gets the checks for free.

* The id ends up in URLs, file names, HTTP headers and a 200-character column: it must be letters
  and digits with ``.``, ``-``, ``_`` or ``:`` between them, no path tricks, at most 200
  characters. A bad id is a :class:`RecordError` (the file is refused, nothing is written).
* Links pass :mod:`sourcebook.core.links`. A permalink that does not is moved to
  ``extra["permalink_text"]`` (shown as text, written back by the exporters) and a warning says so;
  ``ref``/``ptr`` targets in TEI markup that do not are left in the markup (the page shows their
  words without a link) and warned about.
"""

from __future__ import annotations

import re

from . import links
from .errors import RecordError
from .record import Record

MAX_ID_LENGTH = 200
_ID = re.compile(r"[^\W_][\w.:-]*\Z")
_TARGET = re.compile(r"<(?:\w+:)?(?:ref|ptr)\b[^>]*?\starget=\"([^\"]*)\"")


def id_problem(record_id: str) -> str | None:
    """Why ``record_id`` cannot be an id, or None when it can."""
    if not record_id:
        return "the record id is empty"
    shown = links.text_form(record_id, 40)
    if len(record_id) > MAX_ID_LENGTH:
        return f"the record id {shown} is {len(record_id):,} characters, over {MAX_ID_LENGTH}"
    if "/" in record_id or "\\" in record_id:
        return f"the record id {shown} holds a path separator"
    if ".." in record_id:
        return f"the record id {shown} holds '..'"
    if not _ID.match(record_id):
        return (
            f"the record id {shown} holds characters other than letters, digits, '.', '-', "
            "'_' and ':' (or does not start with a letter or digit)"
        )
    return None


def check_id(record_id: str) -> None:
    problem = id_problem(record_id)
    if problem is not None:
        raise RecordError(f"{problem}; give the document another id")


def check_record(record: Record) -> list[str]:
    """Refuse a bad id; keep failing links as text. Returns the warnings (one line each)."""
    check_id(record.id)
    warnings = []
    if record.permalink and not links.is_allowed(record.permalink):
        warnings.append(
            f"document {record.id}: permalink {links.text_form(record.permalink)} is not an "
            "http(s) link (or an allowed scheme); kept as text, not linked"
        )
        record.extra["permalink_text"] = record.permalink
        record.permalink = None
    for text in record.texts:
        for target in _TARGET.findall(text.markup or ""):
            if links.scheme_of(target) and not links.is_allowed(target):
                warnings.append(
                    f"document {record.id}: link target {links.text_form(target)} is not an "
                    "http(s) link (or an allowed scheme); its words are shown without a link"
                )
    return warnings
