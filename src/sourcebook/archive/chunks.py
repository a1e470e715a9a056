"""Long lists of ids asked for a part at a time (``filter(public_id__in=part)``).

Why: a database takes only so many parameters in one statement: SQLite as built here 250,000
(32,766 in other builds), PostgreSQL's protocol 65,535. A run over a whole archive (an ingest
of a million files, say) asked for all its ids at once and failed at the end with "too many
SQL variables". :data:`SIZE` is far under every limit and leaves room for a query's other
parameters.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

SIZE = 10_000


def parts(items: Sequence, size: int | None = None) -> Iterator[Sequence]:
    """``items`` in consecutive slices of at most ``size`` (default :data:`SIZE`)."""
    size = size or SIZE
    for start in range(0, len(items), size):
        yield items[start : start + size]
