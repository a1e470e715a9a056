"""Logging filters named in ``settings.LOGGING``."""

from __future__ import annotations

import logging


class OneLine(logging.Filter):
    """Drops the traceback of a record, keeping its one-line message.

    Why: every request with a spoofed ``Host`` header logs ``DisallowedHost`` with a 40-line
    traceback, so a scanner probing the server buries real errors in the operator's log. The
    message itself ("Invalid HTTP_HOST header: …") says all there is to say.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        record.exc_info = None
        record.exc_text = None
        record.stack_info = None
        return True
