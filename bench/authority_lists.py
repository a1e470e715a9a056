"""The authority lists (``/persons/`` and its filters, ``/api/persons``, organizations, places):
each URL read three times: the first (which counts the total of that list and filter for this
state of the archive), then the min and median of the other two (which find it kept).

Run: SOURCEBOOK_HOME=<home> [DATABASE_URL=…] PYTHONPATH=src .venv/bin/python bench/authority_lists.py
(an archive from ``bench/synthetic_list.py N --persons P``, or any other).

``--add-variants N`` first gives the first ``N`` persons one Korean name variant each (hangul or
McCune-style romanization, drawn with seed 5 from 10 surnames and 20 syllables, so "Kim" finds
a tenth of them and "김일성" a handful): the synthetic persons' own names ("Person A000001")
have no name keys, so without it every name search finds nothing. Run it once per archive.
"""

from __future__ import annotations

import argparse
import random
import statistics
import time

from page_client import warm_client

URLS = [
    "/persons/",
    "/persons/?page=50",
    "/persons/?all=1",
    "/persons/?q=Kim",
    "/persons/?q=김일성",
    "/persons/?q=Park+Chung-hee",
    "/persons/?q=Person+A00001",
    "/api/persons?q=Kim",
    "/persons/?role=sender",
    "/api/persons",
    "/organizations/",
    "/places/",
]

SURNAMES = [
    ("김", "Kim"), ("이", "Lee"), ("박", "Park"), ("최", "Choi"), ("정", "Jung"),
    ("강", "Kang"), ("조", "Cho"), ("윤", "Yoon"), ("장", "Jang"), ("임", "Lim"),
]  # fmt: skip
SYLLABLES = [
    ("일", "Il"), ("성", "Sung"), ("정", "Chung"), ("은", "Eun"), ("철", "Chul"),
    ("영", "Young"), ("민", "Min"), ("호", "Ho"), ("수", "Soo"), ("희", "Hee"),
    ("대", "Dae"), ("중", "Jung"), ("현", "Hyun"), ("진", "Jin"), ("석", "Suk"),
    ("준", "Joon"), ("동", "Dong"), ("남", "Nam"), ("광", "Kwang"), ("혁", "Hyuk"),
]  # fmt: skip


def add_variants(count: int) -> None:
    """One Korean variant for each of the first ``count`` persons (see the module docstring)."""
    from sourcebook.archive.models import Agent, NameVariant

    rnd = random.Random(5)
    rows = []
    for agent_id in Agent.objects.order_by("id").values_list("id", flat=True)[:count]:
        (h1, r1), (h2, r2), (h3, r3) = (
            rnd.choice(SURNAMES),
            rnd.choice(SYLLABLES),
            rnd.choice(SYLLABLES),
        )
        hangul = rnd.random() < 0.5
        name = h1 + h2 + h3 if hangul else f"{r1} {r2}-{r3.lower()}"
        rows.append(NameVariant(agent_id=agent_id, name=name, system="hangul" if hangul else ""))
    made = NameVariant.objects.bulk_create(rows, batch_size=5000)
    _index(made)
    print(f"{len(made):,} variants added")


def _index(made) -> None:
    from sourcebook.authorities import namesearch

    namesearch.index(made, fresh=True)  # bulk_create sends no post_save


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--add-variants", type=int, default=0)
    args = parser.parse_args()
    client = warm_client()
    if args.add_variants:
        add_variants(args.add_variants)
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
            f"{url:<30} {status}  first {times[0]:.0f} ms, then min {min(rest):.0f}, "
            f"median {statistics.median(rest):.0f} ms"
        )


if __name__ == "__main__":
    main()
