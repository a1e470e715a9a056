"""attach, worker, jobs: scans and their background jobs from the command line.

``sourcebook serve`` also runs a worker in a background thread (SERVE_HOOKS), so a single
process serves pages and derives scans; ``sourcebook worker`` runs one on its own.
"""

from __future__ import annotations

import json
import threading
from pathlib import Path

import click

from sourcebook import runtime
from sourcebook.cli.main import fail, main
from sourcebook.cli.server import SERVE_HOOKS


def _start_worker() -> None:
    from . import jobs

    threading.Thread(target=jobs.work, name="sourcebook-worker", daemon=True).start()


SERVE_HOOKS.append(_start_worker)


@main.command()
@click.argument("public_id")
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Print the outcome as JSON.")
def attach(public_id: str, files: tuple[Path, ...], as_json: bool) -> None:
    """Attach scans (PDF, TIFF, JPEG, PNG) to a document, as its next pages.

    The exact bytes are kept under their SHA-256; page images are derived by a job (run
    `sourcebook worker`). All files or none: a corrupt, encrypted, empty or oversized file is
    one line on stderr and nothing is written. Attaching the same bytes again changes nothing.

    \b
    Examples:
      sourcebook attach 208190 208190.pdf
      sourcebook attach 208190 page-1.tif page-2.tif
    """
    runtime.setup()
    from sourcebook.archive.models import Document
    from sourcebook.core.errors import RecordError

    from .attaching import attach as attach_files
    from .attaching import read_scans

    doc = Document.objects.filter(public_id=public_id).first()
    if doc is None:
        fail(f"no document with id {public_id!r} (list them with: sourcebook show --list)")
    try:
        attached = attach_files(doc, read_scans(list(files)))
    except RecordError as exc:
        fail(exc.one_line())
    if as_json:
        click.echo(json.dumps([a.__dict__ for a in attached], indent=2))
        return
    for a in attached:
        state = "attached" if a.new else "unchanged (attached before)"
        click.echo(
            f"{a.filename}: {state}, {a.pages} page{'s' if a.pages != 1 else ''}, sha256 {a.sha256[:12]}"
        )


@main.command()
@click.option(
    "--until-idle", is_flag=True, help="Stop when no job is queued (for scripts and tests)."
)
def worker(until_idle: bool) -> None:
    """Run background jobs (scan page derivatives) from the queue.

    The queue is SQLite in the data directory, or Redis when SOURCEBOOK_REDIS_URL is set.
    Jobs left running by a worker that died are queued again when a worker starts.

    \b
    Examples:
      sourcebook worker
      sourcebook worker --until-idle
    """
    runtime.setup()
    from . import jobs

    try:
        ran = jobs.work(until_idle=until_idle)
    except KeyboardInterrupt:
        return
    if until_idle:
        click.echo(f"{ran} task{'s' if ran != 1 else ''} run; nothing left in the queue")


@main.command()
@click.option("--json", "as_json", is_flag=True, help="Print the jobs as JSON.")
@click.option("--limit", default=50, show_default=True, help="Newest jobs shown.")
def jobs(as_json: bool, limit: int) -> None:
    """List background jobs with their status and progress, newest first.

    \b
    Example:
      sourcebook jobs
    """
    runtime.setup()
    from .models import Job

    rows = [
        {
            "id": j.pk,
            "kind": j.kind,
            "document": j.document.public_id,
            "file": j.scan.filename if j.scan else "",
            "status": j.status,
            "done": j.done,
            "total": j.total,
            "attempts": j.attempts,
            "error": j.error,
            "note": j.note,
        }
        for j in Job.objects.select_related("document", "scan")[: max(1, limit)]
    ]
    if as_json:
        click.echo(json.dumps(rows, indent=2))
        return
    if not rows:
        click.echo("no jobs")
        return
    for r in rows:
        line = f"{r['id']:>5}  {r['kind']:<7} {r['document']:<20} {r['status']:<8} {r['done']}/{r['total']}"
        if r["attempts"] > 1:
            line += f"  (attempt {r['attempts']})"
        if r["error"] or r["note"]:
            line += f"  {r['error'] or r['note']}"
        click.echo(line)


@main.command()
@click.argument("ids", nargs=-1, required=True)
def ocr(ids: tuple[str, ...]) -> None:
    """Queue OCR (Tesseract) of the documents' scans; run the jobs with `sourcebook worker`.

    The language comes from each record's original language. The result is a text of kind
    `ocr` (hOCR kept beside the page images); a transcript an editor wrote is never touched,
    nor an OCR text an editor changed.

    \b
    Example:
      sourcebook ocr 208190 && sourcebook worker --until-idle
    """
    runtime.setup()
    from django.db import transaction

    from sourcebook.archive.models import Document

    from .jobs import create_job

    docs = {d.public_id: d for d in Document.objects.filter(public_id__in=list(ids))}
    missing = [i for i in ids if i not in docs]
    if missing:
        fail(f"no document with id {', '.join(map(repr, missing))}")
    without = [i for i in ids if not docs[i].scan_pages.exists()]
    if without:
        fail(
            f"no scans attached to {', '.join(map(repr, without))} (attach them with: sourcebook attach ID FILE)"
        )
    with transaction.atomic():
        for public_id in dict.fromkeys(ids):
            doc = docs[public_id]
            create_job("ocr", doc, None, total=doc.scan_pages.count())
    click.echo(f"OCR queued for {len(docs)} document{'s' if len(docs) != 1 else ''}")
