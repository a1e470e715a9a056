"""Page and page-size bounds shared by the list endpoints.

A page number is an offset in disguise: ``page=10**18`` overflows the database's 64-bit
OFFSET ("datatype mismatch" on SQLite). Pages past ``MAX_PAGE`` are refused with a 400 that
says the range, instead of reaching the database.
"""

from __future__ import annotations

from ninja.errors import HttpError

MAX_PAGE = 100_000


def window(page: int, page_size: int, max_size: int) -> tuple[int, int, int]:
    """``(page, page_size, offset)`` within bounds; a page outside 1..MAX_PAGE is a 400."""
    if not 1 <= page <= MAX_PAGE:
        raise HttpError(400, f"page must be a number from 1 to {MAX_PAGE}")
    page_size = max(1, min(page_size, max_size))
    return page, page_size, (page - 1) * page_size
