"""The editing service: checked edits as new versions, kept when the source is ingested again."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from sourcebook.archive import ingest
from sourcebook.archive.editing import (
    EditConflict,
    accept_source_change,
    dismiss_source_change,
    edit_document,
)
from sourcebook.archive.models import Document, IndexEvent, Revision, SourceChange
from sourcebook.archive.serialize import document_json
from sourcebook.audit.models import AuditEntry
from tests.conftest import SEED
from tests.support.cli import snapshot

pytestmark = pytest.mark.django_db

NEW_TITLE = "Cable, Chinese Embassy in the DPRK to the Consular Affairs Department"
OLD_SUMMARY = (
    "North Korean and Chinese officials discuss what to do with Koreans who have illegally "
    "entered China."
)


def changed_seed(tmp_path, title: str | None = None, summary: str | None = None):
    """A re-exported copy of the seed with its title and/or summary changed."""
    text = SEED.read_text(encoding="utf-8")
    if title is not None:
        text = text.replace(
            "**Cable, Chinese Embassy in North Korea to the\nForeign Ministry Consular Affairs "
            "Department**",
            f"**{title}**",
        )
    if summary is not None:
        text = text.replace(OLD_SUMMARY, summary)
    path = tmp_path / "wcda-208190.txt"
    path.write_text(text, encoding="utf-8")
    return path


def reingest(path):
    outcomes = ingest.ingest_file(path)
    assert [o.status for o in outcomes] == ["updated"], outcomes
    return Document.objects.get(public_id="208190")


def test_an_edit_is_a_new_version_with_author_note_audit_and_outbox(seed_doc):
    events = IndexEvent.objects.count()
    doc = edit_document(
        seed_doc,
        {"title": NEW_TITLE, "date": "12 October 1959", "translators": "David Cowhig; A. Reader"},
        "ann",
        "Title as the archive catalogues it",
    )
    assert doc.version == 2
    assert (doc.title, doc.date_text, doc.date_edtf) == (NEW_TITLE, "12 October 1959", "1959-10-12")
    assert doc.translators == ["David Cowhig", "A. Reader"]
    assert doc.protected == ["date", "title", "translators"]
    rev = Revision.objects.get(document=doc, version=2)
    assert (rev.author, rev.note, rev.reason) == (
        "ann",
        "Title as the archive catalogues it",
        "edit",
    )
    assert rev.data == doc.to_record().to_json()
    assert IndexEvent.objects.count() == events + 1
    entry = AuditEntry.objects.get(action="edit")
    assert (entry.actor, entry.target, entry.target_id) == ("ann", "document", "208190")
    assert entry.before["title"].startswith("Cable, Chinese Embassy in North Korea to the\n")
    assert entry.after["title"] == NEW_TITLE
    # Saving the same values again makes no version.
    assert edit_document(doc, {"title": NEW_TITLE}, "ann", "again").version == 2


def test_a_text_body_is_read_again_for_apparatus(seed_doc):
    body = seed_doc.texts.get().body.replace(
        "Ri Chang-jeong [Ri Chang Jong]", "Ri Chang-jeong [Ri Chang Jong] [illegible]"
    )
    before = [a.type for a in seed_doc.to_record().texts[0].annotations]
    doc = edit_document(seed_doc, {"texts.0.body": body}, "ann", "added a reading note")
    text = doc.texts.get()
    assert text.body == body
    after = [a.type for a in text.annotations.all()]
    assert after.count("illegible") == before.count("illegible") + 1
    assert len(after) == len(before) + 1
    assert doc.protected == ["texts.0.body"]


@pytest.mark.parametrize(
    ("changes", "field", "reason"),
    [
        ({"date": "Octobre 11, 1959"}, "date", "unknown month 'Octobre'"),
        ({"date": "the eleventh"}, "date", "not a date"),
        ({"texts.0.body": "Ri said [handwritten: yes"}, "texts.0.body", "'[' is never closed"),
        ({"texts.0.body": "Ri said] yes"}, "texts.0.body", "']' closes no '['"),
        ({"texts.3.body": "x"}, "texts.3.body", "has 1 text(s)"),
        ({"permalink": "javascript:alert(1)"}, "permalink", "not an http(s) link"),
        ({"title": "   "}, "title", "cannot be empty"),
        ({"reference": "x" * 501}, "reference", "over the limit of 500"),
        ({"languages": "Chinese; Elvish"}, "languages", "unknown language"),
        ({"status": "withdrawn"}, "status", "unknown field"),
        ({"summary": "bad \x07 bell"}, "summary", "control character U+0007"),
    ],
)
def test_a_bad_value_is_refused_and_nothing_is_saved(seed_doc, changes, field, reason):
    before = snapshot()
    with pytest.raises(ValidationError) as caught:
        edit_document(seed_doc, {"summary": "A fine new summary.", **changes}, "ann", "x")
    assert list(caught.value.message_dict) == [field]
    assert reason in caught.value.message_dict[field][0]
    assert snapshot() == before
    assert not AuditEntry.objects.exists()


def test_a_note_over_its_limit_is_refused(seed_doc):
    with pytest.raises(ValidationError, match="over 2,000"):
        edit_document(seed_doc, {"title": NEW_TITLE}, "ann", "why " * 600)
    assert Document.objects.get(pk=seed_doc.pk).version == 1


def test_a_body_over_the_size_limit_is_refused(seed_doc, settings):
    settings.MAX_FILE_SIZE = 1000
    with pytest.raises(ValidationError, match="over the limit of 1,000 bytes"):
        edit_document(seed_doc, {"texts.0.body": "word " * 300}, "ann", "x")
    assert Document.objects.get(pk=seed_doc.pk).version == 1


def test_an_edit_on_a_stale_version_is_refused(seed_doc):
    edit_document(seed_doc, {"summary": "First editor's summary."}, "ann", "one")
    with pytest.raises(EditConflict, match="changed since you opened it"):
        edit_document(seed_doc, {"title": NEW_TITLE}, "bob", "two", expected_version=1)
    assert Document.objects.get(pk=seed_doc.pk).title != NEW_TITLE


def test_reingest_keeps_protected_fields_and_records_the_source_change(seed_doc, tmp_path):
    edit_document(seed_doc, {"title": NEW_TITLE}, "ann", "catalogue title")
    source_title = "Cable, Chinese Embassy in North Korea to the Consular Department"
    doc = reingest(changed_seed(tmp_path, title=source_title, summary="Officials discuss."))
    assert doc.title == NEW_TITLE  # the edit is kept
    assert doc.summary == "Officials discuss."  # the unprotected field follows the source
    assert doc.version == 3
    assert Revision.objects.get(document=doc, version=3).data["title"] == NEW_TITLE
    change = SourceChange.objects.get()
    assert (change.target, change.target_id, change.field) == ("document", doc.pk, "title")
    assert (change.source_value, change.current_value) == (source_title, NEW_TITLE)
    assert change.resolution == "" and change.source.path.endswith("wcda-208190.txt")
    data = document_json(doc)
    assert data["protected"] == ["title"]
    assert data["pending_source_changes"] == [{"field": "title", "source_value": source_title}]

    # The same source again, or with another unprotected change: still one pending change.
    reingest(changed_seed(tmp_path, title=source_title, summary="Officials talk."))
    assert SourceChange.objects.count() == 1

    accept_source_change(change, "bob")
    doc = Document.objects.get(pk=doc.pk)
    assert (doc.title, doc.version, doc.protected) == (source_title, 5, [])
    rev = Revision.objects.get(document=doc, version=5)
    assert (rev.author, rev.note) == ("bob", "accepted source change")
    change.refresh_from_db()
    assert (change.resolution, change.resolved_by) == ("accepted", "bob")
    assert AuditEntry.objects.filter(action="accept-source-change", actor="bob").count() == 1
    assert document_json(doc)["pending_source_changes"] == []


def test_a_dismissed_source_value_is_not_proposed_again(seed_doc, tmp_path):
    edit_document(seed_doc, {"title": NEW_TITLE}, "ann", "catalogue title")
    reingest(changed_seed(tmp_path, title="Source title one", summary="One."))
    dismiss_source_change(SourceChange.objects.get(), "ann")
    doc = reingest(changed_seed(tmp_path, title="Source title one", summary="Two."))
    assert doc.title == NEW_TITLE and doc.protected == ["title"]
    assert list(SourceChange.objects.values_list("resolution", flat=True)) == ["dismissed"]
    assert AuditEntry.objects.filter(action="dismiss-source-change").count() == 1
    # A new value from the source is proposed.
    reingest(changed_seed(tmp_path, title="Source title two", summary="Three."))
    assert SourceChange.objects.get(resolution="").source_value == "Source title two"
    with pytest.raises(ValidationError, match="already dismissed"):
        dismiss_source_change(SourceChange.objects.get(resolution="dismissed"), "ann")


def test_a_protected_text_body_keeps_the_editors_apparatus(seed_doc, tmp_path):
    original = seed_doc.texts.get().body
    body = original + "\n\n[Editor's note: checked against the scan.]"
    edit_document(seed_doc, {"texts.0.body": body}, "ann", "note")
    doc = reingest(changed_seed(tmp_path, summary="Officials discuss."))
    assert doc.texts.get().body == body
    assert doc.texts.get().annotations.filter(type="editor_note").exists()
    change = SourceChange.objects.get()
    assert change.field == "texts.0.body" and change.source_value == original
