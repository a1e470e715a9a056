"""kill -9 at random points: an ingest writing new versions of changed sources, and
`sourcebook edit` of several documents at once (one transaction). After every kill: no half
version anywhere, and `check` passes once `index` applied the outbox.

Eight rounds by default; ``SOURCEBOOK_TEST_KILLS=50`` runs a longer campaign. The kill falls in
the busy window of the child, measured in its own CPU time (not wall time, which a busy machine
stretches): between about what starting ``sourcebook`` costs and what a whole run of the same
command costs, both measured here first. Parsing, the transaction and indexing happen there."""

from __future__ import annotations

import os
import random
import resource
import signal
import subprocess
import sys
import time
from pathlib import Path

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


def cpu_seconds(pid: int) -> float:
    """User and system CPU time of a running process so far (Linux /proc)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def start(command: list[str], env: dict) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "sourcebook", *command],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def cpu_of_whole_run(command: list[str], env: dict) -> float:
    """The CPU time ``sourcebook command`` takes when nobody kills it (it must succeed)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    assert start(command, env).wait(timeout=120) == 0, command
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def kill_when_busy(proc: subprocess.Popen, cpu: float) -> bool:
    """SIGKILL once the child has used ``cpu`` seconds of CPU; False if it finished first."""
    while proc.poll() is None:
        try:
            if cpu_seconds(proc.pid) >= cpu:
                os.kill(proc.pid, signal.SIGKILL)
                return True
        except FileNotFoundError:  # exited between poll() and the read
            pass
        time.sleep(0.005)
    return False


def test_kill_9_at_random_points_leaves_no_half_version(tmp_path):
    from sourcebook.archive.models import Document

    home, folder = tmp_path / "home", tmp_path / "in"
    folder.mkdir()
    env = {"SOURCEBOOK_HOME": str(home)}
    child_env = {**os.environ, **_database_env(), **env}
    write(folder, 0, list(range(FILES)))
    assert run_cli("ingest", "--quiet", str(folder), env_extra=env).returncode == 0
    files = [str(folder / f"cable-{i}.txt") for i in range(FILES)]
    # The busy window of each command, in CPU seconds: from the end of start-up to the end of a
    # whole run of the same work as a round's. A whole `index` with nothing to do costs a little
    # more than starting (it opens the index, then exits): by hand, 0.7 of it fell before the
    # first write of an ingest, and the writes of ingests and the commits of edits soon after.
    started = 0.7 * cpu_of_whole_run(["index", "--quiet"], child_env)
    write(folder, KILLS + 1, list(range(FILES)))
    busy = {"ingest": cpu_of_whole_run(["ingest", "--quiet", *files], child_env)}
    ids = sorted(Document.objects.values_list("public_id", flat=True))
    correction = ["edit", *ids, "--set", "summary=Corrected.", "--note", "n", "--as", "tester"]
    busy["edit"] = cpu_of_whole_run(correction, child_env)
    rng = random.Random(1959)
    finished = 0
    for round_ in range(1, KILLS + 1):
        if round_ % 2 == 0:  # every other round: an editor's batch correction
            command = ["edit", *ids, "--set", f"summary=Corrected in round {round_}."]
            command += ["--note", f"round {round_}", "--as", "tester"]
        else:
            write(folder, round_, list(range(FILES)))
            command = ["ingest", "--quiet", *files]
        proc = start(command, child_env)
        if not kill_when_busy(proc, rng.uniform(started, busy[command[0]])):
            finished += 1
        proc.wait(timeout=60)
        assert_no_half_version()
        out = run_cli("index", "--quiet", env_extra=env)
        assert out.returncode == 0, out.stderr
        out = run_cli("check", env_extra=env)
        assert out.returncode == 0, (round_, out.stdout, out.stderr)
    assert finished < KILLS  # most rounds really were killed
    assert Document.objects.count() == FILES
