"""The fields an editor may change, read from and written to a record by one name each.

Why one table of names: the editing service, the editing page, ``sourcebook edit --set`` and
the admin all speak of ``title``, ``date`` or ``texts.0.body``; re-ingest keeps the fields of
those names that an editor protected and compares them with the source. Values are held in
their JSON form (``date`` as the date JSON, lists as lists), so a source value can be stored
in a :class:`~sourcebook.archive.models.SourceChange` and applied back unchanged.

:func:`normalize` checks a value typed by an editor (a date is parsed, a permalink passes the
link policy, a text body's brackets must balance, nothing over its limit) and raises
``ValueError`` with a one-line reason.
"""

from __future__ import annotations

import re
from typing import Any

from django.conf import settings

from sourcebook.core import apparatus, links
from sourcebook.core.dates import parse_date
from sourcebook.core.languages import code_for
from sourcebook.core.record import DateInfo, Record

# Single-line text fields and their limits (the database columns' lengths).
SHORT = {
    "doc_type": 200,
    "archive": 500,
    "repository": 500,
    "reference": 500,
    "locator": 500,
    "original_language": 200,
}
# Empty means None (not "") for these, as readers store them.
NULLABLE = {"doc_type", "archive", "repository", "reference", "locator", "permalink"}
LONG = ("summary", "citation", "credits")
LISTS = ("translators", "funders", "languages")
MAX_TITLE = 2000
MAX_LIST_ITEMS, MAX_ITEM = 200, 500

NAMES = (
    "title",
    "date",
    "doc_type",
    "summary",
    "citation",
    "permalink",
    "archive",
    "repository",
    "reference",
    "locator",
    "translators",
    "credits",
    "funders",
    "original_language",
    "languages",
)
_TEXT = re.compile(r"texts\.(\d{1,4})\.body\Z")
_CONTROL = re.compile("[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f]")


def text_index(name: str) -> int | None:
    m = _TEXT.match(name)
    return int(m.group(1)) if m else None


def is_field(name: str) -> bool:
    return name in NAMES or text_index(name) is not None


def check_name(name: str, record: Record) -> None:
    if name in NAMES:
        return
    n = text_index(name)
    if n is None:
        raise ValueError(f"unknown field {name!r}; editable: {', '.join(NAMES)}, texts.N.body")
    if n >= len(record.texts):
        raise ValueError(f"this document has {len(record.texts)} text(s), numbered from 0")


def value(record: Record, name: str) -> Any:
    """The JSON form of field ``name`` of ``record`` (None for a text it does not have)."""
    n = text_index(name)
    if n is not None:
        return record.texts[n].body if n < len(record.texts) else None
    if name == "title":
        return "\n".join(record.title_lines) if record.title_lines else record.title
    if name == "date":
        return record.date.to_json()
    if name in LISTS:
        return list(getattr(record, name))
    return getattr(record, name)


def shown(name: str, data: Any) -> str:
    """A field's JSON form as an editor reads and types it (lists one item a line)."""
    if data is None:
        return ""
    if name == "date":
        return data.get("text", "") if isinstance(data, dict) else str(data)
    if name in LISTS:
        return "\n".join(data)
    return str(data)


def put(record: Record, name: str, data: Any) -> None:
    """Set field ``name`` of ``record`` from its (checked) JSON form."""
    n = text_index(name)
    if n is not None:
        text = record.texts[n]
        text.body = data
        text.annotations = apparatus.annotate(data, text.language)
        # The TEI markup held the old body; the editor's body is now the text.
        text.markup = text.markup_format = None
    elif name == "title":
        record.title_lines = data.split("\n")
        record.title = " ".join(record.title_lines)
    elif name == "date":
        record.date = _date_from_json(data)
    elif name == "permalink":
        record.permalink = data
        record.extra.pop("permalink_text", None)
    else:
        setattr(record, name, list(data) if name in LISTS else data)


