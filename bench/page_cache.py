"""CPU of one anonymous document page view with the whole-page cache off, kept, and the cost of
reading the archive's generation (sourcebook.web.responsecache, sourcebook.web.generation).

Ingests the demo samples into a fresh SOURCEBOOK_HOME (SQLite, or DATABASE_URL), then in this
process, with the Django test client (every middleware, no HTTP), for each document:

* rendered: ``SOURCEBOOK_PAGE_CACHE=0``, after one view (texts and citations stored): what every
  warm view cost before the cache;
* kept: the same page answered from the cache (generation read, key, copy of the response);
* generation: ``generation.current()`` alone, on an open connection.

Each figure is the median of ``--rounds`` views, in process CPU seconds (the SQLite default
closes its connection after each request, so kept views include opening one).

Run: SOURCEBOOK_HOME=$(mktemp -d) PYTHONPATH=src .venv/bin/python bench/page_cache.py
"""

from __future__ import annotations

import argparse
import os
import statistics
import time
from pathlib import Path

SAMPLES = Path(__file__).resolve().parents[1] / "src" / "sourcebook" / "samples"


def _cpu(fn, rounds: int) -> float:
    times = []
    for _ in range(rounds):
        start = time.process_time()
        fn()
        times.append(time.process_time() - start)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=50)
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sourcebook.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import override_settings

    from sourcebook.archive import ingest
    from sourcebook.archive.models import Document
    from sourcebook.web import generation

    call_command("migrate", verbosity=0)
    for path in sorted(SAMPLES.iterdir()):
        ingest.ingest_file(path)
    client = Client(HTTP_HOST="localhost")
    client.get("/")  # imports, templates

    def view(url):
        def get():
            response = client.get(url)
            assert response.status_code == 200, (url, response.status_code)

        return get

    rows = []
    for doc in Document.objects.order_by("public_id"):
        url = f"/documents/{doc.public_id}/"
        with override_settings(SOURCEBOOK_PAGE_CACHE=0):
            view(url)()
            rendered = _cpu(view(url), args.rounds)
        view(url)()
        kept = _cpu(view(url), args.rounds)
        connection.ensure_connection()
        gen = _cpu(generation.current, args.rounds * 10)
        rows.append((doc.public_id, rendered, kept, gen))
    print(f"database: {connection.vendor}; median of {args.rounds} views, CPU ms")
    print(f"{'document':<28} {'rendered':>9} {'kept':>8} {'generation':>11}")
    for public_id, rendered, kept, gen in rows:
        print(f"{public_id:<28} {rendered * 1000:9.2f} {kept * 1000:8.2f} {gen * 1000:11.3f}")
    n = len(rows)
    means = [sum(r[i] for r in rows) / n * 1000 for i in (1, 2, 3)]
    print(f"{'mean of ' + str(n):<28} {means[0]:9.2f} {means[1]:8.2f} {means[2]:11.3f}")


if __name__ == "__main__":
    main()
