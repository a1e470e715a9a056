"""The person page in Chromium: readable on a phone, and a mention in context opens the document
at the marked place, without JavaScript."""

from __future__ import annotations

import pytest

from tests.support.browser import needs_chromium

pytestmark = [pytest.mark.django_db(transaction=True), needs_chromium]

OVERFLOW = "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"


def test_person_page_on_a_phone_and_a_mention_opens_its_place(live_server, archive, browser):
    context = browser.new_context(viewport={"width": 390, "height": 700}, java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{live_server.url}/persons/?q=김일성")
    page.locator("ul.person-index a", has_text="Kim Il Sung").click()
    page.wait_for_load_state()
    assert page.url.endswith("/persons/kim-il-sung/")
    assert page.locator("h1").inner_text() == "Kim Il Sung"
    assert page.evaluate(OVERFLOW) <= 0
    assert page.locator("h3.year").all_inner_texts() == ["1955", "1958"]
    assert (
        page.locator("ul.co-occurring li").first.inner_text() == "Puzanov, Alexander (2 documents)"
    )
    lines = page.locator("ol.kwic li")
    assert lines.count() == 3
    assert "Workers' Party congress" in lines.nth(2).inner_text()
    lines.nth(2).locator("a.kwic-keyword").click()
    page.wait_for_load_state()
    assert "/documents/kp-2/?hl=" in page.url and page.url.endswith(
        f"#m-0-{archive.body('kp-2').index('Kim Il-sung')}"
    )
    mark = page.locator("mark.mention:target")
    assert mark.inner_text() == "Kim Il-sung"
    assert mark.evaluate("e => getComputedStyle(e).backgroundColor") != "rgba(0, 0, 0, 0)"
    box = mark.bounding_box()
    # Scrolled into view (the browser may place it a subpixel above the top edge).
    assert box is not None and -box["height"] / 2 <= box["y"] < 700
    assert page.evaluate(OVERFLOW) <= 0
    context.close()


def test_persons_list_on_a_phone(live_server, archive, browser):
    context = browser.new_context(viewport={"width": 390, "height": 700})
    page = context.new_page()
    page.goto(f"{live_server.url}/persons/")
    assert page.locator("ul.person-index li").count() == 3
    page.locator("summary").click()
    page.select_option("#f-role", "participant")
    page.fill("#f-from", "1955")
    page.locator("form.authority-filters button[type=submit]").click()
    page.wait_for_load_state()
    assert page.locator("ul.person-index li a").all_inner_texts() == [
        "Kim Il Sung",
        "Puzanov, Alexander",
    ]
    assert page.evaluate(OVERFLOW) <= 0
    context.close()


def _signed_in(page, live_server, path: str) -> None:
    """Sign in as the ``editor`` fixture's reviewer and land on ``path``."""
    from tests.curation.accounts_support import PASSWORD

    page.goto(f"{live_server.url}/admin/login/?next={path}")
    page.fill("#id_username", "reviewer")
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    assert page.url == f"{live_server.url}{path}"


def test_an_editor_rejects_links_from_the_person_page(live_server, archive, editor, browser):
    context = browser.new_context(viewport={"width": 390, "height": 700}, java_script_enabled=False)
    page = context.new_page()
    _signed_in(page, live_server, "/persons/kim-il-sung/")
    rows = page.locator("table.review-links tbody tr")
    assert rows.count() == 2
    assert page.evaluate(OVERFLOW) <= 0
    rows.nth(0).locator("input[type=checkbox]").check()  # the candidate in kp-3
    rows.nth(1).locator("input[type=checkbox]").check()  # the automatic link in kp-2
    page.click("button[value=reject]")
    page.wait_for_load_state()
    assert page.locator("p.reviewed").inner_text() == "2 links decided."
    assert page.locator("table.review-links").count() == 0
    assert page.locator('ol.person-documents a[href="/documents/kp-2/"]').count() == 0
    context.close()


def test_an_editor_rejects_a_proposed_person_on_a_phone(live_server, archive, editor, browser):
    """The reject form fits a phone and passes axe, as does the queue's restore button;
    afterwards a reader meets the 410 page."""
    from tests.web.test_accessibility import _violations

    archive.xin.data = {"candidate": True, "rule": "honorific", "proposed_from": ["kp-1"]}
    archive.xin.save()
    archive.links["xin-1"].link = "candidate"
    archive.links["xin-1"].save()
    context = browser.new_context(viewport={"width": 390, "height": 700})  # axe needs scripts
    page = context.new_page()
    _signed_in(page, live_server, "/persons/xin-minsheng/")
    assert page.evaluate(OVERFLOW) <= 0
    assert _violations(page) == []
    page.click("text=All proposed persons")  # the editors' queue, and back
    assert page.locator("tr[data-person] a").all_inner_texts() == ["Xin Minsheng", "kp-1"]
    assert page.evaluate(OVERFLOW) <= 0
    assert _violations(page) == []
    page.click("tr[data-person] a >> nth=0")
    page.click("form.reject-candidate button")
    page.wait_for_load_state()
    assert page.locator("p.reviewed").inner_text() == "1 link decided."
    assert "rejected by reviewer" in page.locator("p.status-banner").inner_text()
    assert page.locator("form.reject-candidate").count() == 0
    # taken back from the queue's "Rejected lately", then rejected again for the reader below
    page.click("form.restore-candidate >> text=All proposed persons")
    assert page.locator(".rejected-lately li a").all_inner_texts() == ["Xin Minsheng"]
    assert page.evaluate(OVERFLOW) <= 0
    assert _violations(page) == []
    page.click(".rejected-lately button")
    page.wait_for_load_state()
    restored = "Proposal restored: 1 link waits for review again."
    assert page.locator("p.reviewed").inner_text() == restored
    page.click("form.reject-candidate button")
    page.wait_for_load_state()
    assert page.locator("form.restore-candidate").count() == 1
    context.close()

    reader = browser.new_context(viewport={"width": 390, "height": 700})
    page = reader.new_page()
    response = page.goto(f"{live_server.url}/persons/xin-minsheng/")
    assert response.status == 410
    assert page.locator("h1").inner_text() == "Xin Minsheng"
    assert page.evaluate(OVERFLOW) <= 0
    assert _violations(page) == []
    reader.close()
