"""Stored versions of a document as records: what the history pages, the version API and
version-pinned exports read.

Why records from ``Revision.data``: every revision keeps the whole record JSON of its version, so
an old version is shown, cited and exported by the same code as the current one, with
:class:`~sourcebook.core.record.CitedVersion` telling the citation formats which version it is.
"""

from __future__ import annotations

from django.utils import timezone

from sourcebook.core.record import CitedVersion, Record

from .models import Document, Revision


def version_path(public_id: str, number: int) -> str:
    """The version-pinned page of a document: ``/documents/<id>/v/<n>/``."""
    return f"/documents/{public_id}/v/{number}/"


# The largest number the version column holds on every database; a URL may say more.
MAX_VERSION = 2**31 - 1


def get_revision(doc: Document, number: int) -> Revision | None:
    """Version ``number`` of ``doc``; None when there is none (a number beyond the column's range
    would make the database raise instead of finding nothing)."""
    if not 0 < number <= MAX_VERSION:
        return None
    return Revision.objects.filter(document=doc, version=number).first()


def parse_number(value: str | None) -> int | None:
    """A version number from a URL or query string; None when it is not a positive integer."""
    if value is None or not value.isascii() or not value.isdigit() or len(value) > 9:
        return None
    number = int(value)
    return number if number > 0 else None


def revision_record(revision: Revision, url: str | None = None) -> Record:
    """The record as it was at ``revision``, citing that version (``url``: its pinned page)."""
    record = Record.from_json(revision.data)
    day = timezone.localdate(revision.created_at)  # the day the pages show for it
    record.cited_version = CitedVersion(revision.version, day, url)
    return record


def history_rows(doc: Document):
    """The document's revisions, newest first, without their record JSON (which can be
    megabytes each): what a history listing needs."""
    return (
        Revision.objects.filter(document=doc)
        .select_related("source")
        .defer("snapshot", "source__data")
        .order_by("-version")
    )


def author_label(revision: Revision) -> str:
    """Who made a version: the editor's name, or "Import" with the file it came from.

    Admin edits made before versions had an author were stored as ``author="import"`` with
    ``reason="edit by NAME"``: the name is taken from the reason for those."""
    if revision.author and revision.author != "import":
        return revision.author
    if revision.reason.startswith("edit by "):
        return revision.reason.removeprefix("edit by ")
    if revision.source is not None:
        name = revision.source.path.replace("\\", "/").rsplit("/", 1)[-1]
        return f"Import ({name})"
    return "Import"


def note_text(revision: Revision) -> str:
    """The version's note; rows made before notes existed say why in ``reason``."""
    return revision.note or revision.reason
