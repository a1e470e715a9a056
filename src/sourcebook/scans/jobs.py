"""Background jobs on Huey: page derivatives now (OCR would be another kind).

Why a Job row beside the queue: the queue message carries only the job's id, and the row says
what is done (``done``/``total``), so ``sourcebook jobs`` can list progress and a worker killed
with ``kill -9`` (its message already taken off the queue) is found on the next start: a
``running`` job whose process is gone is queued again. Every step of a job writes its result to
a temporary file and renames it, and marks it done in one transaction, so a killed job leaves
complete files and true rows, and the rerun skips what is done.

Small work that needs no progress nor recovery (an authority's counts made again,
:mod:`sourcebook.authorities.summary`) goes through the same queue as a named call
(:data:`CALLS`, :func:`call_later`) with no Job row: losing one costs nothing, since whoever
asked for it asks again.

The queue is Huey's SQLite storage in the data directory (``jobs.sqlite3``) or, when
``SOURCEBOOK_REDIS_URL`` is set, Redis; its name comes from the database, so two installations
sharing one Redis never take each other's jobs.
"""

from __future__ import annotations

import hashlib
import logging
import os
import socket
import time
from pathlib import Path

from django.conf import settings
from django.db import connection, transaction
from django.db.models import F

from sourcebook.archive.models import Document
from sourcebook.core import pids

from .models import Job, Scan

log = logging.getLogger(__name__)

RETRIES = 2
RETRY_DELAY = 1  # seconds
WORKER = f"{socket.gethostname()}:{os.getpid()}"
HANDLERS: dict = {}  # job kind → function(job) that does the work, idempotently
# Small background work with no Job row (AppConfig.ready registers it): name → function(*args),
# idempotent and safe to lose (whoever asked asks again), e.g. an authority's counts.
CALLS: dict = {}
_QUEUES: dict = {}


def queue():
    """The Huey instance and its job task for the current settings and database."""
    huey, task, _ = _queue()
    return huey, task


def _queue():
    """The Huey instance, its job task and its task for :data:`CALLS`."""
    from huey import RedisHuey, SqliteHuey

    url = settings.SOURCEBOOK_REDIS_URL
    db = str(connection.settings_dict.get("NAME"))
    key = (url, str(settings.HOME), db)
    if key not in _QUEUES:
        name = "sourcebook-" + hashlib.sha256(f"{settings.HOME}|{db}".encode()).hexdigest()[:12]
        if url:
            huey = RedisHuey(name, url=url, results=False)
        else:
            huey = SqliteHuey(
                name, filename=str(Path(settings.HOME) / "jobs.sqlite3"), results=False
            )
        task = huey.task(retries=RETRIES, retry_delay=RETRY_DELAY, context=True, name="run_job")(
            run_job
        )
        _QUEUES[key] = (huey, task, huey.task(name="run_call")(run_call))
    return _QUEUES[key]


def create_job(kind: str, document: Document, scan: Scan | None, total: int = 0) -> Job:
    """A queued job, sent to the queue once the caller's transaction commits."""
    job = Job.objects.create(kind=kind, document=document, scan=scan, total=total)
    transaction.on_commit(lambda: enqueue(job.pk))
    return job


def enqueue(job_id: int) -> None:
    _, task = queue()
    task(job_id)


def call_later(name: str, *args) -> None:
    """Queue ``CALLS[name](*args)`` for the job worker (arguments: plain JSON-like values)."""
    if name not in CALLS:
        raise KeyError(f"no background call {name!r}")
    _queue()[2](name, list(args))


def run_call(name: str, args: list) -> None:
    """The queue's task for :data:`CALLS`; a name not registered (an older or newer release
    sharing the queue) is dropped, never looked up anywhere else."""
    function = CALLS.get(name)
    if function is None:
        log.warning("background call %r unknown here; dropped", name)
        return
    function(*args)


def run_job(job_id: int, task=None) -> None:
    """The queue's one task: run the job's handler, record the outcome; raise to be retried."""
    job = Job.objects.filter(pk=job_id).select_related("scan", "document").first()
    if job is None or job.status == Job.DONE:
        return
    Job.objects.filter(pk=job_id).update(
        status=Job.RUNNING, worker=WORKER, attempts=F("attempts") + 1, error=""
    )
    try:
        note = HANDLERS[job.kind](job)
    except Exception as exc:
        retries_left = getattr(task, "retries", 0)
        status = Job.QUEUED if retries_left else Job.FAILED
        message = " ".join(str(exc).split())[:500] or type(exc).__name__
        Job.objects.filter(pk=job_id).update(status=status, error=message)
        raise
    Job.objects.filter(pk=job_id).update(status=Job.DONE, error="", note=note or "")


def progress(job: Job, done: int) -> None:
    Job.objects.filter(pk=job.pk).update(done=done)


def recover() -> int:
    """Queue again the jobs left ``running`` by a worker on this machine that is gone."""
    host = socket.gethostname()
    found = 0
    for job in Job.objects.filter(status=Job.RUNNING, worker__startswith=f"{host}:"):
        pid = int(job.worker.rsplit(":", 1)[1])
        if pid == os.getpid() or pids.alive(pid):
            continue
        if Job.objects.filter(pk=job.pk, status=Job.RUNNING, worker=job.worker).update(
            status=Job.QUEUED, error=f"worker {job.worker} stopped; queued again"
        ):
            enqueue(job.pk)
            found += 1
    return found


def work(*, until_idle: bool = False, interval: float = 0.5, stop=None) -> int:
    """Run jobs until stopped (``stop`` an Event), or until nothing is queued or scheduled;
    returns how many tasks ran."""
    huey, _ = queue()
    recover()
    ran = 0
    while stop is None or not stop.is_set():
        for scheduled in huey.read_schedule(huey._get_timestamp()):
            huey.enqueue(scheduled)
        task = huey.dequeue()
        if task is not None:
            huey.execute(task)
            ran += 1
            continue
        if until_idle and huey.scheduled_count() == 0 and huey.pending_count() == 0:
            break
        time.sleep(interval)
    return ran
