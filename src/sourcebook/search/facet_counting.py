"""Facet counts from one Tantivy terms aggregation, counted beside a page's top hits.

Why beside, in another thread: a broad query's first sight pays two passes over every match,
one to count the facets and one to rank the top hits with their total (at a million documents
about 115 and 140 ms for a query matching all of them, ``bench/RESULTS.md``). Tantivy releases
the GIL while it searches and aggregates, so on two cores the passes overlap and the reader
waits for the longer one, not for both. Under full load nothing is gained or lost: the work is
the same, only its order changes.

Why the total from the aggregation: it already visits every match, so a ``value_count`` of a
field every document has (``pk``) is the exact total for a few ms more; the top hits can then be
ranked without counting, which lets Tantivy skip the matches that cannot reach the page.

Why some counts are estimated (a product decision, 2026-12-05): exact counts cost a pass over
every match, about 15 ms per 100,000 matching documents for ten facets on this project's
machine, so at a million documents a search for a common word spends 150 ms or more counting
facets nobody reads to the unit. Past ``Request.estimate_above`` matching documents (setting
``SOURCEBOOK_SEARCH_ESTIMATE_ABOVE``) the facets are counted over a fixed sample of the index,
one document in 16 (in 256 past a few million), chosen by a hash of the public id, and
multiplied out. The result says so (``sample_rate``), the page shows "about" and offers exact
counts, and the API's ``exact=1`` always counts exactly. The total number of results stays
exact: the ranking counts it. Facet values that no sampled document holds are missing from an
estimate; the exact counts show them. Search engines estimate in the same way (Elasticsearch's
``random_sampler`` aggregation, web search's "about N results").
"""

from __future__ import annotations

import os
import threading
import time
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass

from .engine import Request

TOTAL = "_total"  # not a facet name (facets are plain words)
_TOTAL_SPEC = {"value_count": {"field": "pk"}}

_pool: ThreadPoolExecutor | None = None
_pool_lock = threading.Lock()


class Counted:
    """What one counting gave: buckets per facet, the exact total if it was counted, notes for
    facets that failed or were skipped (those are left out and never kept)."""

    def __init__(self):
        self.facets: dict[str, list[tuple[str, int]]] = {}
        self.total: int | None = None
        self.notes: list[str] = []
        self.sample_rate = 0  # estimated from one document in this many; 0: exact


@dataclass(frozen=True)
class Sample:
    """How to estimate: the request's query limited to one sample of the index, the sample's
    rate (one document in ``rate``), and from how many matching documents on to estimate."""

    query: object
    rate: int
    above: int


def start(
    searcher, query, request: Request, names: list[str], budget: float, sample: Sample | None = None
) -> Future:
    """Count ``names`` (and the total) in the background; the caller ranks the hits meanwhile.
    On a machine with one core it is counted here and now: a thread would only add a switch."""
    if (os.cpu_count() or 1) < 2:
        done: Future = Future()
        done.set_result(count(searcher, query, request, names, budget, sample))
        return done
    return _executor().submit(count, searcher, query, request, names, budget, sample)


def _executor() -> ThreadPoolExecutor:
    """Made on first use, in the process that searches."""
    global _pool
    with _pool_lock:
        if _pool is None:
            _pool = ThreadPoolExecutor(max_workers=2, thread_name_prefix="facet-count")
        return _pool


def _forget_pool_in_child() -> None:
    """A forked child (a ``serve`` worker) has none of its parent's threads, but a pool made
    before the fork would believe it does and never run a job: the child makes its own."""
    global _pool, _pool_lock
    _pool, _pool_lock = None, threading.Lock()


os.register_at_fork(after_in_child=_forget_pool_in_child)


def count(
    searcher, query, request: Request, names: list[str], budget: float, sample: Sample | None = None
) -> Counted:
    """``names`` and the total in one aggregation; on failure, one facet at a time within
    ``budget`` seconds (the total then stays unknown: the caller counts it with the hits).
    With ``sample``: estimated from it if it shows the search is that broad (no total then)."""
    if sample is not None:
        estimated = _estimate(searcher, request, names, sample)
        if estimated is not None:
            return estimated
    counted = Counted()
    spec = _spec(request, names)
    try:
        data = searcher.aggregate(query, {**spec, TOTAL: _TOTAL_SPEC})
    except Exception:  # one facet failing must not take the others (or the page) down
        data = None
    if data is not None:
        counted.facets = {n: _buckets(data.get(n)) for n in names}
        value = (data.get(TOTAL) or {}).get("value")
        counted.total = None if value is None else int(value)
        return counted
    started = time.monotonic()
    for n in names:
        if time.monotonic() - started > budget:
            counted.notes.append(f"facet {n!r} skipped: facets took too long")
            continue
        try:
            counted.facets[n] = _buckets(searcher.aggregate(query, {n: spec[n]}).get(n))
        except Exception as exc:
            counted.notes.append(f"facet {n!r} unavailable: {exc}")
    return counted


def _estimate(searcher, request: Request, names: list[str], sample: Sample) -> Counted | None:
    """The counts over the sample multiplied out, or None when the sample shows fewer than
    ``sample.above`` matching documents (or fails): those are counted exactly."""
    try:
        data = searcher.aggregate(sample.query, {**_spec(request, names), TOTAL: _TOTAL_SPEC})
    except Exception:  # counted exactly instead
        return None
    seen = int((data.get(TOTAL) or {}).get("value") or 0)
    if seen * sample.rate < sample.above:
        return None
    counted = Counted()
    counted.sample_rate = sample.rate
    for n in names:
        counted.facets[n] = [(k, c * sample.rate) for k, c in _buckets(data.get(n))]
    return counted


def _spec(request: Request, names: list[str]) -> dict:
    sizes = {n: (200 if n in ("year", "decade", "month") else request.facet_size) for n in names}
    return {n: {"terms": {"field": f"f_{n}", "size": sizes[n]}} for n in names}


def _buckets(data) -> list[tuple[str, int]]:
    if not data:
        return []
    return [(str(b["key"]), int(b["doc_count"])) for b in data.get("buckets", [])]
