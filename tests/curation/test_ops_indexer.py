"""Index upkeep outside requests: a search never indexes, it says what is not searchable yet;
the background indexer of `sourcebook serve` (or `sourcebook index --watch`) applies the outbox.
Real `serve` subprocesses over real HTTP, real `sourcebook ingest` in another process."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from urllib.parse import urlencode

import pytest

from tests.search.corpus import record
from tests.support.cli import _database_env, run_cli
from tests.support.http import get, get_json
from tests.support.serve import serving

pytestmark = pytest.mark.django_db(transaction=True)


def write_records(folder, n: int, word: str) -> list[str]:
    folder.mkdir(parents=True, exist_ok=True)
    ids = []
    for i in range(n):
        pid = f"telegram-{word}-{i:03d}"
        (folder / f"{pid}.txt").write_text(
            record(
                date=f"August {i % 28 + 1}, 1961",
                title=f"Telegram {i} on the Sector Border",
                summary=f"The border is closed; {word} reported by the embassy.",
                language="German",
                texts=[("Translation - English", f"The {word} was laid along the border.")],
            )
        )
        ids.append(pid)
    return ids


def api(server, q: str) -> dict:
    return get_json(f"http://127.0.0.1:{server.port}/api/search?{urlencode({'q': q})}")


def eventually(check, timeout: float = 60.0):
    """Poll until ``check()`` is truthy (a deadline against hangs, not a speed assertion)."""
    deadline = time.monotonic() + timeout
    while not (result := check()):
        assert time.monotonic() < deadline, "not visible before the deadline"
        time.sleep(0.1)
    return result


def test_search_never_indexes_and_reports_pending_changes(tmp_path):
    home = tmp_path / "home"
    env = {"SOURCEBOOK_HOME": str(home)}
    ids = write_records(tmp_path / "in", 12, "barbedwire")
    # The server's indexer looks once at start-up, then not for an hour.
    with serving(home, env_extra={**env, "SOURCEBOOK_INDEX_INTERVAL": "3600"}) as (server, _):
        assert api(server, "barbedwire")["pending"] == 0
        out = run_cli("ingest", "--no-index", str(tmp_path / "in"), env_extra=env)
        assert out.returncode == 0, out.stderr
        for _ in range(3):  # searching again and again indexes nothing
            data = api(server, "barbedwire")
            assert data["total"] == 0 and data["pending"] == 12
        status, _, page = get(f"http://127.0.0.1:{server.port}/search/?q=barbedwire")
        assert status == 200 and "12 changes not yet searchable" in page
        out = run_cli("index", env_extra=env)  # what the indexer does
        assert out.returncode == 0 and "Applied 12 changes" in out.stderr, out.stderr
        data = api(server, "barbedwire")
        assert data["pending"] == 0 and sorted(r["id"] for r in data["results"]) == ids
        status, _, page = get(f"http://127.0.0.1:{server.port}/search/?q=barbedwire")
        assert "not yet searchable" not in page


def test_serve_indexes_in_the_background_while_searches_answer_at_once(tmp_path):
    home = tmp_path / "home"
    env = {"SOURCEBOOK_HOME": str(home)}
    ids = write_records(tmp_path / "in", 40, "concrete")
    with serving(home, env_extra={**env, "SOURCEBOOK_INDEX_INTERVAL": "0.2"}) as (server, _):
        ingest = subprocess.Popen(
            [sys.executable, "-m", "sourcebook", "ingest", "--no-index", str(tmp_path / "in")],
            env={**os.environ, **_database_env(), **env},
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        while ingest.poll() is None:  # searches during the ingest answer, whatever is indexed
            data = api(server, "concrete")
            assert data["total"] <= 40 and data["pending"] >= 0
        assert ingest.returncode == 0, ingest.stderr.read()
        data = api(server, "concrete")
        assert data["pending"] > 0 or data["total"] == 40
        found = eventually(lambda: (d := api(server, "concrete"))["total"] == 40 and d)
        assert found["pending"] == 0
        assert sorted(r["id"] for r in api(server, "concrete")["results"]) == ids[:20]


def test_index_watch_keeps_another_wsgi_deployment_current(tmp_path):
    """A server with no indexer of its own (as under gunicorn): `sourcebook index --watch`
    beside it makes new documents searchable; the server's searches never index."""
    home = tmp_path / "home"
    env = {"SOURCEBOOK_HOME": str(home)}
    ids = write_records(tmp_path / "in", 5, "sandbags")
    with serving(home, env_extra={**env, "SOURCEBOOK_INDEX_INTERVAL": "3600"}) as (server, _):
        out = run_cli("ingest", "--no-index", str(tmp_path / "in"), env_extra=env)
        assert out.returncode == 0, out.stderr
        assert api(server, "sandbags")["pending"] == 5
        watcher = subprocess.Popen(
            [sys.executable, "-m", "sourcebook", "index", "--watch", "--interval", "0.2"],
            env={**os.environ, **_database_env(), **env},
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        try:
            eventually(lambda: api(server, "sandbags")["total"] == 5)
            more = write_records(tmp_path / "more", 3, "trenches")
            out = run_cli("ingest", "--no-index", str(tmp_path / "more"), env_extra=env)
            assert out.returncode == 0, out.stderr
            eventually(lambda: api(server, "trenches")["total"] == 3)
            assert api(server, "trenches")["pending"] == 0
            assert sorted(r["id"] for r in api(server, "sandbags")["results"]) == ids
            assert len(more) == 3
        finally:
            watcher.terminate()
            watcher.wait(timeout=30)
