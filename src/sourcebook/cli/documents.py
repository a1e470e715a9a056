"""ingest, show, export, history: documents in and out."""

from __future__ import annotations

import json
import time

import click

from sourcebook import runtime

from .main import emit, fail, main
from .progress import progress_bar


def _lookup(public_id: str):
    """Any document, whatever its status: the CLI is the operator's, who may see drafts."""
    from sourcebook.archive.serialize import document_queryset

    doc = document_queryset().filter(public_id=public_id).first()
    if doc is None:
        fail(f"no document with id {public_id!r} (list them with: sourcebook show --list)")
    return doc


@main.command()
@click.argument("paths", nargs=-1, required=True)
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object per document or file.")
@click.option(
    "--max-size",
    type=int,
    default=None,
    help="Refuse files larger than this many bytes (default: SOURCEBOOK_MAX_FILE_SIZE or 20 MB).",
)
@click.option("--quiet", "-q", is_flag=True, help="No progress bar.")
@click.option(
    "--follow-symlinks",
    is_flag=True,
    help="Follow symlinks in folders that lead out of the folder (refused by default).",
)
@click.option(
    "--draft",
    is_flag=True,
    help="New documents come in as drafts, not public until published "
    "(default: SOURCEBOOK_DEFAULT_STATUS, else published).",
)
@click.option(
    "--no-index",
    is_flag=True,
    help="Leave the new versions to the background indexer (serve, `sourcebook index --watch`).",
)
def ingest(
    paths: tuple[str, ...],
    as_json: bool,
    max_size: int | None,
    quiet: bool,
    follow_symlinks: bool,
    draft: bool,
    no_index: bool,
) -> None:
    """Ingest record files: files, folders (searched recursively) or globs.

    Only regular files are read (FIFOs, sockets and devices are refused). Warnings (a link kept
    as text) are printed as "warning: ..." lines; the file is ingested all the same.
    Re-ingesting never changes a document's status (draft, published, withdrawn).

    \b
    Examples:
      sourcebook ingest cable.txt
      sourcebook ingest exports/ 'more/**/*.txt' --json
      sourcebook ingest --draft new-batch/    (then: sourcebook publish --all-drafts)
    """
    runtime.setup()
    from rich.console import Console

    from sourcebook.archive import ingest as service
    from sourcebook.archive.publication import StateError, ingest_status

    try:
        status = ingest_status(draft)
    except StateError as exc:
        fail(str(exc))
    files, missing = service.expand_paths(paths, follow_symlinks)
    summary = service.Summary(list(missing))
    for outcome in missing:
        _report(outcome, as_json)
    console = Console(stderr=True)
    started = time.monotonic()
    beside = [] if no_index else [hook(len(files), quiet or as_json) for hook in INGEST_BESIDE]
    try:
        with progress_bar(console, disable=quiet or as_json) as progress:
            task = progress.add_task("Ingesting", total=len(files))
            for outcomes in service.ingest_files(files, max_size=max_size, status=status):
                for outcome in outcomes:
                    summary.outcomes.append(outcome)
                    _report(outcome, as_json)
                progress.advance(task)
    finally:
        for stop in beside:
            if stop:
                stop()
    elapsed = time.monotonic() - started
    if not as_json:
        docs = summary.count("added") + summary.count("updated") + summary.count("unchanged")
        rate = f", {docs / elapsed:,.0f} documents/s" if elapsed > 0 and docs else ""
        click.echo(
            f"{summary.count('added')} added, {summary.count('updated')} updated, "
            f"{summary.count('unchanged')} unchanged, {summary.count('failed')} failed "
            f"({len(files)} files in {elapsed:.1f}s{rate})",
            err=True,
        )
    if not no_index:
        _after_ingest()
    if summary.failed:
        raise SystemExit(1)


# Functions run after an ingest batch (the search index applies the outbox here).
AFTER_INGEST: list = []
# Functions called as an ingest starts, with its number of files and whether to be quiet; each
# may start work that runs beside the ingest and return a function that stops it (or None).
INGEST_BESIDE: list = []


def _after_ingest() -> None:
    for hook in AFTER_INGEST:
        hook()


def _report(outcome, as_json: bool) -> None:
    if as_json:
        click.echo(json.dumps(outcome.to_json(), ensure_ascii=False))
    elif outcome.error:
        click.echo(outcome.error, err=True)
    else:
        for warning in outcome.warnings:
            click.echo(f"warning: {warning}", err=True)


