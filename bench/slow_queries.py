"""Which public URLs of a large archive run a query whose cost grows with the archive.

Views one URL of each kind (a document, the latest document of the largest collection, its
history, file, exports, the person, place and collection with the most documents, lists,
OAI-PMH, sitemap, search, API; the last numbered page of the lists) through the Django test
client with the page cache off, twice, and prints for the second view its wall time, its number
of queries, and its slowest query with the query's time; then the pages of an OAI-PMH harvest by
resumption token, and of the API's list by its `next` URLs. Run it on a large archive and on a small one: a query slow only on the
large one reads rows in proportion to the archive.

Run: SOURCEBOOK_HOME=<large home> PYTHONPATH=src .venv/bin/python bench/slow_queries.py
"""

from __future__ import annotations

import os
import re
import statistics
import time


def _urls() -> list[str]:
    from django.conf import settings
    from django.db.models import Count

    from sourcebook.archive import keyset
    from sourcebook.archive.models import DATE_ORDER, Agent, Collection, Document, Place

    doc = Document.live.order_by("id").first()
    coll = Collection.objects.annotate(n=Count("documents")).order_by("-n").first()
    last = Document.live.filter(collection=coll).order_by("-id").first() or doc
    person = Agent.objects.annotate(n=Count("document_links")).order_by("-n").first()
    place = Place.objects.annotate(n=Count("document_links")).order_by("-n").first()
    urls = ["/", "/documents/", "/persons/", "/places/", "/collections/", "/dates/"]
    for d in dict.fromkeys([doc, last]):
        p = d.public_id
        urls += [f"/documents/{p}/", f"/documents/{p}/history/", f"/documents/{p}/file/"]
        urls += [f"/documents/{p}.txt", f"/documents/{p}.tei.xml", f"/api/documents/{p}"]
        urls += [f"/iiif/{p}/manifest.json"]
    if coll is not None:
        urls += [f"/collections/{coll.slug}/"]
    if person is not None:
        urls += [f"/persons/{person.slug}/"]
    if place is not None:
        urls += [f"/places/{place.slug}/"]
    # The deepest numbered pages: a page number is an OFFSET, read past every row before it, so
    # the home page numbers 20 pages and the API reaches 10,000 documents by number.
    live = Document.live.count()
    home_last = min(max(1, -(-live // 50)), settings.SOURCEBOOK_NUMBERED_PAGES or 10**9)
    urls += [f"/?page={home_last}"]
    urls += [f"/api/documents?page={min(max(1, -(-live // 50)), 200)}"]
    urls += [f"/api/documents?page={min(max(1, -(-live // 500)), 20)}&page_size=500"]
    # The last page read by cursor, as `next`, `Later` and `Last` give it: an index seek at any
    # depth.
    before = Document.live.order_by(*DATE_ORDER).values("date_earliest", "date_edtf", "public_id")
    if live > 50:
        cursor = keyset.encode(keyset.key_of(before[live - 51]))
        urls += [f"/api/documents?after={cursor}&page_size=50", f"/?after={cursor}", "/?last=1"]
    return urls + [
        "/api/documents",
        "/api/search?q=Kim",
        "/search/?q=Kim",
        "/search/?q=armistice+talks",
        "/oai?verb=ListRecords&metadataPrefix=oai_dc",
        "/oai?verb=ListIdentifiers&metadataPrefix=oai_dc",
        "/sitemap.xml",
        "/export.bib?q=Kim",
    ]


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sourcebook.settings")
    os.environ["SOURCEBOOK_PAGE_CACHE"] = "0"
    import django

    django.setup()
    from django.db import connection, reset_queries
    from django.test import Client
    from django.test.utils import override_settings

    from sourcebook.archive.models import Document

    client = Client(HTTP_HOST="localhost")
    print(f"{Document.objects.count():,} documents")
    print(f"{'url':<58} {'status':>6} {'ms':>8} {'queries':>7} {'slowest':>8}  query")
    with override_settings(DEBUG=True):
        for url in _urls():
            client.get(url)
            reset_queries()
            start = time.perf_counter()
            response = client.get(url)
            ms = (time.perf_counter() - start) * 1000
            queries = connection.queries
            slow = max(queries, key=lambda q: float(q["time"]), default={"time": 0, "sql": ""})
            sql = " ".join(slow["sql"].split())[:90]
            print(
                f"{url[:58]:<58} {response.status_code:>6} {ms:8.1f} {len(queries):>7}"
                f" {float(slow['time']) * 1000:8.1f}  {sql}"
            )
        oai = "/oai?verb=ListIdentifiers&metadataPrefix=oai_dc"
        _walked(client, "OAI ListIdentifiers by resumption token", oai, 30, _oai_next)
        api = "/api/documents?page_size=500"
        _walked(client, f"API {api} by next", api, 30, lambda r: r.json()["next"])


def _walked(client, name: str, url: str, pages: int, next_url) -> None:
    """What each page of a whole walk costs: ``pages`` pages from ``url``, each next one's URL
    read from the last response by ``next_url`` (None at the end)."""
    times = []
    for _ in range(pages):
        start = time.perf_counter()
        response = client.get(url)
        times.append((time.perf_counter() - start) * 1000)
        url = next_url(response)
        if url is None:
            break
    rest = times[1:] or [0.0]
    print(f"{name}: first page {times[0]:.1f} ms, the next {len(rest)} {_spread(rest)}")


def _oai_next(response) -> str | None:
    token = re.search(rb"<resumptionToken[^>]*>([^<]+)<", response.content)
    return token and "/oai?verb=ListIdentifiers&resumptionToken=" + token.group(1).decode()


def _spread(times: list[float]) -> str:
    """Least, median and most of a walk's page times (one slow page is a collector pause or a
    recount, not the depth: the median says what a page costs)."""
    return f"{min(times):.1f} / {statistics.median(times):.1f} / {max(times):.1f} ms (min / median / max)"


if __name__ == "__main__":
    main()
