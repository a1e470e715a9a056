"""One URL of the site rendered to its file of the edition, as an anonymous reader gets it.

A :class:`Renderer` holds only what rendering needs (the folder, the site's base URL, a test
client in the edition's language) and answers with a :class:`Rendered`: the file written, the
links found on it, a redirect or a tombstone. The crawl (:mod:`.export`) keeps the queue, what
it has seen and the redirects, so renderers can run in other processes (:mod:`.processes`).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from django.test import Client

from sourcebook.web import kept_reads

from . import links
from .urlfiles import file_for

HOST = "localhost"


class ExportError(Exception):
    """The edition could not be written; DIR is unchanged."""


@dataclass(frozen=True)
class Rendered:
    file: str | None
    links: tuple[str, ...] = ()  # root-relative paths of the edition's files the page links to
    redirect: str | None = None  # the root-relative path the URL redirects to
    tombstone: bool = False
    pid: int = 0  # the process that rendered it


class Renderer:
    def __init__(self, site: Path, base: str, language: str):
        self.site = site
        self.base = base
        headers = {"HTTP_ACCEPT_LANGUAGE": language} if language else {}
        self.client = Client(HTTP_HOST=HOST, **headers)
        self.client.cookies.clear()
        # A document's eleven URLs load it and its page's sections once (kept_reads says why).
        self.kept = kept_reads.Kept()

    def render(self, url: str) -> Rendered:
        """Render ``url`` and write its file; a 404 writes nothing, a 5xx is an
        :class:`ExportError`."""
        parts = urlsplit(url)
        file = file_for(parts.path, parts.query)
        with kept_reads.keeping(self.kept):
            response = self.client.get(url)
        status = response.status_code
        if status in (301, 302, 307, 308):
            path = links.site_path(response["Location"], self.base)
            return Rendered(file, redirect=path, pid=os.getpid())
        if status == 410 and parts.path.startswith("/documents/") and not parts.query:
            page = self.write_page(url, response.content)
            return Rendered(file, page.links, tombstone=True, pid=page.pid)
        if status >= 500:
            raise ExportError(f"{url} answered {status}: see the server log, fix, run again")
        if status != 200:
            return Rendered(file, pid=os.getpid())
        body = b"".join(response.streaming_content) if response.streaming else response.content
        if response.get("Content-Type", "").startswith("text/html"):
            return self.write_page(url, body)
        self.write(file, body)
        return Rendered(file, pid=os.getpid())

    def write_page(self, url: str, html: bytes) -> Rendered:
        """Write a page with its internal links made root-relative (so relinking needs only
        the file); the links to the edition's files are returned for the crawl to follow."""
        parts = urlsplit(url)
        file = file_for(parts.path, parts.query)
        tree = links.parse(html)
        found = []
        for link in links.internal_links(tree, url, self.base):
            path = links.site_path(link.resolved, self.base)
            link.element.set(link.attribute, path)
            if link.file:
                found.append(path)
        self.write(file, links.serialize(tree))
        return Rendered(file, tuple(dict.fromkeys(found)), pid=os.getpid())

    def write(self, file: str, body: bytes) -> None:
        path = self.site / file
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(body)
