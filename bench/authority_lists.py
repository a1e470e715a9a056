"""The authority lists (``/persons/`` and its filters, ``/api/persons``, organizations, places):
each URL read three times: the first (which counts the total of that list and filter for this
state of the archive), then the min and median of the other two (which find it kept).

Run: SOURCEBOOK_HOME=<home> [DATABASE_URL=…] PYTHONPATH=src .venv/bin/python bench/authority_lists.py
(an archive from ``bench/synthetic_list.py N --persons P``, or any other).
"""

from __future__ import annotations

import statistics
import time

from page_client import warm_client

URLS = [
    "/persons/",
    "/persons/?page=50",
    "/persons/?all=1",
    "/persons/?q=Kim",
    "/persons/?role=sender",
    "/api/persons",
    "/organizations/",
    "/places/",
]


def main() -> None:
    client = warm_client()
    from sourcebook.archive.models import Agent, DocumentAgent

    print(f"{Agent.objects.count():,} agents, {DocumentAgent.objects.count():,} links")
    for url in URLS:
        times = []
        for _ in range(3):
            start = time.perf_counter()
            status = client.get(url).status_code
            times.append((time.perf_counter() - start) * 1000)
        rest = times[1:]
        print(
            f"{url:<24} {status}  first {times[0]:.0f} ms, then min {min(rest):.0f}, "
            f"median {statistics.median(rest):.0f} ms"
        )


if __name__ == "__main__":
    main()
