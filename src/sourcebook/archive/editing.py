"""The one way an editor changes a document, and reviews what a re-ingested source says.

Used alike by the editing page, ``sourcebook edit``, ``sourcebook changes`` and the admin. An
edit is checked whole before anything is written (:mod:`sourcebook.archive.fields`), then in
one transaction: the next version (revision with author and note), the changed fields made
protected (re-ingest keeps them), an outbox event and an audit entry.

Accepting a source change applies the source's value as an edit and *unprotects* the field:
the editor agreed with the source, so the field follows the source again on later re-ingests.
Dismissing keeps the editor's value; the same source value is not proposed again.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from sourcebook.audit.log import record as audit

from . import fields
from .ingest import write_version
from .models import Agent, Collection, Document, IndexEvent, SourceChange

ACCEPTED_NOTE = "accepted source change"
MAX_NOTE = 2000  # characters of a version note
# Authority fields editors may change and a volume re-import respects (model field names).
AUTHORITY_FIELDS = ("name", "description")
AUTHORITY_MODELS = {"agent": Agent, "collection": Collection}
# Functions called with the edited document inside the edit's transaction, after the new
# version is written (the linker registers one: an edited text may name other people).
EDIT_HOOKS: list = []


class EditConflict(ValidationError):
    """The document changed since the editor opened it; their edit would undo that change."""


def one_line(error: ValidationError) -> str:
    """``field: reason; field: reason`` for the CLI and logs."""
    if hasattr(error, "error_dict"):
        return "; ".join(
            f"{name}: {' '.join(m for e in errs for m in e.messages)}"
            for name, errs in error.error_dict.items()
        )
    return " ".join(error.messages)


def check_changes(doc: Document, changes: dict[str, Any]) -> dict[str, Any]:
    """The changes that change something, in their stored form; ``ValidationError`` (one message
    per field) when any is not acceptable. Writes nothing."""
    current = doc.to_record()
    values, errors = {}, {}
    for name, raw in changes.items():
        try:
            value = fields.normalize(current, name, raw)
        except ValueError as exc:
            errors[name] = str(exc)
            continue
        now = fields.value(current, name)
        if name == "date" and isinstance(raw, str) and raw.strip() == now.get("text", ""):
            continue  # the same words: keep the date as the source dated it
        if value != now:
            values[name] = value
    if errors:
        raise ValidationError(errors)
    return values


def edit_document(
    doc: Document,
    changes: dict[str, Any],
    author: str,
    note: str = "",
    *,
    expected_version: int | None = None,
    protect: bool = True,
) -> Document:
    """Apply ``changes`` ({field: value}) as a new version by ``author``; returns the document.

    Nothing is written when no value changes. ``expected_version`` (the version the editor
    saw) refuses an edit made on a version that is no longer current.
    """
    values = check_changes(doc, changes)
    if len(note) > MAX_NOTE:
        raise ValidationError({"note": f"{len(note):,} characters, over {MAX_NOTE:,}"})
    if not values:
        return doc
    with transaction.atomic():
        locked = Document.objects.select_for_update().get(pk=doc.pk)
        if expected_version is not None and locked.version != expected_version:
            raise EditConflict(
                f"this document changed since you opened it (now version {locked.version}); "
                "reload the page and make your change again"
            )
        record = locked.to_record()
        before = {name: fields.value(record, name) for name in values}
        for name, value in values.items():
            fields.put(record, name, value)
        protected = set(locked.protected or [])
        protected = protected | set(values) if protect else protected - set(values)
        locked.protected = sorted(protected)
        write_version(locked, record, source=None, reason="edit", author=author, note=note)
        for hook in EDIT_HOOKS:
            hook(locked)
        audit(author, "edit", "document", locked.public_id, before=before, after=values, note=note)
    return locked


def edit_authority(obj, changes: dict[str, str], author: str, note: str = "", protect=True):
    """Change an agent's or collection's name or description; the documents linked to it are
    re-indexed (their index entries carry its names)."""
    target = _target_name(obj)
    values = {k: v for k, v in changes.items() if getattr(obj, k) != v}
    unknown = sorted(set(values) - set(AUTHORITY_FIELDS))
    if unknown:
        raise ValidationError(
            {unknown[0]: f"not editable; editable: {', '.join(AUTHORITY_FIELDS)}"}
        )
    if "name" in values and not str(values["name"]).strip():
        raise ValidationError({"name": "the name cannot be empty"})
    if not values:
        return obj
    with transaction.atomic():
        locked = type(obj).objects.select_for_update().get(pk=obj.pk)
        before = {k: getattr(locked, k) for k in values}
        for key, value in values.items():
            setattr(locked, key, value[:500] if key == "name" else value)
        protected = set(locked.protected or [])
        locked.protected = sorted(protected | set(values) if protect else protected - set(values))
        locked.save()
        IndexEvent.upsert_all(locked.documents.values_list("public_id", flat=True))
        audit(author, "edit", target, locked.slug, before=before, after=values, note=note)
    return locked


def _target_name(obj) -> str:
    for name, model in AUTHORITY_MODELS.items():
        if isinstance(obj, model):
            return name
    raise TypeError(f"source changes are not kept for {type(obj).__name__}")


def target_of(change: SourceChange):
    """The document, agent or collection a change is about (None if it is gone)."""
    model = Document if change.target == "document" else AUTHORITY_MODELS.get(change.target)
    return model.objects.filter(pk=change.target_id).first() if model else None


def accept_source_change(change: SourceChange, actor: str) -> SourceChange:
    """Apply the source's value (a new version by ``actor``) and unprotect the field."""
    with transaction.atomic():
        change = _pending(change)
        target = target_of(change)
        if target is None:
            raise ValidationError("the record this change is about no longer exists")
        if change.target == "document":
            edit_document(
                target, {change.field: change.source_value}, actor, ACCEPTED_NOTE, protect=False
            )
            target.refresh_from_db()
            _unprotect(target, change.field)
        else:
            edit_authority(
                target, {change.field: change.source_value or ""}, actor, ACCEPTED_NOTE, False
            )
            target.refresh_from_db()
            _unprotect(target, change.field)
        return _resolve(change, SourceChange.ACCEPTED, actor)


def dismiss_source_change(change: SourceChange, actor: str) -> SourceChange:
    """Keep the editor's value; the field stays protected."""
    with transaction.atomic():
        return _resolve(_pending(change), SourceChange.DISMISSED, actor)


def _pending(change: SourceChange) -> SourceChange:
    locked = SourceChange.objects.select_for_update().get(pk=change.pk)
    if locked.resolution != SourceChange.PENDING:
        raise ValidationError(
            f"source change {locked.pk} was already {locked.resolution} by {locked.resolved_by}"
        )
    return locked


def _unprotect(target, name: str) -> None:
    if name in (target.protected or []):
        target.protected = [p for p in target.protected if p != name]
        type(target).objects.filter(pk=target.pk).update(protected=target.protected)


def _resolve(change: SourceChange, resolution: str, actor: str) -> SourceChange:
    change.resolution, change.resolved_by, change.resolved_at = resolution, actor, timezone.now()
    change.save(update_fields=["resolution", "resolved_by", "resolved_at"])
    target = target_of(change)
    audit(
        actor,
        f"{'accept' if resolution == SourceChange.ACCEPTED else 'dismiss'}-source-change",
        change.target,
        getattr(target, "public_id", None) or getattr(target, "slug", change.target_id),
        before={change.field: change.current_value},
        after={change.field: change.source_value},
        note=f"source change {change.pk}",
    )
    return change
