"""Read and parse one source file, with no database: the part of ingest that can run anywhere.

Why separate: reading and parsing need no Django and no database, and a file must be parsed
completely before anything is written (so a bad file changes nothing). Results are plain data
(bytes, a :class:`~sourcebook.core.formats.ParsedSource`, an error line). Parsing in worker
processes was measured and dropped: on two cores, spawning and pickling ate the gain.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from .apparatus import TooManyAnnotations, annotation_limit
from .errors import RecordError
from .formats import ParsedSource, read_source


@dataclass
class LoadedSource:
    path: str
    data: bytes = b""
    parsed: ParsedSource | None = None
    error: str | None = None  # the one-line message when the file cannot be ingested

    @cached_property
    def sha256(self) -> str:
        return hashlib.sha256(self.data).hexdigest()


def read_limited(path: Path, limit: int) -> bytes:
    """The file's bytes, or a :class:`RecordError` if it is over ``limit`` bytes."""
    size = path.stat().st_size
    if size > limit:
        raise RecordError(
            f"file is {size:,} bytes, over the limit of {limit:,} "
            "(raise it with --max-size or SOURCEBOOK_MAX_FILE_SIZE)",
            path=str(path),
        )
    with path.open("rb") as fh:
        data = fh.read(limit + 1)
    if len(data) > limit:  # grew while we looked
        raise RecordError(f"file is over the limit of {limit:,} bytes", path=str(path))
    return data


def load_source(
    path: str | Path, limit: int, *, max_annotations: int | None = None
) -> LoadedSource:
    """Read and parse ``path``; bad input is reported in ``error``, never raised.

    ``max_annotations``: refuse the file if one of its texts holds more apparatus items (None:
    no limit). Parsing stops at the limit, so a file of a million brackets costs little.
    """
    label = str(path)
    try:
        data = read_limited(Path(path), limit)
        with annotation_limit(max_annotations):
            parsed = read_source(data, label)
        if not parsed.records:
            raise RecordError("no documents found in this file", path=label)
        check_unique_ids(parsed, label)
        check_annotations(parsed, max_annotations)
        return LoadedSource(label, data, parsed)
    except RecordError as exc:
        err = exc if exc.path else exc.with_path(label)
        return LoadedSource(label, error=err.one_line())
    except OSError as exc:
        return LoadedSource(label, error=f"{label}: cannot read: {exc.strerror or exc}")


def check_unique_ids(parsed: ParsedSource, path: str) -> None:
    ids = [r.id for r in parsed.records]
    if len(set(ids)) != len(ids):
        dupes = sorted({i for i in ids if ids.count(i) > 1})
        raise RecordError(f"the file holds two documents with the id {dupes[0]!r}", path=path)


def check_annotations(parsed: ParsedSource, limit: int | None) -> None:
    """Every text within ``limit`` apparatus items, footnotes and page breaks from TEI included
    (the bracket parser stops at the limit itself; this counts what TEI elements added)."""
    if limit is None:
        return
    for record in parsed.records:
        for text in record.texts:
            if len(text.annotations) > limit:
                raise TooManyAnnotations(len(text.annotations), limit)
