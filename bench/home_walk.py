"""Reading every published document through the home page: forwards by "Later" from the first
page, backwards by "Earlier" from the last, each checked against the list in DATE_ORDER; and the
deepest numbered page beside the same depth by cursor.

Why: past its numbered pages the list reads on by cursor (web/listing.py), so each page should
cost the same at any depth. Django's test client, the page cache off, no HTTP.

``--by-number`` instead times ``/?page=20``, ``1000`` and the last page (5 reads each) and walks
every page by number, as the home page before cursors was read: run it with an older version's
``src`` on ``PYTHONPATH`` (on this one, pages past the numbered ones are a 404).

Run: SOURCEBOOK_HOME=<home> [DATABASE_URL=…] PYTHONPATH=src .venv/bin/python bench/home_walk.py
"""

from __future__ import annotations

import html
import re
import statistics
import sys
import time

from page_client import warm_client

LINK = re.compile(r'<a (?:rel="\w+" )?href="([^"]+)">[^<]*?\b(Earlier|Later)\b')


def _get(client, url: str) -> tuple[list[str], dict[str, str], float]:
    start = time.perf_counter()
    response = client.get(url if url.startswith("/") else f"/{url}")
    took = time.perf_counter() - start
    assert response.status_code == 200, (url, response.status_code)
    body = response.content.decode()
    ids = re.findall(r'href="/documents/([^/]+)/"', body)
    return ids, {name: html.unescape(href) for href, name in LINK.findall(body)}, took


def _walk(client, url: str, link: str) -> tuple[list[str], list[float]]:
    ids: list[str] = []
    times: list[float] = []
    while url:
        found, links, took = _get(client, url)
        ids += found if link == "Later" else found[::-1]
        times.append(took)
        url = links.get(link)
    return ids, times


def _spread(times: list[float]) -> str:
    ms = sorted(t * 1000 for t in times)
    return f"min {ms[0]:.1f}, median {statistics.median(ms):.1f}, max {ms[-1]:.1f} ms"


def main() -> None:
    client = warm_client()  # the live count too: not part of the walks
    from sourcebook.archive.models import DATE_ORDER, Document

    expected = list(Document.live.order_by(*DATE_ORDER).values_list("public_id", flat=True))
    print(f"{len(expected):,} documents")
    if "--by-number" in sys.argv:
        _by_number(client, expected)
    else:
        _by_cursor(client, expected)


def _by_cursor(client, expected: list[str]) -> None:
    from django.conf import settings

    forwards, t_forwards = _walk(client, "/", "Later")
    assert forwards == expected, "Later does not give the list in order"
    backwards, t_backwards = _walk(client, "/?last=1", "Earlier")
    assert backwards == expected[::-1], "Earlier does not give the list backwards"
    for name, times in (("by Later", t_forwards), ("by Earlier", t_backwards)):
        print(f"{name:<11} {len(times):,} pages in {sum(times):.2f} s: {_spread(times)}")
    _five(client, f"/?page={settings.SOURCEBOOK_NUMBERED_PAGES}")
    _five(client, "/?last=1")


def _by_number(client, expected: list[str]) -> None:
    pages = max(1, -(-len(expected) // 50))
    for url in ("/?page=20", "/?page=1000", f"/?page={pages}"):
        _five(client, url)
    ids, times = [], []
    for number in range(1, pages + 1):
        found, _, took = _get(client, f"/?page={number}")
        ids += found
        times.append(took)
    assert ids == expected, "the numbered pages do not give the list in order"
    print(f"by number   {pages:,} pages in {sum(times):.2f} s: {_spread(times)}")


def _five(client, url: str) -> None:
    print(f"{url}, 5 reads: {_spread([_get(client, url)[2] for _ in range(5)])}")


if __name__ == "__main__":
    main()
