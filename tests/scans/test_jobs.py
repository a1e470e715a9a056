"""Jobs on Huey, on SQLite and on Redis: a worker killed with kill -9 mid-job leaves no half
result and the next worker finishes the job; failures are retried, then reported."""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time

import pytest
from PIL import Image

from tests.scans import make
from tests.support.cli import _database_env, run_cli

pytestmark = pytest.mark.django_db(transaction=True)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def redis_url(tmp_path):
    """A private redis-server of this test (never the machine's shared one)."""
    server = shutil.which("redis-server")
    if server is None:
        pytest.skip("redis-server is not installed (Debian package redis-server)")
    port = _free_port()
    proc = subprocess.Popen(
        [
            server,
            "--port",
            str(port),
            "--bind",
            "127.0.0.1",
            "--save",
            "",
            "--appendonly",
            "no",
            "--dir",
            str(tmp_path),
        ],
        stdout=subprocess.DEVNULL,
    )
    import redis

    client = redis.Redis(port=port)
    for _ in range(100):
        try:
            client.ping()
            break
        except redis.ConnectionError:
            time.sleep(0.05)
    yield f"redis://127.0.0.1:{port}/0"
    proc.terminate()
    proc.wait(timeout=10)


@pytest.fixture(params=["sqlite", "redis"])
def backend(request, settings):
    """The queue: env for the worker processes; this process's settings point the same way."""
    from sourcebook.scans import jobs

    url = request.getfixturevalue("redis_url") if request.param == "redis" else ""
    settings.SOURCEBOOK_REDIS_URL = url
    jobs.queue()[0].flush()  # messages other tests queued (their jobs are gone) are not ours
    return {"SOURCEBOOK_REDIS_URL": url}


def _pages_are_whole(doc) -> None:
    """Every page image in place decodes completely at its page's size."""
    from sourcebook.scans import storage

    for page in doc.scan_pages.select_related("scan"):
        path = storage.page_image(page.scan.sha256, page.index)
        if path.exists():
            with Image.open(path) as img:
                img.load()
                assert img.size == (page.width, page.height)
        if page.derived:
            assert path.exists()


def test_queue_is_the_one_configured(seed_doc, backend):
    from sourcebook.scans import jobs
    from sourcebook.scans.attaching import attach

    attach(seed_doc, [("a.png", make.image("PNG", 300, 200))])
    huey, _ = jobs.queue()
    assert huey.pending_count() == 1
    assert type(huey).__name__ == ("RedisHuey" if backend["SOURCEBOOK_REDIS_URL"] else "SqliteHuey")
    done = run_cli("worker", "--until-idle", env_extra=backend)
    assert done.returncode == 0, done.stderr
    assert "1 task run" in done.stdout
    assert huey.pending_count() == 0
    job = seed_doc.scan_jobs.get()
    assert (job.status, job.done, job.total, job.attempts) == ("done", 1, 1, 1)


def test_worker_killed_mid_job_leaves_no_half_result(seed_doc, backend):
    from sourcebook.scans.attaching import attach
    from sourcebook.scans.models import Job

    attach(seed_doc, [("long.pdf", make.pdf(pages=16, width=1700, height=2200))])
    job = Job.objects.get(document=seed_doc)
    env = {**os.environ, **_database_env(), **backend}
    worker = subprocess.Popen([sys.executable, "-m", "sourcebook", "worker"], env=env)
    try:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            job.refresh_from_db()
            if job.done >= 2:
                break
            time.sleep(0.02)
        assert 2 <= job.done < job.total, "the worker finished before it could be killed"
        worker.send_signal(signal.SIGKILL)
        worker.wait(timeout=30)
    finally:
        if worker.poll() is None:
            worker.kill()
            worker.wait()
    job.refresh_from_db()
    assert job.status == "running" and job.done < job.total
    derived = seed_doc.scan_pages.filter(derived=True).count()
    assert derived == job.done  # progress and page flags were written together
    _pages_are_whole(seed_doc)
    listed = run_cli("jobs", env_extra=backend)
    assert f"running  {job.done}/16" in listed.stdout

    rerun = run_cli("worker", "--until-idle", env_extra=backend)
    assert rerun.returncode == 0, rerun.stderr
    job.refresh_from_db()
    assert (job.status, job.done, job.attempts) == ("done", 16, 2)
    assert seed_doc.scan_pages.filter(derived=False).count() == 0
    _pages_are_whole(seed_doc)


def test_failing_job_is_retried_then_failed(seed_doc, settings):
    from sourcebook.scans import storage
    from sourcebook.scans.attaching import attach
    from sourcebook.scans.models import Job

    settings.SOURCEBOOK_REDIS_URL = ""
    attach(seed_doc, [("gone.pdf", make.pdf(pages=1, width=100, height=100))])
    scan = seed_doc.scans.get()
    storage.original(scan.sha256).unlink()  # the original vanished (a disk gone bad)
    run = run_cli("worker", "--until-idle", env_extra={"SOURCEBOOK_REDIS_URL": ""})
    assert run.returncode == 0, run.stderr
    job = Job.objects.get(document=seed_doc)
    assert (job.status, job.attempts) == ("failed", 3)
    assert job.error and "\n" not in job.error
    listed = run_cli("jobs", "--json")
    assert '"status": "failed"' in listed.stdout


def test_sweep_removes_only_old_leftovers(tmp_path):
    from sourcebook.scans.derive import sweep

    old, fresh = tmp_path / ".page.png.ab.tmp", tmp_path / ".render-x"
    old.write_bytes(b"half")
    fresh.mkdir()
    keep = tmp_path / "page.png"
    keep.write_bytes(b"whole")
    os.utime(old, (time.time() - 3600, time.time() - 3600))
    sweep(tmp_path)
    assert sorted(p.name for p in tmp_path.iterdir()) == [".render-x", "page.png"]
