"""The data directory is private to the account that runs Sourcebook.

It holds ``auth_user``, ``django_session`` and the secret key, so other local users must not read
it. The settings call :func:`prepare` before anything is created in it: the process umask becomes
0o077, so the directory is created 0700 and the database, its WAL and shared-memory files, the
search index and the static cache 0600 (SQLite gives ``-wal`` and ``-shm`` the mode of the
database file). A directory left by an older version (0755, files 0644) is tightened on startup.
No Django here: the settings import this module.
"""

from __future__ import annotations

import logging
import os
import secrets
import stat
from pathlib import Path

log = logging.getLogger(__name__)

PRIVATE_UMASK = 0o077
DIR_MODE = 0o700
FILE_MODE = 0o600
SECRET_KEY_FILE = "secret_key"


def prepare(home: Path, sqlite_files: list[Path]) -> None:
    """Set the umask, create ``home`` 0700, and tighten what an older version left readable."""
    os.umask(PRIVATE_UMASK)
    home.mkdir(mode=DIR_MODE, parents=True, exist_ok=True)
    _tighten(home, DIR_MODE)
    for db in sqlite_files:
        for path in (db, Path(f"{db}-wal"), Path(f"{db}-shm"), Path(f"{db}-journal")):
            _tighten(path, FILE_MODE)
    _tighten(home / SECRET_KEY_FILE, FILE_MODE)


def _tighten(path: Path, mode: int) -> None:
    """chmod ``path`` to ``mode`` when it grants more; a file we do not own is only logged."""
    try:
        current = stat.S_IMODE(path.stat().st_mode)
    except FileNotFoundError:
        return
    if current & ~mode == 0:
        return
    try:
        path.chmod(mode)
    except OSError as exc:
        log.warning("could not restrict %s to %o (%s); make it private by hand", path, mode, exc)


def secret_key(home: Path) -> str:
    """A per-installation key kept in ``home``, so sessions survive restarts.

    The key is written to a file created 0600 with O_EXCL (never written first and chmod-ed
    afterwards) and then hard-linked into place, so a concurrent first start either wins or reads
    the complete key of the process that did.
    """
    path = home / SECRET_KEY_FILE
    if not path.exists():
        _create_secret(path)
    return path.read_text().strip()


def _create_secret(path: Path) -> None:
    tmp = path.with_name(f".{path.name}.{secrets.token_hex(8)}")
    fd = os.open(tmp, os.O_CREAT | os.O_EXCL | os.O_WRONLY, FILE_MODE)
    try:
        with os.fdopen(fd, "w") as fh:
            fh.write(secrets.token_urlsafe(50))
            fh.flush()
            os.fsync(fh.fileno())
        try:
            os.link(tmp, path)
        except FileExistsError:
            pass  # another process created it first; its key is the one used
    finally:
        tmp.unlink()
