"""Set download of 1,000 stored documents through Django (DB reads + BibTeX), and one OAI page.

Run: .venv/bin/python bench/cite_http.py   (uses a throw-away SQLite data directory)
"""

from __future__ import annotations

import os
import tempfile
import time

os.environ["SOURCEBOOK_HOME"] = tempfile.mkdtemp(prefix="sourcebook-bench-cite-")
os.environ.pop("DATABASE_URL", None)


def main() -> None:
    from sourcebook import runtime

    runtime.setup()
    from django.test import Client

    from cite import SAMPLES, records  # bench/cite.py
    from sourcebook.archive import ingest
    from sourcebook.core import recordtext
    from sourcebook.core.formats import ParsedSource

    recs = records(1000)
    t = time.perf_counter()
    for r in recs:
        text = recordtext.write(r)
        ingest.store(ParsedSource("record-text", [r]), text.encode(), f"{r.id}.txt")
    print(f"stored 1,000 documents in {time.perf_counter() - t:.1f} s")
    client = Client()
    for ext in ("bib", "ris", "csl.json"):
        t = time.perf_counter()
        resp = client.get(f"/export.{ext}")
        took = time.perf_counter() - t
        assert resp.status_code == 200 and resp["X-Exported-Count"] == "1000"
        print(f"GET /export.{ext} (1,000 documents): {took:.2f} s, {len(resp.content):,} bytes")
    t = time.perf_counter()
    resp = client.get("/oai?verb=ListRecords&metadataPrefix=oai_dc")
    print(f"GET /oai ListRecords (first page of 100): {time.perf_counter() - t:.2f} s")
    t = time.perf_counter()
    resp = client.get("/documents/208190-3/")
    print(f"GET /documents/<id>/ with cite box, first view: {time.perf_counter() - t:.2f} s")
    t = time.perf_counter()
    resp = client.get("/documents/208190-3/")
    print(f"GET /documents/<id>/ with cite box, again: {time.perf_counter() - t:.3f} s")
    assert SAMPLES


if __name__ == "__main__":
    main()
