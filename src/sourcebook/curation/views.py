"""The editing page and the source-changes page of a document, for editors only.

Plain forms that work without JavaScript: every field in an input or a textarea, saved through
the editing service (:mod:`sourcebook.archive.editing`). A value the service refuses is shown
next to its field with the reason, and nothing is saved. The form carries the version it was
made from, so an edit on a version that changed meanwhile is refused instead of undoing it.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render

from sourcebook.accounts.access import editors_only
from sourcebook.archive import fields
from sourcebook.archive.editing import (
    accept_source_change,
    dismiss_source_change,
    edit_document,
    target_of,
)
from sourcebook.archive.models import Document, SourceChange
from sourcebook.archive.protection import pending

from . import field_labels
from .diff import word_diff

MULTILINE = {"title", "summary", "citation", "credits", *fields.LISTS}


def _names(record) -> list[str]:
    return [*fields.NAMES, *(f"texts.{n}.body" for n in range(len(record.texts)))]


def _form_rows(doc: Document, record, submitted: dict, errors: dict) -> list[dict]:
    rows = []
    for name in _names(record):
        n = fields.text_index(name)
        text = record.texts[n] if n is not None else None
        rows.append(
            {
                "name": name,
                "id": "f-" + name.replace(".", "-"),
                "label": field_labels.label(name, text),
                "value": submitted.get(name, fields.shown(name, fields.value(record, name))),
                "multiline": n is not None or name in MULTILINE,
                "text": n is not None,
                "list": name in fields.LISTS,
                "markup": bool(text and text.markup),
                "protected": name in (doc.protected or []),
                "error": errors.get(name),
            }
        )
    return rows


def _same(typed: str, stored: str) -> bool:
    """A textarea sends CRLF and may drop trailing space: those are not changes."""
    return typed.replace("\r\n", "\n").rstrip() == stored.rstrip()


@editors_only
def edit(request, public_id: str):
    doc = get_object_or_404(Document, public_id=public_id)
    record = doc.to_record()
    submitted, errors, status = {}, {}, 200
    if request.method == "POST":
        submitted = {n: request.POST.get(n, "") for n in _names(record) if n in request.POST}
        changes = {
            n: v
            for n, v in submitted.items()
            if not _same(v, fields.shown(n, fields.value(record, n)))
        }
        try:
            expected = int(request.POST.get("version", ""))
        except ValueError:
            expected = -1
        try:
            edit_document(
                doc,
                changes,
                request.user.get_username(),
                request.POST.get("note", "").strip(),
                expected_version=expected,
            )
        except ValidationError as exc:
            errors = exc.message_dict if hasattr(exc, "error_dict") else {"": exc.messages}
            status = 400
        else:
            return redirect(doc.get_absolute_url(), permanent=False)
    context = {
        "doc": doc,
        "record": record,
        "rows": _form_rows(doc, record, submitted, errors),
        "errors": errors,
        "general": errors.get(""),
        "note": request.POST.get("note", "") if submitted else "",
        "pending": pending("document", doc.pk).count(),
    }
    return render(request, "curation/edit.html", context, status=status)


@editors_only
def changes(request, public_id: str):
    """One document's source changes."""
    doc = get_object_or_404(Document, public_id=public_id)
    queue = pending("document", doc.pk)
    return _review(request, queue, "curation/changes.html", {"doc": doc, "record": doc.to_record()})


@editors_only
def all_changes(request):
    """Every pending source change: documents, persons and collections."""
    queue = SourceChange.objects.filter(resolution=SourceChange.PENDING).order_by("id")
    return _review(request, queue, "curation/all_changes.html", {})


def _review(request, queue, template: str, context: dict):
    """List ``queue`` with diffs; a POST accepts or dismisses one of it, then lists again."""
    problem = None
    if request.method == "POST":
        change = queue.filter(pk=request.POST.get("change") or 0).first()
        action = request.POST.get("action")
        if change is None or action not in ("accept", "dismiss"):
            problem = "That change is no longer pending; here is the current list."
        else:
            service = accept_source_change if action == "accept" else dismiss_source_change
            try:
                service(change, request.user.get_username())
            except ValidationError as exc:
                problem = " ".join(exc.messages)
            else:
                return redirect(request.path, permanent=False)
    rows = [_row(change) for change in queue[:MAX_LISTED]]
    context = {**context, "rows": rows, "problem": problem, "more": queue.count() > MAX_LISTED}
    return render(request, template, context, status=400 if problem else 200)


MAX_LISTED = 200  # changes shown on one page; the rest follow as these are resolved


def _row(change: SourceChange) -> dict:
    target = target_of(change)
    text = None
    if change.target == "document":
        record = target.to_record()
        current = fields.shown(change.field, fields.value(record, change.field))
        link, name = target.get_absolute_url(), target.public_id
        n = fields.text_index(change.field)
        text = record.texts[n] if n is not None and n < len(record.texts) else None
    else:
        current = str(getattr(target, change.field, "") or "") if target else ""
        base = "persons" if change.target == "agent" else "collections"
        link, name = (f"/{base}/{target.slug}/", target.name) if target else ("", "?")
    theirs = fields.shown(change.field, change.source_value)
    return {
        "change": change,
        "diff": word_diff(current, theirs),
        "field": field_labels.label(change.field, text),
        "target": field_labels.target(change.target),
        "link": link,
        "name": name,
    }
