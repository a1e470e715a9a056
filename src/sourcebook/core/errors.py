"""Errors raised by format readers: each knows the file and line it is about."""

from __future__ import annotations


class RecordError(ValueError):
    """A source that cannot be read as a record; ``str()`` is the one-line message users see."""

    def __init__(self, reason: str, *, path: str | None = None, line: int | None = None):
        self.reason = reason
        self.path = path
        self.line = line
        super().__init__(self.one_line())

    def one_line(self) -> str:
        where = self.path or "<input>"
        if self.line is not None:
            where = f"{where}:{self.line}"
        return f"{where}: {self.reason}"

    def with_path(self, path: str) -> RecordError:
        return RecordError(self.reason, path=path, line=self.line)
