"""The editing page and the source-changes page: editors only, CSRF, inline errors, no inline
styles or scripts."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth.models import Permission, User
from django.test import Client

from sourcebook.archive import ingest
from sourcebook.archive.editing import edit_document
from sourcebook.archive.models import Document, Revision, SourceChange
from tests.curation.test_edits_service import NEW_TITLE, changed_seed
from tests.support.cli import snapshot

pytestmark = pytest.mark.django_db

EDIT = "/documents/208190/edit/"
CHANGES = "/documents/208190/changes/"


@pytest.fixture
def editor():
    user = User.objects.create_user("ann", password="a long passphrase 9")
    user.user_permissions.add(Permission.objects.get(codename="change_document"))
    return user


@pytest.fixture
def editor_client(editor):
    client = Client()
    client.force_login(editor)
    return client


def form_data(client) -> dict:
    """The editing form as the browser would send it back unchanged."""
    html = client.get(EDIT).content.decode()
    data = {}
    for name, value in re.findall(
        r'<input type="(?:text|hidden)"[^>]*name="([^"]+)" value="([^"]*)"', html
    ):
        data[name] = _unescape(value)
    for name, value in re.findall(
        r'<textarea[^>]*name="([^"]+)"[^>]*>\n(.*?)</textarea>', html, re.S
    ):
        data[name] = _unescape(value)
    return data


def _unescape(value: str) -> str:
    import html

    return html.unescape(value)


def test_anonymous_visitors_are_sent_to_sign_in_and_cannot_post(client, seed_doc):
    for url in (EDIT, CHANGES, "/changes/"):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"] == f"/admin/login/?next={url}"
        # Anonymous writes are refused before any view runs (sourcebook.accounts.middleware).
        assert client.post(url, {"title": "Vandalised"}).status_code == 403
    assert Document.objects.get(pk=seed_doc.pk).version == 1


def test_a_reader_without_the_edit_permission_is_refused(client, seed_doc):
    client.force_login(User.objects.create_user("reader", password="a long passphrase 9"))
    assert client.get(EDIT).status_code == 403
    assert client.post(EDIT, {"title": "x", "version": "1"}).status_code == 403
    page = client.get("/documents/208190/").content.decode()
    assert EDIT not in page


def test_posts_without_a_csrf_token_are_refused(editor, seed_doc):
    client = Client(enforce_csrf_checks=True)
    client.force_login(editor)
    assert client.post(EDIT, {"title": NEW_TITLE, "version": "1"}).status_code == 403
    assert Document.objects.get(pk=seed_doc.pk).title != NEW_TITLE


def test_the_form_saves_changed_fields_only_as_a_new_version(editor_client, seed_doc):
    data = form_data(editor_client)
    assert data["version"] == "1"
    assert data["title"] == (
        "Cable, Chinese Embassy in North Korea to the\nForeign Ministry Consular Affairs Department"
    )
    assert data["texts.0.body"] == seed_doc.texts.get().body
    data.update({"title": NEW_TITLE, "note": "Catalogue title"})
    # Browsers send textareas with CRLF line ends: not a change.
    data = {k: v.replace("\n", "\r\n") for k, v in data.items()}
    response = editor_client.post(EDIT, data)
    assert response.status_code == 302 and response["Location"] == "/documents/208190/"
    doc = Document.objects.get(pk=seed_doc.pk)
    assert (doc.version, doc.title, doc.protected) == (2, NEW_TITLE, ["title"])
    rev = Revision.objects.get(document=doc, version=2)
    assert (rev.author, rev.note) == ("ann", "Catalogue title")


def test_a_parse_error_is_shown_next_to_its_field_and_nothing_is_saved(editor_client, seed_doc):
    data = form_data(editor_client)
    data.update(
        {
            "title": NEW_TITLE,
            "date": "Octobre 11, 1959",
            "texts.0.body": data["texts.0.body"] + "\n[handwritten note at top: unfinished",
        }
    )
    before = snapshot()
    response = editor_client.post(EDIT, data)
    assert response.status_code == 400
    html = response.content.decode()
    assert 'id="f-date-error">unknown month &#x27;Octobre&#x27;' in html
    assert re.search(
        r'id="f-texts-0-body-error">apparatus: line \d+: &#x27;\[&#x27; is never closed', html
    )
    # What the editor typed is kept in the form, to correct it.
    assert "[handwritten note at top: unfinished</textarea>" in html
    assert NEW_TITLE in html
    assert snapshot() == before


def test_a_stale_form_is_refused(editor_client, seed_doc):
    data = form_data(editor_client)
    edit_document(seed_doc, {"summary": "Someone else's summary."}, "bob", "meanwhile")
    data["title"] = NEW_TITLE
    response = editor_client.post(EDIT, data)
    assert response.status_code == 400
    assert "changed since you opened it (now version 2)" in response.content.decode()
    assert Document.objects.get(pk=seed_doc.pk).title != NEW_TITLE


def test_the_changes_page_shows_a_word_diff_and_accepts(editor_client, seed_doc, tmp_path):
    edit_document(seed_doc, {"title": NEW_TITLE}, "ann", "catalogue title")
    source_title = "Cable, Chinese Embassy in North Korea to the Consular Department"
    ingest.ingest_file(changed_seed(tmp_path, title=source_title, summary="Officials discuss."))
    page = editor_client.get("/documents/208190/").content.decode()
    assert f'<a href="{EDIT}">Edit</a>' in page
    assert f'<a href="{CHANGES}">1 source change to review</a>' in page
    html = editor_client.get(CHANGES).content.decode()
    diff = re.search(r'<p class="diff">(.*?)</p>', html, re.S).group(1)
    assert diff == (
        "Cable, Chinese Embassy in <del>the DPRK</del><ins>North Korea</ins> to the Consular "
        "<del>Affairs </del>Department"
    )
    change = SourceChange.objects.get()
    response = editor_client.post(CHANGES, {"change": change.pk, "action": "accept"})
    assert response.status_code == 302 and response["Location"] == CHANGES
    doc = Document.objects.get(pk=seed_doc.pk)
    assert (doc.title, doc.protected) == (source_title, [])
    assert "No source changes to review." in editor_client.get(CHANGES).content.decode()
    # Accepting twice (a second tab) changes nothing more.
    again = editor_client.post(CHANGES, {"change": change.pk, "action": "accept"})
    assert again.status_code == 400 and Document.objects.get(pk=seed_doc.pk).version == doc.version


def test_dismissing_keeps_the_editors_value(editor_client, seed_doc, tmp_path):
    edit_document(seed_doc, {"title": NEW_TITLE}, "ann", "catalogue title")
    ingest.ingest_file(changed_seed(tmp_path, title="Another title", summary="Officials."))
    change = SourceChange.objects.get()
    editor_client.post(CHANGES, {"change": change.pk, "action": "dismiss"})
    change.refresh_from_db()
    assert (change.resolution, change.resolved_by) == ("dismissed", "ann")
    assert Document.objects.get(pk=seed_doc.pk).title == NEW_TITLE


def test_the_pages_have_no_inline_styles_or_scripts(editor_client, seed_doc, tmp_path):
    edit_document(seed_doc, {"title": NEW_TITLE}, "ann", "catalogue title")
    ingest.ingest_file(changed_seed(tmp_path, title="Another title", summary="Officials."))
    for url in (EDIT, CHANGES, "/documents/208190/"):
        html = editor_client.get(url).content.decode()
        assert " style=" not in html and "<style" not in html
        assert not re.search(r"<script(?![^>]*\b(?:src=|type=\"application/ld\+json))", html)
        assert re.search(r' on[a-z]+="', html) is None


def test_an_edited_body_replaces_the_cached_page_text(editor_client, seed_doc):
    assert "According to the Ministry" in editor_client.get("/documents/208190/").content.decode()
    body = seed_doc.texts.get().body.replace("According to the Ministry", "Per the Ministry")
    edit_document(seed_doc, {"texts.0.body": body}, "ann", "wording")
    page = editor_client.get("/documents/208190/").content.decode()
    assert "Per the Ministry" in page and "According to the Ministry" not in page
