"""The history pages in a real browser: a 360 px wide phone, JavaScript off, CSP enforced."""

from __future__ import annotations

import pytest

from tests.support.browser import needs_chromium

from .history_support import three_versions_fixture, today

assert three_versions_fixture  # the ``three_versions`` fixture, used by name below

pytestmark = [pytest.mark.django_db(transaction=True), needs_chromium]

PAGES = ("/documents/208190/history/", "/documents/208190/v/1/", "/documents/208190/diff/1..3/")


def test_history_pages_fit_a_phone_without_javascript(live_server, three_versions, browser):
    context = browser.new_context(java_script_enabled=False, viewport={"width": 360, "height": 740})
    page = context.new_page()
    refused = []
    page.on("console", lambda m: refused.append(m.text) if "Content Security" in m.text else None)
    for path in PAGES:
        response = page.goto(f"{live_server.url}{path}")
        assert response.status == 200, path
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 360, (path, width)
    assert refused == []
    page.goto(f"{live_server.url}/documents/208190/v/1/")
    banner = page.locator(".version-banner")
    assert banner.is_visible()
    assert "this is not the current version" in banner.inner_text()
    context.close()


def test_cite_this_version_link_leads_to_citations_of_the_version(
    live_server, three_versions, browser
):
    context = browser.new_context(java_script_enabled=False, viewport={"width": 360, "height": 740})
    page = context.new_page()
    page.goto(f"{live_server.url}/documents/208190/")
    page.locator(".cite-box > summary").click()
    page.get_by_role("link", name="Cite this version").click()
    assert page.url.endswith("/documents/208190/v/3/#cite-heading")
    heading = page.locator("#cite-heading").inner_text()
    assert heading == f"Cite version 3 of {today()}"
    assert f"version 3 of {today()}" in page.locator("#cite-chicago").inner_text()
    assert "this is the current version" in page.locator(".version-banner").inner_text()
    context.close()
