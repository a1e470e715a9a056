"""Reading every published document through ``/api/documents``: by ``next`` (a cursor) and by
page number (as far as numbers reach), each walk timed, with a check that both give the same
documents.

Why: a numbered page is an OFFSET, so a walk by numbers costs the square of the archive's size
in rows stepped over; a walk by ``next`` costs each page the same. Django's test client, the
page cache off, no HTTP.

Run: SOURCEBOOK_HOME=<home> PYTHONPATH=src .venv/bin/python bench/api_walk.py [--page-size 500]
"""

from __future__ import annotations

import argparse
import os
import time


def _walk(client, url: str, numbered: bool) -> tuple[list[str], list[float]]:
    ids: list[str] = []
    times: list[float] = []
    page = 1
    while url:
        start = time.perf_counter()
        response = client.get(url)
        times.append(time.perf_counter() - start)
        if numbered and response.status_code == 400:  # past the numbered pages' reach
            times.pop()
            break
        data = response.json()
        ids += [r["id"] for r in data["results"]]
        if numbered:
            page += 1
            url = f"{url.split('&page=')[0]}&page={page}" if data["results"] else None
        else:
            url = data["next"]
    return ids, times


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--page-size", type=int, default=500)
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sourcebook.settings")
    os.environ["SOURCEBOOK_PAGE_CACHE"] = "0"
    import django

    django.setup()
    from django.test import Client

    client = Client(HTTP_HOST="localhost")
    first = f"/api/documents?page_size={args.page_size}"
    client.get(first)  # imports and the live count, not part of either walk
    by_next, t_next = _walk(client, first, numbered=False)
    by_number, t_number = _walk(client, first, numbered=True)
    # Page numbers reach the first 10,000 documents (api/documents.py MAX_OFFSET): compared
    # there, and the walk by next timed over that stretch too.
    assert by_next[: len(by_number)] == by_number, "the two walks differ"
    reach = len(t_number)
    print(f"by next, the first {reach} requests: {sum(t_next[:reach]):.2f} s")
    for name, times in (("by next", t_next), ("by page number", t_number)):
        print(
            f"{name:<15} {len(by_next):,} documents in {len(times)} requests: {sum(times):.2f} s; "
            f"first {times[0] * 1000:.1f} ms, last {times[-1] * 1000:.1f} ms"
        )


if __name__ == "__main__":
    main()
