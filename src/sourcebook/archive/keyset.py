"""Pages of documents in :data:`DATE_ORDER` read after a position, not at an offset.

Why: a numbered page is an OFFSET, and the database steps over every document before it (the
last page of a million costs about 0.1 s, and reading them all 50 at a time about 15 minutes of
such steps). A cursor names the last document's place in the order, its sort key, and the next
page starts there: each page is an index seek whatever its depth.

Why up to four reads and not one ``WHERE (key) > (cursor)``: the order's first column is an
expression (undated last), and ``date_edtf`` may be NULL, which SQLite sorts first and
PostgreSQL last. Each read below fixes the leading columns by equality and bounds the next one,
so it is a range of the ``document_status_date_order`` index on both databases, and NULLs are
placed as the database's own ORDER BY places them. The cursor holds values, not a document id,
so a document whose date an editor changes during a harvest does not move the harvest.
"""

from __future__ import annotations

import datetime as dt
from typing import NamedTuple

from django.core import signing
from django.db import connection
from django.db.models import BooleanField, F, Q, QuerySet
from django.db.models.expressions import RawSQL

from .models import DATE_ORDER, Document

# A cursor is under a hundred bytes; anything longer was not made here.
MAX_CURSOR = 400
SALT = "sourcebook.api.documents.after"
KEY_FIELDS = ("date_earliest", "date_edtf", "public_id")  # a row's place in DATE_ORDER


class Key(NamedTuple):
    """A document's place in :data:`DATE_ORDER` (undated when ``earliest`` is None)."""

    earliest: dt.date | None
    edtf: str | None
    public_id: str


def encode(key: Key) -> str:
    """The cursor of ``key``: signed with the archive's secret key, as OAI-PMH's resumption
    tokens are (:mod:`django.core.signing`), so a cursor the site did not give is refused. No
    timestamp (``signing.dumps`` adds one): the same page has one URL, not one a second, which a
    crawler would follow for ever and a cache would keep apart."""
    earliest = key.earliest.isoformat() if key.earliest else None
    return _signer().sign_object([earliest, key.edtf, key.public_id])


def decode(cursor: str) -> Key:
    """The key a cursor names; ValueError for anything :func:`encode` did not make."""
    if not cursor or len(cursor) > MAX_CURSOR:
        raise ValueError("not a cursor")
    try:
        earliest, edtf, public_id = _signer().unsign_object(cursor)
        day = dt.date.fromisoformat(earliest) if earliest is not None else None
    except (signing.BadSignature, ValueError, TypeError) as exc:
        raise ValueError("not a cursor") from exc
    if not isinstance(public_id, str) or not isinstance(edtf, str | None):
        raise ValueError("not a cursor")
    return Key(day, edtf, public_id)


def _signer() -> signing.Signer:
    return signing.Signer(salt=SALT)  # made per use: the secret key is read when it is made


def key_of(row: dict) -> Key:
    """The key of a row read with ``values("date_earliest", "date_edtf", "public_id", …)``."""
    return Key(row["date_earliest"], row["date_edtf"], row["public_id"])


def after(documents: QuerySet, key: Key, count: int, fields: tuple[str, ...]) -> list[dict]:
    """Up to ``count`` rows of ``documents`` (their ``fields`` and the key's) after ``key``."""
    return _read(documents, _tiers(key), DATE_ORDER[1:], count, fields)


def before(documents: QuerySet, key: Key | None, count: int, fields: tuple[str, ...]) -> list[dict]:
    """Up to ``count`` rows just before ``key`` (the last ones when ``key`` is None), in
    :data:`DATE_ORDER`. Read backwards through the same index: each column descending puts
    NULLs where the ascending order's reverse has them, on both databases."""
    backwards = [F(column).desc() for column in DATE_ORDER[1:]]
    return _read(documents, _tiers_before(key), backwards, count, fields)[::-1]


def _read(documents: QuerySet, tiers: list[Q], order, count: int, fields) -> list[dict]:
    fields = (*fields, *KEY_FIELDS)
    rows: list[dict] = []
    for tier in tiers:
        # Within a tier the first column of DATE_ORDER is fixed, so the rest orders it.
        found = documents.filter(tier).order_by(*order).values(*fields)
        rows += found[: count - len(rows)]
        if len(rows) >= count:
            break
    return rows


def _tiers(key: Key) -> list[Q]:
    """What comes after ``key``, in order. A day (or the undated documents) holds two blocks:
    no EDTF (NULL) and an EDTF, first the one the database sorts first. After the key: the rest
    of its own block, the day's other block if it comes later, then later days and the undated
    documents (after a dated key)."""
    day = _day(key.earliest)
    nulls_first = not connection.features.nulls_order_largest
    if key.edtf is None:
        tiers = [day & _edtf_null(key, True) & Q(public_id__gt=key.public_id)]
        tiers += [day & _edtf_null(key, False)] if nulls_first else []
    else:
        tiers = [_row_after(key)]
        tiers += [] if nulls_first else [day & _edtf_null(key, True)]
    if key.earliest is not None:
        tiers += [_undated_is(False) & Q(date_earliest__gt=key.earliest), _undated_is(True)]
    return tiers