@main.command()
@click.argument("public_id", required=False)
@click.option("--json", "as_json", is_flag=True, help="The record as JSON (the API's shape).")
@click.option("--list", "list_all", is_flag=True, help="List document ids and titles.")
@click.option(
    "--status",
    type=click.Choice(["published", "draft", "withdrawn", "all"]),
    default="published",
    show_default=True,
    help="Which documents --list shows.",
)
def show(public_id: str | None, as_json: bool, list_all: bool, status: str) -> None:
    """Show a document, whatever its status (or --list them: published ones unless --status).

    \b
    Examples:
      sourcebook show 208190 --json
      sourcebook show --list --status draft
    """
    runtime.setup()
    from sourcebook.archive.models import Document
    from sourcebook.archive.serialize import document_json

    if list_all or not public_id:
        docs = Document.objects.all() if status == "all" else Document.objects.filter(status=status)
        rows = docs.values_list("public_id", "date_text", "title")
        if as_json:
            click.echo(
                json.dumps(
                    [{"id": i, "date": d, "title": t} for i, d, t in rows], ensure_ascii=False
                )
            )
        else:
            for i, d, t in rows:
                click.echo(f"{i}\t{d}\t{t}")
        return
    doc = _lookup(public_id)
    if as_json:
        click.echo(json.dumps(document_json(doc), ensure_ascii=False, indent=2))
        return
    record = doc.to_record()
    click.echo(f"{record.id}  {record.date.text}")
    click.echo(record.title)
    if record.citation:
        click.echo(f"\nCitation: {record.citation}")
    if record.permalink:
        click.echo(f"Permalink: {record.permalink}")
    if record.summary:
        click.echo(f"\nSummary: {record.summary}")
    for text in record.texts:
        kinds = sorted({a.type for a in text.annotations})
        click.echo(
            f"\n[{text.label or text.kind}] {len(text.body):,} characters, "
            f"{len(text.annotations)} apparatus items ({', '.join(kinds) or 'none'})"
        )


@main.command()
@click.argument("public_id", required=False)
@click.option(
    "--format",
    "fmt",
    default="record",
    show_default=True,
    help="record, json, or any format listed by 'sourcebook export --formats'.",
)
@click.option("--formats", "list_formats", is_flag=True, help="List the export formats and exit.")
@click.option(
    "--output", "-o", type=click.Path(dir_okay=False, writable=True), help="Write to a file."
)
@click.option(
    "--version",
    "version",
    type=click.IntRange(min=1),
    help="Export version N as it was (citations name the version); see 'sourcebook history ID'.",
)
def export(
    public_id: str | None, fmt: str, list_formats: bool, output: str | None, version: int | None
) -> None:
    """Export a document in one of the export formats.

    \b
    Examples:
      sourcebook export 208190 --format record
      sourcebook export 208190 --format json -o 208190.json
      sourcebook export 208190 --format bibtex --version 1
    """
    runtime.setup()
    from sourcebook.core import formats

    if list_formats:
        for name in formats.export_names():
            ex = formats.exporter(name)
            click.echo(f"{name}\t.{ex.extension}\t{ex.description}")
        return
    if not public_id:
        fail("which document? usage: sourcebook export ID --format FORMAT")
    try:
        ex = formats.exporter(fmt)
    except KeyError as exc:
        fail(str(exc.args[0]))
    from sourcebook.web.downloads import ExportFailed, ExportLimitError, export

    doc = _lookup(public_id)
    record = doc.to_record() if version is None else _version_record(doc, version)
    try:
        data = export(ex, record)
    except (ExportLimitError, ExportFailed) as exc:
        fail(str(exc))
    emit(data, output)


def _version_record(doc, number: int):
    """Version ``number`` of ``doc`` as it was; its pinned page is known with a base URL."""
    from django.conf import settings

    from sourcebook.archive import versions

    revision = versions.get_revision(doc, number)
    if revision is None:
        fail(
            f"{doc.public_id} has no version {number} (it has {doc.version}); "
            f"see: sourcebook history {doc.public_id}"
        )
    base = settings.SOURCEBOOK_BASE_URL
    url = base + versions.version_path(doc.public_id, number) if base else None
    return versions.revision_record(revision, url)


@main.command()
@click.argument("public_id")
@click.option("--json", "as_json", is_flag=True, help="Every version as record JSON.")
def history(public_id: str, as_json: bool) -> None:
    """List every version of a document (each change keeps the previous one)."""
    runtime.setup()
    doc = _lookup(public_id)
    revisions = list(doc.revisions.select_related("source").order_by("version"))
    if as_json:
        click.echo(
            json.dumps(
                [
                    {
                        "version": r.version,
                        "created_at": r.created_at.isoformat(),
                        "reason": r.reason,
                        "author": r.author,
                        "note": r.note,
                        "source_sha256": r.source.sha256 if r.source else None,
                        "record": r.data,
                    }
                    for r in revisions
                ],
                ensure_ascii=False,
                indent=2,
            )
        )
        return
    for r in revisions:
        sha = r.source.sha256[:12] if r.source else "-"
        who = r.author if r.note == "" else f"{r.author}: {r.note}"
        click.echo(f"v{r.version}\t{r.created_at:%Y-%m-%d %H:%M:%S}\t{r.reason}\t{sha}\t{who}")
