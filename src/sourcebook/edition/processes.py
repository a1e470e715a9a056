"""The edition's rendering and relinking spread over several processes.

Rendering a page is Python work (views, templates, lxml) that one process does on one core; an
edition of 100,000 documents is a million such renders. A pool of forked processes does them
side by side: each child inherits the parent's settings (the database, the base URL, the
language) and the object whose methods it runs, opens its own database connection, and writes
its files itself; only URLs and small answers cross between processes.

Fork, not spawn: a spawned child would read the settings anew and miss what the parent set at
run time (``--base-url``, a test database). The parent closes its database connections before
forking, so no connection is shared. A caller inside a transaction keeps one process: its
children could not see what it has not committed.
"""

from __future__ import annotations

import ctypes
import multiprocessing
import os
import signal
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager
from functools import partial

from django.db import connections

from .render import ExportError

# The object whose methods the children call; set before forking, so they inherit it.
_target: object = None
_parent = 0  # the process that forks them
PR_SET_PDEATHSIG = 1
# A child's inherited open connections, kept so that they are never closed (see _child_start).
_inherited: list = []
# Tasks handed out ahead per process, so none waits while the parent takes an answer.
AHEAD = 4


def default_workers() -> int:
    """The processes this process may run on (its CPU affinity, not the host's count)."""
    return len(os.sched_getaffinity(0))


@contextmanager
def pool(workers: int, target: object):
    """Yields a :class:`Serial` or :class:`Forked` runner of ``target``'s methods: serial when
    one process is asked for or the caller is inside a transaction."""
    global _target, _parent
    if workers <= 1 or any(c.in_atomic_block for c in connections.all(initialized_only=True)):
        yield Serial(target)
        return
    _target, _parent = target, os.getpid()
    connections.close_all()
    context = multiprocessing.get_context("fork")
    executor = ProcessPoolExecutor(workers, mp_context=context, initializer=_child_start)
    try:
        yield Forked(target, executor, workers)
    finally:
        # On an error, Ctrl+C or SIGTERM the work not started is dropped; the children finish
        # the page each has in hand (milliseconds) before the caller removes their folder.
        executor.shutdown(wait=True, cancel_futures=True)
        _target = None


def _child_start() -> None:
    """A child opens database connections of its own. One it inherited open (the parent's
    closed ones; but a test process can hold others, in another context of the same thread) is
    set aside, neither used nor closed: closing it, or letting the garbage collector do so,
    would end the parent's session on the shared socket.

    Ctrl+C and SIGTERM are the parent's to handle: it ends the pool and cleans up. A child
    ignores Ctrl+C (no traceback of its own) and dies at once on SIGTERM."""
    for connection in connections.all():
        if connection.connection is not None:
            _inherited.append(connection.connection)
            connection.connection = None
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    _die_with_parent()


def _die_with_parent() -> None:
    """A parent killed outright (SIGKILL, the out-of-memory killer) cannot end its children,
    and they would wait for work forever: ask Linux to send them SIGTERM when it dies."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGTERM)
    except (OSError, AttributeError):  # not Linux: the children outlive a killed parent
        return
    if os.getppid() != _parent:  # it died before the request was made
        os._exit(1)


def _call(method: str, argument):
    return getattr(_target, method)(argument)


class Serial:
    """Runs ``target``'s methods in this process."""

    def __init__(self, target: object):
        self.target = target

    def each(self, method: str, queue: deque) -> Iterator:
        """``target.method(item)`` for every item of ``queue``, including items added to it
        while this runs; answers come in the order the items were taken."""
        while queue:
            yield getattr(self.target, method)(queue.popleft())

    def mapped(self, method: str, items: Iterable) -> Iterator:
        """``target.method(item)`` for each item, in order."""
        return map(getattr(self.target, method), items)


class Forked(Serial):
    """Runs them in the pool's processes; the same answers in the same order. A child that
    dies (the out-of-memory killer) is an :class:`~.render.ExportError`, not a wait forever
    for its answer."""

    def __init__(self, target: object, executor: ProcessPoolExecutor, size: int):
        super().__init__(target)  # the children call the copy they inherited (_target)
        self.executor = executor
        self.ahead = AHEAD * size

    def each(self, method: str, queue: deque) -> Iterator:
        pending: deque = deque()
        while queue or pending:
            with _died():  # submit() too says the pool is broken, once it knows
                while queue and len(pending) < self.ahead:
                    pending.append(self.executor.submit(_call, method, queue.popleft()))
                answer = pending.popleft().result()
            yield answer

    def mapped(self, method: str, items: Iterable) -> Iterator:
        call: Callable = partial(_call, method)
        with _died():
            yield from self.executor.map(call, items, chunksize=32)


@contextmanager
def _died():
    try:
        yield
    except BrokenProcessPool:
        raise ExportError(
            "a process rendering the edition ended unexpectedly (killed, or out of memory): "
            "run again, with fewer --workers if memory is short"
        ) from None
