"""Index upkeep benchmark: `sourcebook check`, `reindex` and `index` at N documents.

    .venv/bin/python bench/index_bench.py --docs 100000

Makes (or reuses) the corpus and ingested data directory of ``bench/search_bench.py`` for the
same N (``/tmp/sourcebook-bench-N``), then runs each command as a real subprocess and reports
its wall time and peak RSS (``wait4``'s ru_maxrss of that process alone). "Cold" is the first
run in a fresh process after the previous command (the OS page cache may still hold files;
dropping it needs root), "warm" the second run right after.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from search_bench import PY, generate  # noqa: E402


def timed(args: list[str], env: dict) -> dict:
    """Run ``sourcebook ARGS``; wall seconds, peak RSS in MB, exit code, last line of output."""
    import tempfile

    with tempfile.TemporaryFile("w+") as out:
        started = time.monotonic()
        proc = subprocess.Popen(
            [PY, "-m", "sourcebook", *args], env=env, stdout=out, stderr=subprocess.STDOUT
        )
        _, status, usage = os.wait4(proc.pid, 0)  # this child's own rusage
        elapsed = time.monotonic() - started
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        lines = out.read().strip().splitlines()
    return {
        "command": "sourcebook " + " ".join(args),
        "seconds": round(elapsed, 1),
        "peak_rss_mb": round(usage.ru_maxrss / 1024, 1),
        "exit": proc.returncode,
        "last_line": lines[-1] if lines else "",
    }


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--docs", type=int, default=100000)
    parser.add_argument("--home", type=Path, default=None)
    args = parser.parse_args()
    home = (args.home or Path(f"/tmp/sourcebook-bench-{args.docs}")).resolve()
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "SOURCEBOOK_INDEX")}
    env["SOURCEBOOK_HOME"] = str(home)
    report: dict = {"docs": args.docs, "home": str(home), "runs": []}
    if not (home / "sourcebook.sqlite3").exists():
        corpus = home.parent / f"{home.name}-corpus"
        if not corpus.exists() or sum(1 for _ in corpus.rglob("*.txt")) != args.docs:
            shutil.rmtree(corpus, ignore_errors=True)
            generate(args.docs, corpus)
        report["runs"].append(timed(["ingest", "--quiet", str(corpus)], env))
        print(json.dumps(report["runs"][-1]), file=sys.stderr, flush=True)
    for label, cmd in (
        ("cold", ["check"]),
        ("warm", ["check"]),
        ("cold", ["reindex", "--quiet"]),
        ("after reindex", ["check"]),
        ("nothing pending", ["index", "--quiet"]),
    ):
        run = timed(cmd, env)
        run["label"] = label
        report["runs"].append(run)
        print(json.dumps(run), file=sys.stderr, flush=True)
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
