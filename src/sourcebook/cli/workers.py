"""``serve --workers N``: one listening socket, N serving processes, one supervisor.

Why pre-fork over one shared socket (rather than N processes each binding the port with
``SO_REUSEPORT``): the backlog of waiting connections belongs to the one socket, so a worker that
dies loses none of them; the others go on accepting, and the supervisor starts a replacement.
With ``SO_REUSEPORT`` each process has its own backlog and the connections queued on a dead
worker are reset. The port is also bound once, so "address in use" is one clear error.

Why the supervisor (not a worker) runs the background indexer and the job worker: exactly one
process should try to hold the index writer lock and apply the outbox; the workers only read the
index and see each commit on their next search (the engine stats ``meta.json`` per search).

Why workers are fresh interpreters (``sourcebook serve --listen-fd``) rather than ``fork()``:
the supervisor runs threads (the indexer, the job worker) and database connections, neither of
which survives a fork safely; a replacement worker is started the same way as the first ones.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable

import click

# A worker that dies within this many seconds of starting counts as a failed start; after
# FAILED_STARTS of those in a row the supervisor stops (a broken setting, not a crash to heal).
QUICK_EXIT = 5.0
FAILED_STARTS = 5
STOP_GRACE = 15.0


def bind(host: str, port: int) -> socket.socket:
    """The one listening socket the workers share (inherited by each as a file descriptor)."""
    family = socket.AF_INET6 if ":" in host.strip("[]") else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind((host.strip("[]"), port))
    sock.listen(1024)
    sock.set_inheritable(True)
    return sock


class Supervisor:
    """Starts ``count`` workers on ``sock``, replaces any that dies, stops them all on a signal."""

    def __init__(self, sock: socket.socket, count: int, command: Callable[[int], list[str]]):
        self.sock = sock
        self.count = count
        self.command = command
        self.stopping = threading.Event()
        self.procs: list[subprocess.Popen | None] = [None] * count
        self.started: list[float] = [0.0] * count
        self.failures = 0

    def start(self, slot: int) -> None:
        fd = self.sock.fileno()
        proc = subprocess.Popen(self.command(fd), pass_fds=(fd,))
        self.procs[slot], self.started[slot] = proc, time.monotonic()

    def run(self) -> int:
        """Serve until SIGINT or SIGTERM; returns the exit status for the supervisor."""
        for sig in (signal.SIGINT, signal.SIGTERM):
            signal.signal(sig, lambda *_: self.stopping.set())
        for slot in range(self.count):
            self.start(slot)
        status = 0
        while not self.stopping.wait(0.2):
            if not self.replace_dead():
                status = 1
                break
        self.stop()
        return status

    def replace_dead(self) -> bool:
        """Start a new worker for each that exited; False after too many failed starts."""
        for slot, proc in enumerate(self.procs):
            if proc is None or proc.poll() is None:
                continue
            quick = time.monotonic() - self.started[slot] < QUICK_EXIT
            self.failures = self.failures + 1 if quick else 0
            if self.failures >= FAILED_STARTS:
                click.echo(
                    f"error: serve workers keep exiting at start (last status {proc.returncode}); "
                    "see the messages above",
                    err=True,
                )
                return False
            click.echo(
                f"warning: serve worker {proc.pid} exited with status {proc.returncode}; "
                "starting another",
                err=True,
            )
            self.start(slot)
        return True

    def stop(self) -> None:
        """SIGTERM to every worker (each finishes its requests in hand), SIGKILL after a grace."""
        live = [p for p in self.procs if p is not None and p.poll() is None]
        for proc in live:
            proc.send_signal(signal.SIGTERM)
        deadline = time.monotonic() + STOP_GRACE
        for proc in live:
            try:
                proc.wait(timeout=max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
        self.sock.close()


def worker_command(threads: int) -> Callable[[int], list[str]]:
    """How a worker is started: this same program, told to serve on an inherited socket."""

    def command(fd: int) -> list[str]:
        return [
            sys.executable,
            "-m",
            "sourcebook",
            "serve",
            "--threads",
            str(threads),
            "--listen-fd",
            str(fd),
        ]

    return command


def stop_on_sigterm() -> None:
    """In a worker: SIGTERM ends the server loop like Ctrl+C (waitress then drains its threads)."""

    def handler(signum, frame):
        raise SystemExit(0)

    signal.signal(signal.SIGTERM, handler)


def exit_with_supervisor(every: float = 1.0) -> threading.Thread:
    """In a worker: stop (as on SIGTERM) once the supervisor is gone, even if it was killed with
    SIGKILL and could not stop its workers; an orphan would go on answering from an old state
    with nobody to replace it or to keep the index caught up."""
    supervisor = os.getppid()

    def watch() -> None:
        while os.getppid() == supervisor:
            time.sleep(every)
        os.kill(os.getpid(), signal.SIGTERM)

    thread = threading.Thread(target=watch, name="sourcebook-orphan-watch", daemon=True)
    thread.start()
    return thread


def inherited_socket(fd: int) -> socket.socket:
    sock = socket.socket(fileno=fd)
    sock.setblocking(False)
    return sock


def pid_header(app):
    """Wrap a WSGI app to name the answering process (``SOURCEBOOK_WORKER_HEADER=1``).

    For checking how requests spread over workers and nodes; off by default, since a process
    id is nothing a visitor needs to know.
    """
    value = str(os.getpid())

    def wrapped(environ, start_response):
        def start(status, headers, exc_info=None):
            return start_response(status, [*headers, ("X-Sourcebook-Worker", value)], exc_info)

        return app(environ, start)

    return wrapped
