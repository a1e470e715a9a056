"""Migration 0004 packs rows written before it, and undoes it exactly (SQLite and PostgreSQL).

Rows are written with the schema of 0003 (plain bytes, JSON, text) by the migration state's own
models, then the real migration runs forward, back and forward again.
"""

from __future__ import annotations

import hashlib

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from sourcebook.core import packing
from tests.conftest import SEED

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = [("archive", "0003_issue10_links")]
AFTER = [("archive", "0004_packed_sources_texts_revisions")]
ODD = b"\xff\xfeodd \x00 bytes " + bytes(range(256))


def _migrate(target):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(target)
    return executor.loader.project_state(target).apps


def _old_rows(apps):
    """A document with two versions and two sources, written as 0003 stored them."""
    Source = apps.get_model("archive", "Source")
    Document = apps.get_model("archive", "Document")
    Text = apps.get_model("archive", "Text")
    Revision = apps.get_model("archive", "Revision")
    seed = SEED.read_bytes()
    sources = [
        Source.objects.create(
            sha256=hashlib.sha256(raw).hexdigest(), format="x", path=p, size=len(raw), data=raw
        )
        for p, raw in (("seed.txt", seed), ("odd.bin", ODD))
    ]
    doc = Document.objects.create(public_id="old-1", title="Old", version=2, source=sources[1])
    Text.objects.create(document=doc, kind="translation", body="Zhou Enlai 周恩来\\n", markup=None)
    Text.objects.create(document=doc, position=1, kind="note", body="", markup="<p>Ü</p>")
    records = [{"id": "old-1", "title": "Old", "texts": [{"body": seed.decode()[:500]}]}]
    records.append({"id": "old-1", "title": "Old", "note": "ü \\ ' \" 周"})
    for version, (record, source) in enumerate(zip(records, sources, strict=True), 1):
        Revision.objects.create(document=doc, version=version, data=record, source=source)
    return seed, records


def test_migration_packs_old_rows_and_reverses_exactly(back_to_latest):
    from sourcebook.archive.models import Document, Revision, Source, Text

    seed, records = _old_rows(_migrate(BEFORE))
    _migrate(AFTER)
    assert Source.objects.get(path="seed.txt").content() == seed
    assert Source.objects.get(path="odd.bin").content() == ODD
    assert all(s.verify() is None for s in Source.objects.all())
    doc = Document.objects.get(public_id="old-1")
    assert [(t.body, t.markup) for t in doc.texts.all()] == [
        ("Zhou Enlai 周恩来\\n", None),
        ("", "<p>Ü</p>"),
    ]
    revisions = list(Revision.objects.filter(document=doc).order_by("version"))
    assert [r.data for r in revisions] == records
    with connection.cursor() as cursor:
        cursor.execute("SELECT snapshot FROM archive_revision ORDER BY version")
        headers = [bytes(row[0])[:1] for row in cursor.fetchall()]
    assert headers[0] == packing.ZSTD_BASE  # packed against the seed's bytes

    apps = _migrate(BEFORE)
    Old = apps.get_model("archive", "Source")
    assert bytes(Old.objects.get(path="odd.bin").data) == ODD
    OldRevision = apps.get_model("archive", "Revision")
    assert [r.data for r in OldRevision.objects.order_by("version")] == records
    OldText = apps.get_model("archive", "Text")
    assert OldText.objects.get(position=0).body == "Zhou Enlai 周恩来\\n"

    _migrate(AFTER)
    assert Source.objects.get(path="odd.bin").content() == ODD
    assert [t.markup for t in Text.objects.order_by("position")] == [None, "<p>Ü</p>"]
