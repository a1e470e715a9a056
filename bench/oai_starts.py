"""The start of an OAI-PMH harvest, four times in a row: the first counts the list's size
(``completeListSize``), the others find it kept until the archive changes.

Run: SOURCEBOOK_HOME=<large home> PYTHONPATH=src .venv/bin/python bench/oai_starts.py
"""

from __future__ import annotations

import os
import time


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sourcebook.settings")
    os.environ["SOURCEBOOK_PAGE_CACHE"] = "0"
    import django

    django.setup()
    from django.test import Client

    client = Client(HTTP_HOST="localhost")
    client.get("/")  # imports, not part of the figures
    for verb in ("ListIdentifiers", "ListRecords"):
        times = []
        for _ in range(4):
            start = time.perf_counter()
            client.get("/oai", {"verb": verb, "metadataPrefix": "oai_dc"})
            times.append((time.perf_counter() - start) * 1000)
        then = ", ".join(f"{t:.0f}" for t in times[1:])
        print(f"{verb}: first {times[0]:.0f} ms, then {then}")


if __name__ == "__main__":
    main()
