"""What the static edition costs: its views per URL, Pagefind's memory by part, a search's bytes.

The measurements behind bench/RESULTS.md's sections on the edition (issue 13):

    # ms and SQL queries per URL of 200 documents, through Django's test client (DEBUG on)
    .venv/bin/python bench/edition_costs.py pages --home /tmp/b/h1k
    # Pagefind over an edition's indexed pages, in parts of at most PART pages and of
    # SOURCEBOOK_EDITION_INDEX_MEMORY (--by-count: PART pages, whatever their length)
    .venv/bin/python bench/edition_costs.py parts --site /tmp/b/s20k --part 20000
    # bytes a search loads from the index (Chromium, the edition served by http.server)
    .venv/bin/python bench/edition_costs.py search-bytes --site /tmp/b/s20k --label "2 parts"
    # Pagefind's memory a page: an edition's pages hard-linked 4 times, or FRUS text in pages
    .venv/bin/python bench/edition_costs.py page-memory --site /tmp/b/ed1 --copies 4
    .venv/bin/python bench/edition_costs.py page-memory --cut-kb 10 --pages 4000
    # what Pagefind makes of a word no page holds (two three-page sites, Chromium)
    .venv/bin/python bench/edition_costs.py unknown-word
"""

from __future__ import annotations

import argparse
import functools
import os
import resource
import shutil
import sys
import threading
import time
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
URLS = {
    "page": "/documents/{}/",
    "dipl": "/documents/{}/?view=diplomatic",
    "history": "/documents/{}/history/",
    "v1": "/documents/{}/v/1/",
    "v1dipl": "/documents/{}/v/1/?view=diplomatic",
    "txt": "/documents/{}.txt",
    "tei": "/documents/{}.tei.xml",
    "json": "/documents/{}.json",
    "bib": "/documents/{}.bib",
    "ris": "/documents/{}.ris",
    "csl": "/documents/{}.csl.json",
}
QUERIES = ["armistice", "Kim Il Sung", "Pyongyang consulate", "周恩来"]


def pages(home: Path, start: int, count: int) -> None:
    os.environ["SOURCEBOOK_HOME"] = str(home.resolve())
    sys.path.insert(0, str(ROOT / "src"))
    from sourcebook import runtime

    runtime.setup()
    from django.conf import settings
    from django.db import connection, reset_queries
    from django.test import Client

    from sourcebook.archive.models import Document

    client = Client(HTTP_HOST="localhost")
    ids = list(Document.objects.order_by("id").values_list("public_id", flat=True))
    ids = ids[start : start + count]
    settings.DEBUG = True  # to count queries
    for kind, pattern in URLS.items():
        began, queries = time.perf_counter(), 0
        for public_id in ids:
            reset_queries()
            status = client.get(pattern.format(public_id)).status_code
            queries += len(connection.queries)
        ms = (time.perf_counter() - began) / len(ids) * 1000
        print(f"{kind:8} {status} {ms:6.2f} ms  {queries / len(ids):.1f} queries")


def parts(site: Path, part: int, by_count: bool = False) -> None:
    """Index the edition's indexed pages as export-site does: in parts by count and by the
    length of their texts (``by_count``: by count alone, as before 2026-12-07)."""
    import lxml.html

    sys.path.insert(0, str(ROOT / "src"))
    from sourcebook.edition import pagefind

    text_bytes = {}
    for path in site.glob("*/*/index.html"):
        tree = lxml.html.parse(str(path))
        mains = [m for m in tree.iter("main") if m.get("data-pagefind-body") is not None]
        if mains:
            text = sum(map(pagefind.text_size, mains))
            text_bytes[path.relative_to(site).as_posix()] = text
    shutil.rmtree(site / "pagefind", ignore_errors=True)
    pagefind.PART = part
    began = time.perf_counter()
    sizes = {} if by_count else text_bytes
    summary = pagefind.build(site, "zh", sorted(text_bytes), sizes)
    used = resource.getrusage(resource.RUSAGE_CHILDREN)
    mean = sum(text_bytes.values()) / max(1, len(text_bytes))
    print(
        f"{len(text_bytes)} pages ({mean:,.0f} bytes of text on average), PART {part}"
        f"{', by count alone' if by_count else ''}: {time.perf_counter() - began:.1f} s wall, "
        f"{used.ru_utime:.1f} s user (children), largest child "
        f"{used.ru_maxrss / 1024 / 1024:.2f} GB; runs {summary.count('Running Pagefind')}"
    )


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass


def search_bytes(site: Path, label: str) -> None:
    from playwright.sync_api import sync_playwright

    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=site))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_port}/search/index.html"
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium")
        for query in QUERIES:
            context = browser.new_context()
            page = context.new_page()
            loaded = {"files": 0, "bytes": 0}

            def count(response, loaded=loaded):
                if "/pagefind/" not in response.url or response.url.endswith((".js", ".css")):
                    return
                try:
                    body = response.body()
                except Exception:  # noqa: BLE001 (a body the browser no longer holds)
                    return
                loaded["files"] += 1
                loaded["bytes"] += len(body)

            page.on("response", count)
            page.goto(url)
            page.wait_for_load_state("networkidle")
            before = dict(loaded)
            page.locator(".pagefind-ui__search-input").fill(query)
            page.locator(".pagefind-ui__result-link").first.wait_for(timeout=30000)
            page.wait_for_load_state("networkidle")
            page.wait_for_timeout(500)
            found = page.locator(".pagefind-ui__message").inner_text()
            files = loaded["files"] - before["files"]
            kb = (loaded["bytes"] - before["bytes"]) / 1024
            print(f"{label:10} {query!r:22} +{files} files +{kb:.0f} KB; {found}")
            context.close()
        browser.close()
    server.shutdown()


