"""A person's page and its API record at scale: the first view (counted, and kept for a person
named in many documents, ``authorities.summary``), then three more, the first, then the min and
median of the other two; the same after a change of the archive (kept counts shown as of their
date); the job worker's recount, and the co-occurring persons' query alone.

Why: a person named in a third of the archive (a Kissinger of FRUS) makes the page's
aggregates read a third of the link table; the typical person reads a dozen links.

Run: SOURCEBOOK_HOME=<home> [DATABASE_URL=…] PYTHONPATH=src .venv/bin/python bench/person_pages.py
(an archive from ``bench/synthetic_list.py N --persons P --links K --prolific F``).
"""

from __future__ import annotations

import statistics
import time

from page_client import warm_client


def _timed(fn, rounds: int = 3) -> tuple[float, float, float]:
    times = []
    for _ in range(rounds):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    rest = times[1:]
    return times[0], min(rest), statistics.median(rest)


def main() -> None:
    client = warm_client()
    from django.db import connection, transaction
    from django.test.utils import CaptureQueriesContext

    from sourcebook.archive.models import Agent
    from sourcebook.authorities import profile, summary
    from sourcebook.authorities.kinds import PERSON
    from sourcebook.authorities.models import Summary
    from sourcebook.web import generation

    for slug in ("person-0", "person-5"):
        agent = Agent.objects.get(slug=slug)
        links = PERSON.shown_links().filter(agent=agent).count()
        for url in (f"/persons/{slug}/", f"/api/persons/{slug}"):
            Summary.objects.filter(agent=agent).delete()  # as before its first view
            with CaptureQueriesContext(connection) as seen:
                start = time.perf_counter()
                status = client.get(url).status_code
                counted = (time.perf_counter() - start) * 1000
            first, low, mid = _timed(lambda url=url: client.get(url))
            print(
                f"{url:<26} {links:>6} links  {status}  {len(seen)} queries  "
                f"first view {counted:.0f} ms; then {first:.0f} ms, min {low:.0f}, "
                f"median {mid:.0f} ms"
            )
            with transaction.atomic():  # the archive changes (any write makes a new token)
                generation.bump(connection)
            first, low, mid = _timed(lambda url=url: client.get(url))
            print(f"  after a change: first {first:.0f} ms, then min {low:.0f}, median {mid:.0f}")
        start = time.perf_counter()
        summary.recount("person", agent.pk)
        print(f"  the worker's recount: {(time.perf_counter() - start) * 1000:.0f} ms")
        first, low, mid = _timed(lambda agent=agent: profile.co_occurring(PERSON, agent))
        print(f"  co_occurring alone: first {first:.0f} ms, then min {low:.0f}, median {mid:.0f}")


if __name__ == "__main__":
    main()
