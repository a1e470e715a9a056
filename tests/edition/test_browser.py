"""The edition in Chromium, served by a plain static HTTP server under a path prefix, with every
request off this machine refused: Pagefind finds documents in English, Chinese and Korean
romanization, and a page opened from a disk says how to search."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest

from tests.support.browser import needs_chromium

from .support import edition, static_server

assert edition and static_server  # used by name below

pytestmark = [pytest.mark.django_db, needs_chromium]


@pytest.fixture
def offline(browser):
    """A browser context that may reach only 127.0.0.1; the requests it refused are kept."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    refused: list[str] = []

    def guard(route):
        url = route.request.url
        if urlsplit(url).hostname == "127.0.0.1":
            route.continue_()
        else:
            refused.append(url)
            route.abort()

    context.route("**/*", guard)
    context.refused = refused
    yield context
    context.close()


def _search(page, query: str) -> list[str]:
    box = page.locator(".pagefind-ui__search-input")
    box.fill(query)
    page.locator(".pagefind-ui__result-link").first.wait_for(timeout=15000)
    return page.locator(".pagefind-ui__result-link").evaluate_all(
        "links => links.map(a => a.getAttribute('href'))"
    )


def test_pagefind_finds_documents_offline_under_a_prefix(static_server, offline):
    page = offline.new_page()
    page.goto(f"{static_server}/edition/")
    page.get_by_role("link", name="Search", exact=True).click()
    assert page.url == f"{static_server}/edition/search/index.html"
    hits = _search(page, "Yalu")
    assert "/edition/documents/sample-zhou-kim-1958/" in hits
    # A word inside a run of Chinese characters (no spaces): found because the index is zh.
    assert "/edition/documents/sample-zhou-kim-1958/" in _search(page, "撤軍")
    page.locator(".pagefind-ui__result-link").first.click()
    page.wait_for_load_state()
    assert page.url.startswith(f"{static_server}/edition/documents/sample-zhou-kim-1958/")
    assert "Zhou Enlai" in page.locator("h1").inner_text()
    assert offline.refused == []


def test_the_header_search_box_opens_the_results(static_server, offline):
    page = offline.new_page()
    page.goto(f"{static_server}/edition/documents/208190/index.html")
    page.locator("header form.site-search input[name=q]").fill("Ri Chang-jeong")
    page.locator("header form.site-search button").click()
    page.locator(".pagefind-ui__result-link").first.wait_for(timeout=15000)
    titles = page.locator(".pagefind-ui__result-link").all_inner_texts()
    assert any("Ri Chang-jeong" in t for t in titles), titles
    assert offline.refused == []


def test_pages_work_from_a_disk_and_search_says_what_it_needs(edition, browser):
    folder, _summary = edition
    context = browser.new_context()
    page = context.new_page()
    page.goto((folder / "index.html").as_uri())
    page.get_by_role("link", name="Persons").first.click()
    assert page.url.endswith("/persons/index.html")
    page.get_by_role("link", name="Search", exact=True).click()
    note = page.locator("#edition-search-file")
    note.wait_for(state="visible")
    assert "python3 -m http.server" in note.inner_text()
    context.close()


def test_search_page_fits_a_phone_and_passes_axe(static_server, browser):
    from axe_playwright_python.sync_playwright import Axe

    context = browser.new_context(viewport={"width": 360, "height": 800})
    page = context.new_page()
    page.goto(f"{static_server}/edition/search/index.html?q=Kim")
    page.locator(".pagefind-ui__result-link").first.wait_for(timeout=15000)
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 360
    result = Axe().run(page)
    serious = [
        v["id"] for v in result.response["violations"] if v["impact"] in ("serious", "critical")
    ]
    assert serious == []
    context.close()
