"""The cite box's copy button in a real browser; without JavaScript the text is still there."""

from __future__ import annotations

import pytest

from tests.support.browser import needs_chromium

pytestmark = [
    pytest.mark.django_db(transaction=True),
    needs_chromium,
]


def test_copy_button_puts_the_citation_on_the_clipboard(live_server, seed_doc, browser):
    context = browser.new_context(permissions=["clipboard-read", "clipboard-write"])
    page = context.new_page()
    page.goto(f"{live_server.url}/documents/208190/")
    page.locator(".cite-box > summary").click()  # the one "Cite" control opens the styles
    button = page.locator('button[data-copy="cite-chicago"]')
    assert button.is_visible()
    button.click()
    page.wait_for_function(
        "document.querySelector('[data-copy=cite-chicago]').textContent === 'Copied'"
    )
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied == page.locator("#cite-chicago").inner_text().strip()
    assert copied.startswith("Chinese Embassy in North Korea, “Cable,")
    context.close()


def test_without_javascript_citations_are_plain_selectable_text(live_server, seed_doc, browser):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{live_server.url}/documents/208190/")
    page.locator(".cite-box > summary").click()  # a <details>: opens without JavaScript
    assert not page.locator('button[data-copy="cite-apa"]').is_visible()
    apa = page.locator("#cite-apa")
    assert apa.is_visible() and apa.inner_text().startswith(
        "Chinese Embassy in North Korea. (1959)."
    )
    context.close()


@pytest.mark.parametrize("language", ["en", "de", "ru"])
def test_the_open_cite_box_fits_a_phone(live_server, seed_doc, browser, language):
    """A citation's long URL wraps: nothing runs off a 360 px screen, the copy button stays in
    view (the Russian and German labels are the widest)."""
    context = browser.new_context(viewport={"width": 360, "height": 740})
    host = live_server.url.split("//")[1].split(":")[0]
    context.add_cookies(
        [{"name": "sourcebook_language", "value": language, "domain": host, "path": "/"}]
    )
    page = context.new_page()
    for path in ("/documents/208190/", "/documents/208190/v/1/"):
        page.goto(f"{live_server.url}{path}")
        if not page.locator(".cite-box[open]").count():
            page.locator(".cite-box > summary").click()
        overflow = page.evaluate("document.documentElement.scrollWidth - innerWidth")
        assert overflow <= 0, (path, overflow)
        button = page.locator('button[data-copy="cite-chicago"]').bounding_box()
        assert button["x"] + button["width"] <= 360, path
    context.close()
