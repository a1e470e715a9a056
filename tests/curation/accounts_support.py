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


def on_terminal(args: list[str], answers: list[str], timeout: float = 60) -> tuple[int, str]:
    """Run ``sourcebook ARGS`` on a pseudo-terminal (its controlling terminal, as in a shell),
    typing each answer after the next prompt; returns the exit status and all it printed."""
    import pty
    import select
    import signal
    import time

    env = dict(os.environ)
    env.update(_database_env())
    pid, fd = pty.fork()
    if pid == 0:  # the child: a new session whose controlling terminal is the pty
        os.execve(sys.executable, [sys.executable, "-m", "sourcebook", *args], env)
    output, pending, deadline = b"", list(answers), time.monotonic() + timeout
    answered = 0  # how much of the output had been seen when the last answer was typed
    while time.monotonic() < deadline:
        ready, _, _ = select.select([fd], [], [], 0.5)
        if ready:
            try:
                chunk = os.read(fd, 1024)
            except OSError:  # the child closed the terminal
                break
            if not chunk:
                break
            output += chunk
            # A prompt is complete once getpass has written its own trailing space.
            if pending and len(output) > answered and output.endswith(b": "):
                os.write(fd, pending.pop(0).encode() + b"\n")
                answered = len(output)
    else:
        os.kill(pid, signal.SIGKILL)
    _, status = os.waitpid(pid, 0)
    return os.waitstatus_to_exitcode(status), output.decode(errors="replace")
