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

import multiprocessing
import os
import signal
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from functools import partial

from django.db import connections

# The object whose methods the children call; set before forking, so they inherit it.
_target: object = None
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
    global _target
    if workers <= 1 or any(c.in_atomic_block for c in connections.all(initialized_only=True)):
        yield Serial(target)
        return
    _target = target
    connections.close_all()
    context = multiprocessing.get_context("fork")
    with context.Pool(workers, initializer=_child_start) as processes:
        try:
            yield Forked(target, processes, workers)
        finally:
            _target = None
    # Leaving the with-block terminates the children: at the end all their work is taken; on
    # an error (or Ctrl+C, SIGTERM) the rest of their work is not wanted.


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
    """Runs them in the pool's processes; the same answers in the same order."""

    def __init__(self, target: object, processes, size: int):
        super().__init__(target)
        self.processes = processes
        self.ahead = AHEAD * size

    def each(self, method: str, queue: deque) -> Iterator:
        pending: deque = deque()
        while queue or pending:
            while queue and len(pending) < self.ahead:
                pending.append(self.processes.apply_async(_call, (method, queue.popleft())))
            yield pending.popleft().get()

    def mapped(self, method: str, items: Iterable) -> Iterator:
        call: Callable = partial(_call, method)
        return self.processes.imap(call, items, chunksize=32)
