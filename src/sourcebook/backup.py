"""Backup and restore: one consistent snapshot of the database in a tar file.

Why a snapshot of the database and nothing else: the database holds everything that cannot be
made again (the source files' exact bytes, every revision, users, the audit log); the search
index is derived data and is rebuilt on restore. The snapshot is consistent while the server
answers and ingests go on: SQLite's online backup API copies the database in one step under a
read transaction (WAL mode lets writers continue), and on PostgreSQL ``pg_dump`` runs inside an
exported REPEATABLE READ snapshot that the manifest's document list is read from too.

The tar holds ``manifest.json`` (format, database kind, created_at, Sourcebook version, counts),
``documents.tsv`` (every document id and version the snapshot holds), the database
(``database.sqlite3`` or ``database.pgdump``, pg_dump's custom format) and, when the key was
generated into the data directory, ``secret_key``: it signs sessions and password-reset links,
and the database it comes with already holds the users and sessions it protects, so the backup
is as secret as the database either way. A key from ``SOURCEBOOK_SECRET_KEY`` is left out.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path

FORMAT = 1
SCANS = "scans/originals"  # attached scans' bytes (sourcebook.scans); page images are derived
Say = Callable[[str], None]
COUNTED = {"documents": "archive_document", "revisions": "archive_revision"}
COUNTED.update({"sources": "archive_source", "users": "auth_user"})


class BackupError(Exception):
    """A backup or restore that cannot proceed; the message says what to do."""


def _vendor() -> str:
    from django.db import connection

    return connection.vendor


def _db_settings() -> dict:
    from django.db import connection

    return connection.settings_dict


def _database_url() -> str:
    """The database as a libpq URL without the password (that goes in :func:`_pg_env`, so it
    never shows in the process list)."""
    from urllib.parse import quote

    s = _db_settings()
    auth = f"{quote(s['USER'], safe='')}@" if s.get("USER") else ""
    port = f":{s['PORT']}" if s.get("PORT") else ""
    return f"postgresql://{auth}{s.get('HOST') or ''}{port}/{quote(s['NAME'], safe='')}"


def _pg_env() -> dict:
    password = _db_settings().get("PASSWORD")
    return {**os.environ, **({"PGPASSWORD": str(password)} if password else {})}


# Backup ------------------------------------------------------------------------------------


def backup(target: Path, say: Say = lambda _: None) -> dict:
    """Write a backup of the configured database to ``target``; returns its manifest."""
    from django.conf import settings

    target = Path(target).resolve()
    if target.exists():
        raise BackupError(f"{target} exists; choose a new file name")
    if not target.parent.is_dir():
        raise BackupError(f"{target.parent}: no such folder; create it first")
    with tempfile.TemporaryDirectory(dir=target.parent, prefix=".sourcebook-backup-") as tmp:
        work = Path(tmp)
        if _vendor() == "sqlite":
            db_file, ids = _sqlite_snapshot(work, say)
        elif _vendor() == "postgresql":
            db_file, ids = _pg_snapshot(work, say)
        else:
            raise BackupError(f"cannot back up a {_vendor()} database")
        manifest = {
            "format": FORMAT,
            "database": _vendor(),
            "created_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
            "sourcebook_version": _version(),
            "counts": ids.pop("counts"),
            "secret_key": False,
        }
        (work / "documents.tsv").write_text(ids.pop("tsv"), encoding="utf-8")
        key = Path(settings.HOME) / "secret_key"
        if not os.environ.get("SOURCEBOOK_SECRET_KEY") and key.exists():
            shutil.copyfile(key, work / "secret_key")
            manifest["secret_key"] = True
        (work / "manifest.json").write_text(json.dumps(manifest, indent=2), encoding="utf-8")
        say(f"writing {target.name}")
        partial = target.with_name(f".{target.name}.partial")
        with tarfile.open(partial, "w:gz" if target.name.endswith("gz") else "w") as tar:
            for name in ("manifest.json", "documents.tsv", db_file.name, "secret_key"):
                if (work / name).exists():
                    tar.add(work / name, arcname=name)
            # Scans' exact bytes live beside the database (never changed, named by SHA-256):
            # taken after the snapshot, so every scan row in it finds its file.
            originals = Path(settings.HOME) / SCANS
            if originals.is_dir():
                tar.add(originals, arcname=SCANS)
        partial.chmod(0o600)
        partial.replace(target)  # complete or absent, never half a backup under the name
    return manifest


def _version() -> str:
    from sourcebook import __version__

    return __version__


def _sqlite_snapshot(work: Path, say: Say) -> tuple[Path, dict]:
    """Copy the database with the online backup API in one step (one read transaction, so
    the copy is one consistent point even while another process writes)."""
    from urllib.parse import quote

    name = _db_settings()["NAME"]
    out = work / "database.sqlite3"
    size = Path(name).stat().st_size
    say(f"copying the database ({size / 1e6:,.1f} MB)")
    src = sqlite3.connect(f"file:{quote(str(name))}?mode=ro", uri=True, timeout=60)
    dst = sqlite3.connect(out)
    try:
        src.backup(dst, pages=-1)
    finally:
        src.close()
    try:
        return out, _listing(dst)
    finally:
        dst.close()


def _listing(conn) -> dict:
    """Counts and the ``id<TAB>version`` lines of every document, read from ``conn``."""
    counts = {}
    for key, table in COUNTED.items():
        counts[key] = conn.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0]  # noqa: S608
    rows = conn.execute("SELECT public_id, version FROM archive_document ORDER BY public_id")
    tsv = "".join(f"{pid}\t{version}\n" for pid, version in rows)
    return {"counts": counts, "tsv": tsv}


def _pg_snapshot(work: Path, say: Say) -> tuple[Path, dict]:
    """pg_dump (custom format) inside an exported snapshot, listed from the same snapshot."""
    import psycopg

    _check_pg_tools("pg_dump")
    out = work / "database.pgdump"
    password = _db_settings().get("PASSWORD") or None
    with psycopg.connect(_database_url(), password=password, autocommit=True) as conn:
        conn.execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")  # autocommit: ours
        snapshot = conn.execute("SELECT pg_export_snapshot()").fetchone()[0]
        listing = _listing(conn)
        say("dumping the database with pg_dump")
        run = subprocess.run(
            [
                "pg_dump",
                "--format=custom",
                f"--snapshot={snapshot}",
                f"--file={out}",
                f"--dbname={_database_url()}",
            ],
            capture_output=True,
            text=True,
            env=_pg_env(),
        )
        conn.execute("COMMIT")
    if run.returncode != 0:
        raise BackupError(f"pg_dump failed: {run.stderr.strip().splitlines()[-1:]}")
    return out, listing


def _check_pg_tools(tool: str) -> None:
    """pg_dump must be at least the server's major version (it refuses newer servers)."""
    from django.db import connection

    if shutil.which(tool) is None:
        raise BackupError(f"{tool} not found; install the PostgreSQL client tools")
    found = subprocess.run([tool, "--version"], capture_output=True, text=True).stdout
    tool_major = int(found.split()[-1].split(".")[0]) if found else 0
    server_major = connection.cursor().connection.info.server_version // 10000
    if tool_major < server_major:
        raise BackupError(
            f"{tool} is version {tool_major} but the server is {server_major}; "
            f"install the PostgreSQL {server_major} client tools"
        )


