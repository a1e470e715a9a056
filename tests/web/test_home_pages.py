"""The home page's list by date: numbered near the start, then read on by cursor ("Later",
"Earlier", "First", "Last"), every published document once in order either way, each page
from the index; a deep page number is a 404 that says where to go, a bad cursor a 400."""

from __future__ import annotations

import html
import re

import pytest
from django.db import connection

from sourcebook.archive import keyset, planner_stats
from sourcebook.archive.models import DATE_ORDER, Document
from sourcebook.web import listing
from tests.support.plans import archive_by_day, archive_with_ties, executed, plan

pytestmark = pytest.mark.django_db

LINK = re.compile(r'<a (?:rel="\w+" )?href="([^"]+)">[^<]*?\b(First|Earlier|Later|Last)\b')


def _page(client, url: str) -> tuple[list[str], dict[str, str], str]:
    response = client.get(url if url.startswith("/") else f"/{url}")
    assert response.status_code == 200, (url, response.status_code)
    body = response.content.decode()
    ids = re.findall(r'href="/documents/([^/]+)/"', body)
    return ids, {name: html.unescape(href) for href, name in LINK.findall(body)}, body


def _walk(client, url: str, link: str) -> tuple[list[str], list[str]]:
    """The ids met following ``link`` from ``url`` (each page's in page order), and the URLs."""
    ids, urls = [], []
    while url:
        urls.append(url)
        found, links, _ = _page(client, url)
        ids += found if link == "Later" else found[::-1]
        url = links.get(link)
    return ids, urls


def _published() -> list[str]:
    return list(Document.live.order_by(*DATE_ORDER).values_list("public_id", flat=True))


@pytest.fixture
def small_pages(monkeypatch, settings):
    """Pages of 3 and two numbered pages, so 40 documents make many cursor pages."""
    monkeypatch.setattr(listing, "PAGE_SIZE", 3)
    settings.SOURCEBOOK_NUMBERED_PAGES = 2
    settings.SOURCEBOOK_PAGE_CACHE = 0


def test_later_gives_every_published_document_once_in_order(client, small_pages):
    archive_with_ties()
    ids, urls = _walk(client, "/", "Later")
    assert ids == _published() and len(ids) == 33
    # Two numbered pages, then cursors.
    assert urls[1] == "?page=2" and all(u.startswith("?after=") for u in urls[2:])
    _, links, body = _page(client, urls[4])
    assert "Page " not in body and "This page: " in body
    assert links["First"] == "/" and links["Earlier"].startswith("?before=")


def test_earlier_from_the_last_page_gives_them_all_backwards(client, small_pages):
    archive_with_ties()
    ids, urls = _walk(client, "/?last=1", "Earlier")
    assert ids == _published()[::-1]
    assert all(u.startswith("?before=") for u in urls[1:])
    first_ids, links, _ = _page(client, urls[-1])
    assert "Earlier" not in links and "First" not in links and first_ids == _published()[:3]


def test_earlier_then_later_come_back_to_the_same_page(client, small_pages):
    archive_with_ties()
    _, urls = _walk(client, "/", "Later")
    for url in urls[3:]:
        ids, links, _ = _page(client, url)
        back, back_links, _ = _page(client, links["Earlier"])
        assert _page(client, back_links["Later"])[0] == ids


@pytest.mark.parametrize("size", [1, 2, 7, 50])
def test_walks_at_other_page_sizes(client, monkeypatch, settings, size):
    archive_with_ties()
    monkeypatch.setattr(listing, "PAGE_SIZE", size)
    settings.SOURCEBOOK_NUMBERED_PAGES = 1
    assert _walk(client, "/", "Later")[0] == _published()
    assert _walk(client, "/?last=1", "Earlier")[0] == _published()[::-1]


def test_numbered_everywhere_with_0_as_the_static_edition_has_it(client, monkeypatch, settings):
    archive_with_ties()
    monkeypatch.setattr(listing, "PAGE_SIZE", 3)
    settings.SOURCEBOOK_NUMBERED_PAGES = 0
    ids, urls = _walk(client, "/", "Later")
    assert ids == _published() and urls[1:] == [f"?page={n}" for n in range(2, 12)]
    assert _page(client, "/")[1]["Last"] == "?page=11"
    assert "Page 11 of 11" in _page(client, "?page=11")[2]


