"""backup and restore: the whole archive in one file, and back into an empty home."""

from __future__ import annotations

import time

import click

from sourcebook import runtime

from .main import fail, main


def _say(quiet: bool):
    started = time.monotonic()

    def say(message: str) -> None:
        if not quiet:
            click.echo(f"[{time.monotonic() - started:6.1f}s] {message}", err=True)

    return say


@main.command()
@click.argument("file", type=click.Path(dir_okay=False))
@click.option("--quiet", "-q", is_flag=True, help="No progress output.")
def backup(file: str, quiet: bool) -> None:
    """Write a consistent backup of the archive to FILE (a tar; .tar.gz compresses it).

    Safe while `sourcebook serve` runs and ingests go on: the SQLite online backup API, or
    pg_dump on PostgreSQL. It holds the source files' bytes, every revision, users and the
    secret key of the data directory; keep it as private as the database.

    \b
    Examples:
      sourcebook backup archive-2026-12-04.tar
      sourcebook backup /backups/sourcebook.tar.gz
    """
    runtime.setup()
    from sourcebook.backup import BackupError
    from sourcebook.backup import backup as run

    try:
        manifest = run(click.format_filename(file), say=_say(quiet))
    except BackupError as exc:
        fail(str(exc))
    counts = manifest["counts"]
    click.echo(
        f"Backed up {counts['documents']:,} documents, {counts['revisions']:,} revisions and "
        f"{counts['sources']:,} source files to {file}",
        err=True,
    )


@main.command()
@click.argument("file", type=click.Path(dir_okay=False))
@click.option("--quiet", "-q", is_flag=True, help="No progress output.")
def restore(file: str, quiet: bool) -> None:
    """Restore a backup FILE into an empty data directory (or empty database), then rebuild
    the search index. A database that already holds documents or users is refused.

    \b
    Example:
      SOURCEBOOK_HOME=/srv/sourcebook-new sourcebook restore archive-2026-12-04.tar
    """
    runtime.setup()
    from sourcebook.backup import BackupError
    from sourcebook.backup import restore as run

    say = _say(quiet)
    last = [0.0]

    def progress(done: int, total: int) -> None:
        if time.monotonic() - last[0] > 1 or done == total:
            last[0] = time.monotonic()
            say(f"indexed {done:,} of {total:,} documents")

    try:
        manifest = run(click.format_filename(file), say=say, progress=progress)
    except BackupError as exc:
        fail(str(exc))
    click.echo(
        f"Restored {manifest['counts']['documents']:,} documents from {file} "
        f"(backup of {manifest['created_at']})",
        err=True,
    )
