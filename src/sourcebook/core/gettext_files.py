"""Reading and writing gettext catalogs (``.po`` text, ``.mo`` binary) without GNU gettext.

Why our own: ``msgfmt`` is often not installed, yet the interface catalogs must compile on any
machine that has Python (``scripts/messages.py`` and the tests use this). The ``.po`` reader takes
what translators' tools write: comments, flags (``#, fuzzy``), ``msgctxt``, plurals and strings
continued over several lines; the ``.mo`` writer is the format Python's :mod:`gettext` reads.
"""

from __future__ import annotations

import ast
import struct
from dataclasses import dataclass, field

MO_MAGIC = 0x950412DE


@dataclass
class Entry:
    msgid: str
    msgstr: list[str] = field(default_factory=lambda: [""])
    msgid_plural: str = ""
    msgctxt: str | None = None
    flags: set[str] = field(default_factory=set)
    comments: list[str] = field(default_factory=list)  # "#." and "#:" lines, kept as written

    @property
    def key(self) -> tuple[str | None, str]:
        return (self.msgctxt, self.msgid)

    @property
    def translated(self) -> bool:
        """True when every form has a translation and nobody marked it fuzzy."""
        return "fuzzy" not in self.flags and all(s.strip() for s in self.msgstr)


class CatalogError(ValueError):
    """A ``.po`` file that cannot be read; the message names the line."""


def parse_po(text: str) -> list[Entry]:
    """The entries of a ``.po`` file, the header (``msgid ""``) first if present."""
    entries: list[Entry] = []
    current: Entry | None = None
    field_name: str | None = None
    pending_flags: set[str] = set()
    pending_comments: list[str] = []

    def finish():
        nonlocal current
        if current is not None:
            entries.append(current)
        current = None

    for number, raw in enumerate(text.splitlines(), 1):
        line = raw.strip()
        if not line:
            continue
        if line.startswith("#~"):  # obsolete entries are not part of the catalog
            continue
        if line.startswith("#"):
            if current is not None and field_name and field_name.startswith("msgstr"):
                finish()
            if line.startswith("#,"):
                pending_flags |= {f.strip() for f in line[2:].split(",") if f.strip()}
            elif line.startswith(("#.", "#:")):
                pending_comments.append(line)
            continue
        keyword, _, rest = line.partition(" ")
        if line.startswith('"'):
            if current is None or field_name is None:
                raise CatalogError(f"line {number}: a string continues nothing")
            _append(current, field_name, _string(line, number))
            continue
        if keyword in ("msgctxt", "msgid") and (
            current is None or (field_name or "").startswith("msgstr")
        ):
            finish()
            current = Entry(msgid="", flags=pending_flags, comments=pending_comments)
            pending_flags, pending_comments = set(), []
        if current is None:
            raise CatalogError(f"line {number}: {keyword} before msgid")
        field_name = keyword
        _append(current, keyword, _string(rest.strip(), number), start=True)
    finish()
    return entries


def _string(token: str, number: int) -> str:
    if not (token.startswith('"') and token.endswith('"') and len(token) >= 2):
        raise CatalogError(f"line {number}: expected a quoted string, got {token[:40]!r}")
    try:
        return ast.literal_eval(token)
    except (SyntaxError, ValueError):
        raise CatalogError(f"line {number}: bad string {token[:40]!r}") from None


def _append(entry: Entry, name: str, value: str, start: bool = False) -> None:
    if name == "msgid":
        entry.msgid = value if start else entry.msgid + value
    elif name == "msgid_plural":
        entry.msgid_plural = value if start else entry.msgid_plural + value
    elif name == "msgctxt":
        entry.msgctxt = value if start else (entry.msgctxt or "") + value
    elif name == "msgstr":
        entry.msgstr = [value] if start else [entry.msgstr[0] + value]
    elif name.startswith("msgstr[") and name.endswith("]"):
        index = int(name[7:-1])
        if start:
            if index == 0:
                entry.msgstr = []
            while len(entry.msgstr) <= index:
                entry.msgstr.append("")
        entry.msgstr[index] += value
    else:
        raise CatalogError(f"unknown keyword {name}")


def write_po(entries: list[Entry]) -> str:
    """``.po`` text for ``entries`` (the header first), as ``parse_po`` reads it back."""
    out = []
    for e in entries:
        out.extend(e.comments)
        if e.flags:
            out.append("#, " + ", ".join(sorted(e.flags)))
        if e.msgctxt is not None:
            out.append("msgctxt " + _quote(e.msgctxt))
        out.append("msgid " + _quote(e.msgid))
        if e.msgid_plural:
            out.append("msgid_plural " + _quote(e.msgid_plural))
            out.extend(f"msgstr[{i}] " + _quote(s) for i, s in enumerate(e.msgstr))
        else:
            out.append("msgstr " + _quote(e.msgstr[0] if e.msgstr else ""))
        out.append("")
    return "\n".join(out)


def _quote(value: str) -> str:
    escaped = value.replace("\\", "\\\\").replace('"', '\\"').replace("\t", "\\t")
    if "\n" in escaped.rstrip("\n"):
        lines = escaped.replace("\n", "\\n\n").splitlines()
        return '""\n' + "\n".join(f'"{line}"' for line in lines)
    return '"' + escaped.replace("\n", "\\n") + '"'


def compile_mo(entries: list[Entry]) -> bytes:
    """The ``.mo`` bytes of the translated, non-fuzzy entries (and the header)."""
    pairs: dict[bytes, bytes] = {}
    for e in entries:
        if e.msgid and not e.translated:
            continue
        key = e.msgid + ("\x00" + e.msgid_plural if e.msgid_plural else "")
        if e.msgctxt is not None:
            key = e.msgctxt + "\x04" + key
        pairs[key.encode()] = "\x00".join(e.msgstr).encode()
    keys = sorted(pairs)
    count = len(keys)
    key_table = 7 * 4
    value_table = key_table + count * 8
    data_start = value_table + count * 8
    key_offsets, value_offsets, blob = [], [], b""
    for k in keys:
        key_offsets.append((len(k), data_start + len(blob)))
        blob += k + b"\x00"
    for k in keys:
        value_offsets.append((len(pairs[k]), data_start + len(blob)))
        blob += pairs[k] + b"\x00"
    header = struct.pack("<7I", MO_MAGIC, 0, count, key_table, value_table, 0, 0)
    tables = b"".join(struct.pack("<2I", *o) for o in key_offsets + value_offsets)
    return header + tables + blob
