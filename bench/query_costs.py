"""What each query of the search benchmark's mix costs in Tantivy, part by part.

For an index made by ``bench/search_bench.py`` (``--home``), each query of its mix compiled as the
engine compiles it, medians of ``--repeat`` calls in ms:

- ``top20``: the page of hits without counting (what ranking costs);
- ``count``: counting every match, nothing else;
- ``facets``: the ten terms aggregations of the benchmark, exactly, over every match;
- ``sampled``: the same aggregations over the one-in-16 sample (and its count), as an
  estimated search asks them (:mod:`sourcebook.search.facet_counting`);
- ``hits`` and ``in_sample``: the matches, in all and in the sample.

Why: a cold search pays the longer of ranking and counting (they run side by side), and this
says which it is for each kind of query, and what an estimate saves.

    SOURCEBOOK_HOME=/tmp/sb100k/home PYTHONPATH=src .venv/bin/python bench/query_costs.py
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "src"), str(ROOT / "bench")]


def _ms(call, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        call()
        times.append((time.perf_counter() - t) * 1000)
    return round(statistics.median(times), 2)


def _costs(searcher, query, sampled, offset, kwargs, spec, repeat) -> dict:
    total = {"t": {"value_count": {"field": "pk"}}}
    costs = {
        "hits": searcher.search(query, 1, count=True).count,
        "top20": _ms(
            lambda: searcher.search(query, 20, count=False, offset=offset, **kwargs), repeat
        ),
        "count": _ms(lambda: searcher.search(query, 1, count=True), repeat),
        "facets": _ms(lambda: searcher.aggregate(query, spec), repeat),
    }
    if sampled is not None:  # an index made before the sample field has none
        costs["in_sample"] = searcher.search(sampled, 1, count=True).count
        costs["sampled"] = _ms(lambda: searcher.aggregate(sampled, {**spec, **total}), repeat)
    return costs


def _sampled(engine, request):
    try:
        return engine._query(request, sample="16")
    except TypeError:  # code from before the sample (for a "before" run of this script)
        return None


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sourcebook.settings")
    import django

    django.setup()
    import search_bench as sb

    from sourcebook.search.engine import Request
    from sourcebook.search.indexer import get_engine
    from sourcebook.search.query import parse
    from sourcebook.search.service import parse_bound

    engine = get_engine()
    searcher = engine.searcher
    rows = []
    for q, (query, offset, kwargs, spec) in zip(sb.QUERIES, sb._prepared(), strict=True):
        a = sb._args(q)
        request = Request(
            plan=parse(q["q"]),
            filters=a["filters"],
            date_from=parse_bound(a["date_from"], end=False),
            date_to=parse_bound(a["date_to"], end=True),
        )
        row = {
            "query": q,
            **_costs(
                searcher,
                query,
                _sampled(engine, request),
                offset,
                kwargs,
                spec,
                args.repeat,
            ),
        }
        rows.append(row)
        print(json.dumps(row, ensure_ascii=False), flush=True)
    print(
        json.dumps(
            {
                "documents": searcher.num_docs,
                "segments": searcher.num_segments,
                "sum_top20": round(sum(r["top20"] for r in rows), 1),
                "sum_facets": round(sum(r["facets"] for r in rows), 1),
                "sum_sampled": round(sum(r.get("sampled", 0) for r in rows), 1),
            }
        )
    )


if __name__ == "__main__":
    main()
