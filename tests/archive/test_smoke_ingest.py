from sourcebook.archive.models import Document, IndexEvent, Revision, Source


def test_seed_ingests_with_source_revision_and_outbox(seed_doc):
    assert Document.objects.count() == 1
    assert Source.objects.get().sha256 == seed_doc.source.sha256
    assert Revision.objects.filter(document=seed_doc).count() == 1
    assert list(IndexEvent.objects.values_list("public_id", "action")) == [("208190", "upsert")]
