"""The search page in a real browser (Playwright driving Debian's Chromium)."""

from __future__ import annotations

import pytest

from tests.support.browser import needs_chromium

pytestmark = [
    pytest.mark.django_db(transaction=True),
    needs_chromium,
]


def result_ids(page) -> list[str]:
    return page.locator("li.result").evaluate_all("els => els.map(e => e.dataset.id)")


@pytest.mark.parametrize("javascript", [True, False])
def test_search_facet_click_and_back_button(live_server, corpus, browser, javascript):
    context = browser.new_context(java_script_enabled=javascript)
    page = context.new_page()
    page.goto(f"{live_server.url}/")
    # The header search box.
    page.fill("header .site-search input[name=q]", "Sarah Park")
    page.press("header .site-search input[name=q]", "Enter")
    page.wait_for_url("**/search/?q=Sarah+Park")
    assert sorted(result_ids(page)) == ["kim-jong-il-1975", "kim-pyongyang-1958"]
    assert (
        page.locator('.facet[data-facet="decade"] a[data-value="1970s"] + .count').inner_text()
        == "1"
    )

    # Click a facet: the URL holds the filter, the results and counts follow.
    page.click('.facet[data-facet="decade"] a[data-value="1950s"]')
    page.wait_for_url("**decade=1950s**")
    assert result_ids(page) == ["kim-pyongyang-1958"]
    assert "Decade: 1950s" in page.locator(".chips").inner_text()
    highlighted = page.locator("li.result mark").all_inner_texts()
    assert "Sarah Park" in " ".join(highlighted) or highlighted == []

    # Back: the unfiltered search again, exactly as it was.
    page.go_back()
    page.wait_for_url("**/search/?q=Sarah+Park")
    assert sorted(result_ids(page)) == ["kim-jong-il-1975", "kim-pyongyang-1958"]
    page.go_forward()
    page.wait_for_url("**decade=1950s**")
    assert result_ids(page) == ["kim-pyongyang-1958"]

    # The form keeps the filter and adds dates and sort; submitting works without JavaScript.
    page.fill("#q", "cotton OR Kim")
    page.fill("input[name=from]", "1957")
    page.fill("input[name=to]", "1958")
    page.select_option("select[name=sort]", "date")
    page.click(".search-form button[type=submit]")
    page.wait_for_url("**sort=date**")
    url = page.url
    assert "decade=1950s" in url and "from=1957" in url and "to=1958" in url
    assert result_ids(page) == ["embassy-c1957", "kim-pyongyang-1958"]
    assert page.locator("li.result .approx").first.inner_text() == "approximate date match"

    # Removing the filter chip.
    page.click(".chips button")
    assert "decade=" not in page.url
    context.close()


def test_pagination_links(live_server, corpus, browser, tmp_path):
    from sourcebook.archive import ingest
    from sourcebook.search import indexer

    from .corpus import record

    for n in range(1, 22):
        path = tmp_path / f"bulletin-{n:02d}.txt"
        path.write_text(
            record(
                date=f"1960-01-{n:02d}",
                title=f"Daily Bulletin No. {n}",
                summary="A daily bulletin on grain prices.",
                language="English",
                texts=[("Original - English", f"Grain prices on day {n}.")],
            )
        )
        assert ingest.ingest_file(path)[0].status == "added"
    indexer.catch_up()
    page = browser.new_page()
    page.goto(f"{live_server.url}/search/?q=grain&sort=date")
    assert "1–20 of 21 documents" in page.locator(".summary-line").inner_text()
    first = result_ids(page)
    assert len(first) == 20 and first[0] == "bulletin-01"
    page.click("a[rel=next]")
    page.wait_for_url("**page=2**")
    assert result_ids(page) == ["bulletin-21"]
    assert "q=grain" in page.url and "sort=date" in page.url
    page.click("a[rel=prev]")
    assert result_ids(page) == first
    # Snippet highlight is real markup, not escaped text.
    page.goto(f"{live_server.url}/search/?q=floods")
    assert page.locator("li.result .snippet mark").inner_text() == "floods"
    page.set_viewport_size({"width": 1200, "height": 900})
    page.goto(f"{live_server.url}/search/?q=Zhou+OR+Kim")
    page.screenshot(path=str(tmp_path.parent / "search-page.png"), full_page=False)
    page.close()


def test_timeline_bar_and_date_browser_without_javascript_on_a_phone(live_server, corpus, browser):
    """A bar of the search page's timeline narrows the search by click or keyboard, and the
    date browser drills down to the same documents, at 360 px with no JavaScript."""
    context = browser.new_context(java_script_enabled=False, viewport={"width": 360, "height": 740})
    page = context.new_page()
    page.goto(f"{live_server.url}/search/?q=Kim")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    bar = page.locator('figure.timeline a[data-period="1958"]')
    assert bar.get_attribute("aria-label").startswith("1958: ")
    assert bar.bounding_box()["width"] > 0
    bar.focus()
    page.keyboard.press("Enter")
    page.wait_for_url("**year=1958**")
    narrowed = sorted(result_ids(page))
    assert narrowed and "Year: 1958" in page.locator(".chips").inner_text()

    page.goto(f"{live_server.url}/search/?q=Kim")
    page.click("a.browse-dates")
    page.wait_for_url("**/dates/?q=Kim")
    page.click('tr[data-period="1950s"] a.browse')
    page.click('tr[data-period="1958"] a.search')
    page.wait_for_url("**year=1958**")
    assert sorted(result_ids(page)) == narrowed
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    context.close()
