"""Long lists of ids asked for a part at a time (``filter(public_id__in=part)``).

Why: SQLite takes only so many parameters in one statement (250,000 as built here, 32,766 in
other builds). A run over a whole archive (an ingest of a million files, say) asked for all
its ids at once and failed at the end with "too many SQL variables". :data:`SIZE` is far under
either limit and leaves room for a query's other parameters. PostgreSQL's wire protocol stops
at 65,535 bound parameters, but Django's psycopg 3 backend binds them in the client unless
``server_side_binding`` is set (it is not: a query with 70,000 went through, checked by hand);
parts keep a statement's size sane there too.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

SIZE = 10_000


def parts(items: Sequence, size: int | None = None) -> Iterator[Sequence]:
    """``items`` in consecutive slices of at most ``size`` (default :data:`SIZE`)."""
    size = size or SIZE
    for start in range(0, len(items), size):
        yield items[start : start + size]
