"""Pack (compress) the source bytes, the texts and the revision snapshots.

Data migration on SQLite and PostgreSQL alike, in the migration's one transaction: every
existing row is rewritten in the packed format of :mod:`sourcebook.core.packing`, read back and
compared before it is written, so a row is never replaced by something that does not unpack to
what it held. Revisions are packed first, against their source's still-unpacked bytes. Rows go
a few hundred at a time (keyset pages), so memory stays bounded at any size. Reversible: going
back unpacks every row into the old columns.

On SQLite the file does not shrink by itself: the freed pages are reused by later writes, or
``VACUUM`` returns them to the file system (docs/operations.md).
"""

import json

from django.db import migrations, models

import sourcebook.archive.packedfields
from sourcebook.core import packing

PAGE = 500
BASE_LIMIT = 256 * 1024  # Revision.BASE_LIMIT when this migration was written


def _pages(cursor, sql, params=()):
    """Rows of ``sql`` (which selects ``id`` first and ends with ``id > %s ORDER BY id LIMIT
    %s``), a page at a time."""
    last = 0
    while True:
        cursor.execute(sql, (*params, last, PAGE))
        rows = cursor.fetchall()
        if not rows:
            return
        yield rows
        last = rows[-1][0]


def _checked(packed, raw, base=None):
    if packing.unpack(packed, base) != raw:
        raise RuntimeError("packing did not give the same bytes back; nothing was changed")
    return packed


def _json_bytes(value):
    data = json.loads(value) if isinstance(value, (str, bytes, memoryview)) else value
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def _source_bytes(cursor, source_id, size):
    if source_id is None or size is None or size > BASE_LIMIT:
        return None
    cursor.execute("SELECT data FROM archive_source WHERE id = %s", (source_id,))
    return bytes(cursor.fetchone()[0])


def pack_revisions(apps, schema_editor):
    conn = schema_editor.connection
    sql = (
        "SELECT r.id, r.data, r.source_id, s.size FROM archive_revision r "
        "LEFT JOIN archive_source s ON s.id = r.source_id WHERE r.id > %s ORDER BY r.id LIMIT %s"
    )
    with conn.cursor() as read, conn.cursor() as write:
        for rows in _pages(read, sql):
            updates = []
            for pk, data, source_id, size in rows:
                raw = _json_bytes(data)
                base = _source_bytes(write, source_id, size)
                packed = _checked(packing.pack(raw, base), raw, base)
                updates.append((conn.Database.Binary(packed), pk))
            write.executemany("UPDATE archive_revision SET snapshot = %s WHERE id = %s", updates)


def pack_texts(apps, schema_editor):
    conn = schema_editor.connection
    sql = "SELECT id, body, markup FROM archive_text WHERE id > %s ORDER BY id LIMIT %s"
    with conn.cursor() as read, conn.cursor() as write:
        for rows in _pages(read, sql):
            updates = []
            for pk, body, markup in rows:
                packed = [
                    None
                    if t is None
                    else conn.Database.Binary(_checked(packing.pack_text(t), t.encode("utf-8")))
                    for t in (body or "", markup)
                ]
                updates.append((*packed, pk))
            write.executemany(
                "UPDATE archive_text SET packed_body = %s, packed_markup = %s WHERE id = %s",
                updates,
            )


def pack_sources(apps, schema_editor):
    conn = schema_editor.connection
    sql = "SELECT id, data FROM archive_source WHERE id > %s ORDER BY id LIMIT %s"
    with conn.cursor() as read, conn.cursor() as write:
        for rows in _pages(read, sql):
            updates = []
            for pk, data in rows:
                raw = bytes(data)
                packed = _checked(packing.pack(raw), raw)
                updates.append((conn.Database.Binary(packed), pk))
            write.executemany("UPDATE archive_source SET data = %s WHERE id = %s", updates)


def unpack_sources(apps, schema_editor):
    conn = schema_editor.connection
    sql = "SELECT id, data FROM archive_source WHERE id > %s ORDER BY id LIMIT %s"
    with conn.cursor() as read, conn.cursor() as write:
        for rows in _pages(read, sql):
            updates = [(conn.Database.Binary(packing.unpack(d)), pk) for pk, d in rows]
            write.executemany("UPDATE archive_source SET data = %s WHERE id = %s", updates)


def unpack_texts(apps, schema_editor):
    conn = schema_editor.connection
    sql = (
        "SELECT id, packed_body, packed_markup FROM archive_text "
        "WHERE id > %s ORDER BY id LIMIT %s"
    )
    with conn.cursor() as read, conn.cursor() as write:
        for rows in _pages(read, sql):
            updates = [
                (
                    packing.unpack_text(body),
                    None if markup is None else packing.unpack_text(markup),
                    pk,
                )
                for pk, body, markup in rows
            ]
            write.executemany(
                "UPDATE archive_text SET body = %s, markup = %s WHERE id = %s", updates
            )


def unpack_revisions(apps, schema_editor):
    """Back to JSON (runs after the sources were unpacked: their bytes are the bases)."""
    conn = schema_editor.connection
    sql = (
        "SELECT r.id, r.snapshot, r.source_id, s.size FROM archive_revision r "
        "LEFT JOIN archive_source s ON s.id = r.source_id WHERE r.id > %s ORDER BY r.id LIMIT %s"
    )
    with conn.cursor() as read, conn.cursor() as write:
        for rows in _pages(read, sql):
            updates = []
            for pk, snapshot, source_id, size in rows:
                base = _source_bytes(write, source_id, size) if packing.needs_base(snapshot) else None
                updates.append((packing.unpack(snapshot, base).decode("utf-8"), pk))
            write.executemany("UPDATE archive_revision SET data = %s WHERE id = %s", updates)


class Migration(migrations.Migration):
    dependencies = [
        ("archive", "0003_issue10_links"),
    ]

    operations = [
        migrations.AddField(
            model_name="revision",
            name="snapshot",
            field=models.BinaryField(default=b""),
        ),
        migrations.AlterField(
            model_name="revision",
            name="data",
            field=models.JSONField(null=True),
        ),
        migrations.AddField(
            model_name="text",
            name="packed_body",
            field=models.BinaryField(null=True),
        ),
        migrations.AddField(
            model_name="text",
            name="packed_markup",
            field=models.BinaryField(null=True),
        ),
        migrations.RunPython(pack_revisions, migrations.RunPython.noop),
        migrations.RunPython(pack_texts, unpack_texts),
        # Undone after the sources are unpacked again (operations are undone in reverse order).
        migrations.RunPython(migrations.RunPython.noop, unpack_revisions),
        migrations.RunPython(pack_sources, unpack_sources),
        migrations.RemoveField(model_name="revision", name="data"),
        migrations.RemoveField(model_name="text", name="body"),
        migrations.RemoveField(model_name="text", name="markup"),
        migrations.RenameField(model_name="text", old_name="packed_body", new_name="body"),
        migrations.RenameField(model_name="text", old_name="packed_markup", new_name="markup"),
        migrations.AlterField(
            model_name="text",
            name="body",
            field=sourcebook.archive.packedfields.PackedTextField(blank=True),
        ),
        migrations.AlterField(
            model_name="text",
            name="markup",
            field=sourcebook.archive.packedfields.PackedTextField(blank=True, null=True),
        ),
        migrations.AlterField(
            model_name="revision",
            name="snapshot",
            field=models.BinaryField(),
        ),
    ]