def _tiers_before(key: Key | None) -> list[Q]:
    """What comes before ``key``, nearest first: the mirror of :func:`_tiers`. Before no key
    (the end of the list): the undated documents, then the dated ones."""
    if key is None:
        return [_undated_is(True), _undated_is(False)]
    day = _day(key.earliest)
    nulls_first = not connection.features.nulls_order_largest
    if key.edtf is None:
        tiers = [day & _edtf_null(key, True) & Q(public_id__lt=key.public_id)]
        tiers += [] if nulls_first else [day & _edtf_null(key, False)]
    else:
        tiers = [_row_before(key)]
        tiers += [day & _edtf_null(key, True)] if nulls_first else []
    if key.earliest is None:
        return [*tiers, _undated_is(False)]
    return [*tiers, _undated_is(False) & Q(date_earliest__lt=key.earliest)]


def _day(earliest: dt.date | None) -> Q:
    """The documents of one day (by earliest possible date), or the undated ones. Why a range,
    not ``=``: SQLite plans ``date_earliest = ?`` by the column's own index and sorts the whole
    day for each page; a day of a year-only date can hold thousands of documents. The undated
    are named twice, by the index's second column and its third (``IS NULL``): with either
    alone, SQLite sorts them all for each page."""
    if earliest is None:
        return _undated_is(True) & Q(date_earliest__isnull=True)
    return _undated_is(False) & Q(date_earliest__gte=earliest, date_earliest__lte=earliest)


def _row_after(key: Key) -> Q:
    """Documents of the key's day with an EDTF whose (EDTF, id) comes after the key's, as one
    row-value comparison that the index seeks to on SQLite and PostgreSQL (the same test spelled
    out with OR, or after a range of days, is read from the start of the day)."""
    if key.earliest is None:
        columns, values = ("date_edtf", "public_id"), [key.edtf, key.public_id]
        return _day(None) & _row_compared(columns, values, ">")
    columns, values = (
        ("date_earliest", "date_edtf", "public_id"),
        [key.earliest, key.edtf, key.public_id],
    )
    return (
        _undated_is(False)
        & Q(date_earliest__lte=key.earliest)
        & _row_compared(columns, values, ">")
    )


def _edtf_null(key: Key, flag: bool) -> Q:
    """One block of the key's day: no EDTF (``flag``) or an EDTF. Why an expression on a dated
    day: after the day's range, SQLite takes ``date_edtf IS NULL`` for a constant and drops the
    column from the order, then sorts what the index already gives in order. As an expression
    it filters the day's index entries instead, in order. A dated document without an EDTF is
    rare (every date Sourcebook parses has one), so that block is nearly always empty. The
    undated fix ``date_earliest`` by equality, and there the column test seeks."""
    if key.earliest is None:
        return Q(date_edtf__isnull=flag)
    sql = f"({_column('date_edtf')} IS NULL) = %s"
    return Q(RawSQL(sql, [flag], output_field=BooleanField()))


def _row_before(key: Key) -> Q:
    """The mirror of :func:`_row_after`: the key's day, an EDTF, (EDTF, id) before the key's.
    A NULL EDTF compares to nothing, so that block is left to its own tier."""
    if key.earliest is None:
        columns, values = ("date_edtf", "public_id"), [key.edtf, key.public_id]
        return _day(None) & _row_compared(columns, values, "<")
    columns, values = (
        ("date_earliest", "date_edtf", "public_id"),
        [key.earliest, key.edtf, key.public_id],
    )
    after_day_start = Q(date_earliest__gte=key.earliest)
    return _undated_is(False) & after_day_start & _row_compared(columns, values, "<")


def _row_compared(columns: tuple[str, ...], values: list, operator: str) -> Q:
    sql = f"({', '.join(map(_column, columns))}) {operator} ({', '.join(['%s'] * len(values))})"
    return Q(RawSQL(sql, values, output_field=BooleanField()))


def _undated_is(flag: bool) -> Q:
    """The index's second column (after the status) fixed by equality, written as the index
    writes it. Why raw SQL: Django writes ``UNDATED == flag`` as ``date_earliest IS NULL`` or
    ``NOT (…)``, which SQLite takes for a test of the column, not of the indexed expression; it
    then plans by the column's own index and sorts every undated document for each page."""
    sql = f"({_column('date_earliest')} IS NULL) = %s"
    return Q(RawSQL(sql, [flag], output_field=BooleanField()))


def _column(name: str) -> str:
    return f"{connection.ops.quote_name(Document._meta.db_table)}.{connection.ops.quote_name(name)}"