def test_a_page_past_the_numbered_ones_says_where_to_go(client, small_pages):
    archive_with_ties()
    response = client.get("/?page=3")
    assert response.status_code == 404
    body = response.content.decode()
    assert "first 2 pages" in body and 'href="?last=1"' in body and 'href="/dates/"' in body
    # Past the end of a short list, or not a number: as before, the last page and the first.
    assert client.get("/?page=abc").status_code == 200
    assert "Page 2 of 11" in _page(client, "/?page=2")[2]


def test_a_short_list_keeps_its_numbers_to_the_end(client, settings):
    archive_with_ties()
    settings.SOURCEBOOK_PAGE_CACHE = 0
    ids, links, body = _page(client, "/?page=9")
    assert ids == _published() and "Page 1 of 1" not in body and links == {}


@pytest.mark.parametrize(
    "query",
    ["after=bogus", "before=x", "after=", "before=" + "A" * 500, "after={forged}"],
)
def test_a_cursor_the_site_did_not_make_is_a_400(client, small_pages, query):
    archive_with_ties()
    real = _page(client, "?page=2")[1]["Later"].removeprefix("?after=")
    forged = real.replace("d-0", "d-1", 1) if "d-0" in real else real[:-2] + "xx"
    response = client.get("/?" + query.format(forged=forged))
    assert response.status_code == 400
    assert "was not made by this site" in response.content.decode()


def test_a_redated_document_neither_skips_nor_repeats_the_others(client, small_pages):
    """A cursor is a place in the order: the walk goes on after it as the order now is."""
    archive_with_ties()
    _, urls = _walk(client, "/", "Later")
    before = _published()
    seen, links, _ = _page(client, urls[3])
    moved = before[0]  # read already; now undated, so it comes again later in the order
    Document.objects.filter(public_id=moved).update(date_earliest=None, date_edtf=None)
    rest, _ = _walk(client, links["Later"], "Later")
    now = _published()
    assert rest == now[now.index(seen[-1]) + 1 :] and moved in rest
    assert set(before) == set(seen) | set(rest) | set(before[: before.index(seen[0])])


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's query plans")
def test_every_cursor_read_seeks_the_index(client, settings):
    """Forwards and backwards, from dated and undated keys, with and without an EDTF."""
    settings.SOURCEBOOK_PAGE_CACHE = 0
    archive_by_day(2000)
    dated = Document.objects.filter(date_earliest__isnull=False).order_by("id")
    Document.objects.filter(id__in=list(dated.values_list("id", flat=True)[::3])).update(
        date_edtf=None  # days with documents both with and without an EDTF
    )
    planner_stats.analyze()
    keys = list(Document.live.order_by(*DATE_ORDER).values(*keyset.KEY_FIELDS))
    picked = [keys[300], keys[1990]]
    for dated_key in (True, False):
        for edtf in (True, False):
            picked += [
                k
                for k in keys[500:]
                if (k["date_earliest"] is not None) == dated_key
                and (k["date_edtf"] is not None) == edtf
            ][:1]
    assert len(picked) == 6
    urls = ["/?last=1"] + [
        f"/?{way}={keyset.encode(keyset.key_of(k))}" for k in picked for way in ("after", "before")
    ]
    for url in urls:
        response, statements = executed(lambda url=url: client.get(url))
        assert response.status_code == 200
        reads = [plan(*s) for s in statements if " LIMIT " in s[0] and "archive_document" in s[0]]
        assert reads, url
        for found in reads:
            assert "document_status_date_order" in found and "TEMP B-TREE" not in found, found


def test_a_cursor_with_nothing_beyond_it_shows_the_nearest_end(client, small_pages):
    """Documents withdrawn since the link was made: not an empty list that says the archive
    has no documents, but the first or the last page."""
    archive_with_ties()
    published = _published()
    first, last = (Document.objects.filter(public_id=p) for p in (published[0], published[-1]))
    before_first = keyset.encode(keyset.key_of(first.values(*keyset.KEY_FIELDS).get()))
    after_last = keyset.encode(keyset.key_of(last.values(*keyset.KEY_FIELDS).get()))
    assert _page(client, f"/?before={before_first}")[0] == published[:3]
    assert _page(client, f"/?after={after_last}")[0] == published[-3:]
    last.update(status=Document.WITHDRAWN)
    assert _page(client, f"/?after={after_last}")[0] == published[-4:-1]
