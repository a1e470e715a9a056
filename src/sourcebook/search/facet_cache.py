"""Facet counts and top hits kept per index generation, dropped on each commit (Elasticsearch's
request cache, Solr's query result cache).

Why: counting facets is most of a search's time (issue 13: ~90 %), and the same counts are asked
for again and again: the browse page, a filter clicked by many readers, page 2 of a result. The
counts of one request can only change when the index does, so they are kept until the next
commit the reader sees and never past it.

Why the top hits too (the count and the addresses of one page, not the documents): at a million
documents Tantivy's own top 20 with its exact count takes 23 ms at the median, however warm
(``bench/RESULTS.md``), so a reader going back to a result, or many readers opening the same
link, would pay that each time. The hits of one request can change only with the index, exactly
as its counts. Published-or-not is still asked of the database every time (``service._fresh``),
so a document withdrawn since the commit never shows from kept hits.

Why the generation is part of the key *and* the cache is emptied on reload: the key alone makes a
stale answer impossible (a search holding the old searcher stores under the old generation, which
no later search asks for); emptying frees the memory at once instead of waiting for the LRU.

Bounded (``SIZE`` entries, least recently used dropped first) and safe across the threads of one
process. Each process keeps its own: a worker reloads on the commit it sees, so does its cache.
"""

from __future__ import annotations

import threading
from collections.abc import Hashable

from sourcebook.core.lru import BoundedLRU

Buckets = list[tuple[str, int]]
Hits = tuple[int, tuple]  # (exact count, ((score, address), ...)): immutable, shared as is


class FacetCache:
    # Entries: one facet of one request, one request's total, or one page of hits (~20 buckets
    # or ~20 addresses apiece): a few MB at most.
    SIZE = 4096

    def __init__(self, size: int | None = None):
        self._kept: BoundedLRU[Buckets | Hits | int | tuple] = BoundedLRU(size or self.SIZE)
        self._lock = threading.Lock()
        self.generation = 0

    @property
    def hits(self) -> int:
        return self._kept.hits

    @property
    def misses(self) -> int:
        return self._kept.misses

    def new_generation(self) -> int:
        """The index changed: forget every count, and key new ones under a new generation."""
        with self._lock:
            self._kept.clear()
            self.generation += 1
            return self.generation

    def get(self, key: Hashable) -> Buckets | None:
        found = self._kept.get(key)
        return None if found is None else list(found)  # a copy: never shared with a caller

    def put(self, key: Hashable, generation: int, buckets: Buckets) -> None:
        """Keep ``buckets`` under ``key``, unless they were counted on an older generation (the
        key holds the generation, so one slipping in meanwhile is never asked for)."""
        if generation == self.generation:
            self._kept.put(key, list(buckets))

    def get_estimate(self, key: Hashable) -> tuple[int, Buckets] | None:
        """``(sample rate, buckets)`` of a facet estimated from a sample, kept like counts."""
        found = self._kept.get(("estimate", key))
        return None if found is None else (found[0], list(found[1]))

    def put_estimate(self, key: Hashable, generation: int, rate: int, buckets: Buckets) -> None:
        if generation == self.generation:
            self._kept.put(("estimate", key), (int(rate), tuple(buckets)))

    def get_total(self, key: Hashable) -> int | None:
        """A request's exact total, kept when its facets were counted (any page and order)."""
        return self._kept.get(("total", key))

    def put_total(self, key: Hashable, generation: int, total: int) -> None:
        if generation == self.generation:
            self._kept.put(("total", key), int(total))

    def get_hits(self, key: Hashable) -> Hits | None:
        return self._kept.get(("hits", key))

    def put_hits(self, key: Hashable, generation: int, hits: Hits) -> None:
        """Keep one page of hits, on the same terms as counts (:meth:`put`)."""
        if generation == self.generation:
            self._kept.put(("hits", key), (int(hits[0]), tuple(hits[1])))

    def __len__(self) -> int:
        return len(self._kept)
