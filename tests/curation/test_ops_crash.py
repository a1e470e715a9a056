"""kill -9 at random points: an ingest writing new versions of changed sources, and
`sourcebook edit` of several documents at once (one transaction). After every kill: no half
version anywhere, and `check` passes once `index` applied the outbox.

Eight rounds by default (about 45 s per database); ``SOURCEBOOK_TEST_KILLS=50`` runs a longer
campaign. The kill falls in the busy window of the child (start-up takes about a second): the
delays are drawn from where parsing, the transaction and indexing happen, not from idle time."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time

import pytest

from tests.search.corpus import record
from tests.support.cli import _database_env, run_cli

pytestmark = pytest.mark.django_db(transaction=True)

KILLS = int(os.environ.get("SOURCEBOOK_TEST_KILLS", "8"))
FILES = 6


def write(folder, round_: int, which: list[int]) -> None:
    for i in which:
        (folder / f"cable-{i}.txt").write_text(
            record(
                date=f"October {i + 1}, 1959",
                title=f"Cable {i} on the visit, draft {round_}",
                summary=f"Round {round_}: the delegation discussed the border and the cotton trade.",
                language="Russian",
                texts=[
                    ("Translation - English", f"Draft {round_} of cable {i}. " * (20 + round_)),
                    ("Transcript - Russian", f"Черновик {round_}, телеграмма {i}."),
                ],
            )
        )


def assert_no_half_version() -> None:
    from sourcebook.archive.models import Document

    for doc in Document.objects.prefetch_related("revisions", "texts__annotations"):
        versions = sorted(r.version for r in doc.revisions.all())
        assert versions == list(range(1, doc.version + 1)), (doc.public_id, versions)
        latest = max(doc.revisions.all(), key=lambda r: r.version)
        current = doc.to_record().to_json()
        for key in ("title", "summary", "texts"):
            assert current[key] == latest.data[key], (doc.public_id, key)


def test_kill_9_at_random_points_leaves_no_half_version(tmp_path):
    from sourcebook.archive.models import Document

    home, folder = tmp_path / "home", tmp_path / "in"
    folder.mkdir()
    env = {"SOURCEBOOK_HOME": str(home)}
    write(folder, 0, list(range(FILES)))
    assert run_cli("ingest", "--quiet", str(folder), env_extra=env).returncode == 0
    rng = random.Random(1959)
    child_env = {**os.environ, **_database_env(), **env}
    finished = 0
    for round_ in range(1, KILLS + 1):
        if round_ % 2 == 0:  # every other round: an editor's batch correction
            ids = sorted(Document.objects.values_list("public_id", flat=True))
            command = ["edit", *ids, "--set", f"summary=Corrected in round {round_}."]
            command += ["--note", f"round {round_}", "--as", "tester"]
        else:
            write(folder, round_, list(range(FILES)))
            command = ["ingest", "--quiet", *(str(folder / f"cable-{i}.txt") for i in range(FILES))]
        proc = subprocess.Popen(
            [sys.executable, "-m", "sourcebook", *command],
            env=child_env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        time.sleep(rng.uniform(0.8, 3.0))  # parsing, the transaction, indexing
        if proc.poll() is None:
            os.kill(proc.pid, signal.SIGKILL)
        else:
            finished += 1
        proc.wait(timeout=60)
        assert_no_half_version()
        out = run_cli("index", "--quiet", env_extra=env)
        assert out.returncode == 0, out.stderr
        out = run_cli("check", env_extra=env)
        assert out.returncode == 0, (round_, out.stdout, out.stderr)
    assert finished < KILLS  # most rounds really were killed
    assert Document.objects.count() == FILES
