"""The ingest's own INSERT helpers (``archive.bulk``): keys come back to the right rows, values
go through their fields (packing, JSON, dates), and rows given as values take the defaults."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db(transaction=False)


def _document(public_id: str, **fields):
    from sourcebook.archive.models import Document

    return Document(public_id=public_id, title=f"Title {public_id}", **fields)


def test_keys_come_back_to_their_rows_across_statements(monkeypatch):
    from sourcebook.archive import bulk
    from sourcebook.archive.models import Document, Text

    monkeypatch.setattr(bulk, "_MOST_ROWS", 7)  # several statements for one call
    docs = [_document(f"bulk-{i}", extra={"n": i}, translators=[f"T{i}"]) for i in range(30)]
    bulk.insert_returning(Document, docs)
    for i, doc in enumerate(docs):
        stored = Document.objects.get(pk=doc.pk)
        assert (stored.public_id, stored.extra, stored.translators) == (
            f"bulk-{i}",
            {"n": i},
            [f"T{i}"],
        )
        assert stored.created_at is not None and not doc._state.adding
    texts = [Text(document=d, kind="translation", body="ü " * (i + 1)) for i, d in enumerate(docs)]
    bulk.insert_returning(Text, texts)
    assert [Text.objects.get(pk=t.pk).body for t in texts] == ["ü " * (i + 1) for i in range(30)]


def test_rows_as_values_take_the_defaults_and_refuse_unknown_columns():
    from sourcebook.archive import bulk
    from sourcebook.archive.models import Agent, DocumentAgent

    doc = _document("bulk-links")
    doc.save()
    agent = Agent.objects.create(slug="gromyko", name="Andrei Gromyko", kind="person")
    mentions = [{"text": 0, "start": 4, "end": 11, "surface": "Gromyko"}]
    bulk.insert_values(
        DocumentAgent, [{"document_id": doc.pk, "agent_id": agent.pk, "mentions": mentions}]
    )
    link = DocumentAgent.objects.get(document=doc)
    assert (link.link, link.confidence, link.role) == ("encoded", 1.0, "")
    assert link.mentions == mentions
    with pytest.raises(ValueError, match="agnet_id"):
        bulk.insert_values(DocumentAgent, [{"document_id": doc.pk, "agnet_id": agent.pk}])
    assert DocumentAgent.objects.count() == 1


def test_mentions_given_prepared_are_stored_as_the_field_stores_them():
    """The linker's bulk write gives each link's mentions as the column's JSON
    (``mentionsfield.column_json``): read back, and as stored, the same as the field's own."""
    from django.db import connection

    from sourcebook.archive import bulk
    from sourcebook.archive.mentionsfield import column_json
    from sourcebook.archive.models import Agent, DocumentAgent
    from sourcebook.core.linking import Mention

    doc = _document("bulk-prepared")
    doc.save()
    found = [
        Mention(0, 4, 11, "Gromyko", "agent:1", 0.9, "name"),
        Mention(0, 40, 54, "Андрей Громыко", "agent:1", 0.9, "name"),
        Mention(2, 0, 7, "Gromyko", "agent:1", 0.9, "name"),
    ]
    ours, theirs, empty = (
        Agent.objects.create(slug=slug, name=slug, kind="person") for slug in ("a", "b", "c")
    )
    rows = [
        {"document_id": doc.pk, "agent_id": ours.pk, "mentions": column_json(found)},
        {"document_id": doc.pk, "agent_id": empty.pk, "mentions": column_json([])},
    ]
    bulk.insert_values(DocumentAgent, rows, prepared=("mentions",))
    DocumentAgent.objects.create(document=doc, agent=theirs, mentions=[m.to_json() for m in found])
    links = {link.agent_id: link for link in DocumentAgent.objects.filter(document=doc)}
    assert links[ours.pk].mentions == links[theirs.pk].mentions == [m.to_json() for m in found]
    assert links[empty.pk].mentions == []
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT agent_id, mentions FROM archive_documentagent WHERE document_id = %s",
            [doc.pk],
        )
        raw = dict(cursor.fetchall())
    assert raw[ours.pk] == raw[theirs.pk]  # the same stored form (text, or jsonb)
    with pytest.raises(ValueError, match="mentions"):
        bulk.insert_values(
            DocumentAgent, [{"document_id": doc.pk, "agent_id": ours.pk}], prepared=("mentions",)
        )
