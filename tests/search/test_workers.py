"""``sourcebook serve --workers 2`` over real HTTP: every worker sees what another process
ingests, a killed worker neither stops the site nor stays missing, and a signal stops them all."""

from __future__ import annotations

import json
import os
import signal
import socket
import time
from urllib.parse import urlencode

import pytest

from tests.support.cli import run_cli
from tests.support.serve import serving

from .corpus import record

WORKERS = 2


def ask(server, query: str) -> tuple[str, list[str]]:
    """(answering worker's pid, ids found) for one search over a new connection."""
    status, headers, body = server.request(f"/api/search?{urlencode({'q': query})}", "127.0.0.1")
    assert status == 200, body
    return headers["X-Sourcebook-Worker"], [r["id"] for r in json.loads(body)["results"]]


def until(check, what: str, timeout: float = 60.0):
    """Poll ``check()`` until it returns something truthy (a guard against hangs, not a timing
    assertion: the machine may be busy)."""
    deadline = time.monotonic() + timeout
    while True:
        found = check()
        if found:
            return found
        assert time.monotonic() < deadline, f"not seen before the deadline: {what}"
        time.sleep(0.02)


def workers_answering(server, query: str, want: list[str], seen: dict) -> bool:
    """Record each answering pid's latest answer; true once WORKERS pids answered ``want``."""
    pid, ids = ask(server, query)
    seen[pid] = ids
    return sum(1 for ids in seen.values() if ids == want) >= WORKERS


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return not open(f"/proc/{pid}/stat").read().split()[2] == "Z"


@pytest.mark.django_db(transaction=True)
def test_workers_share_the_index_and_survive_a_killed_worker(tmp_path, index_dir):
    env = {"SOURCEBOOK_WORKER_HEADER": "1", "SOURCEBOOK_INDEX_INTERVAL": "0.1"}
    with serving(tmp_path / "home", "--workers", str(WORKERS), env_extra=env) as (server, err):
        # Both workers answer (the kernel hands each connection to one of them).
        before: dict = {}
        until(lambda: workers_answering(server, "barbed", [], before), "both workers")
        pids = {int(p) for p in before}
        assert len(pids) == WORKERS and server.proc.pid not in pids

        # Another process ingests; every worker finds the new document.
        path = tmp_path / "fresh-1961.txt"
        path.write_text(
            record(
                date="August 13, 1961",
                title="Telegram on the Berlin Sector Border",
                summary="The sector border is closed overnight.",
                language="German",
                texts=[("Translation - English", "Barbed wire was laid along the sector border.")],
            )
        )
        out = run_cli("ingest", str(path))
        assert out.returncode == 0, out.stderr
        after: dict = {}
        until(lambda: workers_answering(server, "barbed", ["fresh-1961"], after), "new doc")
        assert {int(p) for p in after} == pids

        # A change the supervisor's indexer alone applies (no CLI hook ran) reaches every worker.
        from sourcebook.archive import ingest

        path.write_text(path.read_text().replace("Barbed wire", "Concrete"))
        assert ingest.ingest_file(path)[0].status == "updated"
        changed: dict = {}
        until(lambda: workers_answering(server, "concrete", ["fresh-1961"], changed), "edit")

        # Kill one worker outright: the site keeps answering, and a replacement joins.
        victim = min(pids)
        os.kill(victim, signal.SIGKILL)
        for _ in range(20):
            pid, ids = ask(server, "concrete")
            assert ids == ["fresh-1961"] and int(pid) != victim
        replaced: dict = {}
        until(lambda: workers_answering(server, "concrete", ["fresh-1961"], replaced), "new one")
        now = {int(p) for p in replaced}
        assert victim not in now and len(now - pids) == 1

        # Ctrl+C on the supervisor stops every worker, with no traceback.
        server.proc.send_signal(signal.SIGINT)
        assert server.proc.wait(timeout=60) == 0
        assert not [p for p in now if alive(p)]
    assert "Traceback" not in err[0]
    assert f"serve worker {victim} exited" in err[0]


def test_workers_option_refuses_nonsense():
    out = run_cli("serve", "--workers", "0")
    assert out.returncode == 2 and "--workers" in out.stderr


@pytest.mark.django_db
def test_workers_on_a_busy_port_is_one_line_and_no_worker(tmp_path):
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen(1)
        port = busy.getsockname()[1]
        out = run_cli(
            "serve",
            "--workers",
            "2",
            "--port",
            str(port),
            env_extra={"SOURCEBOOK_HOME": str(tmp_path)},
        )
    assert out.returncode == 1
    assert out.stderr.strip().splitlines() == [
        f"error: cannot listen on 127.0.0.1:{port}: Address already in use"
    ]


def _fresh(tmp_path, name: str, words: str):
    path = tmp_path / f"{name}.txt"
    path.write_text(
        record(
            date="August 13, 1961",
            title=f"Telegram {name}",
            summary="The sector border is closed overnight.",
            language="German",
            texts=[("Translation - English", words)],
        )
    )
    out = run_cli("ingest", str(path), env_extra={"SOURCEBOOK_INDEX": str(tmp_path / "cli-index")})
    assert out.returncode == 0, out.stderr


@pytest.mark.django_db(transaction=True)
def test_each_node_keeps_its_own_index_fed_from_the_outbox(tmp_path):
    """Two web nodes on one database, each with its own index (its own outbox cursor): both
    find what a third machine ingests; a node that was down catches up when it starts."""
    nodes = {name: {"SOURCEBOOK_INDEX": str(tmp_path / f"{name}-index")} for name in ("a", "b")}
    with serving(tmp_path / "a", env_extra=nodes["a"]) as (a, _):
        with serving(tmp_path / "b", env_extra=nodes["b"]) as (b, _):
            _fresh(tmp_path, "first-1961", "Barbed wire was laid along the sector border.")
            for node in (a, b):
                until(lambda n=node: ask_plain(n, "barbed") == ["first-1961"], "first on a node")
        # Node b is down while another document arrives.
        _fresh(tmp_path, "second-1961", "Concrete blocks replaced the wire.")
        until(lambda: ask_plain(a, "concrete") == ["second-1961"], "second on node a")
    with serving(tmp_path / "b", env_extra=nodes["b"]) as (b, _):
        until(lambda: ask_plain(b, "concrete") == ["second-1961"], "second on node b, later")
        assert ask_plain(b, "barbed") == ["first-1961"]


def ask_plain(server, query: str) -> list[str]:
    status, _, body = server.request(f"/api/search?{urlencode({'q': query})}", "127.0.0.1")
    assert status == 200, body
    return [r["id"] for r in json.loads(body)["results"]]


@pytest.mark.django_db(transaction=True)
def test_workers_stop_when_the_supervisor_is_killed(tmp_path, index_dir):
    env = {"SOURCEBOOK_WORKER_HEADER": "1"}
    with serving(tmp_path / "home", "--workers", str(WORKERS), env_extra=env) as (server, _):
        seen: dict = {}
        until(lambda: workers_answering(server, "x", [], seen), "both workers")
        server.proc.kill()  # SIGKILL: no chance to stop its workers
        server.proc.wait(timeout=30)
        try:
            until(lambda: not [p for p in seen if alive(int(p))], "orphaned workers gone")
        finally:
            for pid in (int(p) for p in seen if alive(int(p))):
                os.kill(pid, signal.SIGKILL)
