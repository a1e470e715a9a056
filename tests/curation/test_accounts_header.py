"""Every page says who is signed in (issue 9, "Accounts and roles"): "Sign in" for readers,
"Signed in as NAME · Sign out" for editors, and signing out is a POST (Django 5 refuses GET).
"""

from __future__ import annotations

import re

from django.test import Client

from sourcebook.archive import ingest
from tests.conftest import SEED
from tests.support.browser import needs_chromium

from .accounts_support import PASSWORD, make


def test_readers_see_sign_in_leading_back_to_the_page(seed_doc):
    page = Client().get("/documents/208190/?tab=text").content.decode()
    assert '<a class="sign-in" href="/admin/login/?next=/documents/208190/%3Ftab%3Dtext">' in page
    assert "Signed in as" not in page


def test_an_editor_sees_its_name_and_signs_out_by_post(seed_doc):
    client = Client(enforce_csrf_checks=True)
    client.force_login(make("lin", "editor"))
    page = client.get("/search/?q=Kim").content.decode()
    assert 'Signed in as <a href="/admin/">lin</a>' in page
    form = re.search(
        r'<form class="sign-out" method="post" action="/admin/logout/">(.*?)</form>', page, re.S
    )
    assert form, page
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form.group(1)).group(1)
    assert 'name="next" value="/search/?q=Kim"' in form.group(1)

    assert client.get("/admin/logout/").status_code == 405  # a link could sign anyone out
    response = client.post(
        "/admin/logout/", {"csrfmiddlewaretoken": token, "next": "/search/?q=Kim"}
    )
    assert (response.status_code, response["Location"]) == (302, "/search/?q=Kim")
    assert "Sign in" in client.get("/search/?q=Kim").content.decode()
    assert client.get("/admin/").status_code == 302


@needs_chromium
def test_sign_in_and_out_in_a_browser(live_server, transactional_db, browser):
    """Through the header links, as an editor does it: back on the same page each time, and
    nothing the page's Content-Security-Policy refuses."""
    assert [o.status for o in ingest.ingest_file(SEED)] == ["added"]
    make("lin", "editor")
    page = browser.new_page()
    violations: list[str] = []
    page.on(
        "console", lambda m: violations.append(m.text) if "Content Security" in m.text else None
    )
    url = f"{live_server.url}/documents/208190/"
    page.goto(url)
    page.click("a.sign-in")
    page.fill("#id_username", "lin")
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_url(url)
    assert page.locator(".account .signed-in").inner_text() == "Signed in as lin"
    page.click(".sign-out button")
    page.wait_for_url(url)
    assert page.locator("a.sign-in").inner_text() == "Sign in"
    assert violations == []
    page.close()
