"""The document page in a real browser (Playwright driving Debian's Chromium)."""

from __future__ import annotations

import pytest

from tests.support.browser import needs_chromium

pytestmark = [
    pytest.mark.django_db(transaction=True),
    needs_chromium,
]


def test_apparatus_is_visibly_distinct_and_labelled(live_server, seed_doc, browser):
    page = browser.new_page()
    page.goto(f"{live_server.url}/documents/208190/")
    assert "Cable, Chinese Embassy" in page.locator("h1").inner_text()
    note = page.locator('.body [data-type="handwritten"]').first
    assert note.get_attribute("title") == "Handwritten note (left margin)"
    plain = page.locator(".text .body p").first
    # A margin note is set apart from the reading text: its own box and colour.
    assert note.evaluate("e => getComputedStyle(e).display") == "block"
    assert note.evaluate("e => getComputedStyle(e).color") != plain.evaluate(
        "e => getComputedStyle(e).color"
    )
    seal = page.locator('.body [data-type="seal"]').first
    assert seal.evaluate("e => getComputedStyle(e).borderTopStyle") == "solid"
    # The label is there for tooltips and screen readers; the text itself stays verbatim.
    assert seal.get_attribute("aria-description") == "Seal"
    assert seal.inner_text().strip() == "[Seal:]"
    uncertain = page.locator('.body [data-type="uncertain"]').first
    assert "dotted" in uncertain.evaluate("e => getComputedStyle(e).textDecorationStyle")
    page.close()


def test_readable_without_css(live_server, seed_doc, browser):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.route("**/*.css", lambda route: route.abort())
    page.goto(f"{live_server.url}/documents/208190/")
    body = page.locator("main").inner_text()
    assert "[handwritten note in left margin: According to the Ministry of Public Security" in body
    assert "Ri Chang-jeong [Ri Chang Jong]" in body
    context.close()
