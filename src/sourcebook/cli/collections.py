"""export-collection: a collection (a TEI volume, …) as one teiCorpus file."""

from __future__ import annotations

import click

from sourcebook import runtime

from .main import emit, fail, main


@main.command("export-collection")
@click.argument("slug", required=False)
@click.option("--list", "list_all", is_flag=True, help="List collections (slug, documents, title).")
@click.option(
    "--output", "-o", type=click.Path(dir_okay=False, writable=True), help="Write to a file."
)
def export_collection(slug: str | None, list_all: bool, output: str | None) -> None:
    """Export a whole collection as one TEI P5 teiCorpus (valid against tei_all).

    \b
    Examples:
      sourcebook export-collection --list
      sourcebook export-collection frus1955-57v03 -o frus1955-57v03.tei.xml
    """
    runtime.setup()
    from sourcebook.archive.models import Collection, Document
    from sourcebook.authorities.queries import corpus_tei

    if list_all or not slug:
        for c in Collection.objects.order_by("slug"):
            count = c.documents.filter(status=Document.PUBLISHED).count()
            click.echo(f"{c.slug}\t{count}\t{c.name}")
        return
    coll = Collection.objects.filter(slug=slug).first()
    if coll is None:
        fail(f"no collection {slug!r} (list them with: sourcebook export-collection --list)")
    emit(corpus_tei(coll), output)
