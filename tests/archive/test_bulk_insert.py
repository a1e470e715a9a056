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
