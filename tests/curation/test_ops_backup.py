"""`sourcebook backup` while `serve` answers readers and an ingest runs, then `sourcebook
restore` into a fresh data directory (and, on PostgreSQL, a fresh database): the restored
archive is the one the backup's manifest lists, document for document, and searches alike."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
import time
from pathlib import Path
from urllib.parse import urlencode

import pytest
from django.db import connection

from sourcebook.backup import read_documents, read_manifest
from tests.search.corpus import record
from tests.support.cli import _database_env, run_cli
from tests.support.http import get
from tests.support.serve import serving

pytestmark = pytest.mark.django_db(transaction=True)

DUMP = Path(__file__).with_name("dump_documents.py")


def write_records(folder: Path, prefix: str, word: str, n: int) -> list[str]:
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(n):
        (folder / f"{prefix}-{i:03d}.txt").write_text(
            record(
                date=f"March {i % 28 + 1}, 1953",
                title=f"Report {i} on the armistice talks",
                summary=f"The {word} at the line were discussed with the delegation.",
                language="Korean" if i % 2 else "Chinese",
                translator="Sarah Park" if i % 3 == 0 else None,
                texts=[
                    ("Translation - English", f"Report {i}: the {word} and the prisoners."),
                    ("Transcript - Korean", f"보고 {i}: 포로 문제"),
                ],
            )
        )
    return sorted(p.stem for p in folder.iterdir())


@pytest.fixture
def restored_database():
    """The DATABASE_URL of a fresh, empty database to restore into (SQLite: a new file)."""
    if connection.vendor == "sqlite":
        yield None
        return
    import psycopg

    settings = connection.settings_dict
    name = f"{settings['NAME']}_restored"
    base = f"postgresql://{settings['USER']}@{settings['HOST']}:{settings['PORT']}"
    with psycopg.connect(f"{base}/postgres", autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}"')
        admin.execute(f'CREATE DATABASE "{name}"')
    yield f"{base}/{name}"
    with psycopg.connect(f"{base}/postgres", autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def dump(env: dict) -> dict:
    out = subprocess.run(
        [sys.executable, str(DUMP)],
        env={**os.environ, **_database_env(), **env},
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert out.returncode == 0, out.stderr
    return json.loads(out.stdout)


def search_json(env: dict, *query: str) -> dict:
    out = run_cli("search", *query, "--json", env_extra=env)
    assert out.returncode == 0, out.stderr
    data = json.loads(out.stdout)
    data.pop("took_ms")
    return data


class Readers(threading.Thread):
    """Requests to the running server, as readers would send them, until stopped."""

    def __init__(self, port: int, paths: list[str]):
        super().__init__(daemon=True)
        self.base = f"http://127.0.0.1:{port}"
        self.paths = paths
        self.stop = threading.Event()
        self.statuses: list[int] = []

    def run(self) -> None:
        while not self.stop.is_set():
            for path in self.paths:
                self.statuses.append(get(self.base + path)[0])


def test_backup_during_serve_and_ingest_restores_identically(tmp_path, restored_database):
    from sourcebook.archive.models import Document

    home = tmp_path / "home"
    env = {"SOURCEBOOK_HOME": str(home)}
    before = write_records(tmp_path / "before", "prisoners", "minefields", 12)
    during = write_records(tmp_path / "during", "exchange", "sandbags", 80)
    out = run_cli("ingest", str(tmp_path / "before"), env_extra=env)
    assert out.returncode == 0, out.stderr
    backup = tmp_path / "archive.tar"
    with serving(home, env_extra=env) as (server, _):
        readers = Readers(
            server.port,
            [f"/api/search?{urlencode({'q': 'minefields'})}", f"/documents/{before[0]}/"],
        )
        readers.start()
        # The ingest goes one file at a time so the backup lands in the middle of it.
        ingest = subprocess.Popen(
            [sys.executable, "-m", "sourcebook", "ingest", "--quiet"]
            + [str(p) for p in sorted((tmp_path / "during").iterdir())],
            env={**os.environ, **_database_env(), **env},
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        deadline = time.monotonic() + 120
        while Document.objects.count() <= len(before) and ingest.poll() is None:
            assert time.monotonic() < deadline
            time.sleep(0.05)
        out = run_cli("backup", str(backup), env_extra=env)
        assert out.returncode == 0, out.stderr
        assert "Backed up" in out.stderr
        assert ingest.wait(timeout=300) == 0, ingest.stderr.read()
        readers.stop.set()
        readers.join(timeout=60)
    assert readers.statuses and set(readers.statuses) == {200}

    manifest = read_manifest(backup)
    held = dict(read_documents(backup))
    assert manifest["format"] == 1 and manifest["database"] == connection.vendor
    assert manifest["counts"]["documents"] == len(held)
    assert set(before) <= set(held) and set(held) <= set(before) | set(during)
    assert len(held) > len(before)  # taken after the ingest had committed some documents
    assert Document.objects.count() == len(before) + len(during)  # the ingest went on

    new_home = tmp_path / "restored"
    new_env = {"SOURCEBOOK_HOME": str(new_home)}
    if restored_database:
        new_env["DATABASE_URL"] = restored_database
    else:
        new_env["DATABASE_URL"] = f"sqlite:///{new_home / 'sourcebook.sqlite3'}"
    out = run_cli("restore", str(backup), env_extra=new_env)
    assert out.returncode == 0, out.stderr
    assert "rebuilding the search index" in out.stderr
    if restored_database:  # pg_restore brings no planner statistics: the restore gathers them
        import psycopg

        with psycopg.connect(restored_database) as restored:
            analyzed = restored.execute(
                "SELECT count(*) FROM pg_stats WHERE tablename = 'archive_indexevent'"
            ).fetchone()[0]
        assert analyzed > 0
    assert (new_home / "secret_key").read_text() == (home / "secret_key").read_text()

    source, restored = dump(env), dump(new_env)
    assert set(restored["documents"]) == set(held)
    for pid in held:  # nothing changes a document once ingested here, so they must be equal
        assert restored["documents"][pid] == source["documents"][pid], pid
        assert restored["documents"][pid]["version"] == held[pid]
    assert all(data == digest for data, digest in restored["sources"])  # the bytes are whole
    assert len(restored["sources"]) == manifest["counts"]["sources"]
    assert {d for _, d in restored["sources"]} <= {d for _, d in source["sources"]}
    for pid in (before[0], sorted(held)[-1]):
        shown = run_cli("show", "--json", pid, env_extra=new_env)
        assert json.loads(shown.stdout) == json.loads(run_cli("show", "--json", pid).stdout)

    # Searches: the same answers where the backup holds the same documents …
    out = run_cli("index", env_extra=env)
    assert out.returncode == 0, out.stderr
    for query in (["minefields"], ["minefields", "--sort", "date"], ["report", "minefields"]):
        in_backup = search_json(new_env, *query)
        assert in_backup == search_json(env, *query) and in_backup["total"] == 12
    # … and the backup's own share of documents found during the ingest.
    found = search_json(new_env, "sandbags")
    assert found["total"] == len(set(held) - set(before))
    check = run_cli("check", env_extra=new_env)
    assert check.returncode == 0, check.stdout


def test_restore_refuses_a_database_that_is_not_empty(tmp_path):
    home = tmp_path / "home"
    env = {"SOURCEBOOK_HOME": str(home)}
    write_records(tmp_path / "in", "talks", "minefields", 2)
    assert run_cli("ingest", str(tmp_path / "in"), env_extra=env).returncode == 0
    backup = tmp_path / "b.tar"
    assert run_cli("backup", "-q", str(backup), env_extra=env).returncode == 0
    out = run_cli("restore", str(backup), env_extra=env)
    assert out.returncode == 1
    assert out.stderr.startswith("error: the database ") and "is not empty" in out.stderr
    assert len(out.stderr.strip().splitlines()) == 1
    out = run_cli("backup", str(backup), env_extra=env)
    assert out.returncode == 1 and "exists; choose a new file name" in out.stderr
    out = run_cli("backup", str(tmp_path / "no-such-folder" / "b.tar"), env_extra=env)
    assert out.returncode == 1 and "no such folder; create it first" in out.stderr
    not_a_backup = tmp_path / "notes.tar"
    not_a_backup.write_text("these are not the archives you are looking for")
    out = run_cli("restore", str(not_a_backup), env_extra={"SOURCEBOOK_HOME": str(tmp_path / "x")})
    assert out.returncode == 1 and "not a Sourcebook backup" in out.stderr, out.stderr
    assert len(out.stderr.strip().splitlines()) == 1
