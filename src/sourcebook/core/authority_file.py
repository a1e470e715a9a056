"""A curated authority file as CSV: reading and checking it before anything is written (no Django).

An archive seeds or corrects its authorities from a spreadsheet: one row per person,
organization or place, with the preferred name, the variants and the ids of the big authority
files. Every row is checked first and every problem reported as ``file:line: message``; a file
with any bad row changes nothing, so a half-imported spreadsheet never needs cleaning up.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field

COLUMNS = ("id", "name", "kind", "description", "variants", "wikidata", "viaf", "lcnaf")
# Export-only columns an import accepts and ignores (source ids come from the volumes).
IGNORED = ("source_ids",)
KINDS = ("person", "organization", "place")
VARIANT_SEPARATOR = "|"

_EXTERNAL = {
    # Wikidata item: Q and a number without leading zero (Q11161).
    "wikidata": (re.compile(r"^Q[1-9]\d*$"), "a Wikidata item id like Q11161"),
    # VIAF cluster: digits only (12345678, up to 22).
    "viaf": (re.compile(r"^[1-9]\d{0,21}$"), "a VIAF id (digits, like 36924137)"),
    # LC name authority: n, nb, no, nr, ns… then digits (n79021164, no2011075498).
    "lcnaf": (re.compile(r"^n[a-z]{0,2}\d{6,12}$"), "an LCNAF id like n79021164 or no2011075498"),
}
_SLUG = re.compile(r"^[-a-zA-Z0-9_]{1,200}$")
# Control characters (category Cc) no cell may hold; a description may span lines and tabs.
_CONTROL = re.compile("[\x00-\x08\x0b-\x0c\x0e-\x1f\x7f-\x9f]")
_LINE_BREAK = re.compile("[\t\n\r]")
_BREAK = re.compile("\r\n|\r|\n")
# A cell a spreadsheet would run as a formula (=HYPERLINK(…), +cmd|…, -2+3, @SUM(…)) is written
# behind an apostrophe, which spreadsheets show as text; reading takes the apostrophe off again,
# so an export edited and imported keeps every name as it was (OWASP's CSV injection advice).
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def normalize_external(name: str, value: str) -> str:
    """The id as stored: spaces dropped (``n 79021164``), Wikidata's q upper-cased."""
    value = re.sub(r"\s+", "", value or "")
    return value.upper() if name == "wikidata" else value.lower() if name == "lcnaf" else value


def check_external(name: str, value: str) -> str:
    """An error message for a malformed external id, or ``""`` (empty is allowed)."""
    value = normalize_external(name, value)
    pattern, expected = _EXTERNAL[name]
    if value and not pattern.match(value):
        return f"{name} {value[:40]!r} is not {expected}"
    return ""


@dataclass
class Row:
    line: int
    id: str
    name: str
    kind: str
    description: str
    variants: list[str] = field(default_factory=list)
    external: dict[str, str] = field(default_factory=dict)


def read_csv(data: bytes, filename: str) -> tuple[list[Row], list[str]]:
    """(rows, errors): every error is one ``file:line: message`` line; rows only if none."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        return [], [f"{filename}: not UTF-8 text (byte {exc.start})"]
    # strict: an unclosed quote is an error, not the rest of the file read as one cell.
    reader = csv.DictReader(io.StringIO(text, newline=""), strict=True)
    try:
        return _read_rows(reader, filename)
    except csv.Error as exc:  # bad quoting, a cell longer than the csv module's limit
        # line_num counts the lines of the rows read whole: the bad one starts on the next.
        line = reader.line_num + 1
        return [], [f"{filename}:{line}: {exc} (is every quote closed, every cell short?)"]


def _read_rows(reader: csv.DictReader, filename: str) -> tuple[list[Row], list[str]]:
    header = [h.strip() for h in reader.fieldnames or []]
    if "name" not in header:
        return [], [
            f"{filename}:1: the header must name the columns, at least 'name' "
            f"(columns: {', '.join(COLUMNS)})"
        ]
    unknown = [h for h in header if h not in COLUMNS and h not in IGNORED]
    if unknown:
        return [], [f"{filename}:1: unknown column {unknown[0]!r} (columns: {', '.join(COLUMNS)})"]
    reader.fieldnames = header
    rows, errors, seen = [], [], {}
    for raw in reader:
        line = reader.line_num - _breaks(raw)  # a row's first line (a quoted cell may span lines)
        try:
            row = _row(raw, line)
        except ValueError as exc:
            errors.append(f"{filename}:{line}: {exc}")
            continue
        key = (row.kind or "", row.id)
        if row.id and key in seen:
            errors.append(f"{filename}:{line}: id {row.id!r} is already on line {seen[key]}")
            continue
        seen[key] = line
        rows.append(row)
    return ([] if errors else rows), errors


def _breaks(raw: dict) -> int:
    """Line breaks inside a row's cells (the csv reader counts lines as they are read)."""
    return sum(len(_BREAK.findall(v)) for v in raw.values() if isinstance(v, str))


def _row(raw: dict, line: int) -> Row:
    if None in raw:
        raise ValueError("more cells than columns (a comma inside a value needs quotes)")
    cell = {k: _as_written((v or "").strip()) for k, v in raw.items()}
    for column, value in cell.items():
        bad = _CONTROL.search(value) or (column != "description" and _LINE_BREAK.search(value))
        if bad:
            raise ValueError(f"control character U+{ord(bad.group()):04X} in column {column!r}")
    name, ident, kind = cell.get("name", ""), cell.get("id", ""), cell.get("kind", "").lower()
    if not name and not ident:
        raise ValueError("neither an id nor a name")
    if len(name) > 500:
        raise ValueError("the name is longer than 500 characters")
    if ident and not _SLUG.match(ident):
        raise ValueError(f"id {ident[:40]!r} is not a slug (letters, digits, - and _)")
    if kind and kind not in KINDS:
        raise ValueError(f"kind {kind[:40]!r} is not one of {', '.join(KINDS)}")
    variants = [v.strip() for v in cell.get("variants", "").split(VARIANT_SEPARATOR)]
    variants = list(dict.fromkeys(v for v in variants if v))
    if any(len(v) > 500 for v in variants):
        raise ValueError("a variant is longer than 500 characters")
    external = {}
    for key in _EXTERNAL:
        problem = check_external(key, cell.get(key, ""))
        if problem:
            raise ValueError(problem)
        external[key] = normalize_external(key, cell.get(key, ""))
    return Row(line, ident, name, kind, cell.get("description", ""), variants, external)


def _inert(value: str) -> str:
    """A cell as text to a spreadsheet: a leading formula character gets an apostrophe (and so
    does a value that already starts with apostrophes before one, so reading gives it back)."""
    return "'" + value if value.lstrip("'").startswith(_FORMULA_START) else value


def _as_written(value: str) -> str:
    """A cell without the apostrophe :func:`_inert` put before a formula character."""
    quoted = value[:1] == "'" and value.lstrip("'").startswith(_FORMULA_START)
    return value[1:] if quoted else value


def write_csv(rows: list[dict]) -> str:
    """Rows (with ``variants`` and ``source_ids`` as lists) as CSV with a header, no cell
    starting as a formula (:func:`_inert`)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow([*COLUMNS, *IGNORED])
    for row in rows:
        cells = [
            VARIANT_SEPARATOR.join(row[c]) if c == "variants" else row.get(c, "") for c in COLUMNS
        ]
        cells.append(VARIANT_SEPARATOR.join(row.get("source_ids") or []))
        writer.writerow([_inert(str(c)) for c in cells])
    return out.getvalue()
