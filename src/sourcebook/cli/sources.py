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
