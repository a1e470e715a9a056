"""Which URLs of the site become files of the edition, and where.

A URL maps to one file: ``/documents/208190/`` to ``documents/208190/index.html`` (links name the
``index.html`` itself, because a browser opening files from a disk shows a directory listing
instead), ``/documents/208190.tei.xml`` to ``documents/208190.tei.xml``. Query strings have no
place on a static host, so the two that pick a different page become folders (``?page=2`` →
``page/2/``, ``?view=diplomatic`` → ``diplomatic/``); a few that change nothing a reader needs
are dropped; any other makes the URL one the edition does not have, and the link is unlinked.
"""

from __future__ import annotations

import posixpath
import re
from urllib.parse import parse_qsl, quote, unquote

# Root-relative paths the edition holds (matched on the raw, still quoted path).
PAGES = [
    re.compile(p)
    for p in (
        r"^/$",
        r"^/search/$",
        r"^/documents/[^/]+/$",
        r"^/documents/[^/]+/history/$",
        r"^/documents/[^/]+/v/\d+/$",
        r"^/documents/[^/]+/diff/\d+\.\.\d+/$",
        r"^/(?:persons|organizations|places|collections)/$",
        r"^/(?:persons|organizations|places|collections)/[^/]+/$",
    )
]
FILES = [
    re.compile(p)
    for p in (
        r"^/documents/[^/]+\.[a-z0-9.]+$",
        r"^/collections/[^/]+\.tei\.xml$",
        r"^/static/.+$",
        r"^/pagefind/.+$",
    )
]
# Pages Pagefind indexes (the others list or repeat them): a document, an authority, a collection.
INDEXED_FOLDERS = ("documents", "persons", "organizations", "places", "collections")
INDEXED = re.compile(rf"^(?:{'|'.join(INDEXED_FOLDERS)})/[^/]+/index\.html$")
# The same pages as a glob for Pagefind, which then reads only them: a fifth of the edition's
# pages, half of its memory (bench/RESULTS.md).
INDEXED_GLOB = f"{{{','.join(INDEXED_FOLDERS)}}}/*/index.html"
# Parameters that change nothing a reader of the edition needs (the search highlight, the
# attachment header of a download).
DROPPED = {"download", "highlight", "hl"}


def file_for(path: str, query: str = "") -> str | None:
    """The edition's file (a relative POSIX path) for ``path?query``, or None when the edition
    has no such file. Refuses any path that would leave the edition's folder."""
    is_page = any(p.match(path) for p in PAGES)
    if not is_page and not any(f.match(path) for f in FILES):
        return None
    folders = _query_folders(query, is_page)
    if folders is None:
        return None
    name = unquote(path)[1:]
    parts = name.split("/")
    if any(part in (".", "..") or "\\" in part or "\x00" in part for part in parts):
        return None
    return f"{name}{folders}index.html" if is_page else name


def _query_folders(query: str, is_page: bool) -> str | None:
    folders = ""
    for key, value in parse_qsl(query, keep_blank_values=True):
        if key in DROPPED:
            continue
        if is_page and key == "page" and value.isdecimal() and len(value) < 9:
            folders += f"page/{int(value)}/" if int(value) > 1 else ""
        elif is_page and key == "view" and value in ("diplomatic", "reading"):
            folders += "diplomatic/" if value == "diplomatic" else ""
        else:
            return None
    return folders


def render_query(query: str) -> str:
    """The query string to render a file with: the parameters :func:`file_for` kept."""
    kept = [(k, v) for k, v in parse_qsl(query, keep_blank_values=True) if k not in DROPPED]
    return "&".join(f"{k}={v}" for k, v in kept)


def relative_href(from_file: str, to_file: str, fragment: str = "") -> str:
    """The link from one file of the edition to another, relative so any prefix works."""
    start = posixpath.dirname(from_file) or "."
    href = quote(posixpath.relpath(to_file, start), safe="/")
    return href + (f"#{fragment}" if fragment else "")


def is_indexed(file: str) -> bool:
    return bool(INDEXED.match(file))
