"""A real ``sourcebook serve`` in a subprocess, against the database a test uses.

For what only the real process shows: settings read from the environment at start-up, the
warnings ``serve`` prints, and raw HTTP with any Host header (``urllib`` always sends the
address it connects to).
"""

from __future__ import annotations

import contextlib
import http.client
import os
import socket
import subprocess
import sys
import time

from .cli import _database_env

# Variables of the developer's shell that would change what the server under test does.
CLEARED = (
    "SOURCEBOOK_BASE_URL",
    "SOURCEBOOK_ALLOWED_HOSTS",
    "SOURCEBOOK_TRUSTED_PROXY",
    "SOURCEBOOK_OAI_REPOSITORY_ID",
)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    def __init__(self, proc: subprocess.Popen, port: int):
        self.proc = proc
        self.port = port

    def request(self, path: str, host: str, headers: dict | None = None) -> tuple[int, dict, str]:
        """(status, headers, body) of a GET sent to 127.0.0.1 with ``Host: host``."""
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        try:
            conn.putrequest("GET", path, skip_host=True)
            conn.putheader("Host", host)
            for name, value in (headers or {}).items():
                conn.putheader(name, value)
            conn.endheaders()
            resp = conn.getresponse()
            return resp.status, dict(resp.getheaders()), resp.read().decode("utf-8", "replace")
        finally:
            conn.close()


@contextlib.contextmanager
def serving(home, *args: str, env_extra: dict | None = None, deadline: float = 60):
    """Start ``sourcebook serve``; yield a :class:`Server` and, after it stopped, its stderr.

    The second item is a list filled when the server has stopped.
    """
    port = free_port()
    env = {k: v for k, v in os.environ.items() if k not in CLEARED}
    env.update(_database_env())
    env["SOURCEBOOK_HOME"] = str(home)
    env.update(env_extra or {})
    cmd = [sys.executable, "-m", "sourcebook", "serve", "--port", str(port), "--threads", "2"]
    proc = subprocess.Popen(
        [*cmd, *args], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True
    )
    stderr: list[str] = []
    try:
        wait_for(port, proc, deadline)
        yield Server(proc, port), stderr
    finally:
        proc.terminate()
        try:
            _, err = proc.communicate(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
            _, err = proc.communicate()
        stderr.append(err)


def wait_for(port: int, proc: subprocess.Popen, deadline: float) -> None:
    end = time.monotonic() + deadline
    while time.monotonic() < end:
        if proc.poll() is not None:
            raise RuntimeError(f"serve exited with {proc.returncode}: {proc.stderr.read()}")
        with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), 1):
            return
        time.sleep(0.1)
    raise RuntimeError(f"serve did not listen on port {port} within {deadline} s")
