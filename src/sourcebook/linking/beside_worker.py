"""The worker process of :mod:`.beside`: reads requests from stdin, answers on stdout.

Each request is a pickle ``(gazetteer or None, [(segments, scope, title), ...])`` (None: keep
the last gazetteer); each answer ``(True, [(Result, proposals), ...])`` (the proposals for the
names the result leaves unknown), or ``(False, message)`` when linking failed, as a pickle
after its length in eight bytes (big-endian): the ingest reads exactly that many bytes with a
deadline, so an answer cut short can never leave it waiting (:func:`.beside._results`).
It ends when its stdin closes (the ingest finished, or died: it is never left behind) and,
on Linux, when its parent dies.
"""

from __future__ import annotations

import contextlib
import ctypes
import pickle
import signal
import sys

LENGTH_BYTES = 8  # the answer's length before it


def serve() -> None:
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
    from sourcebook.core import linking

    requests, answers = sys.stdin.buffer, sys.stdout.buffer
    gaz = None
    while True:
        try:
            sent, jobs = pickle.load(requests)
        except EOFError:
            return
        gaz = sent if sent is not None else gaz
        try:
            answer = (True, [_read(linking, gaz, *job) for job in jobs])
        except Exception as exc:  # the ingest links these documents itself
            answer = (False, f"{type(exc).__name__}: {exc}")
        payload = pickle.dumps(answer, protocol=5)
        answers.write(len(payload).to_bytes(LENGTH_BYTES, "big"))
        answers.write(payload)
        answers.flush()


def _read(linking, gaz, segments, scope, title):
    result = linking.link(gaz, segments, scope)
    return result, linking.propose(segments, result.mentions, title)
