"""The editing page's field labels and the source-changes pages' field names in the editor's
interface language; the form's names and the stored field stay the editing service's."""

from __future__ import annotations

import pytest

from sourcebook.archive import ingest
from sourcebook.archive.editing import edit_document
from tests.curation.test_edits_pages import CHANGES, EDIT
from tests.curation.test_edits_service import NEW_TITLE, changed_seed
from tests.support.i18n import tree as _tree

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor_client(client):
    from django.contrib.auth.models import Permission, User

    user = User.objects.create_user("ann", password="a long passphrase 9")
    user.user_permissions.add(Permission.objects.get(codename="change_document"))
    client.force_login(user)
    return client


def _changes(tree) -> list[tuple]:
    return [
        (s.get("data-field"), " ".join(s.xpath("string(h2)").split()))
        for s in tree.xpath("//section[@class='change']")
    ]


@pytest.fixture
def pending(seed_doc, tmp_path):
    """Two source changes waiting: the title and the summary an editor changed."""
    edit_document(seed_doc, {"title": NEW_TITLE, "summary": "Shorter."}, "ann", "catalogue")
    ingest.ingest_file(changed_seed(tmp_path, title="Cable", summary="Officials discuss."))


def test_source_changes_name_their_field_in_the_interface_language(editor_client, pending):
    assert sorted(_changes(_tree(editor_client, CHANGES, "en"))) == [
        ("summary", "Summary"),
        ("title", "Title"),
    ]
    assert sorted(_changes(_tree(editor_client, CHANGES, "de"))) == [
        ("summary", "Zusammenfassung"),
        ("title", "Titel"),
    ]
    assert sorted(_changes(_tree(editor_client, "/changes/", "ru"))) == [
        ("summary", "208190 (документ): Краткое содержание"),
        ("title", "208190 (документ): Заглавие"),
    ]
    # The buttons still send the change's id and the action.
    tree = _tree(editor_client, CHANGES, "de")
    assert sorted(set(tree.xpath("//button[@name='action']/@value"))) == ["accept", "dismiss"]


def test_the_editing_form_labels_its_fields_in_the_interface_language(editor_client, seed_doc):
    def labels(language: str) -> dict[str, str]:
        tree = _tree(editor_client, EDIT, language)
        return {
            label.get("for"): " ".join(label.text_content().split())
            for label in tree.xpath("//form//label[starts-with(@for, 'f-')]")
        }

    en, de = labels("en"), labels("de")
    assert (en["f-title"], en["f-doc_type"], en["f-texts-0-body"]) == (
        "Title",
        "Document type",
        "Text: Translation - English",
    )
    assert (de["f-title"], de["f-doc_type"], de["f-texts-0-body"]) == (
        "Titel",
        "Dokumenttyp",
        "Text: Translation - English",
    )
    assert labels("zh-hans")["f-original_language"] == "原文语言（按原记录）"
