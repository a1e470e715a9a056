"""``sourcebook authorities``: merge, split, export and import the archive's authority records;
list, reject and restore the persons the linker proposed."""

from __future__ import annotations

import click

from sourcebook import runtime

from .main import emit, fail, main


@main.group("authorities")
def authorities() -> None:
    """Merge and split persons, export the authority file, import a curated one.

    \b
    Examples:
      sourcebook authorities merge u-alexis-johnson johnson-u-alexis
      sourcebook authorities split asakai-koichiro --source-id frus1958-60v18#p_AK5
      sourcebook authorities dedupe
      sourcebook authorities candidates
      sourcebook authorities reject item-i-could
      sourcebook authorities restore item-i-could
      sourcebook authorities export --format csv -o authorities.csv
      sourcebook authorities import authorities.csv
    """


@authorities.command("merge")
@click.argument("slug")
@click.argument("into_slug")
def merge(slug: str, into_slug: str) -> None:
    """Merge the authority SLUG into INTO_SLUG: its source ids, variants and document links
    move, and its URL answers 301 to INTO_SLUG."""
    runtime.setup()
    from sourcebook.accounts.actors import cli_actor
    from sourcebook.authorities import merge as merging

    try:
        kept = merging.merge_slugs(slug, into_slug, cli_actor())
    except merging.AuthorityError as exc:
        fail(str(exc))
    click.echo(f"merged {slug} into {kept.slug} (/persons/{slug}/ now redirects)")


@authorities.command("split")
@click.argument("slug")
@click.option(
    "--source-id",
    "source_ids",
    multiple=True,
    required=True,
    metavar="VOL#XMLID",
    help="A source id to move to the new authority (repeat for more).",
)
def split(slug: str, source_ids: tuple[str, ...]) -> None:
    """Move the chosen source ids of SLUG (with their volumes' variants and document links) to
    a new authority; no later ingest merges them back."""
    runtime.setup()
    from sourcebook.accounts.actors import cli_actor
    from sourcebook.archive.models import Agent
    from sourcebook.authorities.merge import AuthorityError
    from sourcebook.authorities.split import split as do_split

    agent = Agent.objects.filter(slug=slug).first()
    if agent is None:
        fail(f"no authority {slug!r}")
    try:
        new = do_split(agent, list(source_ids), cli_actor())
    except AuthorityError as exc:
        fail(str(exc))
    click.echo(f"split {', '.join(source_ids)} off {slug} into {new.slug}")


@authorities.command("candidates")
def candidates() -> None:
    """List the persons the linker proposed from record texts and no editor reviewed yet:
    slug, links, the rule that proposed it, the first document, name (tab-separated)."""
    runtime.setup()
    from sourcebook.authorities.proposed import waiting

    rows = waiting().order_by("slug")
    count = 0
    for agent in rows.iterator():
        data = agent.data or {}
        first = (data.get("proposed_from") or [""])[0]
        click.echo(f"{agent.slug}\t{agent.links}\t{data.get('rule', '')}\t{first}\t{agent.name}")
        count += 1
    click.echo(f"{count} proposed persons to review", err=True)


@authorities.command("reject")
@click.argument("slugs", nargs=-1, required=True)
def reject(slugs: tuple[str, ...]) -> None:
    """Reject proposed persons (see ``candidates``): their links are rejected, their pages
    answer 410 and their names are never proposed again (until ``restore``). Goes on past a
    slug it cannot reject and then exits 1."""
    runtime.setup()
    from sourcebook.authorities.review import reject_candidate

    failed = _each_person(slugs, reject_candidate, "rejected {slug} ({count} links rejected)")
    if failed:
        raise SystemExit(1)


def _each_person(slugs, decide, done: str) -> int:
    """``decide(agent, actor)`` for each person of ``slugs``, one line each; an error names
    the slug (cut short: it may be anything) and the run goes on. Returns how many failed."""
    from sourcebook.accounts.actors import cli_actor
    from sourcebook.archive.models import Agent
    from sourcebook.authorities.review import BadReview

    failed = 0
    for slug in slugs:
        agent = Agent.objects.filter(slug=slug, kind=Agent.PERSON).first()
        try:
            if agent is None:
                raise BadReview("no such person")
            count = decide(agent, cli_actor())
        except BadReview as exc:
            click.echo(f"error: {slug[:100]}: {exc}", err=True)
            failed += 1
            continue
        click.echo(done.format(slug=slug, count=count))
    return failed


@authorities.command("restore")
@click.argument("slugs", nargs=-1, required=True)
def restore(slugs: tuple[str, ...]) -> None:
    """Take back the rejection of proposed persons: their names may be proposed and linked
    again, the links the rejection closed wait for review, their pages are public again. Goes
    on past a slug it cannot restore and then exits 1."""
    runtime.setup()
    from sourcebook.authorities.review import restore_candidate

    failed = _each_person(slugs, restore_candidate, "restored {slug} ({count} links to review)")
    if failed:
        raise SystemExit(1)


@authorities.command("dedupe")
def dedupe() -> None:
    """Merge authorities that strongly match one of another volume (what ingesting every volume
    again would do): for archives ingested before automatic merging. Editors' splits and
    rejections are respected."""
    runtime.setup()
    from sourcebook.authorities.hooks import merge_duplicates

    click.echo(f"{merge_duplicates()} merged")


@authorities.command("export")
@click.option(
    "--format", "fmt", type=click.Choice(["csv", "json"]), default="csv", show_default=True
)
@click.option(
    "--output", "-o", type=click.Path(dir_okay=False, writable=True), help="Write to a file."
)
def export(fmt: str, output: str | None) -> None:
    """Every person, organization and place: id, name, kind, description, variants, external
    ids and source ids."""
    runtime.setup()
    from sourcebook.authorities.authority_file import export as build

    emit(build(fmt), output)


@authorities.command("import")
@click.argument("path", type=click.Path(exists=True, dir_okay=False))
def import_file(path: str) -> None:
    """Create or update authorities from a curated CSV (columns id, name, kind, description,
    variants separated by |, wikidata, viaf, lcnaf). A file with a bad row changes nothing."""
    runtime.setup()
    from sourcebook.accounts.actors import cli_actor
    from sourcebook.authorities.authority_file import import_csv

    with open(path, "rb") as fh:
        result = import_csv(fh.read(), path, cli_actor())
    if result.errors:
        for line in result.errors:
            click.echo(f"error: {line}", err=True)
        fail(f"{path}: nothing imported ({len(result.errors)} bad row(s))")
    click.echo(
        f"{len(result.created)} created, {len(result.updated)} updated, "
        f"{result.unchanged} unchanged"
    )
