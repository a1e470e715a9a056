"""Accounts for the curation tests: the real CLI with a password on standard input, and users
made the way an editor's or admin's account is made."""

from __future__ import annotations

import os
import subprocess
import sys

from tests.support.cli import _database_env

PASSWORD = "a long passphrase 7"


def user_cli(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess:
    """``sourcebook user …`` (or any command) in a subprocess, stdin a pipe, never a terminal."""
    env = dict(os.environ)
    env.update(_database_env())
    return subprocess.run(
        [sys.executable, "-m", "sourcebook", *args],
        input=stdin if stdin is not None else "",
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )


def make(name: str, role: str):
    """An account with ``role``, through the same service as ``sourcebook user add``."""
    from sourcebook.accounts import users

    return users.add(name, role, PASSWORD, actor="test")
