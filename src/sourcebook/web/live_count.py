"""How many documents are published, counted once per state of the archive in a process.

Why: the home page, the API's document list and the sitemap each show that number, and
counting reads one index entry per published document (10 ms at 200,000 documents on SQLite)
on every view, though the number changes only when the archive does. It is kept keyed by the
archive's generation (:func:`.generation.current`), which any committed write, by any
process, replaces, and which this process's own writes (committed or not) and rollbacks move
at once: a kept count is never one the archive has moved on from.
"""

from __future__ import annotations

from sourcebook.core.lru import BoundedLRU

from . import generation

_kept: BoundedLRU[int] = BoundedLRU(4)  # one per database read from, and a spare


def live_documents() -> int:
    """The number of published documents, as the database read from sees it now."""
    from sourcebook.archive.models import Document

    docs = Document.live.all()
    state = generation.current()
    if state is None:  # no generation row (a test database just flushed): nothing is kept
        return docs.count()
    key = (docs.db, state)
    found = _kept.get(key)
    if found is None:
        found = docs.count()
        _kept.put(key, found)
    return found
