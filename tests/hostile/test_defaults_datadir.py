"""The data directory is private: 0700, and the database, its WAL, the secret key and every other
file in it 0600 (issue 14, "Safe defaults"). Through the real CLI in a fresh SOURCEBOOK_HOME.

Before: the SQLite database and its WAL were 0644 in a 0755 home, so any local user could read
``auth_user`` and ``django_session``.
"""

from __future__ import annotations

import os
import sqlite3
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import SAMPLES
from tests.support.serve import CLEARED


def _cli(home: Path, *args: str) -> subprocess.CompletedProcess:
    """``sourcebook`` on its own SQLite database in ``home``, whatever database the suite uses."""
    env = {k: v for k, v in os.environ.items() if k not in CLEARED and k != "DATABASE_URL"}
    env["SOURCEBOOK_HOME"] = str(home)
    env.pop("SOURCEBOOK_SECRET_KEY", None)
    done = subprocess.run(
        [sys.executable, "-m", "sourcebook", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    return done


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def _modes(home: Path) -> dict[str, int]:
    return {str(p.relative_to(home)): _mode(p) for p in [home, *home.rglob("*")]}


@pytest.fixture
def loose_umask():
    """The umask of a typical login shell (022), restored afterwards."""
    old = os.umask(0o022)
    yield
    os.umask(old)


def _hold_open(db: Path) -> sqlite3.Connection:
    """A reader like a running ``serve``: while it is open, ``-wal`` and ``-shm`` stay on disk."""
    conn = sqlite3.connect(db)
    conn.execute("SELECT count(*) FROM archive_document").fetchone()
    return conn


def test_fresh_home_is_private(tmp_path, loose_umask):
    home = tmp_path / "home"
    _cli(home, "ingest", str(SAMPLES / "wcda-208190.txt"))
    db = home / "sourcebook.sqlite3"
    assert _mode(home) == 0o700
    assert _mode(db) == 0o600
    assert _mode(home / "secret_key") == 0o600
    assert len((home / "secret_key").read_text().strip()) >= 50
    modes = _modes(home)
    assert {"static", "index"} <= modes.keys(), modes  # the search index and the static cache
    assert {name: m for name, m in modes.items() if m & 0o077} == {}
    # The WAL and shared-memory files take the database file's mode, whoever creates them.
    conn = _hold_open(db)
    try:
        _cli(home, "ingest", str(SAMPLES / "sample-undated-letter.txt"))
        for suffix in ("-wal", "-shm"):
            assert _mode(Path(f"{db}{suffix}")) == 0o600, suffix
    finally:
        conn.close()


def test_home_left_readable_by_an_older_version_is_tightened(tmp_path, loose_umask):
    home = tmp_path / "home"
    _cli(home, "ingest", str(SAMPLES / "wcda-208190.txt"))
    db = home / "sourcebook.sqlite3"
    conn = _hold_open(db)
    try:
        old = [home / "secret_key", db, Path(f"{db}-wal"), Path(f"{db}-shm")]
        home.chmod(0o755)
        for path in old:
            path.chmod(0o644)
        _cli(home, "show", "208190")
        assert _mode(home) == 0o700
        assert {str(p.name): _mode(p) for p in old} == {p.name: 0o600 for p in old}
    finally:
        conn.close()


def test_secret_key_given_in_the_environment_writes_no_file(tmp_path):
    home = tmp_path / "home"
    env = {k: v for k, v in os.environ.items() if k not in CLEARED and k != "DATABASE_URL"}
    env.update(SOURCEBOOK_HOME=str(home), SOURCEBOOK_SECRET_KEY="k" * 60)
    done = subprocess.run(
        [sys.executable, "-m", "sourcebook", "show", "nope"], env=env, capture_output=True
    )
    assert done.returncode != 0 and b"Traceback" not in done.stderr
    assert _mode(home) == 0o700 and not (home / "secret_key").exists()
