"""The home page's list of documents by date, a page at a time: numbered near the start, then
read on by cursor.

Why not numbered all the way: a numbered page is an OFFSET, and the database steps over every
document before it. On PostgreSQL page 2,000 of 100,000 documents cost 211 ms (it sorted the
whole table), and anyone can ask for it, or a crawler follow every page and pay the square of
the archive. The first ``SOURCEBOOK_NUMBERED_PAGES`` pages keep their numbers (a thousand
documents stepped over cost about 4 ms); "Later" from the last of them, and every page after,
reads on from the place of the page's last document (:mod:`sourcebook.archive.keyset`), and
"Earlier" back from its first: an index seek at any depth. "Last" reads the end backwards.
The static edition numbers every page (a folder per page, ``page/N/``), with the setting 0.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlencode

from django.conf import settings
from django.db.models import QuerySet

from sourcebook.archive import keyset
from sourcebook.archive.models import DATE_ORDER

PAGE_SIZE = 50
FIELDS = ("title", "date_text", "summary")


class NoSuchPage(Exception):
    """A page number past the numbered ones."""


class BadCursor(ValueError):
    """An ``after`` or ``before`` the site did not make (damaged, forged, or signed with a
    secret key the archive no longer has)."""


@dataclass
class Listing:
    rows: list[dict]
    number: int | None  # None on a page read by cursor
    pages: int
    earlier: str | None = None  # the URLs of the neighbouring pages
    later: str | None = None
    first: str | None = None
    last: str | None = None

    @property
    def end_date(self) -> str:
        """The date of the page's last document as written (the span a cursor page shows)."""
        return self.rows[-1]["date_text"] if self.rows else ""


def numbered_pages() -> int | None:
    """How many pages keep a number (None: all of them)."""
    return settings.SOURCEBOOK_NUMBERED_PAGES or None


def read(documents: QuerySet, query, total: int) -> Listing:
    """The page ``query`` asks for (``page``, ``after``, ``before`` or ``last``)."""
    pages = max(1, -(-total // PAGE_SIZE))
    if "after" in query:
        return _after(documents, _key(query["after"]), pages)
    if "before" in query:
        return _before(documents, _key(query["before"]), pages)
    if "last" in query:
        return _before(documents, None, pages)
    return _numbered(documents, _number(query.get("page"), pages), pages)


def _number(text: str | None, pages: int) -> int:
    """As Django's ``Paginator.get_page``: not a number is the first page, past the end the
    last; past the numbered pages, :class:`NoSuchPage`."""
    try:
        number = max(1, int(text or 1))
    except ValueError:
        return 1
    number = min(number, pages)
    limit = numbered_pages()
    if limit is not None and number > limit:
        raise NoSuchPage(f"numbered pages go up to {limit}")
    return number


def _numbered(documents: QuerySet, number: int, pages: int) -> Listing:
    start = (number - 1) * PAGE_SIZE
    ordered = documents.order_by(*DATE_ORDER).values(*FIELDS, *keyset.KEY_FIELDS)
    rows = list(ordered[start : start + PAGE_SIZE + 1])
    rows, more = rows[:PAGE_SIZE], len(rows) > PAGE_SIZE
    listing = Listing(rows, number, pages)
    if number > 1:
        listing.earlier, listing.first = _page_url(number - 1), "/"
    if more:
        limit = numbered_pages()
        numbered = limit is None or number < limit
        listing.later = _page_url(number + 1) if numbered else _cursor_url("after", rows[-1])
        all_numbered = limit is None or pages <= limit
        listing.last = _page_url(pages) if all_numbered else "?last=1"
    return listing


def _after(documents: QuerySet, key: keyset.Key, pages: int) -> Listing:
    rows = keyset.after(documents, key, PAGE_SIZE + 1, FIELDS)
    if not rows:  # nothing after it now (the documents there were withdrawn): the last page
        return _before(documents, None, pages)
    rows, more = rows[:PAGE_SIZE], len(rows) > PAGE_SIZE
    listing = Listing(rows, None, pages, first="/", earlier=_cursor_url("before", rows[0]))
    if more:
        listing.later, listing.last = _cursor_url("after", rows[-1]), "?last=1"
    return listing


def _before(documents: QuerySet, key: keyset.Key | None, pages: int) -> Listing:
    rows = keyset.before(documents, key, PAGE_SIZE + 1, FIELDS)
    if not rows and key is not None:  # nothing before it now: the first page
        return _numbered(documents, 1, pages)
    rows, more = rows[-PAGE_SIZE:], len(rows) > PAGE_SIZE
    listing = Listing(rows, None, pages)
    if more:
        listing.earlier, listing.first = _cursor_url("before", rows[0]), "/"
    if key is not None:
        listing.later, listing.last = _cursor_url("after", rows[-1]), "?last=1"
    return listing


def _key(cursor: str) -> keyset.Key:
    try:
        return keyset.decode(cursor)
    except ValueError:
        raise BadCursor(cursor) from None


def _page_url(number: int) -> str:
    return "/" if number == 1 else f"?page={number}"


def _cursor_url(direction: str, row: dict) -> str:
    return f"?{urlencode({direction: keyset.encode(keyset.key_of(row))})}"
