"""Relations read for indexing, prefetched into plain lists (``Prefetch(to_attr=…)``).

Why not the related managers' own cache: for those Django builds a queryset per document and
relation (a filter compiled each time), which was about half the time of reading an indexing
batch back from the database. :func:`sourcebook.search.documents.documents_queryset` names
each list ``ROWS + relation``; readers take them through :func:`rows`, which still works (with
a query) for an object loaded some other way.
"""

from __future__ import annotations

ROWS = "index_"


def rows(obj, relation: str) -> list:
    """The rows of ``obj.<relation>``: the prefetched list, else those the database holds."""
    found = getattr(obj, ROWS + relation, None)
    return found if found is not None else list(getattr(obj, relation).all())
