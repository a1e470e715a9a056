"""cite and export-set: citations and bibliographic downloads from the command line."""

from __future__ import annotations

import json

import click

from sourcebook import runtime

from .main import emit, fail, main

STYLE_CHOICES = ["archive", "chicago", "chicago-bibliography", "mla", "apa", "all"]


@main.command()
@click.argument("public_id")
@click.option(
    "--style",
    type=click.Choice(STYLE_CHOICES),
    default="archive",
    show_default=True,
    help="Citation style; 'all' prints every style.",
)
@click.option("--json", "as_json", is_flag=True, help="Every style as one JSON object.")
def cite(public_id: str, style: str, as_json: bool) -> None:
    """Print a document's citation in the archive's style, Chicago, MLA or APA.

    \b
    Examples:
      sourcebook cite 208190
      sourcebook cite 208190 --style chicago
      sourcebook cite 208190 --style all
    """
    runtime.setup()
    from sourcebook.core.cite.csl import citations, style_labels

    from .documents import _lookup

    record = _lookup(public_id).to_record()
    styles = citations(record)
    if as_json:
        click.echo(json.dumps(styles, ensure_ascii=False, indent=2))
    elif style == "all":
        labels = style_labels()
        for key, text in styles.items():
            click.echo(f"{labels[key]}:\n{text}\n")
    else:
        click.echo(styles[style])


@main.command("export-set")
@click.argument("ids", nargs=-1)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["bibtex", "ris", "csl-json"]),
    default="bibtex",
    show_default=True,
)
@click.option("--collection", help="Only documents of this collection (its id/slug).")
@click.option(
    "--from", "date_from", help="Documents dated on or after (1958, 1958-11, 1958-11-03)."
)
@click.option("--to", "date_to", help="Documents dated on or before.")
@click.option("--limit", type=int, default=None, help="At most this many documents.")
@click.option(
    "--output", "-o", type=click.Path(dir_okay=False, writable=True), help="Write to a file."
)
def export_set(
    ids: tuple[str, ...],
    fmt: str,
    collection: str | None,
    date_from: str | None,
    date_to: str | None,
    limit: int | None,
    output: str | None,
) -> None:
    """Export many documents as one BibTeX, RIS or CSL-JSON file.

    Without ids or filters, every document is exported (by date).

    \b
    Examples:
      sourcebook export-set --format ris --from 1958 --to 1959 -o cables.ris
      sourcebook export-set 208190 sample-undated-letter --format csl-json
    """
    runtime.setup()
    from sourcebook.citing.selection import Selection, SelectionError, split_ids
    from sourcebook.core import formats
    from sourcebook.core.cite.exporters import SET_WRITERS

    formats.export_names()
    wanted = split_ids(list(ids)) if ids else None
    selection = Selection(ids=wanted, collection=collection, date_from=date_from, date_to=date_to)
    try:
        records, total = selection.records(limit=limit)
    except SelectionError as exc:
        fail(str(exc))
    if wanted:
        missing = sorted(set(wanted) - {r.id for r in records})
        if missing:
            fail(f"no document with id {', '.join(repr(m) for m in missing)}")
    if not records:
        fail("no documents match")
    write = SET_WRITERS[fmt][0]
    emit(write(records), output)
    click.echo(f"{len(records)} of {total} documents exported as {fmt}", err=True)
