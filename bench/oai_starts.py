"""The start of an OAI-PMH harvest, four times in a row: the first counts the list's size
(``completeListSize``), the others find it kept until the archive changes.

Run: SOURCEBOOK_HOME=<large home> PYTHONPATH=src .venv/bin/python bench/oai_starts.py
"""

from __future__ import annotations

import time

from page_client import warm_client


def main() -> None:
    client = warm_client()
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
