"""Purge (CLI only, logged) and the admin: no delete, publish/withdraw/reinstate actions."""

from __future__ import annotations

import getpass

import pytest
from django.contrib.auth.models import User

from sourcebook.archive.models import Document, IndexEvent, Revision, Source
from sourcebook.audit.models import AuditEntry
from tests.support.cli import run_cli

from .states_support import VOLUME, archive, editor, index, indexed_ids, oai

__all__ = ["archive", "index"]  # fixtures

pytestmark = pytest.mark.django_db(transaction=True)

LETTER = "sample-undated-letter"


def test_purge_deletes_the_document_and_every_version_and_logs_it(client, archive, settings):
    settings.SOURCEBOOK_OAI_ADMIN_EMAIL = "archive@example.org"
    from sourcebook.archive import publication

    doc = Document.objects.get(public_id=LETTER)
    publication.withdraw(doc, "Rights holder's request", "tester")
    sha = doc.source.sha256
    refused = run_cli("purge", LETTER, process=True)
    assert refused.returncode == 1 and "add --yes to confirm" in refused.stderr
    assert Document.objects.filter(public_id=LETTER).exists()

    done = run_cli("purge", LETTER, "--yes")
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == f"purged {LETTER} (1 version(s))"
    assert not Document.objects.filter(public_id=LETTER).exists()
    assert not any(r.data["id"] == LETTER for r in Revision.objects.all())
    assert not Source.objects.filter(sha256=sha).exists()
    assert IndexEvent.objects.order_by("-id").values_list("public_id", "action")[0] == (
        LETTER,
        "delete",
    )
    entry = AuditEntry.objects.get(action="purge")
    assert (entry.actor, entry.target, entry.target_id) == (getpass.getuser(), "document", LETTER)
    assert entry.before == {
        "status": "withdrawn",
        "reason": "Rights holder's request",
        "withdrawn_at": entry.before["withdrawn_at"],
        "title": "Letter from Ri Chang-jeong to the Chinese Embassy in North Korea",
        "versions": 1,
        "sources_deleted": [sha],
        "sources_kept": [],
    }
    assert client.get(f"/documents/{LETTER}/").status_code == 404
    assert client.get(f"/api/documents/{LETTER}").status_code == 404
    root = oai(
        client, verb="GetRecord", identifier=f"oai:testserver:{LETTER}", metadataPrefix="oai_dc"
    )
    assert root.find("{http://www.openarchives.org/OAI/2.0/}error").get("code") == (
        "idDoesNotExist"
    )
    assert LETTER not in indexed_ids()


def test_purging_one_document_of_a_volume_keeps_the_shared_source(index):
    from sourcebook.archive import ingest

    ingest.ingest_file(VOLUME, status="published")
    done = run_cli("purge", "frus1961-63v22-d2", "--yes", "--as", "Legal")
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip().endswith("; 1 shared source file(s) kept")
    assert Document.objects.filter(public_id__startswith="frus1961-63v22-").count() == 17
    assert Source.objects.count() == 1
    assert AuditEntry.objects.get(action="purge").actor == "Legal"


def _staff_editor() -> User:
    from django.contrib.auth.models import Permission

    user = editor()
    user.is_staff = True
    user.save()
    user.user_permissions.add(Permission.objects.get(codename="view_document"))
    return user


def test_the_admin_cannot_delete_documents_or_versions(client, archive):
    doc = Document.objects.get(public_id=LETTER)
    client.force_login(User.objects.create_superuser("root", "root@example.org", "pw"))
    assert client.get(f"/admin/archive/document/{doc.pk}/delete/").status_code == 403
    assert (
        client.post(f"/admin/archive/document/{doc.pk}/delete/", {"post": "yes"}).status_code == 403
    )
    listing = client.get("/admin/archive/document/")
    actions = [value for value, _ in listing.context["action_form"].fields["action"].choices]
    assert "delete_selected" not in actions
    assert {"publish_selected", "withdraw_selected", "reinstate_selected"} <= set(actions)
    response = client.post(
        "/admin/archive/document/",
        {"action": "delete_selected", "_selected_action": [doc.pk], "post": "yes"},
    )
    assert Document.objects.filter(pk=doc.pk).exists()
    revision = Revision.objects.get(document=doc)
    assert client.get(f"/admin/archive/revision/{revision.pk}/delete/").status_code == 403
    assert response.status_code in (200, 302)


def test_admin_actions_publish_withdraw_and_reinstate(client, archive, tmp_path):
    from sourcebook.archive import ingest

    path = tmp_path / "draft-note.txt"
    path.write_text(
        'May 1, 1960\n**A Draft Note**\n\nCitation:\n\n"A Draft Note", May 1, 1960, Test '
        "Archive, TA 1.\n\nContents:\n\nTranslation - English\n\nBody.\n",
        encoding="utf-8",
    )
    assert ingest.ingest_file(path, status="draft")[0].status == "added"
    draft = Document.objects.get(public_id="draft-note")
    letter = Document.objects.get(public_id=LETTER)
    client.force_login(_staff_editor())
    url = "/admin/archive/document/"

    client.post(url, {"action": "publish_selected", "_selected_action": [draft.pk, letter.pk]})
    assert Document.objects.get(pk=draft.pk).status == "published"

    # Withdrawing asks for the reason first, and refuses to go on without one.
    ask = client.post(url, {"action": "withdraw_selected", "_selected_action": [letter.pk]})
    assert ask.status_code == 200 and b'name="reason"' in ask.content
    again = client.post(
        url,
        {
            "action": "withdraw_selected",
            "_selected_action": [letter.pk],
            "apply": "1",
            "reason": " ",
        },
    )
    assert again.status_code == 200 and b"A reason is required." in again.content
    assert Document.objects.get(pk=letter.pk).status == "published"
    done = client.post(
        url,
        {
            "action": "withdraw_selected",
            "_selected_action": [letter.pk],
            "apply": "1",
            "reason": "Duplicate record",
        },
    )
    assert done.status_code == 302
    letter.refresh_from_db()
    assert (letter.status, letter.withdrawn_reason) == ("withdrawn", "Duplicate record")

    # The status cannot be edited as a field of the change form.
    form = client.get(f"{url}{letter.pk}/change/").context["adminform"].form
    assert "status" not in form.fields and "withdrawn_reason" not in form.fields

    client.post(url, {"action": "reinstate_selected", "_selected_action": [letter.pk]})
    assert Document.objects.get(pk=letter.pk).status == "published"
    assert list(AuditEntry.objects.values_list("actor", "action", "target_id")) == [
        ("ana", "publish", "draft-note"),
        ("ana", "withdraw", LETTER),
        ("ana", "reinstate", LETTER),
    ]
