"""Exports run in a child process with a time limit and a memory cap.

Why a process: WeasyPrint (and any writer given a 2.6 MB record) can run for minutes and grow
to gigabytes; a thread cannot be stopped and shares the server's memory. A child process can be
killed when its time is up or its client has gone, and ``RLIMIT_AS`` caps what it can allocate,
so one request never takes the server down with it.

The child is ``python -m sourcebook.core.bounded``: it reads ``{"format", "record"}`` as JSON on
stdin, sets its own memory limit first (no ``preexec_fn``, which is unsafe in a threaded
server), and writes the export's bytes on stdout.

How the parent tells a bug from the cap: the child reports an exporter's own exception itself,
with :data:`EXPORTER_FAILED`. Under a cap the interpreter can die in many other ways once an
allocation fails: a signal (GLib aborts when it cannot start a thread, a C library dereferences
the NULL it got), status 1 (a ``MemoryError`` while printing a traceback) or 120 (flushing
stdout at exit). All of those are the cap, not a bug, and are reported as such.
"""

from __future__ import annotations

import contextlib
import errno
import json
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

from .record import Record

MEMORY_EXIT = 3  # the child's exit status when an allocation failed
EXPORTER_FAILED = 4  # the child's exit status when the exporter raised (its last line says why)
POLL_SECONDS = 0.2


class ExportLimitError(RuntimeError):
    """An export stopped at a limit; ``str()`` is the one-line message for users."""

    def __init__(self, message: str, kind: str):
        super().__init__(message)
        self.kind = kind  # "timeout", "memory" or "cancelled"


class ExportFailed(RuntimeError):
    """The exporter itself raised in the child (a bug, not a limit); ``str()`` has its last
    line of error output."""


@dataclass(frozen=True)
class Limits:
    timeout: float = 60.0
    memory: int = 1024**3  # bytes of address space (RLIMIT_AS); 0 for no cap


def text_size(record: Record) -> int:
    """Characters of text and markup: what export time and memory grow with."""
    return sum(len(t.body) + len(t.markup or "") for t in record.texts)


def run_export(
    name: str,
    record: Record,
    limits: Limits,
    cancelled: Callable[[], bool] | None = None,
) -> bytes:
    """The bytes of exporter ``name`` for ``record``, written by a child process within limits.

    ``cancelled`` is polled while the child runs (the web passes "has the client gone?"); when it
    answers true the child is killed and :class:`ExportLimitError` says so.
    """
    payload = json.dumps({"format": name, "record": record.to_json(), "memory": limits.memory})
    proc = subprocess.Popen(
        [sys.executable, "-m", "sourcebook.core.bounded"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    deadline = time.monotonic() + limits.timeout
    # The request goes in by a thread of its own, not by communicate(): after a poll's timeout
    # CPython's communicate() writes no more of its input (and refuses it again), so the rest
    # of a request larger than the pipe (a long record) was never sent whenever the child had
    # not read it all within the first poll (a busy machine), and the export hung until the
    # time limit. communicate() is left only stdout and stderr.
    stdin, proc.stdin = proc.stdin, None
    feeder = threading.Thread(target=_feed, args=(stdin, payload.encode("utf-8")), daemon=True)
    feeder.start()
    while True:
        try:
            out, err = proc.communicate(timeout=POLL_SECONDS)
            break
        except subprocess.TimeoutExpired:
            pass
        if cancelled is not None and cancelled():
            _kill(proc)
            raise ExportLimitError(f"{name} export stopped: the client has gone", "cancelled")
        if time.monotonic() > deadline:
            _kill(proc)
            raise ExportLimitError(
                f"{name} export took longer than {limits.timeout:g} s and was stopped; "
                "download the record text or JSON instead, or raise SOURCEBOOK_EXPORT_TIMEOUT",
                "timeout",
            )
    feeder.join(timeout=5)  # done: the child has ended, having read the request or not
    outcome = child_outcome(proc.returncode, capped=bool(limits.memory))
    if outcome == "ok":
        return out
    if outcome == "memory":
        cap = limits.memory // 1024**2
        raise ExportLimitError(
            f"{name} export needed more than the {cap} MB it may use and was stopped; "
            "download the record text or JSON instead, or raise SOURCEBOOK_EXPORT_MEMORY",
            "memory",
        )
    last = (err.decode("utf-8", "replace").strip().splitlines() or ["no message"])[-1]
    raise ExportFailed(f"{name} export failed: {last}")


def child_outcome(returncode: int, capped: bool) -> str:
    """``"ok"``, ``"memory"`` or ``"failed"`` for the child's exit status.

    Only :data:`EXPORTER_FAILED` is an exporter's own failure under a cap: the child reports
    every exception it can itself, so any other way of dying there is an allocation that failed
    where Python could not say so (see the module's docstring). Without a cap there is no such
    doubt, and a crash is a failure.
    """
    if returncode == 0:
        return "ok"
    if returncode == MEMORY_EXIT:
        return "memory"
    if returncode == EXPORTER_FAILED or not capped:
        return "failed"
    return "memory"


def _feed(pipe, request: bytes) -> None:
    """Write ``request`` to the child's stdin and close it (the end of the request)."""
    try:
        pipe.write(request)
        pipe.close()
    except OSError:  # the child died or was killed before reading it all
        with contextlib.suppress(OSError):
            pipe.close()


def _kill(proc: subprocess.Popen) -> None:
    proc.kill()
    proc.communicate()


def _child() -> int:
    """Entry point of the child: read the request, limit memory, write the export.

    The exporters' modules are loaded before the cap (what the cap is for is the record's
    export). An exporter may still load a module or a shared library on first use, under the
    cap: CPython then reports the failed allocation in other ways than ``MemoryError``
    (:func:`allocation_failed`), and those count as the cap too.
    """
    import resource
    import traceback

    from . import formats

    capped = False
    try:
        request = json.loads(sys.stdin.buffer.read())
        exporter = formats.exporter(request["format"])
        capped = bool(request.get("memory"))
        if capped:
            cap = int(request["memory"])
            resource.setrlimit(resource.RLIMIT_AS, (cap, cap))
        data = exporter.write(Record.from_json(request["record"]))
    except Exception as exc:
        if capped and allocation_failed(exc):
            return MEMORY_EXIT
        traceback.print_exc()
        line = " ".join(f"{type(exc).__name__}: {exc}".split())
        print(line, file=sys.stderr)  # the last line: what the parent reports
        return EXPORTER_FAILED
    sys.stdout.buffer.write(data.encode("utf-8") if isinstance(data, str) else data)
    sys.stdout.flush()
    return 0


# How a failed allocation shows when it is not a MemoryError: C code returning an error it did
# not set (unmarshalling a module's bytecode), the dynamic loader unable to map a library.
_ALLOCATION_MESSAGES = ("without exception set", "failed to map segment", "cannot allocate memory")


def allocation_failed(exc: BaseException) -> bool:
    """Whether ``exc`` (or an exception it was raised from) is an allocation that failed."""
    seen: set[int] = set()
    while exc is not None and id(exc) not in seen:
        seen.add(id(exc))
        if isinstance(exc, MemoryError):
            return True
        if isinstance(exc, OSError) and exc.errno == errno.ENOMEM:
            return True
        if isinstance(exc, (SystemError, ImportError, OSError)):
            if any(m in str(exc).lower() for m in _ALLOCATION_MESSAGES):
                return True
        exc = exc.__cause__ or exc.__context__
    return False


if __name__ == "__main__":
    sys.exit(_child())
