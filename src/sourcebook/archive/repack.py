"""Repack rows stored before the archive had its packing dictionary (``sourcebook repack``).

Why: the dictionary (:mod:`.compression`) packs only what is written after it is learned. An
archive upgraded with 100,000 documents already in it would keep its old rows as they are; this
rewrites them with the dictionary, and only where that makes them smaller.

What keeps it safe: a source is repacked only once its bytes match their recorded SHA-256, and
a value that cannot be read at all is left (both are named in the report and left for
``check`` and a backup); every new value is unpacked and
compared before it is written (:func:`sourcebook.core.packing.pack`); a text is written only if
its row still holds the bytes that were read (an editor's change made meanwhile wins); versions
packed against their source are left (they are already small). Rows are read in primary-key
pages, each page written in one transaction, so memory stays bounded and a stopped run loses
nothing: running it again takes up what is left.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field

from django.db import connection, transaction

from sourcebook.core import packing

from . import compression, fixity

PAGE = 500
DAMAGED_LISTED = 1000  # damaged rows of each kind named in the report (like `check`'s sample)


class RepackError(Exception):
    """Nothing can be repacked; the message says why and what to do."""


@dataclass
class Repacked:
    rows: dict[str, int] = field(default_factory=lambda: {"sources": 0, "texts": 0, "versions": 0})
    bytes_before: int = 0
    bytes_after: int = 0
    damaged: list[str] = field(default_factory=list)  # sources: their SHA-256
    unreadable: list[str] = field(default_factory=list)  # texts and versions: "texts row 12"

    def to_json(self) -> dict:
        return {
            "repacked": self.rows,
            "bytes_before": self.bytes_before,
            "bytes_after": self.bytes_after,
            "damaged_sources": self.damaged,
            "unreadable_rows": self.unreadable,
        }


# what the report calls them, table, packed columns, the SHA-256 column to check the bytes by
_TABLES = (
    ("sources", "archive_source", ("data",), "sha256"),
    ("texts", "archive_text", ("body", "markup"), None),
    ("versions", "archive_revision", ("snapshot",), None),
)


def repack(progress: Callable[[str, int, int], None] | None = None) -> Repacked:
    """Repack every source, text and stand-alone version not packed with the dictionary yet;
    ``progress(kind, rows read, rows in all)`` after each page."""
    dictionary = compression.maybe_train()
    damaged = fixity.verify_dictionaries()["damaged"] if dictionary is None else []
    if damaged:
        raise RepackError(f"{damaged[-1]['problem']}; nothing was repacked")
    if dictionary is None:
        raise RepackError(
            f"the archive has no packing dictionary yet: one is learned once it holds "
            f"{compression.TRAIN_AT:,} source files (ingest more, then run this again)"
        )
    report = Repacked()
    for kind, table, columns, sha_column in _TABLES:
        total, done, last = _count(table), 0, 0
        while rows := _page(table, columns, sha_column, last):
            last, done = rows[-1][0], done + len(rows)
            with transaction.atomic():
                for row in rows:
                    _repack_row(report, (kind, table, columns, sha_column), row, dictionary)
            if progress is not None:
                progress(kind, done, total)
    return report


def _count(table: str) -> int:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT count(*) FROM {table}")
        return cursor.fetchone()[0]


def _page(table: str, columns: tuple[str, ...], sha_column: str | None, last: int) -> list:
    wanted = ", ".join(("id", *columns, *((sha_column,) if sha_column else ())))
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {wanted} FROM {table} WHERE id > %s ORDER BY id LIMIT %s", [last, PAGE]
        )
        return cursor.fetchall()


def _repack_row(report: Repacked, where: tuple, row: tuple, dictionary) -> None:
    """One row repacked in place, unless it gains nothing, is damaged, or changed meanwhile."""
    kind, table, columns, sha_column = where
    pk, values = row[0], [_bytes(v) for v in row[1 : 1 + len(columns)]]
    try:
        raws = [_unpacked(v) for v in values]
    except packing.PackingError:
        raws = None
    if raws is None or (sha_column and raws[0] is not None and _sha(raws[0]) != row[-1]):
        damaged = report.damaged if sha_column else report.unreadable
        if len(damaged) < DAMAGED_LISTED:
            damaged.append(row[-1] if sha_column else f"{kind} row {pk}")
        return
    new = [_smaller(v, raw, dictionary) for v, raw in zip(values, raws, strict=True)]
    if all(n is None for n in new):
        return
    chosen = [v if n is None else n for v, n in zip(values, new, strict=True)]
    sets = ", ".join(f"{c} = %s" for c in columns)
    same = " AND ".join(
        f"{c} IS NULL" if v is None else f"{c} = %s" for c, v in zip(columns, values, strict=True)
    )
    params = [_db(v) for v in chosen] + [pk] + [_db(v) for v in values if v is not None]
    with connection.cursor() as cursor:
        cursor.execute(f"UPDATE {table} SET {sets} WHERE id = %s AND {same}", params)
        if cursor.rowcount != 1:
            return  # changed since it was read (an edit): the new value stands
    report.rows[kind] += 1
    report.bytes_before += sum(len(v) for v in values if v is not None)
    report.bytes_after += sum(len(v) for v in chosen if v is not None)


def _bytes(value):
    return bytes(value) if isinstance(value, memoryview) else value


def _unpacked(value) -> bytes | None:
    """The bytes of a value this can repack (packed alone or as is), else None (NULL, a text
    from before packing, one with a dictionary already, or one against its source)."""
    if not isinstance(value, bytes) or value[:1] not in (packing.RAW, packing.ZSTD):
        return None
    return packing.unpack(value)


def _smaller(value, raw: bytes | None, dictionary: packing.Dictionary) -> bytes | None:
    """``raw`` packed with the dictionary if that is smaller than ``value``, else None."""
    if raw is None or len(raw) < compression.SHORT:
        return None
    new = packing.pack(raw, dictionary=dictionary)
    return new if len(new) < len(value) else None


def _sha(raw: bytes) -> str:
    return hashlib.sha256(raw).hexdigest()


def _db(value):
    return connection.Database.Binary(value) if isinstance(value, bytes) else value
