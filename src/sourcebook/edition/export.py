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
from django.test import override_settings

from . import links, pagefind, processes, search_page, sitemap, target
from .render import HOST, ExportError, Rendered, Renderer
from .urlfiles import file_for, is_indexed, render_query

__all__ = ["ExportError", "Summary", "export_site"]

LISTS = ["/", "/persons/", "/organizations/", "/places/", "/collections/"]

Progress = Callable[[str, int, int], None]
FOLLOWED = 50_000


@dataclass
class Summary:
    base_url: str
    documents: int = 0
    tombstones: int = 0
    files: int = 0
    indexed: list[str] = field(default_factory=list)
    search_language: str = ""
    pagefind: str = ""
    processes: int = 0  # how many processes rendered pages


def export_site(
    folder: Path,
    *,
    force: bool = False,
    base_url: str = "",
    language: str = "",
    search: bool = True,
    formats: list[str] | None = None,
    progress: Progress | None = None,
    workers: int = 1,
) -> Summary:
    """Write the edition to ``folder`` with ``workers`` processes rendering pages; see the
    module's docstring. Raises :class:`target.TargetError` before any work when ``folder``
    cannot take it."""
    target.check(folder, force)
    base = (base_url or settings.SOURCEBOOK_BASE_URL or f"http://{HOST}").rstrip("/")
    built = target.staging(folder)
    try:
        summary = _build(
            built, base, language, search, formats, progress or (lambda *a: None), workers
        )
        target.replace(folder, built)
    except OSError as exc:
        shutil.rmtree(built, ignore_errors=True)
        raise ExportError(f"cannot write the edition: {exc}") from None
    except BaseException:
        shutil.rmtree(built, ignore_errors=True)
        raise
    return summary


def _build(site, base, language, search, formats, progress: Progress, workers) -> Summary:
    summary = Summary(base_url=base)
    # Each URL is rendered once: keeping whole pages (responsecache) would only cost pickling.
    # Every page of the home list numbered: a cursor has no folder on a static host.
    settings_ = {
        "SOURCEBOOK_BASE_URL": base,
        "SOURCEBOOK_PAGE_CACHE": 0,
        "SOURCEBOOK_NUMBERED_PAGES": 0,
    }
    with override_settings(**settings_), _quiet_request_log():
        _copy_static(site)
        _count_authorities(progress)
        crawl = Crawl(site, base, language, _extensions(formats), workers)
        if search:
            crawl.write_page("/search/", search_page.render(language))
        crawl.run(_seeds(summary), progress)
        summary.files = crawl.relink(progress)
    summary.indexed = list(crawl.indexed)
    summary.processes = len(crawl.pids)
    sitemap.write(site, base, summary.indexed)
    if search:
        summary.search_language = pagefind.index_language(_text_languages())
        progress("Indexing for search", 0, 0)
        pages = sorted(crawl.indexed)
        summary.pagefind = pagefind.build(site, summary.search_language, pages, crawl.indexed)
    (site / target.MARKER).write_text(
        json.dumps({"base_url": base, "documents": summary.documents}) + "\n", encoding="utf-8"
    )
    return summary


def _count_authorities(progress: Progress) -> None:
    """Much-named authorities' kept counts brought up to the archive's state first: the live
    site's worker would, and an edition's page must not say its counts are being made."""
    from sourcebook.authorities import summary

    progress("Counting much-named persons, places and organizations", 0, 0)
    summary.recount_stale()


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


def _document_urls(file: str | None) -> tuple[str, str] | None:
    """The URL prefixes of the document a page of the edition belongs to (``documents/X/…``):
    its pages ``/documents/X/…`` and its exports ``/documents/X.…``; None for other files."""
    if not file or not file.startswith("documents/") or file.count("/") < 2:
        return None
    document = file.split("/", 2)[1]
    return f"/documents/{document}/", f"/documents/{document}."


