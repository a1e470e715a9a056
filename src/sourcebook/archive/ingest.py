"""Ingest: source files to documents, all or nothing per file.

Why this shape: a batch of thousands of files must go on past a bad one, and a bad one must never
leave half a record behind. So each file is read and parsed completely *before* the database is
touched, then written in one transaction (documents, texts, apparatus, source bytes, revision,
outbox event). Re-ingesting identical bytes is a no-op; changed bytes make a new version and keep
the old one in :class:`~sourcebook.archive.models.Revision`.
"""

from __future__ import annotations

import glob
import hashlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.db import transaction

from sourcebook.core.errors import RecordError
from sourcebook.core.formats import ParsedSource, read_source
from sourcebook.core.record import Record

from .models import Annotation, Document, IndexEvent, Revision, Source, Text

ADDED, UPDATED, UNCHANGED, FAILED = "added", "updated", "unchanged", "failed"

# Hooks run inside the ingest transaction after the documents are written, for formats that
# bring more than documents (a TEI volume's collection and authority lists).
SOURCE_HOOKS: list = []


@dataclass
class Outcome:
    path: str
    id: str | None
    status: str
    error: str | None = None

    def to_json(self) -> dict:
        return {"path": self.path, "id": self.id, "status": self.status, "error": self.error}


@dataclass
class Summary:
    outcomes: list[Outcome] = field(default_factory=list)

    def count(self, status: str) -> int:
        return sum(1 for o in self.outcomes if o.status == status)

    @property
    def failed(self) -> bool:
        return any(o.status == FAILED for o in self.outcomes)


def expand_paths(args: Iterable[str]) -> tuple[list[Path], list[Outcome]]:
    """Files named by ``args`` (files, folders searched recursively, globs), sorted, deduplicated."""
    files: list[Path] = []
    missing: list[Outcome] = []
    for arg in args:
        matches = (
            [Path(p) for p in glob.glob(arg, recursive=True)]
            if glob.has_magic(arg)
            else [Path(arg)]
        )
        if not matches or not all(p.exists() for p in matches):
            missing.append(Outcome(arg, None, FAILED, f"{arg}: no such file or folder"))
            continue
        for path in matches:
            if path.is_dir():
                files.extend(
                    sorted(
                        p
                        for p in path.rglob("*")
                        if p.is_file()
                        and not any(part.startswith(".") for part in p.relative_to(path).parts)
                    )
                )
            else:
                files.append(path)
    seen: set[Path] = set()
    unique = []
    for f in files:
        key = f.resolve()
        if key not in seen:
            seen.add(key)
            unique.append(f)
    return unique, missing


def read_file(path: Path, max_size: int | None = None) -> bytes:
    limit = settings.MAX_FILE_SIZE if max_size is None else max_size
    size = path.stat().st_size
    if size > limit:
        raise RecordError(
            f"file is {size:,} bytes, over the limit of {limit:,} "
            "(raise it with --max-size or SOURCEBOOK_MAX_FILE_SIZE)",
            path=str(path),
        )
    with path.open("rb") as fh:
        data = fh.read(limit + 1)
    if len(data) > limit:  # grew while we looked
        raise RecordError(f"file is over the limit of {limit:,} bytes", path=str(path))
    return data


def ingest_file(path: Path, *, max_size: int | None = None) -> list[Outcome]:
    """Ingest one file; never raises for bad input, reports it as a failed outcome instead."""
    label = str(path)
    try:
        data = read_file(path, max_size)
        parsed = read_source(data, label)
        if not parsed.records:
            raise RecordError("no documents found in this file", path=label)
        return store(parsed, data, label)
    except RecordError as exc:
        err = exc if exc.path else exc.with_path(label)
        return [Outcome(label, None, FAILED, err.one_line())]
    except OSError as exc:
        return [Outcome(label, None, FAILED, f"{label}: cannot read: {exc.strerror or exc}")]


def ingest_paths(args: Iterable[str], *, max_size: int | None = None) -> Iterator[Outcome]:
    files, missing = expand_paths(args)
    yield from missing
    for path in files:
        yield from ingest_file(path, max_size=max_size)


def store(parsed: ParsedSource, data: bytes, path: str) -> list[Outcome]:
    """Write a parsed source in one transaction; returns one outcome per record."""
    digest = hashlib.sha256(data).hexdigest()
    ids = [r.id for r in parsed.records]
    if len(set(ids)) != len(ids):
        dupes = sorted({i for i in ids if ids.count(i) > 1})
        raise RecordError(f"the file holds two documents with the id {dupes[0]!r}", path=path)
    outcomes: list[Outcome] = []
    with transaction.atomic():
        existing = {
            d.public_id: d
            for d in Document.objects.select_related("source").filter(public_id__in=ids)
        }
        source: Source | None = None
        for record in parsed.records:
            doc = existing.get(record.id)
            if (
                doc is not None
                and doc.source is not None
                and doc.source.sha256 == digest
                and doc.deleted_at is None
            ):
                outcomes.append(Outcome(path, record.id, UNCHANGED))
                continue
            if source is None:
                source = Source.objects.create(
                    sha256=digest, format=parsed.format, path=path, size=len(data), data=data
                )
            status = ADDED if doc is None else UPDATED
            save_record(record, source=source, document=doc, reason="ingest")
            outcomes.append(Outcome(path, record.id, status))
        for hook in SOURCE_HOOKS:
            hook(parsed, source, outcomes)
    return outcomes


def save_record(
    record: Record, *, source: Source | None, document: Document | None = None, reason: str = "edit"
) -> Document:
    """Create or replace a document from a record, keeping the previous version as a revision.

    Must run inside a transaction (the caller's), so the outbox event commits with the change.
    """
    if document is None:
        document = Document()
        version = 1
    else:
        version = document.version + 1
        document.deleted_at = None
    document.apply_record(record)
    document.version = version
    if source is not None:
        document.source = source
    document.save()
    document.texts.all().delete()
    annotations = []
    for position, text in enumerate(record.texts):
        row = Text.objects.create(
            document=document,
            position=position,
            kind=text.kind,
            language=text.language,
            label=text.label,
            body=text.body,
            markup=text.markup,
            markup_format=text.markup_format,
        )
        for k, ann in enumerate(text.annotations):
            annotations.append(
                Annotation(
                    text=row,
                    position=k,
                    type=ann.type,
                    start=ann.start,
                    end=ann.end,
                    verbatim=ann.text,
                    content=ann.content,
                    place=ann.place,
                    target_start=ann.target_start,
                    target_end=ann.target_end,
                    attrs=ann.attrs,
                )
            )
    Annotation.objects.bulk_create(annotations, batch_size=500)
    Revision.objects.create(
        document=document, version=version, data=record.to_json(), source=source, reason=reason
    )
    IndexEvent.objects.create(public_id=document.public_id, action=IndexEvent.UPSERT)
    return document
