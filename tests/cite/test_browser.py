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
