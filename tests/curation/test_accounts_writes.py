"""Anonymous writes are refused everywhere (issue 9, "Roles: anonymous writes are refused"), and
the login throttle guards editors' accounts as it does admins'.

Every route the URL map has (pages, exports, OAI-PMH, the JSON API; new routes are walked too)
gets POST, PUT, PATCH and DELETE from an anonymous client that does not even need to pass the
CSRF check; the answer must be a refusal and the database must be exactly as it was.
"""

from __future__ import annotations

import json
import re

import pytest
from django.apps import apps
from django.test import Client

from sourcebook.archive import ingest
from tests.conftest import SAMPLES
from tests.support.routes import all_routes

from .accounts_support import PASSWORD, make

METHODS = ("post", "put", "patch", "delete")
REFUSED = {400, 401, 403, 405}
# OAI-PMH lets harvesters send their (read-only) requests as POST forms: a read, not a write.
READ_BY_POST = {"/oai"}
UNTRACKED_APPS = {"sessions", "axes"}  # a visit's session and throttle bookkeeping


@pytest.fixture
def archive(db):
    for name in ("wcda-208190.txt", "frus1961-63v22.xml"):
        assert {o.status for o in ingest.ingest_file(SAMPLES / name)} == {"added"}
    from sourcebook.archive.models import Agent, Collection

    agent = Agent.objects.exclude(slug="").order_by("id").first()
    return {
        "public_id": "208190",
        "persons": agent.slug,
        "collections": Collection.objects.order_by("id").first().slug,
        "pk": agent.pk,
    }


def _routes() -> list[str]:
    return all_routes()


def _concrete(route: str, values: dict) -> str:
    """``/persons/<slug:slug>/`` → ``/persons/acheson-dean/``; regex routes to a matching path."""
    area = route.strip("/^").split("/")[0].removeprefix("api/")
    if route.startswith("/api/"):
        area = route.split("/")[2]

    def value(name: str) -> str:
        if name == "slug":
            return values.get(area, values["collections"])
        if name == "extension":
            return "bib" if "export" in route and "documents" not in route else "json"
        return values.get(name, "1")  # version numbers and the like, in routes added later

    path = route.replace("^", "").replace("$", "")
    path = re.sub(r"\(\?P<(\w+)>(?:[^()]|\([^)]*\))*\)", lambda m: value(m.group(1)), path)
    path = re.sub(r"<(?:\w+:)?(\w+)>", lambda m: value(m.group(1)), path)
    return path.replace("\\.", ".")


def _state() -> dict:
    state = {}
    for config in apps.get_app_configs():
        if config.label in UNTRACKED_APPS:
            continue
        for model in config.get_models():
            rows = model._default_manager.values()
            state[model._meta.label] = sorted(
                json.dumps(r, sort_keys=True, default=str) for r in rows
            )
    return state


def _refused(response) -> bool:
    if response.status_code in REFUSED:
        return True
    return response.status_code == 302 and response["Location"].startswith("/admin/login/")


def test_no_route_takes_an_anonymous_write(archive):
    make("lin", "editor")
    before = _state()
    client = Client()  # no CSRF enforcement: refusal must not rest on the CSRF check alone
    accepted = []
    paths = [_concrete(route, archive) for route in _routes()]
    assert "/documents/208190/" in paths and len(paths) >= 20
    for path in paths:
        for method in METHODS:
            if method == "post" and path in READ_BY_POST:
                continue
            response = getattr(client, method)(
                path, data="title=Defaced", content_type="application/x-www-form-urlencoded"
            )
            if not _refused(response):
                accepted.append((method.upper(), path, response.status_code))
    assert accepted == [], "\n".join(map(str, accepted))
    assert _state() == before


def test_oai_by_post_is_a_read(archive):
    before = _state()
    response = Client().post("/oai", {"verb": "Identify"})
    assert response.status_code == 200 and b"<Identify>" in response.content
    assert _state() == before


def test_admin_writes_need_a_signed_in_editor(archive):
    before = _state()
    client = Client()
    for path in (
        f"/admin/archive/agent/{archive['pk']}/change/",
        f"/admin/archive/agent/{archive['pk']}/delete/",
        "/admin/archive/document/",
        "/admin/auth/user/add/",
        "/admin/audit/auditentry/add/",
    ):
        response = client.post(path, {"name": "Defaced", "post": "yes"})
        assert response.status_code == 302, path
        assert response["Location"].startswith("/admin/login/"), path
    assert _state() == before
    # And with CSRF enforced, as a browser posts it from another site: refused before login.
    strict = Client(enforce_csrf_checks=True)
    response = strict.post("/admin/login/", {"username": "lin", "password": PASSWORD})
    assert response.status_code == 403


def test_the_login_throttle_locks_an_editor_account(db):
    editor = make("lin", "editor")
    client = Client(REMOTE_ADDR="198.51.100.7")

    def attempt(password: str) -> int:
        form = {"username": "lin", "password": password}
        return client.post("/admin/login/?next=/admin/", form).status_code

    assert [attempt(f"guess {n}") for n in range(4)] == [200] * 4
    assert attempt("guess 5") == 429
    assert attempt(PASSWORD) == 429  # the right password, while locked out
    assert client.get("/admin/").status_code == 302
    # From the editor's own address the account still works, and signs in to the admin.
    own = Client(REMOTE_ADDR="192.0.2.10")
    response = own.post("/admin/login/?next=/admin/", {"username": "lin", "password": PASSWORD})
    assert (response.status_code, response["Location"]) == (302, "/admin/")
    assert own.get("/admin/archive/document/").status_code == 200
    assert editor.is_staff


READ_ONLY_PAGES = [
    "/",
    "/documents/208190/",
    "/documents/208190.json",
    "/documents/208190/history/",
    "/search/",
    "/persons/",
    "/collections/",
    "/sitemap.xml",
    "/robots.txt",
    "/export.bib",
]


def test_read_only_pages_refuse_a_signed_in_editors_post(archive):
    """A page that only reads answers a write with 405, not with the page as if it were a GET
    (the middleware stops anonymous writes; this is about what a signed-in user can send)."""
    client = Client()
    client.force_login(make("lin", "editor"))
    for path in [*READ_ONLY_PAGES, f"/persons/{archive['persons']}/"]:
        assert client.get(path).status_code in {200, 400}, path  # reachable by a read
        response = client.post(path, {"title": "Defaced"})
        assert response.status_code == 405, (path, response.status_code)
