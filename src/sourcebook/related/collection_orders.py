"""Each collection's order of documents, worked out once per state of the archive in a process.

Why: every document page shows its previous and next document in each collection holding it,
and the order is worked out over the whole collection (its chapters, document numbers, dates).
A series holding hundreds of volumes has hundreds of thousands of documents, so working it out
on every page cost a page that much, and a static export of the series that much per page. The
order is kept keyed by the archive's generation (:func:`sourcebook.web.generation.current`),
which any committed write, by any process, replaces: a kept order is never one the archive has
moved on from. Only public ids are kept (a few tens of bytes each); the two neighbours' titles
are read per page.
"""

from __future__ import annotations

import threading
from collections.abc import Callable

from sourcebook.core.lru import BoundedLRU
from sourcebook.web import generation

# Collections whose order a process keeps (the largest a series of every volume).
KEPT = 8

Order = tuple[list[str], dict[str, int]]
_lock = threading.Lock()
_state: object = None  # the archive generation the kept orders belong to
_kept: BoundedLRU[Order] = BoundedLRU(KEPT)


def order(coll, compute: Callable) -> Order:
    """``(ids, position of each id)`` of ``coll``: ``compute(coll)`` gives the ids in order."""
    global _state
    state = generation.current()
    if state is None:  # no generation row (a test database just flushed): nothing is kept
        return _indexed(compute(coll))
    with _lock:
        if state != _state:  # the archive moved on: no kept order can be asked for again
            _kept.clear()
            _state = state
    found = _kept.get((coll.pk, state))
    if found is None:
        found = _indexed(compute(coll))
        _kept.put((coll.pk, state), found)
    return found


def forget() -> None:
    """Drop every kept order (tests, and benchmarks that time a first sight)."""
    _kept.clear()


def _indexed(ids: list[str]) -> Order:
    return ids, {public_id: k for k, public_id in enumerate(ids)}
