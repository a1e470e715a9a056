"""The document page for reading (issue 11): text first, metadata at the side, one Cite control,
texts side by side and aligned, reading and diplomatic views, print, phones, error pages, icon."""

from __future__ import annotations

import re

import pytest
from django.test.utils import override_settings
from lxml import html as lxml_html

from tests.support.browser import needs_chromium
from tests.support.http import get

from .reading_support import PAGE_TYPES, PARALLEL_ID, reading_room

assert reading_room  # the ``reading_room`` fixture, used by name below

pytestmark = pytest.mark.django_db(transaction=True)


def _tree(url: str):
    status, _, page = get(url)
    return status, lxml_html.fromstring(page), page


def test_date_title_summary_then_text_and_metadata_at_the_side(live_server, seed_doc):
    status, tree, _ = _tree(f"{live_server.url}/documents/208190/")
    assert status == 200
    article = tree.xpath("//article[contains(@class,'document')]")[0]
    order = [
        el.get("class")
        for el in article.iter()
        if el.get("class") in ("date", "summary", "body", "doc-side") or el.tag == "h1"
    ]
    order = ["h1" if c is None else c for c in order]
    assert order[:4] == ["date", "h1", "summary", "body"], order
    side = tree.xpath("//aside[@class='doc-side']")[0]
    assert side.xpath(".//dl[@class='metadata']//dt[normalize-space()='Archive']")
    # The metadata is not above the text any more.
    assert not tree.xpath("//div[@class='doc-texts']//dl[@class='metadata']")
    # One "Cite" control, a disclosure that needs no script, closed until asked.
    (cite,) = tree.xpath("//details[contains(@class,'cite-box')]")
    assert cite.xpath("./summary//text()")[0].strip() == "Cite"
    assert cite.get("open") is None
    assert len(cite.xpath(".//p[@class='citation']")) >= 5


def test_reading_text_and_diplomatic_view(live_server, reading_room):
    url = f"{live_server.url}/documents/{PARALLEL_ID}/"
    _, reading, page = _tree(url)
    _, diplomatic, dpage = _tree(url + "?view=diplomatic")
    read = reading.xpath("string(//div[contains(@class,'texts')])")
    seen = diplomatic.xpath("string(//div[contains(@class,'texts')])")
    # Diplomatic: every mark as written, brackets and struck words included.
    assert "[their] village" in seen and "[crossed out: tomorrow]" in seen
    # Reading: the supplied word read in place, the struck one left out.
    assert "to their village" in read and "[their]" not in read
    assert "tomorrow" not in read and "issued  today" in read
    assert reading.xpath("//article[contains(@class,'view-reading')]")
    assert diplomatic.xpath("//article[contains(@class,'view-diplomatic')]")
    # The switch is two links, the current one marked.
    links = reading.xpath("//nav[@class='view-switch']/a")
    assert [a.get("href") for a in links] == [
        f"/documents/{PARALLEL_ID}/",
        f"/documents/{PARALLEL_ID}/?view=diplomatic",
    ]
    assert links[0].get("aria-current") == "page" and links[1].get("aria-current") is None
    # The apparatus legend belongs to the diplomatic view.
    assert "Editorial apparatus in this text" in dpage and "Editorial apparatus" not in page


def test_texts_with_as_many_paragraphs_are_aligned_row_by_row(live_server, reading_room):
    _, tree, _ = _tree(f"{live_server.url}/documents/{PARALLEL_ID}/")
    rows = tree.xpath("//div[@class='parallel']/div[@class='row']")
    assert len(rows) == 3
    for row in rows:
        cells = row.xpath("./div")
        assert [c.get("lang") for c in cells] == ["zh", "en"]
    assert "邊境哨所談話記錄" in rows[0].text_content()
    assert "Record of a Conversation at the Border Post" in rows[0].text_content()
    assert "証件" in rows[2].text_content() or "證件" in rows[2].text_content()
    assert "papers be issued" in rows[2].text_content()


def test_texts_with_different_paragraphs_stand_side_by_side_whole(live_server, db):
    from sourcebook.archive import ingest
    from tests.conftest import SAMPLES

    ingest.ingest_file(SAMPLES / "sample-zhou-kim-1958.txt")
    _, tree, _ = _tree(f"{live_server.url}/documents/sample-zhou-kim-1958/")
    assert not tree.xpath("//div[@class='parallel']")
    sections = tree.xpath("//div[contains(@class,'texts-2')]/section[contains(@class,'text')]")
    assert [s.get("lang") for s in sections] == ["zh", "en"]
    # Narrow screens: one radio "tab" per text, the first chosen.
    radios = tree.xpath("//fieldset[@class='text-tabs']/input[@type='radio']")
    assert [r.get("checked") is not None for r in radios] == [True, False]


