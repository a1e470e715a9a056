"""Benchmark: ingesting the shared FRUS volumes, in documents per second.

Measures (1) parsing alone (TEI → records, no database) and (2) the real ``sourcebook ingest``
command into a fresh data directory (SQLite, or the database in ``DATABASE_URL``), each run
three times; prints the best run. Usage::

    .venv/bin/python bench/tei_ingest.py            # SQLite in a temporary data directory
    DATABASE_URL=postgres://… .venv/bin/python bench/tei_ingest.py
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
FRUS = REPO.parent / "shared" / "corpus" / "frus"
VOLUMES = sorted(FRUS.glob("frus*.xml"))


def parse_only() -> tuple[int, float]:
    sys.path.insert(0, str(REPO / "src"))
    from sourcebook.core.tei.frus_reader import read_tei

    best = None
    docs = 0
    for _ in range(3):
        started = time.perf_counter()
        docs = sum(len(read_tei(p.read_bytes(), str(p)).records) for p in VOLUMES)
        elapsed = time.perf_counter() - started
        best = elapsed if best is None else min(best, elapsed)
    return docs, best


def cli_ingest() -> tuple[int, float, str]:
    best = None
    docs = 0
    line = ""
    for _ in range(3):
        with tempfile.TemporaryDirectory() as home:
            env = dict(os.environ, SOURCEBOOK_HOME=home)
            if not env.get("DATABASE_URL", "").startswith("postgres"):
                env.pop("DATABASE_URL", None)
            # Migrate (and on PostgreSQL empty the database) outside the timing.
            subprocess.run(
                [sys.executable, "-m", "sourcebook", "show", "--list"],
                env=env,
                check=True,
                capture_output=True,
            )
            if env.get("DATABASE_URL"):
                subprocess.run(
                    [sys.executable, "-m", "django", "flush", "--noinput"],
                    env=dict(env, DJANGO_SETTINGS_MODULE="sourcebook.settings"),
                    check=True,
                    capture_output=True,
                )
            started = time.perf_counter()
            result = subprocess.run(
                [sys.executable, "-m", "sourcebook", "ingest", *map(str, VOLUMES)],
                env=env,
                capture_output=True,
                text=True,
            )
            elapsed = time.perf_counter() - started
            if result.returncode != 0:
                raise SystemExit(result.stderr)
            line = result.stderr.strip().splitlines()[-1]
            docs = int(re.match(r"(\d+) added", line).group(1))
            best = elapsed if best is None else min(best, elapsed)
    return docs, best, line


if __name__ == "__main__":
    docs, seconds = parse_only()
    print(f"parse only: {docs} documents in {seconds:.2f}s = {docs / seconds:,.0f} documents/s")
    docs, seconds, line = cli_ingest()
    db = "PostgreSQL" if os.environ.get("DATABASE_URL", "").startswith("postgres") else "SQLite"
    print(
        f"sourcebook ingest ({db}, whole command incl. start-up): {docs} documents in "
        f"{seconds:.2f}s = {docs / seconds:,.0f} documents/s"
    )
    print(f"  its own summary: {line}")
