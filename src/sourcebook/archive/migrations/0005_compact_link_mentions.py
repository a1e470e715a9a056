"""Link rows: mentions stored compact, and two single-column indexes dropped.

Why by hand: Django would alter these fields on SQLite by copying each link table whole, six
times (a field class and two ``db_index`` changes per table): at a million documents that is
tens of millions of rows copied. Nothing about the columns changes, so the model state is
altered alone, the two indexes per table are dropped by name (found by introspection, so any
name Django gave them is found), and each row whose mentions fit the compact form
(:mod:`sourcebook.core.linking.stored`) is rewritten, a few hundred at a time, after checking
that the compact form reads back as what the row held. Reversible: going back writes every
row's mentions as objects again and recreates the indexes.

On SQLite the file does not shrink by itself: the freed pages are reused by later writes, or
``VACUUM`` returns them to the file system (docs/operations.md).
"""

import json

import django.db.models.deletion
from django.db import migrations, models

import sourcebook.archive.mentionsfield
from sourcebook.archive.mentionsfield import CompactJSONEncoder
from sourcebook.core.linking import stored

PAGE = 500
TABLES = ("archive_documentagent", "archive_document_places")
COLUMNS = ("document_id", "link")
LINKS = [(k, k) for k in ("encoded", "automatic", "candidate", "confirmed", "rejected")]


def _single_column_indexes(schema_editor, table, column):
    with schema_editor.connection.cursor() as cursor:
        found = schema_editor.connection.introspection.get_constraints(cursor, table)
    return [
        name
        for name, c in found.items()
        if c["columns"] == [column] and c["index"] and not (c["unique"] or c["primary_key"])
    ]


def drop_indexes(apps, schema_editor):
    for table in TABLES:
        for column in COLUMNS:
            for name in _single_column_indexes(schema_editor, table, column):
                schema_editor.execute(f"DROP INDEX {schema_editor.quote_name(name)}")


def create_indexes(apps, schema_editor):
    for table in TABLES:
        for column in COLUMNS:
            if not _single_column_indexes(schema_editor, table, column):
                name = schema_editor._create_index_name(table, [column])
                q = schema_editor.quote_name
                schema_editor.execute(f"CREATE INDEX {q(name)} ON {q(table)} ({q(column)})")


def _rows(cursor, table):
    last = 0
    while True:
        cursor.execute(
            f"SELECT id, mentions FROM {table} WHERE id > %s ORDER BY id LIMIT %s", (last, PAGE)
        )
        rows = cursor.fetchall()
        if not rows:
            return
        yield [(pk, json.loads(v) if isinstance(v, (str, bytes)) else v) for pk, v in rows]
        last = rows[-1][0]


def _rewrite(schema_editor, convert, encoder):
    conn = schema_editor.connection
    with conn.cursor() as read, conn.cursor() as write:
        for table in TABLES:
            for rows in _rows(read, table):
                updates = []
                for pk, value in rows:
                    new = convert(value)
                    if stored.expand(new) != stored.expand(value):
                        raise RuntimeError(f"{table} {pk}: mentions would change; nothing written")
                    if new != value:
                        updates.append((conn.ops.adapt_json_value(new, encoder), pk))
                write.executemany(f"UPDATE {table} SET mentions = %s WHERE id = %s", updates)


def compact_rows(apps, schema_editor):
    _rewrite(schema_editor, lambda v: stored.compact(stored.expand(v)), CompactJSONEncoder)


def expand_rows(apps, schema_editor):
    _rewrite(schema_editor, stored.expand, None)


def _fields(model, related_name):
    return [
        migrations.AlterField(
            model_name=model,
            name="document",
            field=models.ForeignKey(
                db_index=False,
                on_delete=django.db.models.deletion.CASCADE,
                related_name=related_name,
                to="archive.document",
            ),
        ),
        migrations.AlterField(
            model_name=model,
            name="link",
            field=models.CharField(choices=LINKS, default="encoded", max_length=20),
        ),
        migrations.AlterField(
            model_name=model,
            name="mentions",
            field=sourcebook.archive.mentionsfield.MentionsField(blank=True, default=list),
        ),
    ]


class Migration(migrations.Migration):
    dependencies = [
        ("archive", "0004_packed_sources_texts_revisions"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=_fields("documentagent", "agent_links")
            + _fields("documentplace", "place_links"),
            database_operations=[migrations.RunPython(drop_indexes, create_indexes)],
        ),
        migrations.RunPython(compact_rows, expand_rows),
    ]
