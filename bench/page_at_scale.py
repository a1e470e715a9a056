"""A volume's document pages in a large archive, without and with the planner's statistics.

Why: SQLite without statistics read every published document through the status index to find
a volume's documents by their ids (the neighbours of each document page), so a page's cost
grew with the archive (issue 13; :mod:`sourcebook.archive.planner_stats`).

Ingests a FRUS volume into an existing SOURCEBOOK_HOME (one filled by ``search_bench.py``,
say; a copy, since it is changed), then views ``--pages`` of the volume's documents with the
page cache off through the Django test client (every middleware, no HTTP): first with the
statistics removed (as SQLite archives were before), then after ``ANALYZE``. Each figure is
the median of ``--rounds`` views, process CPU ms (SQLite runs in the process).

Run: SOURCEBOOK_HOME=<copy of a large home> PYTHONPATH=src .venv/bin/python \\
         bench/page_at_scale.py ../shared/corpus/frus/frus1961-63v22.xml
"""

from __future__ import annotations

import argparse
import os
import statistics
from pathlib import Path

from page_cache import _cpu  # the same measure: median process CPU of a view


def _statistics(state: str) -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        if state == "analyzed":
            cursor.execute("ANALYZE")
        else:
            cursor.execute("SELECT 1 FROM sqlite_master WHERE name = 'sqlite_stat1'")
            if cursor.fetchone():
                cursor.execute("DELETE FROM sqlite_stat1")
    connection.close()  # the next connection plans from what is there now


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("volume", type=Path)
    parser.add_argument("--pages", type=int, default=10)
    parser.add_argument("--rounds", type=int, default=10)
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sourcebook.settings")
    os.environ["SOURCEBOOK_PAGE_CACHE"] = "0"
    import django

    django.setup()
    from django.db import connection
    from django.test import Client

    from sourcebook.archive import ingest
    from sourcebook.archive.models import Document
    from sourcebook.authorities.queries import neighbours

    if connection.vendor != "sqlite":
        raise SystemExit("SQLite only: PostgreSQL's statistics are gathered by autovacuum too")
    outcomes = ingest.ingest_file(args.volume)
    print(", ".join(sorted({o.status for o in outcomes})), f"({len(outcomes)} records of the volume)")
    last = Document.objects.order_by("-id").first()
    docs = list(Document.live.filter(collection=last.collection).order_by("id")[: args.pages])
    total = Document.objects.count()
    client = Client(HTTP_HOST="localhost")

    def view(url):
        def get():
            response = client.get(url)
            assert response.status_code == 200, (url, response.status_code)

        return get

    print(f"{total:,} documents; {len(docs)} pages of {last.collection.name[:60]!r}")
    print(f"median of {args.rounds} views, CPU ms")
    print(f"{'statistics':<12} {'page mean':>10} {'page max':>9} {'neighbours mean':>16}")
    for state in ("none", "analyzed"):
        _statistics(state)
        pages, near = [], []
        for doc in docs:
            url = f"/documents/{doc.public_id}/"
            view(url)()  # texts and citations kept, as for any warm view
            pages.append(_cpu(view(url), args.rounds))
            near.append(_cpu(lambda d=doc: neighbours(d), args.rounds))
        print(
            f"{state:<12} {statistics.fmean(pages) * 1000:10.2f} {max(pages) * 1000:9.2f}"
            f" {statistics.fmean(near) * 1000:16.2f}"
        )


if __name__ == "__main__":
    main()
