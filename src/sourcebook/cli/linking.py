"""``sourcebook link``: run the linker again over documents (after new authorities, say).

The same service the ingest and edit hooks use (:mod:`sourcebook.linking.service`): automatic
and candidate links are replaced, encoded, confirmed and rejected ones are left alone.
"""

from __future__ import annotations

import json

import click

from sourcebook import runtime

from .documents import _after_ingest
from .main import fail, main
from .progress import progress_bar


@main.command()
@click.argument("ids", nargs=-1)
@click.option("--all", "every", is_flag=True, help="Link every document.")
@click.option("--json", "as_json", is_flag=True, help="Print the summary as one JSON object.")
@click.option(
    "--no-index",
    is_flag=True,
    help="Leave the changed documents to the background indexer (serve, `sourcebook index --watch`).",
)
def link(ids: tuple[str, ...], every: bool, as_json: bool, no_index: bool) -> None:
    """Link documents to persons, organizations and places named in their texts.

    Links at or above SOURCEBOOK_LINK_THRESHOLD (default 0.8) are automatic, those below are
    candidates for review; record texts may also propose candidate authorities.

    \b
    Examples:
      sourcebook link 208190
      sourcebook link --all
    """
    if bool(ids) == every:
        fail("name document ids, or --all (not both)")
    runtime.setup()
    from rich.console import Console

    from sourcebook.archive.models import Document
    from sourcebook.linking.service import link_documents

    if every:
        docs = None
        total = Document.objects.count()
    else:
        found = {d.public_id: d for d in Document.objects.filter(public_id__in=list(ids))}
        missing = [i for i in ids if i not in found]
        if missing:
            fail(
                f"no document with id {', '.join(map(repr, missing))} (list them with: sourcebook show --list --status all)"
            )
        docs = [found[i] for i in dict.fromkeys(ids)]
        total = len(docs)
    console = Console(stderr=True)
    with progress_bar(console, disable=as_json) as progress:
        task = progress.add_task("Linking", total=total)
        summary = link_documents(docs, progress=lambda _doc: progress.advance(task))
    if not no_index:
        _after_ingest()
    figures = {
        "documents": summary.documents,
        "changed": summary.changed,
        "automatic": summary.automatic,
        "candidate": summary.candidate,
        "proposed_authorities": summary.proposed,
    }
    if as_json:
        click.echo(json.dumps(figures))
    else:
        click.echo(
            f"{summary.documents} documents linked ({summary.changed} changed): "
            f"{summary.automatic} automatic and {summary.candidate} candidate links, "
            f"{summary.proposed} new candidate authorities",
            err=True,
        )
