"""Writing the edition: render every public page with the real views, then relink and index.

1. Crawl: starting from the home page, the authority and collection lists and every published
   (and withdrawn) document, each URL the edition holds (:mod:`.urlfiles`) is rendered through
   Django's test client, as an anonymous reader would get it, and written to its file; its
   links are followed. A withdrawn document keeps its 410 tombstone page (title, reason, date),
   as on the live site, so old citations still land somewhere; drafts answer 404 and are never
   written.
2. Relink: each page's internal links are made relative (:mod:`.links`); a link to a file the
   crawl did not write is unlinked, so no link of the edition is broken.
3. sitemap.xml, then Pagefind over the folder.
"""

from __future__ import annotations

import json
import logging
import os
import shutil
from collections import deque
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote, urlsplit

from django.conf import settings
from django.test import Client, override_settings

from . import links, pagefind, search_page, sitemap, target
from .urlfiles import file_for, is_indexed, render_query

LISTS = ["/", "/persons/", "/organizations/", "/places/", "/collections/"]
HOST = "localhost"

Progress = Callable[[str, int, int], None]


class ExportError(Exception):
    """The edition could not be written; DIR is unchanged."""


@dataclass
class Summary:
    base_url: str
    documents: int = 0
    tombstones: int = 0
    files: int = 0
    indexed: list[str] = field(default_factory=list)
    search_language: str = ""
    pagefind: str = ""


def export_site(
    folder: Path,
    *,
    force: bool = False,
    base_url: str = "",
    language: str = "",
    search: bool = True,
    formats: list[str] | None = None,
    progress: Progress | None = None,
) -> Summary:
    """Write the edition to ``folder``; see the module's docstring. Raises
    :class:`target.TargetError` before any work when ``folder`` cannot take it."""
    target.check(folder, force)
    base = (base_url or settings.SOURCEBOOK_BASE_URL or f"http://{HOST}").rstrip("/")
    built = target.staging(folder)
    try:
        summary = _build(built, base, language, search, formats, progress or (lambda *a: None))
        target.replace(folder, built)
    except OSError as exc:
        shutil.rmtree(built, ignore_errors=True)
        raise ExportError(f"cannot write the edition: {exc}") from None
    except BaseException:
        shutil.rmtree(built, ignore_errors=True)
        raise
    return summary


def _build(site, base, language, search, formats, progress: Progress) -> Summary:
    summary = Summary(base_url=base)
    with override_settings(SOURCEBOOK_BASE_URL=base), _quiet_request_log():
        _copy_static(site)
        crawl = Crawl(site, base, language, _extensions(formats))
        if search:
            crawl.write_page("/search/", search_page.render(language))
        crawl.run(_seeds(summary), progress)
        summary.files = crawl.relink(progress)
    summary.indexed = crawl.indexed
    sitemap.write(site, base, crawl.indexed)
    if search:
        summary.search_language = pagefind.index_language(_text_languages())
        progress("Indexing for search", 0, 0)
        summary.pagefind = pagefind.build(site, summary.search_language)
    (site / target.MARKER).write_text(
        json.dumps({"base_url": base, "documents": summary.documents}) + "\n", encoding="utf-8"
    )
    return summary


def _extensions(names: list[str] | None) -> set[str]:
    """The file extensions of the export formats ``names`` (every format when None)."""
    from sourcebook.core import formats as registry

    known = registry.export_names()
    unknown = sorted(set(names or []) - set(known))
    if unknown:
        raise ExportError(f"no export format {unknown[0]!r}: use some of {', '.join(known)}")
    return {registry.exporter(n).extension for n in (names or known)}


def _seeds(summary: Summary) -> list[str]:
    from sourcebook.archive.models import Document

    seeds = list(LISTS)
    rows = Document.objects.filter(status__in=[Document.PUBLISHED, Document.WITHDRAWN])
    for public_id, status in rows.order_by("id").values_list("public_id", "status").iterator():
        seeds.append(f"/documents/{quote(public_id, safe='')}/")
        if status == Document.PUBLISHED:
            summary.documents += 1
        else:
            summary.tombstones += 1
    return seeds


def _text_languages() -> set[str]:
    from sourcebook.archive.models import Document, Text

    texts = Text.objects.filter(document__status=Document.PUBLISHED)
    return set(texts.values_list("language", flat=True).distinct())


def _copy_static(site: Path) -> None:
    """Every static file of Sourcebook's apps (styles, scripts, vendored viewers); not the
    admin's, which the edition has no use for."""
    from django.contrib.staticfiles import finders

    for finder in finders.get_finders():
        for path, storage in finder.list([]):
            if path.split("/")[0] in ("admin", "ninja"):
                continue
            destination = site / "static" / path
            destination.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(storage.path(path), destination)


