"""The export plumbing shared by document downloads, set downloads, OAI and the CLI.

Two rules live here so every door applies them alike: heavy exports (PDF always, any format of a
record with more text than ``SOURCEBOOK_EXPORT_INLINE_BYTES``) run in a child process with the
time and memory limits of :mod:`sourcebook.core.bounded`; and a download's file name goes out
through Django's RFC 6266 ``content_disposition_header``, never pasted into the header.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from django.conf import settings
from django.http import HttpResponse
from django.utils.http import content_disposition_header

from sourcebook.core.bounded import ExportFailed, ExportLimitError, Limits, run_export, text_size
from sourcebook.core.formats import Exporter
from sourcebook.core.record import Record

__all__ = [
    "ExportFailed",
    "ExportLimitError",
    "attach",
    "client_gone",
    "export",
    "limits",
    "unavailable",
]

BOUNDED_FORMATS = {"pdf"}  # always in a child process, whatever the record's size
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
    if exporter.name in BOUNDED_FORMATS or heavy:
        return run_export(exporter.name, record, limits(), cancelled)
    return exporter.write(record)


def client_gone(request) -> Callable[[], bool] | None:
    """waitress's "has the client closed the connection?" (``serve`` turns it on), if any."""
    check = request.META.get("waitress.client_disconnected")
    return check if callable(check) else None


def unavailable(exc: ExportLimitError) -> HttpResponse:
    """503: the export hit a limit of this server, not a fault of the request."""
    response = HttpResponse(f"{exc}\n", status=503, content_type="text/plain; charset=utf-8")
    response["Retry-After"] = "3600"
    return response


def attach(response: HttpResponse, filename: str) -> HttpResponse:
    """Mark ``response`` as a download named ``filename`` (quoted per RFC 6266).

    Control characters are dropped first: a CR/LF in a stored id must not break the header.
    """
    response["Content-Disposition"] = content_disposition_header(
        True, _CONTROL.sub("", filename) or "download"
    )
    return response
