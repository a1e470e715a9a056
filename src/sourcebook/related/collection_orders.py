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
from collections import OrderedDict
from collections.abc import Callable

from sourcebook.web import generation

# Collections whose order a process keeps (the largest a series of every volume).
KEPT = 8

_lock = threading.Lock()
_kept: OrderedDict[tuple, tuple[list[str], dict[str, int]]] = OrderedDict()


def order(coll, compute: Callable) -> tuple[list[str], dict[str, int]]:
    """``(ids, position of each id)`` of ``coll``: ``compute(coll)`` gives the ids in order."""
    state = generation.current()
    if state is None:  # no generation row (a test database just flushed): nothing is kept
        return _indexed(compute(coll))
    key = (coll.pk, state)
    with _lock:
        found = _kept.get(key)
        if found is not None:
            _kept.move_to_end(key)
            return found
    found = _indexed(compute(coll))
    with _lock:
        for old in [k for k in _kept if k[1] != state]:
            del _kept[old]  # an older state's orders are never asked for again
        _kept[key] = found
        while len(_kept) > KEPT:
            _kept.popitem(last=False)
    return found


def forget() -> None:
    """Drop every kept order (tests, and benchmarks that time a first sight)."""
    with _lock:
        _kept.clear()


def _indexed(ids: list[str]) -> tuple[list[str], dict[str, int]]:
    return ids, {public_id: k for k, public_id in enumerate(ids)}