def test_reading_html_is_kept_in_the_rendered_page_cache(live_server, reading_room):
    from sourcebook.archive.models import Document
    from sourcebook.web.models import RenderedPage

    doc = Document.objects.get(public_id=PARALLEL_ID)
    get(f"{live_server.url}/documents/{PARALLEL_ID}/")
    cached = RenderedPage.objects.get(document=doc)
    assert all("reading" in t for t in cached.texts)
    assert "tomorrow" not in cached.texts[1]["reading"] and "tomorrow" in cached.texts[1]["html"]
    # A row written before the reading view existed is rendered again, not shown half-empty.
    cached.texts = [{k: v for k, v in t.items() if k != "reading"} for t in cached.texts]
    cached.save()
    with override_settings(SOURCEBOOK_PAGE_CACHE=0):  # the whole page is kept, unchanged
        status, tree, _ = _tree(f"{live_server.url}/documents/{PARALLEL_ID}/")
    assert status == 200 and "to their village" in tree.text_content()
    assert all("reading" in t for t in RenderedPage.objects.get(document=doc).texts)


def test_error_pages_are_the_sites_own(live_server, seed_doc):
    status, tree, page = _tree(f"{live_server.url}/no-such-page/")
    assert status == 404
    assert tree.xpath("//header[@class='site']") and "Page not found" in page
    assert tree.xpath("//form[@role='search']//input[@name='q']")
    from django.test import RequestFactory
    from django.views.defaults import server_error

    response = server_error(RequestFactory().get("/boom/"))
    body = response.content.decode()
    assert response.status_code == 500
    assert "Something went wrong" in body and "/static/sourcebook/site.css" in body


def test_withdrawn_tombstone_is_styled_410(live_server, seed_doc):
    from sourcebook.archive import publication

    publication.withdraw(seed_doc, reason="Duplicate of another record", actor="test")
    status, tree, _ = _tree(f"{live_server.url}/documents/208190/")
    assert status == 410
    assert tree.xpath("string(//p[@class='error-code'])") == "410"
    assert tree.xpath("//link[@rel='stylesheet'][contains(@href,'site.css')]")


def test_favicon(live_server, db):
    status, ctype, body = get(f"{live_server.url}/favicon.ico")
    assert status == 200 and ctype == "image/svg+xml" and body.startswith("<svg")
    _, tree, _ = _tree(f"{live_server.url}/")
    (icon,) = tree.xpath("//link[@rel='icon']")
    assert icon.get("type") == "image/svg+xml"
    assert get(live_server.url + icon.get("href"))[2] == body


# --- in a real browser ------------------------------------------------------------------------

browser_only = pytest.mark.usefixtures("reading_room")


@needs_chromium
@browser_only
def test_the_text_starts_in_the_first_screen_of_a_laptop(live_server, browser):
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    for path in (
        "/documents/208190/",
        f"/documents/{PARALLEL_ID}/",
        "/documents/sample-zhou-kim-1958/",
    ):
        page.goto(live_server.url + path)
        top = page.locator(".texts .body p").first.bounding_box()["y"]
        assert top < 900 - 60, (path, top)  # at least a line of it shows
    # Wide: the texts stand side by side, their first paragraphs level.
    page.goto(f"{live_server.url}/documents/{PARALLEL_ID}/")
    a, b = (page.locator(f".parallel .row .col-{k}").first.bounding_box() for k in (1, 2))
    assert a["y"] == b["y"] and a["x"] < b["x"]
    assert page.locator(".text-tabs").is_hidden()
    page.close()


@needs_chromium
@browser_only
def test_no_page_type_overflows_a_phone(live_server, browser):
    context = browser.new_context(java_script_enabled=False, viewport={"width": 390, "height": 844})
    page = context.new_page()
    refused = []
    page.on("console", lambda m: refused.append(m.text) if "Content Security" in m.text else None)
    for name, path in PAGE_TYPES.items():
        page.goto(live_server.url + path)
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 390, (name, width)
    for width in (360,):
        page.set_viewport_size({"width": width, "height": 740})
        for name, path in PAGE_TYPES.items():
            page.goto(live_server.url + path)
            assert page.evaluate("document.documentElement.scrollWidth") <= width, name
    assert refused == []
    context.close()


@needs_chromium
@browser_only
def test_tabs_on_a_phone_work_without_javascript(live_server, browser):
    context = browser.new_context(java_script_enabled=False, viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.goto(f"{live_server.url}/documents/{PARALLEL_ID}/")
    transcript = page.locator(".parallel .col-1.body").first
    translation = page.locator(".parallel .col-2.body").first
    assert transcript.is_visible() and translation.is_hidden()
    page.get_by_text("Translation - English", exact=True).first.click()
    assert transcript.is_hidden() and translation.is_visible()
    # Keyboard: the tabs are a radio group; arrow keys move between texts.
    page.keyboard.press("ArrowLeft")
    assert transcript.is_visible()
    context.close()


@needs_chromium
@browser_only
def test_print_shows_the_text_without_the_site_around_it(live_server, browser):
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(f"{live_server.url}/documents/{PARALLEL_ID}/")
    page.emulate_media(media="print")
    assert page.locator("header.site").is_hidden()
    assert page.locator(".view-switch").is_hidden()
    assert page.locator(".parallel .col-1.body").first.is_visible()
    assert page.locator(".parallel .col-2.body").first.is_visible()
    assert re.search(r"\d", page.locator(".doc-side .citation").first.inner_text())
    page.close()
