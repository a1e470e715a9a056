"""The scan viewer in a real browser: OpenSeadragon draws the page's tiles under the strict CSP,
on its own page and beside the text of the document page, in step with the text's page markers."""

from __future__ import annotations

import io
import urllib.request

import pytest
from PIL import Image

from tests.support.browser import needs_chromium

pytestmark = [pytest.mark.django_db(transaction=True), needs_chromium]


def _red_blue_page() -> bytes:
    img = Image.new("RGB", (1600, 1200), (220, 0, 0))
    img.paste((0, 0, 220), (800, 0, 1600, 1200))
    out = io.BytesIO()
    img.save(out, "PNG")
    return out.getvalue()


def test_viewer_shows_the_scan(live_server, seed_doc, browser, tmp_path):
    from sourcebook.scans.attaching import attach

    attach(seed_doc, [("scan.png", _red_blue_page())])
    page = browser.new_page(viewport={"width": 1000, "height": 900})
    errors = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.goto(f"{live_server.url}/documents/208190/")
    page.click(".doc-side .scans a[href$='/scans/']")
    page.wait_for_url("**/documents/208190/scans/")
    page.wait_for_function(
        "() => window.sourcebookViewer && window.sourcebookViewer.world.getItemCount() === 1"
        " && window.sourcebookViewer.world.getItemAt(0).getFullyLoaded()",
        timeout=30000,
    )
    assert page.locator("#scan-viewer canvas").count() >= 1
    shot = tmp_path / "viewer.png"
    page.locator("#scan-viewer").screenshot(path=str(shot))
    with Image.open(shot) as img:
        colours = img.convert("RGB").resize((40, 30)).getdata()
    red = sum(1 for r, g, b in colours if r > 150 and g < 80 and b < 80)
    blue = sum(1 for r, g, b in colours if b > 150 and r < 80 and g < 80)
    assert red > 100 and blue > 100, (red, blue)  # both halves of the page are drawn
    assert not [e for e in errors if "Content Security Policy" in e], errors
    with urllib.request.urlopen(f"{live_server.url}/documents/208190/scans/") as resp:
        policy = resp.headers["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy
    page.close()


def _colour(path) -> str:
    """The page the screenshot shows, by its colour (tests/scans/letter.py)."""
    with Image.open(path) as img:
        pixels = list(img.convert("RGB").resize((30, 40)).getdata())
    names = {"red": (200, 30, 30), "green": (30, 150, 40), "blue": (30, 60, 200)}

    def near(px, ref):
        return sum(abs(a - b) for a, b in zip(px, ref, strict=True)) < 90

    counts = {n: sum(1 for px in pixels if near(px, ref)) for n, ref in names.items()}
    return max(counts, key=counts.get)


def _box(page, selector):
    return page.locator(selector).first.bounding_box()


def _wait_for_page(page, index: int):
    page.wait_for_function(
        f"() => window.sourcebookViewer && window.sourcebookViewer.currentPage() === {index}"
        " && window.sourcebookViewer.world.getItemCount() === 1"
        " && window.sourcebookViewer.world.getItemAt(0).getFullyLoaded()",
        timeout=30000,
    )


def test_viewer_beside_the_text_in_step_with_its_page_markers(live_server, browser, tmp_path):
    from tests.scans.letter import LETTER_ID, add_ocr_text, ingest_letter

    add_ocr_text(ingest_letter(tmp_path), [("Embassy", 95), ("Pyongyang", 41)])
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    errors = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.goto(f"{live_server.url}/documents/{LETTER_ID}/")
    _wait_for_page(page, 0)
    assert page.locator("#scan-viewer.is-zoomable canvas").count() >= 1
    page.screenshot(path=str(tmp_path / "beside-1280.png"))
    texts, scan = _box(page, ".doc-texts"), _box(page, "#scan-viewer")
    # Beside the text: right of it, on the same first screen, and a good part of the width.
    assert scan["x"] >= texts["x"] + texts["width"]
    assert scan["y"] < 900 and scan["width"] >= 320 and scan["height"] >= 400
    shot = tmp_path / "viewer.png"
    page.locator("#scan-viewer").screenshot(path=str(shot))
    assert _colour(shot) == "red"

    # A page marker in the text shows its canvas (the link's own target is the page image).
    marker = page.locator(".doc-texts a.page-marker[data-canvas='2']").first
    assert marker.get_attribute("href").endswith(f"/{LETTER_ID}/2/full/max/0/default.jpg")
    marker.click()
    _wait_for_page(page, 1)
    assert page.url.endswith(f"/documents/{LETTER_ID}/")  # stayed on the page
    page.locator("#scan-viewer").screenshot(path=str(shot))
    assert _colour(shot) == "green"
    assert page.locator(".scan-pages a[aria-current='page']").inner_text() == "p. 2"

    # Turning the page in the viewer scrolls the text to that page's marker.
    page.evaluate("window.scrollTo(0, 0)")
    third = page.locator(".doc-texts a.page-marker[data-canvas='3']").first
    assert not third.evaluate("el => el.getBoundingClientRect().top < innerHeight")
    page.locator(".scan-pages a[data-canvas='3']").click()
    _wait_for_page(page, 2)
    page.wait_for_function(
        "() => { const r = document.querySelector(\".doc-texts a.page-marker[data-canvas='3']\")"
        ".getBoundingClientRect(); return r.top >= 0 && r.bottom <= innerHeight; }",
        timeout=10000,
    )
    assert "is-current" in third.get_attribute("class")
    page.locator("#scan-viewer").screenshot(path=str(shot))
    assert _colour(shot) == "blue"

    # Low-confidence OCR words are styled apart from the words around them.
    style = """el => { const s = getComputedStyle(el);
        return [s.textDecorationStyle, s.textDecorationLine, s.backgroundColor]; }"""
    low = page.locator(".ocr-low").first.evaluate(style)
    assert low[0] == "dotted" and "underline" in low[1] and low[2] != "rgba(0, 0, 0, 0)"
    plain = page.locator(".doc-texts .text").last.evaluate(style)
    assert plain != low

    # The reader can close the column: the text takes the room.
    page.locator(".scan-column > summary").click()
    wider = _box(page, ".doc-texts")
    assert wider["width"] > texts["width"] + 200
    assert not [e for e in errors if "Content Security Policy" in e], errors
    page.close()


@pytest.mark.parametrize("width", [360, 390])
def test_viewer_below_the_text_on_a_phone(live_server, browser, tmp_path, width):
    from tests.scans.letter import LETTER_ID, ingest_letter

    ingest_letter(tmp_path)
    page = browser.new_page(viewport={"width": width, "height": 800})
    page.goto(f"{live_server.url}/documents/{LETTER_ID}/")
    _wait_for_page(page, 0)
    page.locator(".doc-beside").scroll_into_view_if_needed()
    page.screenshot(path=str(tmp_path / f"below-{width}.png"))
    texts, scan = _box(page, ".doc-texts"), _box(page, "#scan-viewer")
    assert scan["y"] >= texts["y"] + texts["height"]  # stacked below the text
    assert scan["x"] >= 0 and scan["x"] + scan["width"] <= width
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    # A marker shows its canvas and brings the viewer into sight.
    page.evaluate("window.scrollTo(0, 0)")
    page.locator(".doc-texts a.page-marker[data-canvas='2']").first.click()
    _wait_for_page(page, 1)
    top = page.locator("#scan-viewer").evaluate("el => el.getBoundingClientRect().top")
    assert 0 <= top < 800
    page.close()


def test_without_script_the_column_shows_the_page_image(live_server, browser, tmp_path):
    from tests.scans.letter import LETTER_ID, ingest_letter

    ingest_letter(tmp_path)
    context = browser.new_context(
        java_script_enabled=False, viewport={"width": 1280, "height": 900}
    )
    page = context.new_page()
    page.goto(f"{live_server.url}/documents/{LETTER_ID}/")
    img = page.locator("#scan-viewer img")
    img.wait_for()
    page.wait_for_function("() => document.querySelector('#scan-viewer img').complete")
    assert img.evaluate("el => el.naturalWidth") > 0
    texts, scan = _box(page, ".doc-texts"), _box(page, "#scan-viewer")
    assert scan["x"] >= texts["x"] + texts["width"]
    page.locator(".doc-texts a.page-marker[data-canvas='3']").first.click()
    page.wait_for_url(f"**/iiif/image/{LETTER_ID}/3/full/max/0/default.jpg")
    context.close()
