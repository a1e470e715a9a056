"""edit, changes: scripted corrections and the review of source changes, through the editing
service (the same checks, versions and audit entries as the editing page)."""

from __future__ import annotations

import getpass
import json
from pathlib import Path

import click

from sourcebook import runtime

from .main import fail, main


def _actor(name: str | None) -> str:
    if name:
        return name
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "cli"


def _pairs(sets: tuple[str, ...], files: tuple[str, ...]) -> dict[str, str]:
    changes: dict[str, str] = {}
    for item in sets:
        name, sep, value = item.partition("=")
        if not sep or not name.strip():
            fail(f"--set {item!r}: write it as FIELD=VALUE (e.g. --set title='A new title')")
        changes[name.strip()] = value
    for item in files:
        name, sep, path = item.partition("=")
        if not sep:
            fail(f"--set-file {item!r}: write it as FIELD=PATH (e.g. texts.0.body=fixed.txt)")
        try:
            changes[name.strip()] = Path(path).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            fail(f"--set-file {name}: cannot read {path}: {exc}")
    if not changes:
        fail("nothing to change: give --set FIELD=VALUE (or --set-file FIELD=PATH)")
    return changes


@main.command()
@click.argument("public_ids", nargs=-1, required=True)
@click.option("--set", "sets", multiple=True, metavar="FIELD=VALUE", help="A field's new value.")
@click.option(
    "--set-file", "files", multiple=True, metavar="FIELD=PATH", help="A value read from a file."
)
@click.option("--note", required=True, help="Why: kept with the new version and in the log.")
@click.option("--as", "actor", default=None, help="Editor's name (default: your user name).")
def edit(
    public_ids: tuple[str, ...],
    sets: tuple[str, ...],
    files: tuple[str, ...],
    note: str,
    actor: str | None,
) -> None:
    """Correct fields of one or more documents: each changed document gets a new version, and
    the changed fields are kept when the source is ingested again.

    Fields: title, date, doc_type, summary, citation, permalink, archive, repository,
    reference, locator, translators, credits, funders, original_language, languages (lists:
    items separated by ';'), texts.N.body (the N-th text, from 0; its apparatus is read again).
    Every value is checked first: one bad value and nothing changes.

    \b
    Examples:
      sourcebook edit 208190 --set title="Cable, Chinese Embassy in the DPRK" --note "Name"
      sourcebook edit 208190 208191 --set repository="PRC FMA" --note "Repository name"
      sourcebook edit 208190 --set-file texts.0.body=fixed.txt --note "Typo in para 3"
    """
    runtime.setup()
    from django.core.exceptions import ValidationError
    from django.db import transaction

    from sourcebook.archive.editing import check_changes, edit_document, one_line
    from sourcebook.archive.models import Document

    changes = _pairs(sets, files)
    docs = []
    for public_id in dict.fromkeys(public_ids):
        doc = Document.objects.filter(public_id=public_id).first()
        if doc is None:
            fail(f"no document with id {public_id!r} (list them with: sourcebook show --list)")
        try:
            check_changes(doc, changes)
        except ValidationError as exc:
            fail(f"{public_id}: {one_line(exc)}")
        docs.append(doc)
    who = _actor(actor)
    with transaction.atomic():
        for doc in docs:
            before = doc.version
            doc = edit_document(doc, changes, who, note)
            state = f"version {doc.version}" if doc.version != before else "unchanged"
            click.echo(f"{doc.public_id}\t{state}")


@main.command()
@click.argument("args", nargs=-1)
@click.option("--as", "actor", default=None, help="Editor's name (default: your user name).")
@click.option("--json", "as_json", is_flag=True, help="The pending changes as JSON.")
def changes(args: tuple[str, ...], actor: str | None, as_json: bool) -> None:
    """Source changes to review: values a re-ingested source gives for fields an editor
    protected (documents; persons and collections from volume re-imports).

    Accepting applies the source's value (a new version) and the field follows the source
    again; dismissing keeps the editor's value.

    \b
    Usage:
      sourcebook changes              every pending change
      sourcebook changes ID           the pending changes of document ID
      sourcebook changes accept N     apply change N
      sourcebook changes dismiss N    keep the editor's value
    """
    runtime.setup()
    if args and args[0] in ("accept", "dismiss"):
        if len(args) != 2 or not args[1].isdigit():
            fail(f"usage: sourcebook changes {args[0]} CHANGE_NUMBER (see: sourcebook changes)")
        _resolve(args[0], int(args[1]), _actor(actor))
        return
    if len(args) > 1:
        fail("usage: sourcebook changes [ID] | accept N | dismiss N")
    _list(args[0] if args else None, as_json)


def _list(public_id: str | None, as_json: bool) -> None:
    from sourcebook.archive.editing import target_of
    from sourcebook.archive.fields import shown
    from sourcebook.archive.models import Document, SourceChange

    rows = SourceChange.objects.filter(resolution=SourceChange.PENDING).order_by("id")
    if public_id is not None:
        doc = Document.objects.filter(public_id=public_id).first()
        if doc is None:
            fail(f"no document with id {public_id!r} (list them with: sourcebook show --list)")
        rows = rows.filter(target="document", target_id=doc.pk)
    out = []
    for change in rows:
        target = target_of(change)
        name = getattr(target, "public_id", None) or getattr(target, "slug", "?")
        out.append((change, name))
    if as_json:
        click.echo(
            json.dumps(
                [
                    {
                        "change": c.pk,
                        "target": c.target,
                        "id": name,
                        "field": c.field,
                        "source_value": c.source_value,
                        "current_value": c.current_value,
                        "created_at": c.created_at.isoformat(),
                    }
                    for c, name in out
                ],
                ensure_ascii=False,
                indent=2,
            )
        )
        return
    for c, name in out:
        value = shown(c.field, c.source_value).replace("\n", " ")
        value = value if len(value) <= 80 else value[:79] + "…"
        click.echo(f"{c.pk}\t{c.target} {name}\t{c.field}\t{value}")
    if not out:
        click.echo("no source changes to review", err=True)


def _resolve(action: str, number: int, actor: str) -> None:
    from django.core.exceptions import ValidationError

    from sourcebook.archive.editing import accept_source_change, dismiss_source_change, one_line
    from sourcebook.archive.models import SourceChange

    change = SourceChange.objects.filter(pk=number).first()
    if change is None:
        fail(f"no source change {number} (list them with: sourcebook changes)")
    service = accept_source_change if action == "accept" else dismiss_source_change
    try:
        change = service(change, actor)
    except ValidationError as exc:
        fail(one_line(exc))
    click.echo(f"{change.pk}\t{change.resolution}\t{change.field}")