# Restore -----------------------------------------------------------------------------------


def read_manifest(source: Path) -> dict:
    with tarfile.open(source) as tar:
        return json.load(_member(tar, "manifest.json", source))


def read_documents(source: Path) -> Iterator[tuple[str, int]]:
    """``(id, version)`` of every document the backup holds."""
    with tarfile.open(source) as tar:
        for line in io.TextIOWrapper(_member(tar, "documents.tsv", source), encoding="utf-8"):
            pid, _, version = line.rstrip("\n").partition("\t")
            yield pid, int(version)


def _member(tar: tarfile.TarFile, name: str, source: Path):
    try:
        return tar.extractfile(name)
    except KeyError:
        raise BackupError(f"{source}: no {name}; not a Sourcebook backup") from None


def restore(source: Path, say: Say = lambda _: None, progress=None) -> dict:
    """Restore ``source`` into the configured (empty) database, then rebuild the index."""
    from django.db import connection

    source = Path(source).resolve()
    if not source.is_file():
        raise BackupError(f"{source}: no such file")
    try:
        manifest = read_manifest(source)
    except (tarfile.TarError, json.JSONDecodeError):
        raise BackupError(
            f"{source}: not a Sourcebook backup (not a tar file with a manifest.json); "
            "give a file written by `sourcebook backup`"
        ) from None
    if manifest.get("format") != FORMAT:
        raise BackupError(f"{source}: backup format {manifest.get('format')!r}, expected {FORMAT}")
    if manifest["database"] != _vendor():
        raise BackupError(
            f"{source} is a {manifest['database']} backup; restore it into a "
            f"{manifest['database']} database (this one is {_vendor()})"
        )
    _refuse_non_empty()
    with tempfile.TemporaryDirectory(prefix=".sourcebook-restore-") as tmp:
        work = Path(tmp)
        with tarfile.open(source) as tar:
            say(f"reading {source.name}")
            tar.extractall(work, filter="data")
        connection.close()
        if manifest["database"] == "sqlite":
            _sqlite_restore(work / "database.sqlite3", say)
        else:
            _pg_restore(work / "database.pgdump", say)
        if manifest.get("secret_key"):
            _restore_key(work / "secret_key")
        if (work / SCANS).is_dir():
            from django.conf import settings

            shutil.copytree(work / SCANS, Path(settings.HOME) / SCANS, dirs_exist_ok=True)
    from sourcebook import runtime

    runtime.migrate_if_needed()  # a backup from an older version
    _rebuild_index(say, progress)
    return manifest


