"""A serving process loads the reading tables before its first request and freezes them out of
the garbage collector's walks (:mod:`sourcebook.cli.resident`)."""

from __future__ import annotations

import gc
import weakref

from sourcebook.cli import resident
from sourcebook.core import cjk, names


class _Node:
    pass


def test_settle_loads_the_tables_then_freezes_what_start_up_made():
    names._short_keys.cache_clear()
    cjk._t2s.cache_clear()
    frozen = gc.get_freeze_count()
    try:
        resident.settle()
        assert cjk._t2s.cache_info().currsize == 1  # the OpenCC tables
        assert names._short_keys.cache_info().currsize > 0  # the names module's tables
        assert gc.get_freeze_count() > frozen + 10_000
        # Requests' own objects are collected as before: a fresh cycle is still freed.
        node = _Node()
        node.me = node
        gone = weakref.ref(node)
        del node
        gc.collect()
        assert gone() is None
    finally:
        gc.unfreeze()


def test_serve_settles_before_serving():
    """Both `serve` and each worker of `serve --workers` go through waitress_serve."""
    import inspect

    from sourcebook.cli import server

    source = inspect.getsource(server.waitress_serve)
    assert source.index("resident.settle()") < source.index("serve(\n")
