"""Fast INSERT of many rows: with no primary keys back (apparatus, revisions, outbox), or with
them (an ingest batch's sources, documents and texts, whose rows the next tables point to).

Why not ``bulk_create``: for the tens of thousands of annotation rows of a large import, the
ORM's SQL compiler (one placeholder and one adapter call per value) cost more than the
database itself. Here the SQL is built once per model and values are adapted per column type:
plain strings, numbers and foreign keys pass straight through, other fields (JSON, dates) go
through the field's own ``get_db_prep_save`` so SQLite and PostgreSQL both get what they expect.
PostgreSQL gets the rows through ``COPY``, SQLite through ``executemany``; rows whose keys are
wanted back go as multi-row ``INSERT … RETURNING`` on both.
"""

from __future__ import annotations

from collections.abc import Sequence
from types import SimpleNamespace

from django.db import connection, models

_PLAIN = (
    models.CharField,
    models.TextField,
    models.IntegerField,
    models.BooleanField,
    models.ForeignKey,
)


def insert_many(
    model: type[models.Model], objs: Sequence[models.Model], prepared: Sequence[str] = ()
) -> None:
    """INSERT ``objs`` (unsaved instances of ``model``) with one ``executemany``. Values of
    the ``prepared`` attributes are given as the database takes them (adapted by the caller)."""
    if not objs:
        return
    fields = _fields(model)
    columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    marks = ", ".join(["%s"] * len(fields))
    sql = f"INSERT INTO {connection.ops.quote_name(model._meta.db_table)} ({columns}) VALUES ({marks})"
    adapters = [_adapter(f, f.attname in prepared) for f in fields]
    rows = [tuple(adapt(obj) for adapt in adapters) for obj in objs]
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # COPY streams the rows in one command: far fewer round trips than INSERTs.
            table = connection.ops.quote_name(model._meta.db_table)
            with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
        else:
            cursor.executemany(sql, rows)


def insert_values(
    model: type[models.Model], rows: Sequence[dict], prepared: Sequence[str] = ()
) -> None:
    """:func:`insert_many` for rows given as ``{attname: value}``, every other column taking its
    field's default. Why: a batch's link rows are a hundred thousand at a time, and building a
    model instance for each cost more than adapting its values."""
    if not rows:
        return
    defaults = {f.attname: f.get_default() for f in _fields(model)}
    for row in rows:
        if not row.keys() <= defaults.keys():  # a misspelt column would be left at its default
            raise ValueError(
                f"{model.__name__} has no column {sorted(row.keys() - defaults.keys())}"
            )
        if not row.keys() >= set(prepared):  # a default is not in the database's form
            raise ValueError(f"{model.__name__}: no value for {sorted(set(prepared) - row.keys())}")
    objs = [SimpleNamespace(**{**defaults, **row}) for row in rows]
    insert_many(model, objs, prepared)  # type: ignore[arg-type]


# SQLite (3.32 and later) takes at most 32,766 parameters in one statement.
_MOST_PARAMETERS = 30000
_MOST_ROWS = 500


def insert_returning(model: type[models.Model], objs: Sequence[models.Model]) -> None:
    """INSERT ``objs`` (unsaved instances of ``model``) and set each one's primary key, as
    ``bulk_create`` does, in multi-row statements. Why: for an ingest batch's documents (thirty
    columns each) the ORM's compiler cost more than the INSERT itself; see the module doc.

    The keys come back in the order of the rows, which both databases keep for a single
    ``INSERT … VALUES … RETURNING`` (``bulk_create`` relies on the same)."""
    if not objs:
        return
    fields = _fields(model)
    pk = model._meta.pk
    columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    row_marks = "(" + ", ".join(["%s"] * len(fields)) + ")"
    head = f"INSERT INTO {connection.ops.quote_name(model._meta.db_table)} ({columns}) VALUES "
    tail = f" RETURNING {connection.ops.quote_name(pk.column)}"
    adapters = [_adapter(f) for f in fields]
    per = max(1, min(_MOST_ROWS, _MOST_PARAMETERS // len(fields)))
    with connection.cursor() as cursor:
        for start in range(0, len(objs), per):
            chunk = objs[start : start + per]
            params = [adapt(obj) for obj in chunk for adapt in adapters]
            cursor.execute(head + ", ".join([row_marks] * len(chunk)) + tail, params)
            keys = cursor.fetchall()
            if len(keys) != len(chunk):  # never expected: the caller's transaction is undone
                raise RuntimeError(f"{model.__name__}: {len(keys)} keys for {len(chunk)} rows")
            for obj, (key,) in zip(chunk, keys, strict=True):
                setattr(obj, pk.attname, key)
                obj._state.adding = False
                obj._state.db = connection.alias


def _fields(model: type[models.Model]) -> list[models.Field]:
    return [f for f in model._meta.concrete_fields if not f.primary_key]


def _adapter(field: models.Field, prepared: bool = False):
    attname = field.attname
    if prepared:
        return lambda obj: getattr(obj, attname)
    if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
        return lambda obj: field.get_db_prep_save(field.pre_save(obj, True), connection)
    if isinstance(field, _PLAIN) and not isinstance(field, models.JSONField):
        return lambda obj: getattr(obj, attname)
    return lambda obj: field.get_db_prep_save(getattr(obj, attname), connection)