def _refuse_non_empty() -> None:
    from django.contrib.auth.models import User

    from sourcebook.archive.models import Document, Source

    if Document.objects.exists() or Source.objects.exists() or User.objects.exists():
        where = _db_settings()["NAME"]
        raise BackupError(
            f"the database {where} is not empty; restore into a new SOURCEBOOK_HOME "
            "(or a new, empty DATABASE_URL)"
        )


def _sqlite_restore(snapshot: Path, say: Say) -> None:
    say("restoring the database")
    src = sqlite3.connect(snapshot)
    dst = sqlite3.connect(_db_settings()["NAME"], timeout=60)
    try:
        src.backup(dst, pages=-1)
    finally:
        src.close()
        dst.close()


def _pg_restore(dump: Path, say: Say) -> None:
    """Drop the (empty) tables migrations made, then load the dump in one transaction."""
    from django.db import connection

    from sourcebook.archive import planner_stats

    _check_pg_tools("pg_restore")
    say("restoring the database with pg_restore")
    tables = connection.introspection.table_names()
    with connection.cursor() as cursor:
        for table in tables:
            cursor.execute(f"DROP TABLE IF EXISTS {connection.ops.quote_name(table)} CASCADE")
    connection.close()
    run = subprocess.run(
        [
            "pg_restore",
            "--no-owner",
            "--no-privileges",
            "--single-transaction",
            "--exit-on-error",
            f"--dbname={_database_url()}",
            str(dump),
        ],
        capture_output=True,
        text=True,
        env=_pg_env(),
    )
    if run.returncode != 0:
        raise BackupError(f"pg_restore failed: {run.stderr.strip()[-500:]}")
    say("gathering the planner's statistics (ANALYZE)")
    planner_stats.analyze()  # without them every search scanned the whole outbox


def _restore_key(key: Path) -> None:
    """The backup's key replaces the one generated for the new home (whose database was
    empty, so nothing was signed with it); sessions of the backed-up site stay valid."""
    from django.conf import settings

    if os.environ.get("SOURCEBOOK_SECRET_KEY"):
        return
    target = Path(settings.HOME) / "secret_key"
    tmp = target.with_name(".secret_key.restore")
    fd = os.open(tmp, os.O_CREAT | os.O_TRUNC | os.O_WRONLY, 0o600)
    with os.fdopen(fd, "wb") as fh:
        fh.write(key.read_bytes())
    tmp.replace(target)


def _rebuild_index(say: Say, progress) -> None:
    from sourcebook.search import indexer

    say("rebuilding the search index")
    indexer.rebuild(progress=progress)
