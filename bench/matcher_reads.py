"""What matching one volume's persons reads and costs, in an archive already ingested.

Why beside the ingest timings: a whole ingest on this 2-core machine varies by a fifth from run
to run, and the matcher is one part of it. This times the two per-volume reads of the person
authorities (``Matcher`` and the merge-proposal blocks) for one volume and counts the rows the
database hands back, so old and new code can be compared on one archive:

    SOURCEBOOK_HOME=/tmp/mb/home-after-200-… .venv/bin/python bench/matcher_reads.py frus1955-57v03c0199
    PYTHONPATH=<a tree of the old code>/src SOURCEBOOK_HOME=… .venv/bin/python bench/matcher_reads.py …
"""

from __future__ import annotations

import inspect
import os
import sys
import time

import django


def main(volume: str, repeat: int = 3) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sourcebook.settings")
    django.setup()
    from django.db.backends.utils import CursorWrapper

    from sourcebook.archive.models import Agent
    from sourcebook.authorities import hooks
    from sourcebook.authorities.matching import Matcher
    from sourcebook.authorities.models import SourceId

    rows = [0]

    def counting(name):
        def fetch(cursor, *args, **kwargs):
            got = getattr(cursor.cursor, name)(*args, **kwargs)
            rows[0] += (got is not None) if name == "fetchone" else len(got)
            return got

        return fetch

    for name in ("fetchone", "fetchmany", "fetchall"):
        setattr(CursorWrapper, name, counting(name))
    persons = [
        {"id": s.xml_id, "name": s.name, "description": s.description, "see": s.see}
        for s in SourceId.objects.filter(volume=volume).order_by("id")
    ]
    fresh = [(p, Agent()) for p in persons if not p["see"]]
    new_blocks = len(inspect.signature(hooks._blocks).parameters) == 2
    print(f"{volume}: {len(persons)} persons; {SourceId.objects.count():,} source ids in all")
    for label, call in (
        ("Matcher", lambda: Matcher(volume, persons)),
        ("_blocks", lambda: hooks._blocks(volume, fresh) if new_blocks else hooks._blocks(volume)),
    ):
        times = []
        for _ in range(repeat):
            rows[0] = 0
            start = time.perf_counter()
            call()
            times.append(time.perf_counter() - start)
        print(f"  {label}: {rows[0]:,} rows read, best of {repeat} {min(times) * 1000:.1f} ms")


if __name__ == "__main__":
    main(sys.argv[1])
