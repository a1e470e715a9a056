"""Whole pages kept for anonymous readers (sourcebook.web.responsecache): served again without
rendering, never stale after a change (in this process or another), never to or from editors,
one copy per interface language, no cookie or token of one reader handed to another."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Permission, User
from django.db import connection
from django.test import Client, RequestFactory
from django.test.utils import CaptureQueriesContext, override_settings

from sourcebook.archive import editing, publication
from sourcebook.archive.models import Document
from sourcebook.web import generation, responsecache
from tests.support.cli import run_cli
from tests.support.http import get

PAGE = "/documents/208190/"
TITLE = "Cable, Chinese Embassy in North Korea"


@pytest.fixture(autouse=True)
def empty_cache():
    """Each test starts with nothing kept (the cache is per process, tests share one)."""
    cache = responsecache.store()
    if cache is not None:
        cache.clear()
    yield


def _view(client, path=PAGE, **headers):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path, **headers)
    return response, len(queries)


def test_second_anonymous_view_is_served_from_the_cache(client, seed_doc):
    first, first_queries = _view(client)
    second, second_queries = _view(client)
    assert first.status_code == second.status_code == 200
    assert second.content == first.content and TITLE in second.content.decode()
    # Only the generation is read; rendering the page reads documents, texts, citations, …
    assert second_queries <= 1 < first_queries
    # Turned off, every view renders again.
    with override_settings(SOURCEBOOK_PAGE_CACHE=0):
        _, off_queries = _view(client)
    assert off_queries > 1


def test_a_cached_page_keeps_its_headers(client, seed_doc):
    first, _ = _view(client)
    second, _ = _view(client)
    for name in ("Content-Security-Policy", "Content-Language", "X-Frame-Options", "Content-Type"):
        assert second[name] == first[name], name
    for response in (first, second):
        vary = {v.strip().lower() for v in response["Vary"].split(",")}
        assert {"cookie", "accept-language"} <= vary
        assert not response.cookies
    head = client.head(PAGE)
    assert head.status_code == 200 and head["Content-Type"] == first["Content-Type"]


KEPT_PAGES = [
    PAGE,
    PAGE + "?view=diplomatic",
    "/",
    "/persons/",
    "/collections/",
    "/documents/208190/history/",
    "/documents/208190/v/1/",
    "/documents/208190/file/",
]


def test_first_views_do_not_change_the_generation(client, seed_doc):
    """Rendering a page fills caches of its own (text, citations): that changes no page, so it
    must not make every kept page stale."""
    before = generation.current()
    for path in KEPT_PAGES:
        assert _view(client, path)[0].status_code == 200, path
    assert generation.current() == before
    for path in KEPT_PAGES:
        assert _view(client, path)[1] <= 1, path


def test_edit_withdrawal_and_publication_show_at_once(client, seed_doc):
    _view(client)
    editing.edit_document(seed_doc, {"title": "A corrected title"}, "tester", "Typo")
    page, queries = _view(client)
    assert "A corrected title" in page.content.decode() and queries > 1
    publication.withdraw(Document.objects.get(public_id="208190"), "Duplicate", "tester")
    assert _view(client)[0].status_code == 410
    publication.reinstate(Document.objects.get(public_id="208190"), "tester")
    assert _view(client)[0].status_code == 200
    _view(client)
    Document.objects.filter(public_id="208190").update(status=Document.DRAFT)  # a bare UPDATE
    assert _view(client)[0].status_code == 404
    publication.publish([Document.objects.get(public_id="208190")], "tester")
    assert _view(client)[0].status_code == 200


@pytest.fixture
def editor(db):
    user = User.objects.create_user("ann", password="a long passphrase 9")
    user.user_permissions.add(Permission.objects.get(codename="change_document"))
    return user


def test_an_editor_never_gets_nor_fills_a_kept_page(seed_doc, editor):
    reader, ed = Client(), Client()
    ed.force_login(editor)
    edited, _ = _view(ed)
    assert "/documents/208190/edit/" in edited.content.decode()
    # The editor's page was not kept: the reader's first view renders, without editor tools.
    page, queries = _view(reader)
    assert queries > 1 and "/documents/208190/edit/" not in page.content.decode()
    _view(reader)  # now kept
    again, editor_queries = _view(ed)
    assert editor_queries > 1 and "/documents/208190/edit/" in again.content.decode()
    # A draft: editors see it, readers get 404 however often the editor looked.
    publication.withdraw(Document.objects.get(public_id="208190"), "Check", "tester")
    Document.objects.filter(public_id="208190").update(status=Document.DRAFT)
    assert _view(ed)[0].status_code == 200 and _view(ed)[0].status_code == 200
    assert _view(reader)[0].status_code == 404


def test_languages_do_not_mix(seed_doc):
    german, english, korean = Client(), Client(), Client()
    korean.cookies["sourcebook_language"] = "ko"
    de_page, _ = _view(german, HTTP_ACCEPT_LANGUAGE="de")
    en_page, _ = _view(english, HTTP_ACCEPT_LANGUAGE="en")
    ko_page, _ = _view(korean, HTTP_ACCEPT_LANGUAGE="de")
    assert '<html lang="de">' in de_page.content.decode()
    assert '<html lang="en">' in en_page.content.decode()
    assert '<html lang="ko">' in ko_page.content.decode()
    for client, lang, code in ((german, "de", "de"), (english, "en", "en"), (korean, "de", "ko")):
        page, queries = _view(client, HTTP_ACCEPT_LANGUAGE=lang)
        assert queries <= 1 and f'<html lang="{code}">' in page.content.decode()
        assert page["Content-Language"] == code


def test_no_cookie_or_csrf_token_of_one_reader_reaches_another(seed_doc):
    first = Client(enforce_csrf_checks=True)
    first.cookies["csrftoken"] = "a" * 32
    page, _ = _view(first)
    assert "csrfmiddlewaretoken" not in page.content.decode() and not page.cookies
    second = Client()
    kept, queries = _view(second)
    assert queries <= 1 and not kept.cookies and "Set-Cookie" not in kept
    # A page that used a CSRF token, or set a cookie, is not kept.
    request = RequestFactory().get(PAGE)
    ok = Client().get(PAGE)
    assert responsecache.keepable(request, ok)
    request.META["CSRF_COOKIE_NEEDS_UPDATE"] = True
    assert not responsecache.keepable(request, ok)
    cookie = Client().get(PAGE)
    cookie.set_cookie("x", "y")
    assert not responsecache.keepable(RequestFactory().get(PAGE), cookie)


def test_only_anonymous_reads_are_looked_up():
    factory = RequestFactory()
    assert responsecache.anonymous_read(factory.get(PAGE))
    assert not responsecache.anonymous_read(factory.post(PAGE))
    assert not responsecache.anonymous_read(factory.get(PAGE, HTTP_AUTHORIZATION="Bearer x"))
    with_session = factory.get(PAGE)
    with_session.COOKIES["sessionid"] = "abc"
    assert not responsecache.anonymous_read(with_session)


def test_the_api_records_are_kept_and_refreshed_too(client, seed_doc):
    first, first_queries = _view(client, "/api/documents/208190")
    second, second_queries = _view(client, "/api/documents/208190")
    assert second.json() == first.json() and second_queries <= 1 < first_queries
    assert second["Content-Type"] == "application/json; charset=utf-8"
    editing.edit_document(seed_doc, {"title": "A corrected title"}, "tester", "Typo")
    third, third_queries = _view(client, "/api/documents/208190")
    assert third.json()["title"] == "A corrected title" and third_queries > 1
    for path in ("/api/documents", "/api/persons", "/api/collections"):
        _view(client, path)
        assert _view(client, path)[1] <= 1, path
    # Search answers follow the index, which commits after the database: never kept.
    assert "api:search_documents" not in responsecache.PAGES


def test_other_public_pages_are_refreshed(client, seed_doc):
    _view(client, "/")
    editing.edit_document(seed_doc, {"title": "Another title"}, "tester", "Typo")
    home, queries = _view(client, "/")
    assert queries > 1 and "Another title" in home.content.decode()


@pytest.mark.parametrize(
    "sql,changes",
    [
        ('SELECT "archive_document"."id" FROM "archive_document"', False),
        ('INSERT INTO "archive_document" ("title") VALUES (%s)', True),
        ('UPDATE "related_relation" SET "kind" = %s', True),
        ('DELETE FROM "archive_indexevent" WHERE "id" < %s', True),
        ('INSERT INTO "web_renderedpage" ("version") VALUES (%s)', False),
        ('UPDATE "citing_renderedcitations" SET "styles" = %s', False),
        ('INSERT INTO "django_session" ("session_key") VALUES (%s)', False),
        ("WITH x AS (SELECT 1) UPDATE archive_text SET body = ''", True),
        ("VACUUM", False),
        ("SAVEPOINT s1", False),
    ],
)
def test_which_statements_change_pages(sql, changes, db):
    assert generation.changes_pages(sql) is changes


@pytest.mark.django_db(transaction=True)
def test_a_write_in_another_process_makes_the_kept_page_stale(live_server, seed_doc):
    """Worker B keeps a page; worker A (here a ``sourcebook`` command) edits and withdraws: the
    token in the database changes with the commit, so B's next view is the new state."""
    url = f"{live_server.url}{PAGE}"
    from sourcebook.web.models import PageGeneration

    get(url)
    assert TITLE in get(url)[2]
    token = PageGeneration.objects.get(id=1).token
    out = run_cli(
        "edit", "208190", "--set", "title=Retitled elsewhere", "--note", "Test", process=True
    )
    assert out.returncode == 0, out.stderr
    assert PageGeneration.objects.get(id=1).token != token
    assert "Retitled elsewhere" in get(url)[2]
    assert run_cli("withdraw", "208190", "--reason", "Duplicate", process=True).returncode == 0
    assert get(url)[0] == 410