@contextmanager
def _quiet_request_log():
    """A 404 for a link the edition leaves out is expected, not a warning worth printing."""
    logger = logging.getLogger("django.request")
    level = logger.level
    logger.setLevel(logging.ERROR)
    try:
        yield
    finally:
        logger.setLevel(level)


class Crawl:
    """Renders the edition's URLs breadth first; remembers redirects and tombstones."""

    def __init__(self, site: Path, base: str, language: str, extensions: set[str]):
        self.site = site
        self.extensions = extensions
        self.base = base
        headers = {"HTTP_ACCEPT_LANGUAGE": language} if language else {}
        self.client = Client(HTTP_HOST=HOST, **headers)
        self.client.cookies.clear()
        self.redirects: dict[str, str] = {}
        self.tombstones: set[str] = set()
        self.indexed: list[str] = []
        # The server's search page needs the server: the edition writes its own, or none.
        self.seen: set[str] = {"search/index.html"}
        self.queue: deque[str] = deque()

    def run(self, seeds: list[str], progress: Progress) -> None:
        for url in seeds:
            self._enqueue(url)
        done = 0
        while self.queue:
            self._fetch(self.queue.popleft())
            done += 1
            progress("Rendering pages", done, done + len(self.queue))

    def _enqueue(self, url: str) -> None:
        parts = urlsplit(url)
        file = file_for(parts.path, parts.query)
        if file is None or file in self.seen or file.startswith(("static/", "pagefind/")):
            return
        if not self._wanted(file):
            return
        self.seen.add(file)
        query = render_query(parts.query)
        self.queue.append(parts.path + (f"?{query}" if query else ""))

    def _wanted(self, file: str) -> bool:
        """False for a document export in a format left out (``--formats``)."""
        if "/" in file.removeprefix("documents/") or not file.startswith("documents/"):
            return True
        return any(file.endswith("." + extension) for extension in self.extensions)

    def _fetch(self, url: str) -> None:
        parts = urlsplit(url)
        file = file_for(parts.path, parts.query)
        response = self.client.get(url)
        status = response.status_code
        if status in (301, 302, 307, 308):
            self._redirect(file, response["Location"])
        elif status == 410 and parts.path.startswith("/documents/") and not parts.query:
            self.tombstones.add(file)
            self.write_page(url, response.content)
        elif status == 200:
            body = b"".join(response.streaming_content) if response.streaming else response.content
            if response.get("Content-Type", "").startswith("text/html"):
                self.write_page(url, body)
            else:
                self._write(file, body)
        elif status >= 500:
            raise ExportError(f"{url} answered {status}: see the server log, fix, run again")

    def _redirect(self, file: str, location: str) -> None:
        path = links.site_path(location, self.base)
        if path is None:
            return
        parts = urlsplit(path)
        to = file_for(parts.path, parts.query)
        if to:
            self.redirects[file] = to
            self._enqueue(path)

    def write_page(self, url: str, html: bytes) -> None:
        """Write a page with its internal links made root-relative (so :meth:`relink` needs
        only the file), and follow them."""
        parts = urlsplit(url)
        file = file_for(parts.path, parts.query)
        self.seen.add(file)
        tree = links.parse(html)
        for link in links.internal_links(tree, url, self.base):
            path = links.site_path(link.resolved, self.base)
            link.element.set(link.attribute, path)
            if link.file:
                self._enqueue(path)
        self._write(file, links.serialize(tree))

    def _write(self, file: str, body: bytes) -> None:
        path = self.site / file
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(body)

    def relink(self, progress: Progress) -> int:
        """Make every page's links relative; mark the pages Pagefind should index. Returns the
        number of files of the edition."""
        files = pages = 0
        for folder, _dirs, names in os.walk(self.site):
            for name in names:
                files += 1
                if name.endswith(".html"):
                    file = Path(folder, name).relative_to(self.site).as_posix()
                    self._relink_page(file)
                    pages += 1
                    progress("Linking pages", pages, max(pages, len(self.seen)))
        return files

    def _relink_page(self, file: str) -> None:
        path = self.site / file
        tree = links.parse(path.read_bytes())
        links.rewrite(tree, "/", file, self.base, self._existing)
        if is_indexed(file) and file not in self.tombstones:
            for main in tree.iter("main"):
                main.set("data-pagefind-body", "")
            self.indexed.append(file)
        path.write_bytes(links.serialize(tree))

    def _existing(self, file: str) -> str | None:
        """``file`` or where it redirects to, when the edition holds it; else None."""
        for _hop in range(5):
            if file.startswith("pagefind/") or (self.site / file).is_file():
                return file
            if file not in self.redirects:
                return None
            file = self.redirects[file]
        return None
