"""Reading an ingest batch's texts for names on a second core while the ingest goes on.

Why: linking reads every text of every new document (words, romanization keys, the gazetteer's
forms), and that reading was half of an ingest batch's time on one core while the other core
indexed only part of the time. :func:`sourcebook.core.linking.link` is a pure function of the
gazetteer, the texts and the collection, so the second half of a batch is read in a worker
process while the ingest links the first half itself; each result is used only if the
gazetteer is still the one it was read with (a candidate authority proposed by one of the first
documents changes it, and the ingest then links the rest itself, as before). The links are
always those of one document after the other.

The worker is a plain child process (``python -c``, importing only the framework-free
``sourcebook.core``, never Django or the database), one per ingest process, started at the first
large batch (``SOURCEBOOK_INGEST_LINK_BESIDE`` documents or more; ``0``: never) and ended with
it: requests are pickles on its stdin, results pickles after their length on its stdout, both
written and read with a deadline, so a stuck worker never stops the ingest. Why not
``multiprocessing``: its ``spawn`` runs the parent's main script again in the child, and a
script without a ``__main__`` guard would start a second ingest there.
"""

from __future__ import annotations

import atexit
import contextlib
import json
import os
import pickle
import selectors
import subprocess
import sys
import threading
import time

from django.conf import settings

from .beside_worker import LENGTH_BYTES

_lock = threading.Lock()
_child: subprocess.Popen | None = None
_sent: object | None = None  # the gazetteer the worker holds (by identity)
_pending = False  # a request sent whose answer was not read yet

# How long the ingest waits for an answer once it has linked its own share: this many times
# what that share took since the request was sent, and never less than LEAST_WAIT seconds.
# The worker reads fewer documents than the ingest, at about the same speed, so a healthy one
# has answered by then; one that has not (stuck, or its answer cut short) is ended, and the
# ingest links those documents itself.
WAIT_FACTOR = 4
LEAST_WAIT = 30.0
# An answer longer than this is a garbled length, not an answer.
LONGEST_ANSWER = 1 << 34

_CHILD = (
    "import json, sys; sys.path[:0] = json.loads(sys.argv[1]); "
    "from sourcebook.linking.beside_worker import serve; serve()"
)


def wanted(count: int) -> bool:
    """Whether a batch of ``count`` documents is read partly in the worker."""
    least = settings.SOURCEBOOK_INGEST_LINK_BESIDE
    return least > 0 and count >= least


def start(gaz, jobs: list):
    """Send ``jobs`` (``(segments, scope, title)`` each) to be read with ``gaz``; returns a
    callable giving ``(result, proposals)`` per job (None when the worker failed), or None when
    no worker can be used (the caller links them itself)."""
    global _sent, _pending
    with _lock:
        if _pending:  # an answer never collected (its batch failed): start a fresh worker
            _forget(at_once=True)
        try:
            child = _worker()
            _write_all(child, pickle.dumps((None if gaz is _sent else gaz, jobs), protocol=5))
        except (OSError, pickle.PickleError):  # no worker, a dead or stuck one: link here
            _forget(at_once=True)
            return None
        _sent, _pending = gaz, True
    sent_at = time.monotonic()
    answer: list = []

    def results():
        if not answer:
            waited = time.monotonic() - sent_at
            deadline = time.monotonic() + max(LEAST_WAIT, WAIT_FACTOR * waited)
            answer.append(_results(child, len(jobs), deadline))
        return answer[0]

    return results


def _results(child: subprocess.Popen, count: int, deadline: float):
    """The worker's answer to the request in flight (``count`` results), or None when it failed.

    Any error while reading the answer counts as a failed worker, not only a closed pipe: a
    garbled stream can raise almost anything while it is unpickled (seen: ``TypeError`` and
    ``UnicodeDecodeError`` when a sampling profiler paused the worker in the middle of a write),
    and the ingest then links these documents itself rather than stopping. So does an answer
    not complete by ``deadline`` (``time.monotonic()``): a stuck worker, or an answer cut
    short, would otherwise leave the ingest waiting for bytes that never come."""
    global _pending
    with _lock:
        if child is not _child or not _pending:
            return None  # the worker was replaced meanwhile
        try:
            size = int.from_bytes(_read_exactly(child, LENGTH_BYTES, deadline), "big")
            if size > LONGEST_ANSWER:
                raise ValueError(f"an answer of {size} bytes")
            ok, payload = pickle.loads(_read_exactly(child, size, deadline))
        except Exception:  # unpickling garbage, a cut or late answer: see above
            ok, payload = False, None
        ok = ok is True and isinstance(payload, list) and len(payload) == count
        _pending = False
        if not ok:
            _forget(at_once=True)
            return None
        return payload


def _read_exactly(child: subprocess.Popen, size: int, deadline: float) -> bytes:
    """``size`` bytes of the worker's answer, or ``TimeoutError`` at ``deadline``, or
    ``EOFError`` if the worker closed its end first. Each read waits for bytes with a
    deadline: a plain ``child.stdout.read`` would block whatever the deadline."""
    fd = child.stdout.fileno()
    parts: list[bytes] = []
    left = size
    with selectors.DefaultSelector() as sel:
        sel.register(fd, selectors.EVENT_READ)
        while left:
            wait = deadline - time.monotonic()
            if wait <= 0 or not sel.select(wait):
                raise TimeoutError(f"no complete answer from the linking worker ({left} bytes due)")
            part = os.read(fd, min(left, 1 << 20))
            if not part:
                raise EOFError("the linking worker closed its answer")
            parts.append(part)
            left -= len(part)
    return b"".join(parts)


def _write_all(child: subprocess.Popen, data: bytes) -> None:
    """Send ``data`` to the worker, or ``TimeoutError`` when it has taken none of it for
    ``LEAST_WAIT`` seconds. Why not a plain write: a worker stuck before reading (at start-up,
    say) leaves the pipe full after its first 64 KB, and a blocking write would wait forever;
    its stdin is non-blocking (:func:`_worker`), so each write takes what fits."""
    fd = child.stdin.fileno()
    view = memoryview(data)
    with selectors.DefaultSelector() as sel:
        sel.register(fd, selectors.EVENT_WRITE)
        while view:
            if not sel.select(LEAST_WAIT):
                raise TimeoutError(f"the linking worker took no request for {LEAST_WAIT} s")
            view = view[os.write(fd, view[: 1 << 20]) :]


def _worker() -> subprocess.Popen:
    """The running worker, or a new one (which holds no gazetteer yet)."""
    global _child
    if _child is not None and _child.poll() is not None:
        _forget()  # it ended: its pipes closed, and nothing counted as sent to it
    if _child is None:
        _child = subprocess.Popen(
            [sys.executable, "-c", _CHILD, json.dumps(sys.path)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            bufsize=0,  # unbuffered: nothing left in a buffer to flush (and block) on close
        )
        os.set_blocking(_child.stdin.fileno(), False)
    return _child


def _forget(at_once: bool = False) -> None:
    """End the worker; the next large batch starts a new one. Closing its stdin ends a healthy
    worker; one that failed (``at_once``) may be stuck anywhere, so it is killed."""
    global _child, _sent, _pending
    child, _child, _sent, _pending = _child, None, None, False
    if child is None:
        return
    if at_once:
        child.kill()
    with contextlib.suppress(OSError):
        child.stdin.close()
    with contextlib.suppress(subprocess.TimeoutExpired):
        child.wait(timeout=5)
    if child.poll() is None:
        child.kill()
        child.wait()
    child.stdout.close()


atexit.register(_forget)
