"""Reads from a PostgreSQL streaming replica (``DATABASE_REPLICA_URL``), writes to the primary.

Why reads go to the replica only in a web request that reads (GET, HEAD), until it writes:
a replica is a moment behind its primary. A visitor's page can be read from a moment ago; but a
request that has just written (an edit, a login) must read what it wrote, and so must the same
browser's next few requests: a write pins the rest of the request to the primary and sets a
short-lived cookie that pins that browser's next requests too (``PIN_SECONDS``, far above any
healthy replication lag). Everything outside a request (the CLI, the background indexer, the job
worker) reads the primary: the index's outbox position must never be compared with a replica
that is behind it. Sessions are always read from the primary, so a fresh login is seen at once.
Migrations run only on the primary (a hot standby refuses writes anyway).
"""

from __future__ import annotations

import contextlib
import contextvars
import time

from django.db import connections

REPLICA = "replica"
PRIMARY = "default"
COOKIE = "sourcebook_primary"
PIN_SECONDS = 30
# Read from the primary always: a row written a moment ago must be found on the next request.
PRIMARY_APPS = {"sessions"}
# Requests that may change something read the primary from the start: an edit must be checked
# against the current version, never against the replica's view of a moment ago.
SAFE_METHODS = ("GET", "HEAD", "OPTIONS")


class _Scope:
    """Where this request's reads may go; ``wrote`` flips when it writes."""

    __slots__ = ("pinned", "wrote")

    def __init__(self, pinned: bool):
        self.pinned = pinned
        self.wrote = False


_scope: contextvars.ContextVar[_Scope | None] = contextvars.ContextVar("db_scope", default=None)


def replica_configured() -> bool:
    from django.conf import settings

    return REPLICA in settings.DATABASES


class ReplicaRouter:
    """Django database router; a no-op unless a replica is configured."""

    def db_for_read(self, model, **hints):
        scope = _scope.get()
        if scope is None or scope.pinned or scope.wrote or not replica_configured():
            return PRIMARY
        if connections[PRIMARY].in_atomic_block:
            return PRIMARY  # a read inside a transaction on the primary belongs to it
        if model._meta.app_label in PRIMARY_APPS:
            return PRIMARY
        return REPLICA

    def db_for_write(self, model, **hints):
        scope = _scope.get()
        if scope is not None:
            scope.wrote = True
        return PRIMARY

    def allow_relation(self, obj1, obj2, **hints):
        return True  # the same rows on both: a replica is a copy of the primary

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db == PRIMARY


@contextlib.contextmanager
def request_scope(pinned: bool = False):
    """Reads inside go to the replica (if any) until something is written or ``pinned``."""
    scope = _Scope(pinned)
    token = _scope.set(scope)
    try:
        yield scope
    finally:
        _scope.reset(token)


def pinned_by_cookie(value: str | None, now: float | None = None) -> bool:
    """Whether a ``sourcebook_primary`` cookie (a Unix time until which to pin) still holds."""
    try:
        until = float(value or 0)
    except ValueError:
        return False
    now = time.time() if now is None else now
    return now < until <= now + PIN_SECONDS


class ReplicaMiddleware:
    """Opens a :func:`request_scope` per request; after a write, pins the browser for a while."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not replica_configured():
            return self.get_response(request)
        pinned = request.method not in SAFE_METHODS or pinned_by_cookie(request.COOKIES.get(COOKIE))
        with request_scope(pinned) as scope:
            response = self.get_response(request)
        if scope.wrote:
            from django.conf import settings

            response.set_cookie(
                COOKIE,
                str(int(time.time()) + PIN_SECONDS),
                max_age=PIN_SECONDS,
                httponly=True,
                samesite="Lax",
                secure=settings.SESSION_COOKIE_SECURE,
            )
        return response
