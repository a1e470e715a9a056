"""Read and parse one source file, with no database: the part of ingest that can run anywhere.

Why separate: reading and parsing need no Django and no database, and a file must be parsed
completely before anything is written (so a bad file changes nothing). Results are plain data
(bytes, a :class:`~sourcebook.core.formats.ParsedSource`, an error line). Parsing in worker
processes was measured and dropped: on two cores, spawning and pickling ate the gain.
"""

from __future__ import annotations

import glob
import hashlib
import os
import stat
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from .apparatus import TooManyAnnotations, annotation_limit
from .errors import RecordError
from .formats import ParsedSource, read_source
from .validation import check_record


@dataclass
class LoadedSource:
    path: str
    data: bytes = b""
    parsed: ParsedSource | None = None
    error: str | None = None  # the one-line message when the file cannot be ingested
    # One-line warnings by record id (a link kept as text): ingested, but worth a look.
    warnings: dict[str, list[str]] = field(default_factory=dict)

    @cached_property
    def sha256(self) -> str:
        return hashlib.sha256(self.data).hexdigest()


def read_limited(path: Path, limit: int) -> bytes:
    """The file's bytes, or a :class:`RecordError` if it is over ``limit`` bytes or not a file.

    Why the checks: ``open()`` on a FIFO blocks until someone writes to it (forever, for an
    ingest), and a device may never end. So a path that is not a regular file is refused before
    it is opened, and it is opened non-blocking and checked again (it may have been swapped).
    """
    _check_regular(os.stat(path).st_mode, path)
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    with os.fdopen(fd, "rb") as fh:
        info = os.fstat(fh.fileno())
        _check_regular(info.st_mode, path)
        if info.st_size > limit:
            raise RecordError(
                f"file is {info.st_size:,} bytes, over the limit of {limit:,} "
                "(raise it with --max-size or SOURCEBOOK_MAX_FILE_SIZE)",
                path=str(path),
            )
        # Not ``read(limit + 1)``: that sets up a buffer of the limit's size (20 MB) for every
        # small file, a twentieth of an ingest's time. A file that grew since ``fstat`` (or a
        # pseudo-file whose size reads 0) is read on, up to the limit.
        want = min(limit, info.st_size) + 1
        data = fh.read(want)
        if len(data) == want <= limit:
            data += fh.read(limit + 1 - want)
    if len(data) > limit:  # grew while we looked
        raise RecordError(f"file is over the limit of {limit:,} bytes", path=str(path))
    return data


def _check_regular(mode: int, path: Path) -> None:
    if stat.S_ISREG(mode):
        return
    kind = (
        "a FIFO (named pipe)"
        if stat.S_ISFIFO(mode)
        else "a socket"
        if stat.S_ISSOCK(mode)
        else "a device"
        if stat.S_ISCHR(mode) or stat.S_ISBLK(mode)
        else "a folder"
        if stat.S_ISDIR(mode)
        else "not a regular file"
    )
    raise RecordError(f"{kind}, not a file; ingest reads regular files only", path=str(path))


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
        warnings = {}
        for record in parsed.records:
            if found := check_record(record):
                warnings[record.id] = [f"{label}: {w}" for w in found]
        return LoadedSource(label, data, parsed, warnings=warnings)
    except RecordError as exc:
        err = exc if exc.path else exc.with_path(label)
        return LoadedSource(label, error=err.one_line())
    except OSError as exc:
        return LoadedSource(label, error=f"{label}: cannot read: {exc.strerror or exc}")


def check_unique_ids(parsed: ParsedSource, path: str) -> None:
    seen: set[str] = set()
    dupes: set[str] = set()
    for record in parsed.records:  # one pass: list.count per id was quadratic
        (dupes if record.id in seen else seen).add(record.id)
    if dupes:
        raise RecordError(f"the file holds two documents with the id {min(dupes)!r}", path=path)


def folder_files(root: Path, follow_symlinks: bool = False) -> tuple[list[Path], list[tuple]]:
    """The files under ``root`` (recursively, hidden names skipped, sorted), and the entries
    refused as ``(path, reason)``.

    Why not ``rglob``: it follows symlinks, so a link in an upload folder to ``/etc`` or to a
    secret would be ingested (and quoted in error messages). A symlink whose target lies inside
    ``root`` is fine (its file is ingested once, under the link's name if met first); one that
    points outside is refused unless ``follow_symlinks``. FIFOs, sockets and devices are refused:
    reading them would block or never end.
    """
    top = root.resolve()
    files: list[Path] = []
    refused: list[tuple] = []
    visited: set[Path] = {top}
    pending = [root]
    while pending:
        folder = pending.pop()
        try:
            entries = sorted(os.scandir(folder), key=lambda e: e.name)
        except OSError as exc:
            refused.append((folder, f"cannot read the folder: {exc.strerror or exc}"))
            continue
        for entry in entries:
            if entry.name.startswith("."):
                continue
            path = Path(entry.path)
            if entry.is_symlink():
                target = _link_target(path, top, follow_symlinks)
                if isinstance(target, str):
                    refused.append((path, target))
                    continue
                if target.is_dir():
                    if follow_symlinks and target not in visited:
                        visited.add(target)
                        pending.append(path)
                    continue
            elif entry.is_dir(follow_symlinks=False):
                pending.append(path)
                continue
            mode = path.stat().st_mode
            if stat.S_ISREG(mode):
                files.append(path)
            else:
                try:
                    _check_regular(mode, path)
                except RecordError as exc:
                    refused.append((path, exc.reason))
    return sorted(files), refused


def _link_target(path: Path, top: Path, follow: bool) -> Path | str:
    """The resolved target of a symlink met in a folder, or why it is not followed."""
    try:
        target = path.resolve(strict=True)
    except (OSError, RuntimeError):
        return "broken symlink (or a loop); not followed"
    if follow or not escapes(target, top):
        return target
    return OUTSIDE


OUTSIDE = (
    "symlink to a file or folder outside the folder being ingested; not followed "
    "(pass --follow-symlinks to ingest it)"
)


def escapes(path: Path, top: Path) -> bool:
    """Whether ``path``, symlinks resolved, lies outside the folder ``top``."""
    target, root = path.resolve(), top.resolve()
    return target != root and root not in target.parents


def glob_root(pattern: str) -> Path:
    """The folder a glob searches (its parts before the first wildcard): matches that resolve
    outside it came through a symlink."""
    parts = []
    for part in Path(pattern).parts:
        if glob.has_magic(part):
            break
        parts.append(part)
    return Path(*parts) if parts else Path(".")


def check_annotations(parsed: ParsedSource, limit: int | None) -> None:
    """Every text within ``limit`` apparatus items, footnotes and page breaks from TEI included
    (the bracket parser stops at the limit itself; this counts what TEI elements added)."""
    if limit is None:
        return
    for record in parsed.records:
        for text in record.texts:
            if len(text.annotations) > limit:
                raise TooManyAnnotations(len(text.annotations), limit)
