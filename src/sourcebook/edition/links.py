"""Finding and rewriting the site's own links in a rendered page.

The templates write root-relative links (``/persons/``) and, for citations, absolute ones on
the site's base URL. In the edition every such link becomes relative to the page's own file;
one to a URL the edition does not hold (the admin, the API, a server-side search) loses its
``href`` and stays as text, and a form that needs the server is taken out.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

import lxml.html

from .urlfiles import file_for, relative_href

LINK_ATTRIBUTES = {"a": "href", "link": "href", "script": "src", "img": "src", "form": "action"}
# Parts of the page that only mean something with a server behind it.
SERVER_ONLY = ['//div[@class="account"]', '//form[@class="language"]']


@dataclass
class Link:
    element: object
    attribute: str
    resolved: str  # the link's target as an absolute URL or a root-relative path
    file: str | None  # the edition's file it points to; None: not one the edition can hold
    fragment: str


def parse(html: bytes):
    return lxml.html.document_fromstring(html)


def serialize(tree) -> bytes:
    return lxml.html.tostring(tree, doctype="<!doctype html>", encoding="utf-8")


def internal_links(tree, page_url: str, site_url: str) -> Iterator[Link]:
    """The links of ``tree`` to the site itself (root-relative, relative, or absolute on
    ``site_url``); links elsewhere and pure ``#fragment`` links are left alone."""
    for tag, attribute in LINK_ATTRIBUTES.items():
        for element in tree.iter(tag):
            value = element.get(attribute)
            if value is None or value.startswith("#"):
                continue
            resolved = urljoin(page_url, value.strip())
            path = site_path(resolved, site_url)
            if path is None:
                continue
            parts = urlsplit(path)
            file = file_for(parts.path, parts.query)
            yield Link(element, attribute, resolved, file, parts.fragment)


def site_path(url: str, site_url: str) -> str | None:
    """``url`` as a root-relative path on the site, or None when it is another site's."""
    if url.startswith(site_url + "/"):
        return url[len(site_url) :]
    parts = urlsplit(url)
    if parts.scheme or parts.netloc:
        return None
    return url


def rewrite(tree, page_url: str, page_file: str, site_url: str, exists: Callable) -> None:
    """Make every internal link of ``tree`` relative to ``page_file``; unlink those whose file
    ``exists`` says is not in the edition."""
    for path in SERVER_ONLY:
        for element in tree.xpath(path):
            element.drop_tree()
    for link in list(internal_links(tree, page_url, site_url)):
        target = exists(link.file) if link.file else None
        if target:
            link.element.set(link.attribute, relative_href(page_file, target, link.fragment))
        elif link.element.tag in ("a", "img"):
            del link.element.attrib[link.attribute]
        else:
            link.element.drop_tree()
