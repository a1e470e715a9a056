"""What long records cost the set downloads and an OAI-PMH harvest (abuse, 2026-12-08).

Adds ``--records`` records of ``--paragraphs`` paragraphs (five brackets each: about 1.2 MB and
19,500 marks at the default, under the ingest's 20,000) to the archive in ``SOURCEBOOK_HOME``,
once (a copy of the demo's home, say), then prints one JSON object:

- ``export_set``: ``sourcebook export-set --format bibtex`` of every document (up to 1,000), run
  as its own process: wall seconds and maximum RSS (``/usr/bin/time``), and the output's size;
- ``oai``: for ``oai_dc`` and ``tei``, a whole ``ListRecords`` harvest through the Django test
  client, page by page: the harvest's seconds, pages, records, and the slowest page's
  seconds, bytes and records.

    cp -a sourcebook-demo /tmp/long-home
    SOURCEBOOK_HOME=/tmp/long-home PYTHONPATH=src .venv/bin/python bench/long_records.py

Run it with another checkout's ``src`` on ``PYTHONPATH`` (and a copy of the same home) to
compare two versions.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

PARAGRAPH = (
    "Kim Il Sung met Zhou Enlai [i.e., in Pyongyang] and Ri Chang-jeong [Ri Chang Jong] about "
    "the border [?] crossers [handwritten note: yes] (p. 3) korea.\n\n"
)


def record(rid: str, paragraphs: int) -> str:
    return (
        f'October 11, 1959\n**Long record {rid}**\n\nCitation:\n\n"Long record {rid}", '
        "October 11, 1959, Test Archive.\n\nOriginal Language:\n\nChinese\n\nContents:\n\n"
        f"Translation - English\n\n{PARAGRAPH * paragraphs}"
    )


def add_records(count: int, paragraphs: int) -> None:
    """Ingest the long records (once: ids that exist are left as they are)."""
    folder = Path(tempfile.mkdtemp(prefix="long-records-"))
    for n in range(count):
        (folder / f"long-{n:03}.txt").write_text(record(f"long-{n:03}", paragraphs))
    subprocess.run(
        [sys.executable, "-m", "sourcebook", "ingest", "--quiet", str(folder)], check=True
    )


def export_set() -> dict:
    out = Path(tempfile.mkdtemp()) / "all.bib"
    command = [sys.executable, "-m", "sourcebook", "export-set", "--format", "bibtex"]
    timed = subprocess.run(
        ["/usr/bin/time", "-f", "%e %M", *command, "-o", str(out)],
        capture_output=True,
        text=True,
        check=True,
    )
    seconds, rss_kb = timed.stderr.strip().splitlines()[-1].split()
    return {
        "seconds": float(seconds),
        "max_rss_mb": int(rss_kb) // 1024,
        "bytes": out.stat().st_size,
    }


def harvest(prefix: str) -> dict:
    from django.test import Client

    client = Client(HTTP_HOST="127.0.0.1")
    params = {"verb": "ListRecords", "metadataPrefix": prefix}
    pages = records = 0
    slowest = (0.0, 0, 0)
    began = time.perf_counter()
    while True:
        start = time.perf_counter()
        body = client.get("/oai", params).content
        seconds = time.perf_counter() - start
        pages += 1
        records += body.count(b"<record>")
        slowest = max(slowest, (round(seconds, 2), len(body), body.count(b"<record>")))
        token = re.search(rb"<resumptionToken[^>]*>([^<]+)</resumptionToken>", body)
        if token is None:
            break
        params = {"verb": "ListRecords", "resumptionToken": token.group(1).decode()}
    return {
        "seconds": round(time.perf_counter() - began, 1),
        "pages": pages,
        "records": records,
        "slowest_page": {"seconds": slowest[0], "bytes": slowest[1], "records": slowest[2]},
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--records", type=int, default=34)
    parser.add_argument("--paragraphs", type=int, default=3900)
    parser.add_argument("--no-add", action="store_true", help="measure the home as it is")
    args = parser.parse_args()
    if not os.environ.get("SOURCEBOOK_HOME"):
        sys.exit("set SOURCEBOOK_HOME to a copy of an archive: this adds records to it")
    if not args.no_add:
        add_records(args.records, args.paragraphs)
    from sourcebook import runtime

    runtime.setup()
    report = {"export_set": export_set()}
    report["oai"] = {prefix: harvest(prefix) for prefix in ("oai_dc", "tei")}
    print(json.dumps(report))


if __name__ == "__main__":
    main()
