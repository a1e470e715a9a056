"""Relations read in bulk (indexing, linking, replies), prefetched into plain lists
(``Prefetch(to_attr=…)``).

Why not the related managers' own cache: for those Django builds a queryset per object and
relation (a filter compiled each time), which was about half the time of reading an indexing
batch back from the database. The bulk readers name each list ``ROWS + relation`` (:func:`kept`)
and read them through :func:`rows`, which still works (with a query) for an object loaded some
other way.
"""

from __future__ import annotations

from django.db.models import Prefetch

ROWS = "bulk_"


def kept(lookup: str, queryset) -> Prefetch:
    """Prefetch ``lookup`` into a list named ``ROWS + its last relation``; a lookup through an
    earlier list names it (``kept(ROWS + "texts__annotations", …)``)."""
    return Prefetch(lookup, queryset=queryset, to_attr=ROWS + lookup.rsplit("__", 1)[-1])


def rows(obj, relation: str, order: str | None = None) -> list:
    """The rows of ``obj.<relation>``: the prefetched list, else those the database holds
    (ordered by ``order`` when the prefetched list is in that order too)."""
    found = held(obj, relation)
    if found is not None:
        return found
    manager = getattr(obj, relation)
    return list(manager.order_by(order) if order else manager.all())


def keep(obj, relation: str, found: list) -> None:
    """Hold ``found`` as ``obj``'s ``relation`` rows, as a prefetch would (:func:`rows`)."""
    setattr(obj, ROWS + relation, found)


def held(obj, relation: str) -> list | None:
    """The rows of ``obj.<relation>`` held on it (prefetched or :func:`kept <keep>`), else None."""
    return getattr(obj, ROWS + relation, None)
