"""Link rows keep their mentions compact in the database and give the same dicts back, through
every way rows are written and read; migration 0005 rewrites older rows and undoes it (SQLite
and PostgreSQL)."""

from __future__ import annotations

import json

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from sourcebook.archive.bulk import insert_many
from sourcebook.archive.models import Agent, Document, DocumentAgent, DocumentPlace, Place

LONG = [
    {"text": 0, "start": 23, "end": 37, "surface": "Andrei Gromyko"},
    {"text": 0, "start": 163, "end": 170, "surface": "Gromyko"},
    {"text": 1, "start": 5, "end": 12, "surface": "Gromyko"},
]
COMPACT = [["Andrei Gromyko", "Gromyko"], [0, 23, 0, 0, 163, 1, 1, 5, 1]]
ODD = [{"text": 0, "start": 1, "end": 99, "surface": "Gromyko"}]  # not the form: kept as is


def _raw(table: str) -> list:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT mentions FROM {table} ORDER BY id")
        return [json.loads(v) if isinstance(v, (str, bytes)) else v for (v,) in cursor.fetchall()]


def _indexes(table: str) -> set[tuple[str, ...]]:
    with connection.cursor() as cursor:
        found = connection.introspection.get_constraints(cursor, table)
    return {tuple(c["columns"]) for c in found.values() if c["index"] and not c["unique"]}


@pytest.mark.django_db
def test_rows_store_compact_and_read_back_the_same():
    doc = Document.objects.create(public_id="m-1", title="M")
    agent = Agent.objects.create(name="Andrei Gromyko", slug="gromyko")
    DocumentAgent.objects.create(document=doc, agent=agent, role="mentioned", mentions=LONG)
    DocumentAgent.objects.create(document=doc, agent=agent, role="sender", mentions=ODD)
    DocumentAgent.objects.create(document=doc, agent=agent, role="recipient")
    assert _raw("archive_documentagent") == [COMPACT, ODD, []]
    assert [r.mentions for r in DocumentAgent.objects.order_by("id")] == [LONG, ODD, []]
    assert list(DocumentAgent.objects.order_by("id").values_list("mentions", flat=True)) == [
        LONG,
        ODD,
        [],
    ]
    assert DocumentAgent.objects.exclude(mentions=[]).count() == 2
    if connection.vendor == "sqlite":  # the stored text itself: no spaces, no \u escapes
        with connection.cursor() as cursor:
            cursor.execute("SELECT mentions FROM archive_documentagent ORDER BY id LIMIT 1")
            assert cursor.fetchone()[0] == json.dumps(COMPACT, ensure_ascii=False).replace(
                ", ", ","
            )


@pytest.mark.django_db
def test_bulk_writes_store_compact():
    doc = Document.objects.create(public_id="m-2", title="M")
    place = Place.objects.create(name="Moscow", slug="moscow")
    insert_many(DocumentPlace, [DocumentPlace(document=doc, place=place, mentions=LONG)])
    assert _raw("archive_document_places") == [COMPACT]
    assert DocumentPlace.objects.get().mentions == LONG


def _migrate(target):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(target)
    return executor.loader.project_state(target).apps


BEFORE = [("archive", "0004_packed_sources_texts_revisions")]
AFTER = [("archive", "0005_compact_link_mentions")]


@pytest.mark.django_db(transaction=True)
def test_migration_compacts_old_rows_drops_indexes_and_reverses(back_to_latest):
    apps = _migrate(BEFORE)
    OldDoc, OldAgent = apps.get_model("archive", "Document"), apps.get_model("archive", "Agent")
    doc = OldDoc.objects.create(public_id="m-3", title="M")
    agent = OldAgent.objects.create(name="Gromyko", slug="gromyko")
    OldLink = apps.get_model("archive", "DocumentAgent")
    for role, mentions in (("mentioned", LONG), ("sender", ODD), ("recipient", [])):
        OldLink.objects.create(document=doc, agent=agent, role=role, mentions=mentions)
    assert _raw("archive_documentagent") == [LONG, ODD, []]
    assert {("document_id",), ("link",)} <= _indexes("archive_documentagent")

    _migrate(AFTER)
    assert _raw("archive_documentagent") == [COMPACT, ODD, []]
    assert [r.mentions for r in DocumentAgent.objects.order_by("id")] == [LONG, ODD, []]
    for table in ("archive_documentagent", "archive_document_places"):
        assert not {("document_id",), ("link",)} & _indexes(table)

    _migrate(BEFORE)
    assert _raw("archive_documentagent") == [LONG, ODD, []]
    for table in ("archive_documentagent", "archive_document_places"):
        assert {("document_id",), ("link",)} <= _indexes(table)
