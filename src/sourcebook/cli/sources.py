"""source: the exact bytes of the file a document (or one of its versions) was ingested from."""

from __future__ import annotations

import click

from sourcebook import runtime

from .main import emit, fail, main


@main.command()
@click.argument("public_id")
@click.option(
    "--output", "-o", type=click.Path(dir_okay=False, writable=True), help="Write to a file."
)
@click.option(
    "--version",
    "version",
    type=click.IntRange(min=1),
    help="The source of version N (see 'sourcebook history ID'); default: the current one.",
)
def source(public_id: str, output: str | None, version: int | None) -> None:
    """Write the source file a document came from, byte for byte as it was ingested.

    The stored bytes are unpacked and checked against the SHA-256 recorded at ingest first;
    a mismatch is an error and nothing is written.

    \b
    Examples:
      sourcebook source 208190 -o 208190.txt
      sourcebook source frus1958-60v03d12 --version 1 > volume.xml
    """
    runtime.setup()
    from sourcebook.archive import versions
    from sourcebook.archive.models import Document

    doc = Document.objects.select_related("source").filter(public_id=public_id).first()
    if doc is None:
        fail(f"no document with id {public_id!r} (list them with: sourcebook show --list)")
    stored = doc.source
    if version is not None:
        revision = versions.get_revision(doc, version)
        if revision is None:
            fail(f"{public_id} has no version {version} (it has {doc.version})")
        stored = revision.source
    if stored is None:
        which = f"version {version}" if version else "its current version"
        fail(f"{public_id}: {which} was made by an edit, not ingested from a file")
    problem = stored.verify()
    if problem is not None:
        fail(f"{stored.path} ({stored.sha256[:12]}): {problem}; restore from a backup")
    emit(stored.content(), output)


@main.command()
@click.option("--json", "as_json", is_flag=True, help="The report as JSON.")
def repack(as_json: bool) -> None:
    """Pack with the archive's dictionary what was stored before it existed (a smaller database).

    The dictionary is learned once the archive holds 1,000 source files, and packs only what is
    written after. This rewrites older sources, texts and versions with it, where that makes
    them smaller: every value is read back and compared before it is written, a source only
    once it matches its SHA-256 (damaged or unreadable values are listed, left alone, and the
    exit status is 1), a text only if no edit changed it meanwhile. Safe beside a running server; run it again after a stop. On
    SQLite the file does not shrink by itself (see docs/operations.md, Storage: VACUUM).

    \b
    Example:
      sourcebook repack
    """
    runtime.setup()
    import json

    from rich.console import Console

    from sourcebook.archive.repack import RepackError, repack

    from .progress import progress_bar

    console = Console(stderr=True)
    with progress_bar(console, disable=as_json) as bar:
        tasks: dict[str, int] = {}

        def advance(kind: str, done: int, total: int) -> None:
            if kind not in tasks:
                tasks[kind] = bar.add_task(f"Repacking {kind}", total=total)
            bar.update(tasks[kind], completed=done)

        try:
            report = repack(progress=advance)
        except RepackError as exc:
            fail(str(exc))
    if as_json:
        click.echo(json.dumps(report.to_json(), indent=2))
    else:
        rows = ", ".join(f"{n:,} {kind}" for kind, n in report.rows.items())
        click.echo(
            f"repacked {rows}: {report.bytes_before:,} bytes became {report.bytes_after:,}",
            err=True,
        )
        for sha in report.damaged:
            click.echo(f"damaged source {sha} left as it is (see: sourcebook check)", err=True)
        for row in report.unreadable:
            click.echo(f"{row} cannot be read; left as it is (restore from a backup)", err=True)
    if report.damaged or report.unreadable:
        raise SystemExit(1)
