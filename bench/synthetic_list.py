"""Fill an empty, migrated archive with ``N`` bare published documents for timing the lists by
date (home page, API list): one row each, no texts, no index.

Rows: ``public_id`` ``p0000000``…, a title, a 100-character summary, ``date_earliest`` a random
day of 1945–2000 (seed 7; none for every 50th), ``date_edtf`` its ISO day (none for every 7th),
``date_text`` the EDTF; ``bulk_create`` in batches of 5,000, then the planner's statistics as an
ingest leaves them.

Run: SOURCEBOOK_HOME=<home> [DATABASE_URL=…] PYTHONPATH=src .venv/bin/python -m django migrate
     -v0 --settings=sourcebook.settings && … bench/synthetic_list.py 100000
"""

from __future__ import annotations

import datetime as dt
import os
import random
import sys


def main(count: int) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sourcebook.settings")
    import django

    django.setup()
    from sourcebook.archive import planner_stats
    from sourcebook.archive.models import Document

    rnd = random.Random(7)
    rows = []
    for i in range(count):
        day = None if i % 50 == 0 else dt.date(1945, 1, 1) + dt.timedelta(rnd.randrange(20000))
        edtf = None if day is None or i % 7 == 0 else day.isoformat()
        title = f"Telegram {i} about the matter of item {i % 977}"
        rows.append(
            Document(
                public_id=f"p{i:07d}",
                title=title,
                date_earliest=day,
                date_edtf=edtf,
                date_text=edtf or "",
                summary="A summary " * 10,
            )
        )
        if len(rows) == 5000:
            Document.objects.bulk_create(rows)
            rows = []
    Document.objects.bulk_create(rows)
    planner_stats.analyze()
    print(f"{Document.objects.count():,} documents")


if __name__ == "__main__":
    main(int(sys.argv[1]))
