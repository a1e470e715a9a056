"""The folder an edition is written to: checked before any work, replaced only at the end.

The edition is built in a staging folder beside DIR and moved in when it is complete, so a run
that fails leaves DIR as it was, and running the export again gives the same folder (files of
documents withdrawn since are gone, not left behind). DIR may be a mount point (a USB stick):
its entries are replaced, not DIR itself.
"""

from __future__ import annotations

import os
import re
import shutil
import socket
import tempfile
from pathlib import Path

from sourcebook.core import pids

MARKER = ".sourcebook-edition"


class TargetError(Exception):
    """DIR cannot take an edition; the message says why and what to do."""


def check(target: Path, force: bool) -> None:
    """Refuse a DIR that is a file, not writable, or holds other files (unless ``force``)."""
    if target.exists() and not target.is_dir():
        raise TargetError(f"{target} is a file, not a folder: name a folder for the edition")
    folder = target if target.exists() else _existing_parent(target)
    try:  # os.access says yes to root even on a read-only file system: try a file
        with tempfile.TemporaryFile(dir=folder):
            pass
    except OSError as exc:
        reason = exc.strerror or type(exc).__name__
        raise TargetError(
            f"{folder} is not writable ({reason}): choose another folder or fix its rights"
        ) from None
    if target.exists() and any(target.iterdir()) and not (target / MARKER).exists() and not force:
        raise TargetError(
            f"{target} is not empty and holds no earlier edition: "
            "name an empty folder, or pass --force to replace what it holds"
        )


def _existing_parent(target: Path) -> Path:
    parent = target.absolute().parent
    while not parent.exists():
        parent = parent.parent
    return parent


def staging(target: Path) -> Path:
    """A new empty folder on the same file system as ``target`` where one is writable. Its
    name says which process on which host builds in it, so a later run can remove it when
    that process was killed (:func:`remove_stale`)."""
    parent = target.absolute().parent
    owner = f"{os.getpid()}@{socket.gethostname()}."
    try:
        parent.mkdir(parents=True, exist_ok=True)
        remove_stale(parent, f".{target.name}.")
        return Path(
            tempfile.mkdtemp(prefix=f".{target.name}.{owner}", suffix=".partial", dir=parent)
        )
    except OSError:
        remove_stale(Path(tempfile.gettempdir()), FALLBACK)
        return Path(tempfile.mkdtemp(prefix=f"{FALLBACK}{owner}", suffix=".partial"))


FALLBACK = "sourcebook-edition-"


def remove_stale(parent: Path, prefix: str) -> list[Path]:
    """Remove the staging folders in ``parent`` whose export was killed (SIGKILL, the
    out-of-memory killer, a reboot) and could not clean up: gigabytes each for a large
    archive. Only folders of this host whose process is gone; one of another host (DIR on a
    shared disk) or of a running export stays."""
    pattern = re.compile(re.escape(prefix) + r"(\d+)@(.+)\.[^.]+\.partial")
    host = socket.gethostname()
    removed = []
    for folder in parent.iterdir():
        found = pattern.fullmatch(folder.name) if folder.name.startswith(prefix) else None
        if found and found.group(2) == host and not pids.alive(int(found.group(1))):
            shutil.rmtree(folder, ignore_errors=True)
            removed.append(folder)
    return removed


def replace(target: Path, built: Path) -> None:
    """Put the entries of ``built`` in ``target`` instead of what it held."""
    target.mkdir(parents=True, exist_ok=True)
    for entry in target.iterdir():
        if entry.is_dir() and not entry.is_symlink():
            shutil.rmtree(entry)
        else:
            entry.unlink()
    for entry in built.iterdir():
        shutil.move(str(entry), str(target / entry.name))
    built.rmdir()
