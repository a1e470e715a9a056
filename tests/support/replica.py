"""A real PostgreSQL streaming replica of the test server, for the replica-routing tests.

``pg_basebackup`` copies the local primary (the cluster the tests use) into a temporary
directory, and ``postgres`` runs it as a hot standby on another port, as the ``postgres`` OS
user. The primary needs a ``replication`` line in pg_hba.conf: added once (idempotently) and
the configuration reloaded, which needs root; without it the tests are skipped with the reason.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

import pytest

HBA_LINE = "host replication all 127.0.0.1/32 trust"


def _bin(name: str, version: str) -> str:
    path = Path(f"/usr/lib/postgresql/{version}/bin/{name}")
    return str(path) if path.exists() else (shutil.which(name) or "")


def _as_postgres(*cmd: str, timeout: float = 60) -> subprocess.CompletedProcess:
    return subprocess.run(
        ["runuser", "-u", "postgres", "--", *cmd],
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def _allow_replication(cursor) -> None:
    """Put the replication line in the primary's pg_hba.conf if missing, then reload."""
    cursor.execute("SHOW hba_file")
    hba = Path(cursor.fetchone()[0])
    lines = hba.read_text().splitlines()
    if HBA_LINE not in (line.strip() for line in lines):
        # First, since the first matching line wins (Debian's default file has a
        # password line for replication from 127.0.0.1).
        head = ["# Sourcebook tests: a local streaming replica", HBA_LINE]
        hba.write_text("\n".join([*head, *lines]) + "\n")
        cursor.execute("SELECT pg_reload_conf()")
        time.sleep(0.5)  # the postmaster re-reads pg_hba.conf asynchronously


def _free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def streaming_replica(connection):
    """Yield the port of a hot standby of ``connection``'s server; stopped and removed after."""
    if connection.vendor != "postgresql":
        pytest.skip("a streaming replica needs PostgreSQL (set DATABASE_URL)")
    if os.geteuid() != 0:
        pytest.skip("starting a replica needs root (runuser postgres, pg_hba.conf)")
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version_num")
        version = str(int(cursor.fetchone()[0]) // 10000)
        _allow_replication(cursor)
    basebackup, postgres = _bin("pg_basebackup", version), _bin("postgres", version)
    if not (basebackup and postgres and shutil.which("runuser")):
        pytest.skip(f"pg_basebackup/postgres {version} or runuser not installed")
    settings = connection.settings_dict
    root = Path(tempfile.mkdtemp(prefix="sb-replica-"))
    data = root / "data"
    shutil.chown(root, "postgres", "postgres")
    port = _free_port()
    proc = None
    try:
        out = _as_postgres(
            basebackup,
            "-h",
            settings["HOST"] or "127.0.0.1",
            "-p",
            str(settings["PORT"] or 5432),
            "-U",
            settings["USER"] or "postgres",
            "-D",
            str(data),
            "-R",  # standby.signal and primary_conninfo: start as a streaming standby
            "-X",
            "stream",
            "-c",
            "fast",
        )
        if out.returncode != 0:
            pytest.fail(f"pg_basebackup failed: {out.stderr.strip()}")
        # A Debian cluster keeps its configuration outside the data directory: give the copy its own.
        (data / "postgresql.conf").write_text("hot_standby = on\n")
        (data / "pg_hba.conf").write_text("host all all 127.0.0.1/32 trust\n")
        for name in ("postgresql.conf", "pg_hba.conf"):
            shutil.chown(data / name, "postgres", "postgres")
        proc = subprocess.Popen(
            ["runuser", "-u", "postgres", "--", postgres, "-D", str(data), "-p", str(port)]
            + ["-c", "listen_addresses=127.0.0.1", "-c", f"unix_socket_directories={root}"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        _wait_ready(port, proc)
        yield port
    finally:
        if proc is not None:
            _as_postgres(_bin("pg_ctl", version), "stop", "-D", str(data), "-m", "fast")
            proc.terminate()  # SIGTERM to runuser, passed on to postgres: a smart shutdown
            try:
                proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
        shutil.rmtree(root, ignore_errors=True)


def _wait_ready(port: int, proc: subprocess.Popen, deadline: float = 60) -> None:
    import psycopg

    end = time.monotonic() + deadline
    while True:
        if proc.poll() is not None:
            pytest.fail(f"the replica exited: {proc.stderr.read().strip()[-2000:]}")
        try:
            with psycopg.connect(host="127.0.0.1", port=port, user="postgres", dbname="postgres"):
                return
        except psycopg.OperationalError:
            if time.monotonic() > end:
                raise
            time.sleep(0.2)
