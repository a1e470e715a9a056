"""publish, withdraw, reinstate, purge: publication states from the command line.

Each command calls :mod:`sourcebook.archive.publication`, the same service the admin uses. The
audit log names who acted: ``--as NAME`` when given, else the operating-system user running
the command (the person at the terminal, who has the database in hand anyway).
"""

from __future__ import annotations

import getpass

import click

from sourcebook import runtime

from .documents import _after_ingest
from .main import fail, main

_AS = click.option(
    "--as",
    "actor",
    default=None,
    metavar="NAME",
    help="Name recorded in the audit log (default: your operating-system user name).",
)


def _actor(name: str | None) -> str:
    if name and name.strip():
        return name.strip()
    try:
        return getpass.getuser()
    except (KeyError, OSError):  # no user name in the environment or the password database
        return "cli"


def _documents(ids):
    from sourcebook.archive.models import Document

    found = {d.public_id: d for d in Document.objects.filter(public_id__in=list(ids))}
    missing = [i for i in ids if i not in found]
    if missing:
        fail(
            f"no document with id {', '.join(map(repr, missing))} "
            "(list them with: sourcebook show --list --status all)"
        )
    return [found[i] for i in dict.fromkeys(ids)]


@main.command()
@click.argument("ids", nargs=-1)
@click.option(
    "--query",
    default=None,
    help="Publish the drafts whose title, summary, citation or id hold every word of this query.",
)
@click.option("--collection", default=None, metavar="SLUG", help="Only drafts of this collection.")
@click.option("--all-drafts", is_flag=True, help="Publish every draft.")
@click.option("--dry-run", is_flag=True, help="List what would be published; change nothing.")
@_AS
def publish(
    ids: tuple[str, ...],
    query: str | None,
    collection: str | None,
    all_drafts: bool,
    dry_run: bool,
    actor: str | None,
) -> None:
    """Publish drafts: by id, or those matching --query / --collection, or --all-drafts.

    Drafts are not in the search index, so --query matches words in the database (title,
    summary, citation, id), not the search syntax. All the documents are published in one
    transaction; a withdrawn one is refused (use reinstate).

    \b
    Examples:
      sourcebook publish 208190 208191
      sourcebook publish --query "Khrushchev 1957" --dry-run
      sourcebook publish --all-drafts --as "Ana Editor"
    """
    runtime.setup()
    from sourcebook.archive import publication

    if not (ids or query or collection or all_drafts):
        fail("which documents? give ids, --query, --collection or --all-drafts")
    docs = _documents(ids) if ids else []
    if query or collection or all_drafts:
        docs += list(publication.drafts_matching(query or "", collection))
    docs = list({d.pk: d for d in docs}.values())
    if dry_run:
        for d in docs:
            click.echo(f"{d.public_id}\t{d.status}\t{d.title}")
        click.echo(f"{len(docs)} document(s) would be considered; nothing changed", err=True)
        return
    try:
        changed = publication.publish(docs, _actor(actor))
    except publication.StateError as exc:
        fail(f"{exc}; nothing was published")
    _after_ingest()  # the search index takes the change now, as after an ingest
    for d in changed:
        click.echo(f"published {d.public_id}")
    click.echo(f"{len(changed)} published, {len(docs) - len(changed)} already published", err=True)


@main.command()
@click.argument("public_id")
@click.option("--reason", required=True, help="Why (shown on the tombstone page and in the API).")
@_AS
def withdraw(public_id: str, reason: str, actor: str | None) -> None:
    """Withdraw a published record: its page answers 410 with the reason, it leaves search and
    the sitemap, OAI-PMH reports it deleted. Every version is kept; reinstate undoes it.

    \b
    Example:
      sourcebook withdraw 208190 --reason "Rights holder asked us to take it down"
    """
    runtime.setup()
    from sourcebook.archive import publication

    [doc] = _documents([public_id])
    try:
        publication.withdraw(doc, reason, _actor(actor))
    except publication.StateError as exc:
        fail(str(exc))
    _after_ingest()
    click.echo(f"withdrawn {public_id}")


@main.command()
@click.argument("public_id")
@_AS
def reinstate(public_id: str, actor: str | None) -> None:
    """Publish a withdrawn record again, as it was.

    \b
    Example:
      sourcebook reinstate 208190
    """
    runtime.setup()
    from sourcebook.archive import publication

    [doc] = _documents([public_id])
    try:
        publication.reinstate(doc, _actor(actor))
    except publication.StateError as exc:
        fail(str(exc))
    _after_ingest()
    click.echo(f"reinstated {public_id}")


@main.command()
@click.argument("public_id")
@click.option("--yes", is_flag=True, help="Confirm: the document and every version are deleted.")
@_AS
def purge(public_id: str, yes: bool, actor: str | None) -> None:
    """Delete a document and every version for good (legal takedowns only).

    Prefer withdraw: it keeps the versions and answers 410. A purge also deletes the source
    files no other document uses, and is written to the audit log (what, who, when).

    \b
    Example:
      sourcebook purge 208190 --yes
    """
    runtime.setup()
    from sourcebook.archive import publication

    if not yes:
        fail(f"purging deletes {public_id} and every version for good; add --yes to confirm")
    [doc] = _documents([public_id])
    what = publication.purge(doc, _actor(actor))
    _after_ingest()
    kept = what["sources_kept"]
    note = f"; {len(kept)} shared source file(s) kept" if kept else ""
    click.echo(f"purged {public_id} ({what['versions']} version(s)){note}")
