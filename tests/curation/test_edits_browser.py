"""Edits survive re-ingest, in a real browser (no JavaScript, a 360 px wide screen)."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Permission, User

from tests.curation.test_edits_service import NEW_TITLE, changed_seed
from tests.support.browser import needs_chromium
from tests.support.cli import run_cli

pytestmark = [pytest.mark.django_db(transaction=True), needs_chromium]

PASSWORD = "a long passphrase 9"
SOURCE_TITLE = "Cable, Chinese Embassy in North Korea to the Consular Department"
SOURCE_SUMMARY = "North Korean and Chinese officials discuss Koreans who crossed the border."


@pytest.fixture
def editor():
    user = User.objects.create_user("ann", password=PASSWORD, is_staff=True)
    user.user_permissions.add(Permission.objects.get(codename="change_document"))
    return user


@pytest.fixture
def page(browser):
    context = browser.new_context(java_script_enabled=False, viewport={"width": 360, "height": 740})
    yield context.new_page()
    context.close()


def sign_in(page, base: str) -> None:
    page.goto(f"{base}/documents/208190/edit/")
    assert "/admin/login/?next=/documents/208190/edit/" in page.url
    page.fill("#id_username", "ann")
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    assert page.url == f"{base}/documents/208190/edit/"


def fits(page) -> bool:
    """Every field fits the 360 px screen (no sideways scrolling to type)."""
    widths = page.eval_on_selector_all(
        ".edit-form input, .edit-form textarea",
        "els => els.map(e => e.getBoundingClientRect().right)",
    )
    return bool(widths) and max(widths) <= 360


def test_an_edit_survives_reingest_and_the_source_change_is_accepted(
    live_server, seed_doc, editor, page, tmp_path
):
    from sourcebook.archive.models import Document, Revision

    base = live_server.url
    sign_in(page, base)
    assert fits(page)

    # A parse error is shown next to its field, and nothing is saved.
    page.fill("#f-title", NEW_TITLE)
    page.fill("#f-date", "Octobre 11, 1959")
    page.click(".edit-form button[type=submit]")
    assert page.locator("#f-date-error").inner_text().startswith("unknown month 'Octobre'")
    assert page.locator("#f-title").input_value() == NEW_TITLE  # kept for correcting
    assert Document.objects.get(pk=seed_doc.pk).version == 1

    # Corrected, saved as version 2 with the note.
    page.fill("#f-date", "October 11, 1959")
    page.fill("#f-note", "Title as the archive catalogues it")
    page.click(".edit-form button[type=submit]")
    assert page.url == f"{base}/documents/208190/"
    assert page.locator("h1").inner_text() == NEW_TITLE
    rev = Revision.objects.get(document=seed_doc, version=2)
    assert (rev.author, rev.note) == ("ann", "Title as the archive catalogues it")

    # The source is re-exported with another title AND another summary, and re-ingested.
    copy = changed_seed(tmp_path, title=SOURCE_TITLE, summary=SOURCE_SUMMARY)
    result = run_cli("ingest", str(copy))
    assert result.returncode == 0 and "1 updated" in result.stderr, result.stderr

    page.reload()
    assert page.locator("h1").inner_text() == NEW_TITLE  # the edit is kept
    assert page.locator(".summary").inner_text() == SOURCE_SUMMARY  # the other field updated
    page.click("text=1 source change to review")
    assert page.url == f"{base}/documents/208190/changes/"
    change = page.locator(".change")
    assert change.locator("h2").inner_text() == "Title"  # the field's label
    assert change.get_attribute("data-field") == "title"  # its name, for scripts
    assert change.locator(".diff del").first.inner_text() == "the DPRK"
    assert change.locator(".diff ins").first.inner_text() == "North Korea"

    change.locator("button[value=accept]").click()
    assert page.locator(".none").inner_text() == "No source changes to review."
    page.click("text=Back to the document")
    assert page.locator("h1").inner_text() == SOURCE_TITLE  # accepting applied it
    doc = Document.objects.get(pk=seed_doc.pk)
    assert (doc.version, doc.protected, doc.summary) == (4, [], SOURCE_SUMMARY)
    assert Revision.objects.get(document=doc, version=4).author == "ann"


def test_readers_see_no_edit_link(live_server, seed_doc, browser):
    page = browser.new_page()
    page.goto(f"{live_server.url}/documents/208190/")
    assert page.locator(".editor-tools").count() == 0
    page.goto(f"{live_server.url}/documents/208190/changes/")
    assert "/admin/login/" in page.url
    page.close()