class Crawl:
    """Renders the edition's URLs breadth first, on ``workers`` processes; remembers
    redirects and tombstones. A document's own URLs (its views, versions and exports) are
    rendered right after the page that links them, while what they share is still kept
    (:mod:`sourcebook.web.kept_reads`); breadth first, they came a whole list of documents
    later, when it was long gone."""

    def __init__(self, site: Path, base: str, language: str, extensions: set[str], workers=1):
        self.site = site
        self.extensions = extensions
        self.base = base
        self.workers = workers
        self.renderer = Renderer(site, base, language)
        self.redirects: dict[str, str] = {}
        self.tombstones: set[str] = set()
        # The pages Pagefind indexes, each with the bytes of its text (what Pagefind will hold).
        self.indexed: dict[str, int] = {}
        self.pids: set[int] = set()  # the processes that rendered pages
        # The server's search page needs the server: the edition writes its own, or none.
        self.seen: set[str] = {"search/index.html"}
        # Links already considered: pages repeat many (the menu, the persons of a volume);
        # emptied when full, to stay small at a million documents.
        self.followed: set[str] = set()
        self.queue: deque[str] = deque()

    def run(self, seeds: list[str], progress: Progress) -> None:
        for url in seeds:
            self._enqueue(url)
        done = 0
        with processes.pool(self.workers, self.renderer) as runner:
            for rendered in runner.each("render", self.queue):
                self.pids.add(rendered.pid)
                self._take(rendered)
                done += 1
                progress("Rendering pages", done, done + len(self.queue))

    def _enqueue(self, url: str, next_: bool = False) -> None:
        """Queue ``url`` unless seen or left out: last, or ``next_`` to be rendered next."""
        if url in self.followed:
            return
        if len(self.followed) >= FOLLOWED:
            self.followed.clear()
        self.followed.add(url)
        parts = urlsplit(url)
        file = file_for(parts.path, parts.query)
        if file is None or file in self.seen or file.startswith(("static/", "pagefind/")):
            return
        if not self._wanted(file):
            return
        self.seen.add(file)
        query = render_query(parts.query)
        url = parts.path + (f"?{query}" if query else "")
        if next_:
            self.queue.appendleft(url)
        else:
            self.queue.append(url)

    def _wanted(self, file: str) -> bool:
        """False for a document export in a format left out (``--formats``)."""
        if "/" in file.removeprefix("documents/") or not file.startswith("documents/"):
            return True
        return any(file.endswith("." + extension) for extension in self.extensions)

    def _take(self, rendered: Rendered) -> None:
        """Follow what a render found: its links, its redirect; note a tombstone."""
        if rendered.tombstone:
            self.tombstones.add(rendered.file)
        if rendered.redirect:
            parts = urlsplit(rendered.redirect)
            to = file_for(parts.path, parts.query)
            if to:
                self.redirects[rendered.file] = to
                self._enqueue(rendered.redirect)
        own = _document_urls(rendered.file)
        for path in rendered.links:
            if own is None or not path.startswith(own):
                self._enqueue(path)
        for path in reversed(rendered.links if own else ()):
            if path.startswith(own):
                self._enqueue(path, next_=True)  # reversed: they come next in page order

    def write_page(self, url: str, html: bytes) -> None:
        """Write a page rendered here (the edition's own search page) and follow its links."""
        self.seen.add(file_for(urlsplit(url).path))
        self._take(self.renderer.write_page(url, html))

    def relink(self, progress: Progress) -> int:
        """Make every page's links relative; mark the pages Pagefind should index. Returns the
        number of files of the edition."""
        files, pages = 0, []
        for folder, _dirs, names in os.walk(self.site):
            files += len(names)
            for name in names:
                if name.endswith(".html"):
                    pages.append(Path(folder, name).relative_to(self.site).as_posix())
        with processes.pool(self.workers, self) as runner:
            for done, indexed in enumerate(runner.mapped("relink_page", pages), 1):
                if indexed:
                    page, text = indexed
                    self.indexed[page] = text
                progress("Linking pages", done, len(pages))
        return files

    def relink_page(self, file: str) -> tuple[str, int] | None:
        """Relink one page; returns ``file`` and the bytes of its text when Pagefind should
        index it."""
        path = self.site / file
        tree = links.parse(path.read_bytes())
        links.rewrite(tree, "/", file, self.base, self._existing)
        indexed = is_indexed(file) and file not in self.tombstones
        text = 0
        if indexed:
            for main in tree.iter("main"):
                main.set("data-pagefind-body", "")
                text += pagefind.text_size(main)
        path.write_bytes(links.serialize(tree))
        return (file, text) if indexed else None

    def _existing(self, file: str) -> str | None:
        """``file`` or where it redirects to, when the edition holds it; else None."""
        for _hop in range(5):
            if file.startswith("pagefind/") or (self.site / file).is_file():
                return file
            if file not in self.redirects:
                return None
            file = self.redirects[file]
        return None
