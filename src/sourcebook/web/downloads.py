"""The export plumbing shared by document downloads, set downloads, OAI and the CLI.

Two rules live here so every door applies them alike: heavy exports (PDF always, any format of a
record with more text than ``SOURCEBOOK_EXPORT_INLINE_BYTES``) run in a child process with the
time and memory limits of :mod:`sourcebook.core.bounded`; and a download's file name goes out
through Django's RFC 6266 ``content_disposition_header``, never pasted into the header.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from django.conf import settings
from django.http import HttpResponse
from django.utils.http import content_disposition_header

from sourcebook.core.bounded import ExportFailed, ExportLimitError, Limits, run_export, text_size
from sourcebook.core.cite.common import SITE
from sourcebook.core.formats import Exporter
from sourcebook.core.record import Record

__all__ = [
    "ExportFailed",
    "ExportLimitError",
    "attach",
    "client_gone",
    "export",
    "limits",
    "site_of",
    "unavailable",
]

BOUNDED_FORMATS = {"pdf"}  # always in a child process, whatever the record's size
# How long a request waits for one of the SOURCEBOOK_EXPORT_CHILDREN before the server says it
# is busy (a 503 that asks to come back in BUSY_RETRY seconds).
QUEUE_WAIT = 10.0
BUSY_RETRY = 10
_slots: dict[int, threading.BoundedSemaphore] = {}
_slots_made = threading.Lock()
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def limits() -> Limits:
    return Limits(
        timeout=settings.SOURCEBOOK_EXPORT_TIMEOUT, memory=settings.SOURCEBOOK_EXPORT_MEMORY
    )


def export(
    exporter: Exporter, record: Record, cancelled: Callable[[], bool] | None = None
) -> str | bytes:
    """The export of ``record``; raises :class:`ExportLimitError` past a limit (the web answers
    503) and :class:`ExportFailed` when the exporter itself broke in the child (a 500)."""
    heavy = text_size(record) > settings.SOURCEBOOK_EXPORT_INLINE_BYTES
    if exporter.name not in BOUNDED_FORMATS and not heavy:
        return exporter.write(record)
    slots = _children(settings.SOURCEBOOK_EXPORT_CHILDREN)
    if not slots.acquire(timeout=QUEUE_WAIT):
        raise ExportLimitError(
            f"the server is making {settings.SOURCEBOOK_EXPORT_CHILDREN} exports already; "
            f"try again in {BUSY_RETRY} seconds",
            "busy",
        )
    try:
        return run_export(exporter.name, record, limits(), cancelled)
    finally:
        slots.release()


def _children(count: int) -> threading.BoundedSemaphore:
    """The process's slots for export children. Why a cap: each child is a process of its own
    (a PDF takes a second of CPU and hundreds of MB), so sixteen requests at once made sixteen,
    and every other request of the server waited on them."""
    with _slots_made:
        return _slots.setdefault(count, threading.BoundedSemaphore(count))


@contextmanager
def site_of(request) -> Iterator[None]:
    """Citations written inside name this request's site as the page's URL (see
    :data:`sourcebook.core.cite.common.SITE`): a download's BibTeX, RIS or CSL-JSON carries the
    same URL as the page's citations, also when ``SOURCEBOOK_BASE_URL`` is not set."""
    from .absolute import site_url

    token = SITE.set(site_url(request))
    try:
        yield
    finally:
        SITE.reset(token)


def client_gone(request) -> Callable[[], bool] | None:
    """waitress's "has the client closed the connection?" (``serve`` turns it on), if any."""
    check = request.META.get("waitress.client_disconnected")
    return check if callable(check) else None


def unavailable(exc: ExportLimitError) -> HttpResponse:
    """503: the export hit a limit of this server, not a fault of the request."""
    response = HttpResponse(f"{exc}\n", status=503, content_type="text/plain; charset=utf-8")
    response["Retry-After"] = str(BUSY_RETRY) if exc.kind == "busy" else "3600"
    return response


def attach(response: HttpResponse, filename: str) -> HttpResponse:
    """Mark ``response`` as a download named ``filename`` (quoted per RFC 6266).

    Control characters are dropped first: a CR/LF in a stored id must not break the header.
    """
    response["Content-Disposition"] = content_disposition_header(
        True, _CONTROL.sub("", filename) or "download"
    )
    return response
