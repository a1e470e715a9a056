"""Snippets kept by what they are made of: the query and the exact stored text of the result.

Why: making the snippets of a page of 20 results was most of a warm search's time (issue 13:
~3.6 of 5.5 ms at 5k documents), and the same query shows the same documents again and again
(page reloads, a filter clicked, page 2 and back, every reader of a popular search).

Why it can never serve a stale snippet: :func:`sourcebook.search.snippets.make` is a pure
function of the result's stored display (title, summary, texts) and the query's plan, and the
plan is a pure function of the query text (:func:`sourcebook.search.query.parse` reads no
database; its name tables are fixed code). The key is the query text as parsed (``Plan.text``)
and a digest of the display *as stored in the index* (BLAKE2b, 128 bits, computed by
:mod:`.display_cache`): a document edited and reindexed has other bytes, so another key; an
unchanged document keeps its key across index generations, so a commit that changes ten
documents does not make the other 20,000 snippets be made again.

Bounded (``SIZE`` entries, least recently used dropped first), safe across the threads of one
process; each process keeps its own. A cached snippet is handed out as a fresh copy, so a caller
changing its result cannot change what the next reader gets.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import Any

from sourcebook.core.lru import BoundedLRU

Snippet = dict[str, Any]


class SnippetCache(BoundedLRU[Snippet]):
    SIZE = 8192  # snippets (~1 KB each: a 240-character passage, its HTML and offsets)

    def __init__(self, size: int | None = None):
        super().__init__(size or self.SIZE)

    def get_or_make(self, key: Hashable, make: Callable[[], Snippet]) -> Snippet:
        """The snippet kept under ``key``, or ``make()``'s (kept for next time); a copy."""
        found = self.get(key)
        if found is not None:
            return _copy(found)
        made = make()
        self.put(key, _copy(made))
        return made


def _copy(snippet: Snippet) -> Snippet:
    """A copy deep enough that no list or dict is shared (strings are immutable)."""
    return {
        **snippet,
        "highlights": [list(s) for s in snippet["highlights"]],
        "title_highlights": [list(s) for s in snippet["title_highlights"]],
        "matched_variants": list(snippet["matched_variants"]),
        "matched_readings": [dict(r) for r in snippet["matched_readings"]],
    }


CACHE = SnippetCache()
