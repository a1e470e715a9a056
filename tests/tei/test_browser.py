"""Person and FRUS document pages in a real browser (Playwright driving Debian's Chromium)."""

from __future__ import annotations

import pytest

from tests.support.browser import needs_chromium

from .conftest import volume_path

pytestmark = [
    pytest.mark.django_db(transaction=True),
    needs_chromium,
]


def test_from_document_to_person_and_back(live_server, browser):
    from sourcebook.archive import ingest

    for v in ("frus1955-57v03", "frus1961-63v22"):
        ingest.ingest_file(volume_path(v))
    page = browser.new_page()
    page.goto(f"{live_server.url}/documents/frus1955-57v03-d1/")
    assert page.locator("h1").inner_text().startswith("1. Telegram From Ambassador")
    # A footnote marker jumps to its footnote, which links back.
    page.locator("sup.fn-ref a").first.click()
    note = page.locator("ol.footnotes li:target")
    assert note.inner_text().startswith("2 Telegram 330 to Geneva")
    assert note.evaluate("e => getComputedStyle(e).backgroundColor") != "rgba(0, 0, 0, 0)"
    # The persons section links to the person page, which lists the document with its roles.
    page.locator("section.persons a", has_text="Johnson, U. Alexis").click()
    page.wait_for_load_state()
    assert page.locator("h1").inner_text() == "Johnson, U. Alexis"
    item = page.locator('ol.person-documents li:has(a[href="/documents/frus1955-57v03-d1/"])')
    assert "sender, signer, mentioned" in item.inner_text()
    count = page.locator("ol.person-documents li").count()
    assert count > 20
    # Johnson also appears in v22: one record holds both volumes' entries and documents.
    volumes = page.locator("ul.source-ids li").all_inner_texts()
    assert {v.split()[0] for v in volumes} == {"frus1955-57v03", "frus1961-63v22"}
    item.locator("a").click()
    page.wait_for_load_state()
    assert page.url.endswith("/documents/frus1955-57v03-d1/")
    page.locator('a[rel="next"]').click()
    page.wait_for_load_state()
    assert page.url.endswith("/documents/frus1955-57v03-d2/")
    page.close()
