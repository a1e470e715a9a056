"""Process CPU of document pages seen for the first time anywhere, in an ingested home.

Why beside ``cite_page.py``: that one ingests the demo samples (129 documents, most of them
FRUS with the archive's own citation style); this one reads any home, such as the search
benchmark's (``/tmp/sourcebook-bench-5000``), whose documents are all cited with CSL styles.
A page is "cold" when no process has rendered its citations yet (they are stored once
rendered: run it on documents not asked before, ``--start``). The page cache is off.

    .venv/bin/python bench/search_bench.py --docs 5000 --no-http --rounds 1
    .venv/bin/python bench/cold_pages.py --home /tmp/sourcebook-bench-5000 --start 1000
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--home", type=Path, required=True)
    parser.add_argument("--start", type=int, default=100, help="First bench-NNNNNN number")
    parser.add_argument("--pages", type=int, default=100)
    args = parser.parse_args()
    os.environ["SOURCEBOOK_HOME"] = str(args.home.resolve())
    os.environ.pop("DATABASE_URL", None)
    sys.path.insert(0, str(ROOT / "src"))
    from sourcebook import runtime

    runtime.setup()
    from django.conf import settings
    from django.test import Client

    settings.ALLOWED_HOSTS = ["*"]
    settings.SOURCEBOOK_PAGE_CACHE = 0
    client = Client()
    client.get("/documents/bench-000000/")  # imports and styles loaded: not counted
    ids = [f"bench-{n:06d}" for n in range(args.start, args.start + 3 * args.pages, 3)]
    start = time.process_time()
    for public_id in ids:
        response = client.get(f"/documents/{public_id}/")
        assert response.status_code == 200, (public_id, response.status_code)
    cpu = (time.process_time() - start) / len(ids) * 1000
    print(f"{cpu:.1f} ms CPU per page, {len(ids)} pages first seen")


if __name__ == "__main__":
    main()