def page_memory(site: Path | None, copies: int, cut_kb: int, pages: int) -> None:
    """Pagefind's memory for 4,000 pages or so: an edition's document pages hard-linked
    ``copies`` times (``site``), or the FRUS volumes' text cut into ``pages`` pages of
    ``cut_kb`` KB (consecutive 80-word paragraphs, each page starting 997 words after the last)."""
    import html
    import subprocess
    import tempfile

    import lxml.etree

    sys.path.insert(0, str(ROOT / "src"))
    from sourcebook.edition.pagefind import executable

    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp)
        if site is not None:
            for page in sorted(site.glob("documents/*/index.html")):
                for copy in range(copies):
                    to = out / "documents" / f"{page.parent.name}-c{copy}" / "index.html"
                    to.parent.mkdir(parents=True)
                    os.link(page, to)
        else:
            words = []
            for volume in sorted((ROOT.parent / "shared/corpus/frus").glob("*.xml")):
                for div in lxml.etree.parse(str(volume)).iter("{*}div"):
                    if div.get("type") == "document":
                        words += " ".join(div.itertext()).split()
            for number in range(pages):
                at, paragraphs, size = number * 997, [], 0
                while size < cut_kb * 1024:
                    paragraph = " ".join(words[(at + k) % len(words)] for k in range(80))
                    paragraphs.append(f"<p>{html.escape(paragraph)}</p>")
                    at, size = at + 80, size + len(paragraph)
                to = out / "documents" / f"d{number}" / "index.html"
                to.parent.mkdir(parents=True)
                to.write_text(
                    f"<html lang=en><body><main data-pagefind-body>{''.join(paragraphs)}</main>"
                )
        run = [str(executable()), "--site", str(out), "--force-language", "en"]
        run += ["--glob", "documents/*/index.html"]
        began = time.perf_counter()
        subprocess.run(run, check=True, capture_output=True)
        used = resource.getrusage(resource.RUSAGE_CHILDREN)
        count = len(list(out.glob("documents/*/index.html")))
        print(
            f"{count} pages: {time.perf_counter() - began:.1f} s, max RSS "
            f"{used.ru_maxrss / 1024 / 1024:.2f} GB, {used.ru_maxrss / count:.0f} KB a page"
        )


def unknown_word() -> None:
    """Pagefind answers a word no page holds by the longest indexed word that begins it, looked
    for only in the index chunk it loads for that word (its pull request #315): so whether
    "consulate" means "c", or nothing, depends on a chunk's bounds, which differ between the
    parts of a large edition. Two sites of three pages that differ in one word show it."""
    import subprocess
    import tempfile

    from playwright.sync_api import sync_playwright

    sys.path.insert(0, str(ROOT / "src"))
    from sourcebook.edition.pagefind import executable

    queries = ["Pyongyang", "Pyongyang consulate", "consulate"]
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium")
        for odd in ("c", "x"):
            site = Path(tmp) / odd
            texts = [f"Pyongyang talks {odd}. 1953", "Pyongyang talks", "Beijing talks"]
            for number, text in enumerate(texts):
                page = site / f"p{number}" / "index.html"
                page.parent.mkdir(parents=True)
                page.write_text(
                    f"<html lang=en><body><main data-pagefind-body><p>{text}</p></main>"
                )
            (site / "index.html").write_text("<html lang=en><body></body></html>")
            run = [str(executable()), "--site", str(site), "--force-language", "en"]
            subprocess.run(run, check=True, capture_output=True)
            handler = functools.partial(_Quiet, directory=site)
            server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
            threading.Thread(target=server.serve_forever, daemon=True).start()
            page = browser.new_page()
            page.goto(f"http://127.0.0.1:{server.server_port}/index.html")
            found = {
                query: page.evaluate(
                    "async (q) => (await (await import('/pagefind/pagefind.js')).search(q))"
                    ".results.length",
                    query,
                )
                for query in queries
            }
            print(f"pages {texts}: {found}")
            page.close()
            server.shutdown()
        browser.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="what", required=True)
    one = sub.add_parser("pages")
    one.add_argument("--home", type=Path, required=True)
    one.add_argument("--start", type=int, default=100)
    one.add_argument("--count", type=int, default=200)
    two = sub.add_parser("parts")
    two.add_argument("--site", type=Path, required=True)
    two.add_argument("--part", type=int, default=20_000)
    two.add_argument("--by-count", action="store_true")
    three = sub.add_parser("search-bytes")
    three.add_argument("--site", type=Path, required=True)
    three.add_argument("--label", default="")
    sub.add_parser("unknown-word")
    four = sub.add_parser("page-memory")
    four.add_argument("--site", type=Path)
    four.add_argument("--copies", type=int, default=4)
    four.add_argument("--cut-kb", type=int, default=10)
    four.add_argument("--pages", type=int, default=4000)
    args = parser.parse_args()
    if args.what == "pages":
        pages(args.home, args.start, args.count)
    elif args.what == "parts":
        parts(args.site, args.part, args.by_count)
    elif args.what == "search-bytes":
        search_bytes(args.site, args.label)
    elif args.what == "page-memory":
        page_memory(args.site, args.copies, args.cut_kb, args.pages)
    else:
        unknown_word()


if __name__ == "__main__":
    main()
