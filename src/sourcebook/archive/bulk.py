"""Fast INSERT of many rows that need no primary keys back (apparatus, revisions, outbox).

Why not ``bulk_create``: for the tens of thousands of annotation rows of a large import, the
ORM's SQL compiler (one placeholder and one adapter call per value) cost more than the
database itself. Here the SQL is built once per model and values are adapted per column type:
plain strings, numbers and foreign keys pass straight through, other fields (JSON, dates) go
through the field's own ``get_db_prep_save`` so SQLite and PostgreSQL both get what they expect.
PostgreSQL gets the rows through ``COPY``, SQLite through ``executemany``.
"""

from __future__ import annotations

from collections.abc import Sequence

from django.db import connection, models

_PLAIN = (
    models.CharField,
    models.TextField,
    models.IntegerField,
    models.BooleanField,
    models.ForeignKey,
)


def insert_many(model: type[models.Model], objs: Sequence[models.Model]) -> None:
    """INSERT ``objs`` (unsaved instances of ``model``) with one ``executemany``."""
    if not objs:
        return
    fields = [f for f in model._meta.concrete_fields if not f.primary_key]
    columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    marks = ", ".join(["%s"] * len(fields))
    sql = f"INSERT INTO {connection.ops.quote_name(model._meta.db_table)} ({columns}) VALUES ({marks})"
    adapters = [_adapter(f) for f in fields]
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


def _adapter(field: models.Field):
    attname = field.attname
    if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
        return lambda obj: field.get_db_prep_save(field.pre_save(obj, True), connection)
    if isinstance(field, _PLAIN) and not isinstance(field, models.JSONField):
        return lambda obj: getattr(obj, attname)
    return lambda obj: field.get_db_prep_save(getattr(obj, attname), connection)
