"""OAI-PMH pages of a large archive: the first, and one from the middle of a harvest.

Why: a harvester reads the whole archive a page at a time, so a page whose cost grows with
what is left to harvest makes a harvest quadratic (issue 13). The middle page's resumption
token is made here as the endpoint makes them (the position of the record halfway through
the datestamp order), so no need to follow a thousand tokens to get there.

Views each page through the Django test client (every middleware, no HTTP), median of
``--rounds`` views, wall ms, with the page size setting of the archive (100 by default).

Run: SOURCEBOOK_HOME=<large home> PYTHONPATH=src .venv/bin/python bench/oai_pages.py
"""

from __future__ import annotations

import argparse
import os
import statistics
import time


def _token(verb: str) -> str:
    from django.core import signing
    from django.utils import timezone

    from sourcebook.citing import oai

    docs = oai._harvestable().order_by("updated_at", "id")
    middle = docs[docs.count() // 2]
    state = {
        "verb": verb,
        "prefix": "oai_dc",
        "set": None,
        "from": None,
        "until": timezone.now().isoformat(),
        "after": [middle.updated_at.isoformat(), middle.id],
        "cursor": docs.count() // 2,
        "total": docs.count(),
    }
    return signing.dumps(state, salt=oai.TOKEN_SALT, compress=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sourcebook.settings")
    import django

    django.setup()
    from django.test import Client

    from sourcebook.archive.models import Document

    client = Client(HTTP_HOST="localhost")
    print(f"{Document.objects.count():,} documents; median of {args.rounds} views, wall ms")
    for verb in ("ListIdentifiers", "ListRecords"):
        urls = {
            "first page": f"/oai?verb={verb}&metadataPrefix=oai_dc",
            "middle page": f"/oai?verb={verb}&resumptionToken={_token(verb)}",
        }
        for where, url in urls.items():
            times = []
            for _ in range(args.rounds):
                start = time.perf_counter()
                response = client.get(url)
                times.append(time.perf_counter() - start)
                assert response.status_code == 200 and b"<error" not in response.content
            print(f"{verb:<16} {where:<12} {statistics.median(times) * 1000:9.1f}")


if __name__ == "__main__":
    main()
