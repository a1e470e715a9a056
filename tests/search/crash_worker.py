"""Run as a separate process by test_outbox.py: ingest, then stop at a chosen point and wait
to be killed with SIGKILL (no cleanup, no atexit: what a power cut or OOM kill does).

usage: python crash_worker.py after-db-commit FILE...
       python crash_worker.py before-index-commit N FILE...   (pause at the N-th index commit)
"""

import os
import sys
import time
from pathlib import Path

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sourcebook.settings")

from sourcebook import runtime  # noqa: E402

runtime.setup(migrate=False)

from sourcebook.archive import ingest  # noqa: E402
from sourcebook.search import indexer  # noqa: E402


def wait_to_be_killed(word: str) -> None:
    print(word, flush=True)
    time.sleep(600)
    raise SystemExit("not killed")


mode = sys.argv[1]
if mode == "after-db-commit":
    for p in sys.argv[2:]:
        assert ingest.ingest_file(Path(p))[0].status == "added"
    wait_to_be_killed("COMMITTED")
elif mode == "before-index-commit":
    pause_at = int(sys.argv[2])
    for p in sys.argv[3:]:
        assert ingest.ingest_file(Path(p))[0].status == "added"
    engine = indexer.get_engine()
    calls = {"n": 0}

    def before_commit():
        calls["n"] += 1
        if calls["n"] == pause_at:
            wait_to_be_killed("PAUSED")

    engine.before_commit = before_commit
    indexer.catch_up(batch=2)
    raise SystemExit("did not reach the pause")
