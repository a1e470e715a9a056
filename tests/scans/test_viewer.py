"""The scan viewer in a real browser: OpenSeadragon draws the page's tiles under the strict CSP."""

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
    page.click("text=Original scan")
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
