"""Content-Security-Policy: every response carries it, and the site's own pages (and the admin)
run under it without a single violation, cite box included (issue 14, "Safe defaults").

Before: no Content-Security-Policy header at all, so a script that slipped into a record's markup
would run.
"""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from sourcebook.archive import ingest
from sourcebook.archive.models import Document
from sourcebook.scans.viewer_style import VIEWER_STYLE
from sourcebook.search import indexer
from tests.conftest import SAMPLES
from tests.support.browser import needs_chromium

POLICY = {
    "default-src": "'self'",
    "script-src": "'self'",
    "style-src": "'self'",
    "object-src": "'none'",
    "base-uri": "'none'",
    "frame-ancestors": "'none'",
    "form-action": "'self'",
}
TEI_VOLUME = "frus1961-63v22.xml"

# Recorded in the page before any of its own scripts run (Playwright's init scripts are not
# subject to the page's policy).
LISTEN = """
window.__violations = [];
document.addEventListener("securitypolicyviolation", (e) => {
  window.__violations.push(`${e.violatedDirective} ${e.blockedURI} ${e.sourceFile}:${e.lineNumber}`);
});
"""


@pytest.fixture
def archive(tmp_path, monkeypatch):
    """Record text and a TEI volume, indexed, and an admin account."""
    monkeypatch.setenv("SOURCEBOOK_INDEX", str(tmp_path / "index"))
    for name in ("wcda-208190.txt", "sample-undated-letter.txt", TEI_VOLUME):
        outcomes = ingest.ingest_file(SAMPLES / name)
        assert outcomes and {o.status for o in outcomes} == {"added"}, outcomes
    indexer.catch_up()
    user = get_user_model().objects.create_superuser("curator", "c@ex.org", "a long passphrase 7")
    tei = Document.objects.filter(texts__markup_format="tei").order_by("id").first()
    return {"tei": tei.public_id, "user": user}


def _policy(header: str) -> dict[str, str]:
    parts = (p.strip().split(None, 1) for p in header.split(";") if p.strip())
    return {p[0]: (p[1] if len(p) > 1 else "") for p in parts}


@pytest.mark.django_db
def test_every_response_carries_the_policy(archive):
    client = Client()
    client.force_login(archive["user"])  # login() passes no request, which axes requires
    paths = [
        "/",
        "/documents/208190/",
        f"/documents/{archive['tei']}/",
        "/search/?q=Kim",
        "/persons/",
        "/collections/",
        "/api/documents",
        "/oai?verb=Identify",
        "/documents/no-such-document/",
        "/admin/",
        "/admin/archive/document/",
    ]
    for path in paths:
        response = client.get(path)
        assert response.status_code in (200, 404), (path, response.status_code)
        policy = _policy(response["Content-Security-Policy"])
        assert {k: policy.get(k) for k in POLICY} == _expected(path, response.status_code), path
        assert "'unsafe-inline'" not in response["Content-Security-Policy"]
        assert response["X-Frame-Options"] == "DENY"
        assert response["X-Content-Type-Options"] == "nosniff"
        assert response["Referrer-Policy"] == "same-origin"
    assert "Content-Security-Policy" in Client().get("/admin/login/")


def _expected(path: str, status: int) -> dict[str, str]:
    """The policy, with one addition on a document page: the hash of the scan viewer's one
    inline style (a focus outline rule), never 'unsafe-inline'."""
    if status == 200 and path.startswith("/documents/"):
        return {**POLICY, "style-src": f"'self' {VIEWER_STYLE}"}
    return POLICY


def _visit(page, url: str) -> None:
    response = page.goto(url)
    assert response.status < 400, (url, response.status)
    page.wait_for_load_state("load")


@pytest.mark.django_db(transaction=True)
@needs_chromium
def test_site_and_admin_pages_run_without_a_violation(live_server, archive, browser):
    context = browser.new_context(permissions=["clipboard-read", "clipboard-write"])
    context.add_init_script(LISTEN)
    page = context.new_page()
    console: list[str] = []
    page.on("console", lambda m: console.append(m.text) if m.type in ("error", "warning") else None)
    violations: list[str] = []

    def check(url: str) -> None:
        _visit(page, url)
        found = page.evaluate("window.__violations")
        violations.extend(f"{url}: {v}" for v in found)

    base = live_server.url
    for path in ("/", "/documents/208190/", f"/documents/{archive['tei']}/", "/search/?q=Kim"):
        check(base + path)
    # The cite box still works: its script is a static file, allowed by 'self'.
    check(f"{base}/documents/sample-undated-letter/")
    page.click(".cite-box > summary")  # the "Cite" disclosure
    page.click('button[data-copy="cite-chicago"]')
    page.wait_for_function(
        "document.querySelector('[data-copy=cite-chicago]').textContent === 'Copied'"
    )
    copied = page.evaluate("navigator.clipboard.readText()")
    assert (
        copied == page.locator("#cite-chicago").inner_text().strip() and "Ri Chang-jeong" in copied
    )
    # A person page and a collection page, reached as a reader would.
    for listing in ("/persons/", "/collections/"):
        check(base + listing)
        href = page.locator(f"main a[href^='{listing}']").first.get_attribute("href")
        check(base + href)
    # The admin: login form, index, a change list and a change form.
    check(f"{base}/admin/login/")
    page.fill("#id_username", "curator")
    page.fill("#id_password", "a long passphrase 7")
    page.click("input[type=submit]")
    page.wait_for_url(f"{base}/admin/")
    violations.extend(f"/admin/: {v}" for v in page.evaluate("window.__violations"))
    check(f"{base}/admin/archive/document/")
    pk = Document.objects.get(public_id="208190").pk
    check(f"{base}/admin/archive/document/{pk}/change/")
    check(f"{base}/admin/axes/accessattempt/")
    assert violations == []
    assert [m for m in console if "Content Security Policy" in m] == []

    # The listener is live: markup the policy forbids is reported (and not applied).
    page.evaluate(
        "document.body.insertAdjacentHTML('beforeend', '<p id=x style=\"color: red\">x</p>')"
    )
    page.wait_for_function("window.__violations.length > 0")
    assert "style-src" in page.evaluate("window.__violations")[0]
    page.evaluate(
        """() => { const s = document.createElement('script');
                   s.textContent = 'window.__ran = true'; document.body.append(s); }"""
    )
    assert page.evaluate("window.__ran === undefined")
    context.close()
