"""How many documents are published (and how many authorities a list holds), counted once per
state of the archive in a process.

Why: the home page, the API's document list and the sitemap each show that number, and
counting reads one index entry per published document (10 ms at 200,000 documents on SQLite)
on every view, though the number changes only when the archive does. It is kept keyed by the
archive's generation (:func:`.generation.current`), which any committed write, by any
process, replaces, and which this process's own writes (committed or not) and rollbacks move
at once: a kept count is never one the archive has moved on from.
"""

from __future__ import annotations

from collections.abc import Hashable

from django.db.models import QuerySet

from sourcebook.core.lru import BoundedLRU

from . import generation

_kept: BoundedLRU[int] = BoundedLRU(64)  # counts of a few lists and filters, per database


def live_documents() -> int:
    """The number of published documents, as the database read from sees it now."""
    from sourcebook.archive.models import Document

    return kept_count("documents", Document.live.all())


def kept_count(name: Hashable, rows: QuerySet) -> int:
    """``rows.count()``, kept until the archive changes; ``name`` says which list (and filters)
    ``rows`` are, and must be hashable."""
    state = generation.current()
    if state is None:  # no generation row (a test database just flushed): nothing is kept
        return rows.count()
    key = (rows.db, state, name)
    found = _kept.get(key)
    if found is None:
        found = rows.count()
        _kept.put(key, found)
    return found
