"""axe-core in Chromium on every page type (issue 11): no serious or critical violations, in
English and in the other interface languages, on a laptop and on a phone."""

from __future__ import annotations

import pytest

from tests.support.browser import needs_chromium

from .reading_support import PAGE_TYPES, reading_room

assert reading_room  # the ``reading_room`` fixture, used by name below

pytestmark = [pytest.mark.django_db(transaction=True), needs_chromium]

BLOCKING = ("serious", "critical")


def _violations(page) -> list[str]:
    from axe_playwright_python.sync_playwright import Axe

    result = Axe().run(page)
    assert result.response["passes"], "axe-core did not run"
    return [
        f"{v['id']} ({v['impact']}): {[n['target'] for n in v['nodes']][:3]}"
        for v in result.response["violations"]
        if v["impact"] in BLOCKING
    ]


def test_axe_finds_nothing_serious_on_any_page_type(live_server, reading_room, browser):
    found = {}
    for width, language in ((1280, "en"), (390, "zh-hans")):
        context = browser.new_context(
            viewport={"width": width, "height": 900},
            extra_http_headers={"Accept-Language": language},
        )
        page = context.new_page()
        for name, path in PAGE_TYPES.items():
            page.goto(live_server.url + path)
            if bad := _violations(page):
                found[f"{name} at {width}px, {language}"] = bad
        context.close()
    assert found == {}


def test_the_check_catches_a_violation(live_server, seed_doc, browser):
    """The check itself works: an unlabeled field and an empty link are reported."""
    page = browser.new_page()
    page.goto(f"{live_server.url}/documents/208190/")
    page.evaluate(
        "document.querySelector('main').insertAdjacentHTML('beforeend', "
        "'<input type=text><a href=\"/x\"></a>')"
    )
    assert any(v.startswith(("label", "link-name")) for v in _violations(page))
    page.close()


def test_keyboard_reaches_the_text_and_the_cite_control(live_server, reading_room, browser):
    context = browser.new_context(
        java_script_enabled=False, viewport={"width": 1280, "height": 900}
    )
    page = context.new_page()
    page.goto(f"{live_server.url}/documents/208190/")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "skip-link"
    page.keyboard.press("Enter")
    assert page.evaluate("location.hash") == "#main"
    cite = page.locator(".cite-box > summary")
    cite.focus()
    page.keyboard.press("Enter")
    assert page.locator("#cite-chicago").is_visible()
    context.close()


def test_axe_finds_nothing_serious_on_a_document_with_its_scan(live_server, browser, tmp_path):
    """The document page with the scan beside the text (OpenSeadragon drawn, markers linked,
    low OCR words marked), on a laptop and on a phone."""
    from tests.scans.letter import LETTER_ID, add_ocr_text, ingest_letter

    add_ocr_text(ingest_letter(tmp_path), [("Embassy", 95), ("Pyongyang", 41)])
    found = {}
    for width, language in ((1280, "en"), (390, "zh-hans")):
        context = browser.new_context(
            viewport={"width": width, "height": 900},
            extra_http_headers={"Accept-Language": language},
        )
        page = context.new_page()
        for view in ("", "?view=diplomatic"):
            page.goto(f"{live_server.url}/documents/{LETTER_ID}/{view}")
            page.wait_for_function(
                "() => window.sourcebookViewer && window.sourcebookViewer.world.getItemCount()"
                " && window.sourcebookViewer.world.getItemAt(0).getFullyLoaded()",
                timeout=30000,
            )
            if bad := _violations(page):
                found[f"{view or 'reading'} at {width}px, {language}"] = bad
        context.close()
    assert found == {}
