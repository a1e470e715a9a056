"""``sourcebook relate``: read reference numbers and archival files again (after an upgrade that
brought this app to an archive ingested before it, or after the reader learned new forms).

The same service the ingest and edit hooks use (:func:`sourcebook.related.service.refresh`).
"""

from __future__ import annotations

import json

import click

from sourcebook import runtime

from .main import fail, main
from .progress import progress_bar

# Documents refreshed per transaction: small enough to keep a transaction short, large enough
# that lookups of numbers across the archive are few.
CHUNK = 500


@main.command()
@click.argument("ids", nargs=-1)
@click.option("--all", "every", is_flag=True, help="Every document.")
@click.option("--json", "as_json", is_flag=True, help="Print the summary as one JSON object.")
def relate(ids: tuple[str, ...], every: bool, as_json: bool) -> None:
    """Find replies by reference number and archival files, for documents already stored.

    Ingest and edits do this by themselves; run it once with --all on an archive ingested
    before related documents existed.

    \b
    Examples:
      sourcebook relate 208190
      sourcebook relate --all
    """
    if bool(ids) == every:
        fail("name document ids, or --all (not both)")
    runtime.setup()
    from django.db import transaction
    from rich.console import Console

    from sourcebook.archive.models import Document
    from sourcebook.related.models import FilePlace, Reply
    from sourcebook.related.service import refresh

    if every:
        wanted = list(Document.objects.order_by("pk").values_list("public_id", flat=True))
    else:
        found = set(
            Document.objects.filter(public_id__in=list(ids)).values_list("public_id", flat=True)
        )
        if missing := [i for i in ids if i not in found]:
            fail(
                f"no document with id {', '.join(map(repr, missing))} "
                "(list them with: sourcebook show --list --status all)"
            )
        wanted = list(dict.fromkeys(ids))
    console = Console(stderr=True)
    with progress_bar(console, disable=as_json) as progress:
        task = progress.add_task("Relating", total=len(wanted))
        for start in range(0, len(wanted), CHUNK):
            chunk = wanted[start : start + CHUNK]
            with transaction.atomic():
                refresh(chunk)
            progress.advance(task, len(chunk))
    replies, places = Reply.objects.all(), FilePlace.objects.all()
    if not every:
        replies = replies.filter(document__public_id__in=wanted)
        places = places.filter(document__public_id__in=wanted)
    figures = {"documents": len(wanted), "replies": replies.count(), "in_files": places.count()}
    if as_json:
        click.echo(json.dumps(figures))
    else:
        click.echo(
            f"{figures['documents']} documents read: {figures['replies']} replies found, "
            f"{figures['in_files']} in a named archival file",
            err=True,
        )