def copy(source: Record, target: Record, name: str) -> None:
    """Copy field ``name`` whole from ``source`` to ``target`` (markup and apparatus too)."""
    n = text_index(name)
    if n is not None:
        if n >= len(source.texts):
            return
        mine = source.texts[n]
        if n >= len(target.texts):
            target.texts.append(mine)
            return
        text = target.texts[n]
        text.body, text.annotations = mine.body, mine.annotations
        text.markup, text.markup_format = mine.markup, mine.markup_format
    elif name == "title":
        target.title, target.title_lines = source.title, list(source.title_lines)
    elif name == "permalink":
        target.permalink = source.permalink
        target.extra.pop("permalink_text", None)
        if "permalink_text" in source.extra:
            target.extra["permalink_text"] = source.extra["permalink_text"]
    else:
        put(target, name, value(source, name))


def normalize(record: Record, name: str, raw: Any) -> Any:
    """The JSON form of ``raw`` for field ``name``, checked; ``ValueError`` says what is wrong."""
    check_name(name, record)
    if text_index(name) is not None:
        return _body(raw)
    if name == "date":
        return _date(raw)
    if name in LISTS:
        return _list(name, raw)
    text = _one_string(raw)
    if name == "title":
        lines = [line.strip() for line in text.split("\n") if line.strip()]
        if not lines:
            raise ValueError("the title cannot be empty")
        _limit(" ".join(lines), MAX_TITLE)
        return "\n".join(lines)
    if name == "permalink":
        text = text.strip()
        if text and not links.is_allowed(text):
            raise ValueError(
                f"{links.text_form(text)} is not an http(s) link (or an allowed scheme, "
                "SOURCEBOOK_URL_SCHEMES)"
            )
    if name in SHORT:
        text = text.strip()
        if "\n" in text:
            raise ValueError("one line only")
        _limit(text, SHORT[name])
    if name in LONG:
        text = text.strip("\n")
        _limit(text, settings.MAX_FILE_SIZE)
    return (text or None) if name in NULLABLE else text


def _one_string(raw: Any) -> str:
    if raw is None:
        return ""
    if not isinstance(raw, str):
        raise ValueError("expected text")
    text = raw.replace("\r\n", "\n").replace("\r", "\n")
    bad = _CONTROL.search(text)
    if bad:
        raise ValueError(f"control character U+{ord(bad.group()):04X}; remove it")
    return text


def _limit(text: str, limit: int) -> None:
    if len(text.encode("utf-8")) > limit:
        raise ValueError(f"{len(text):,} characters, over the limit of {limit:,} bytes")


def _body(raw: Any) -> str:
    body = _one_string(raw)
    _limit(body, settings.MAX_FILE_SIZE)
    problem = apparatus.bracket_problem(body)
    if problem:
        raise ValueError(f"apparatus: {problem}")
    return body


def _date(raw: Any) -> dict:
    if isinstance(raw, dict):  # a source's date, as stored in a SourceChange
        return _date_from_json(raw).to_json()
    text = _one_string(raw).strip()
    if "\n" in text:
        raise ValueError("one line only")
    if not text:
        return DateInfo().to_json()
    try:
        return parse_date(text).to_json()
    except ValueError as exc:
        raise ValueError(
            f"{exc}; write it as archives do (October 11, 1959; c. 1959; 1959-10; n.d.)"
        ) from None


def _date_from_json(data: dict) -> DateInfo:
    return Record.from_json({"id": "-", "date": data}).date


def _list(name: str, raw: Any) -> list[str]:
    if isinstance(raw, list):
        items = [_one_string(x) for x in raw]
    else:
        text = _one_string(raw)
        items = text.split("\n") if "\n" in text else text.split(";")
    items = [x.strip() for x in items if x.strip()]
    if len(items) > MAX_LIST_ITEMS:
        raise ValueError(f"{len(items)} items, over the limit of {MAX_LIST_ITEMS}")
    for item in items:
        _limit(item, MAX_ITEM)
    if name == "languages":
        return _codes(items)
    return items


def _codes(items: list[str]) -> list[str]:
    codes = []
    for item in items:
        code = code_for(item)
        if code is None:
            raise ValueError(f"unknown language {item!r}; give a code (zh) or a name (Chinese)")
        if code not in codes:
            codes.append(code)
    return codes
