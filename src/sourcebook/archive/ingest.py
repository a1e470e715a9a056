"""Ingest: source files to documents, all or nothing per file.

Why this shape: a batch of thousands of files must go on past a bad one, and a bad one must never
leave half a record behind. So each file is read and parsed completely *before* the database is
touched, then written in one transaction (documents, texts, apparatus, source bytes, revision,
outbox event). Re-ingesting identical bytes is a no-op; changed bytes make a new version and keep
the old one in :class:`~sourcebook.archive.models.Revision`.

New documents get the status the caller asks for (``draft`` or ``published``, see
:func:`~sourcebook.archive.publication.ingest_status`); re-ingesting never changes an existing
document's status: a withdrawn record stays withdrawn, a draft stays a draft.
"""

from __future__ import annotations

import glob
import hashlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.db import DatabaseError, transaction

from sourcebook.core.errors import RecordError
from sourcebook.core.formats import ParsedSource
from sourcebook.core.loading import (
    OUTSIDE,
    LoadedSource,
    check_unique_ids,
    escapes,
    folder_files,
    glob_root,
    load_source,
    read_limited,
)
from sourcebook.core.record import Record

from . import compression, prefetched
from .bulk import insert_many, insert_returning
from .models import Annotation, Document, IndexEvent, Revision, Source, Text
from .planner_stats import Analyzer
from .protection import keep_protected, note_source_changes
from .publication import ingest_status

ADDED, UPDATED, UNCHANGED, FAILED = "added", "updated", "unchanged", "failed"

# Files written together in one transaction by :func:`ingest_files`: up to BATCH_SIZE files
# and BATCH_BYTES of their bytes. Why the bytes: a batch is held in memory whole, parsed (about
# eight times its bytes), and 200 TEI volumes of a few MB each would need many GB, commit only
# at the end and show no progress until then (bench/RESULTS.md).
BATCH_SIZE = 200
BATCH_BYTES = 16 * 2**20

# Hooks run inside the ingest transaction after the documents are written, for formats that
# bring more than documents (a TEI volume's collection and authority lists).
SOURCE_HOOKS: list = []

# Batch forms of SOURCE_HOOKS (hook → batch hook), for :func:`ingest_files`' batches of new
# files: the batch hook gets every ``(parsed, source, outcomes)`` of a segment of the batch, in
# file order, and must leave the database as the hook called on each of them in turn would
# (linking 200 files with one gazetteer and a few queries, not 200 gazetteers). Hooks without a
# batch form are called per file. See :func:`_run_hooks`.
BATCH_HOOKS: dict = {}

# Hooks run once a whole run of :func:`ingest_files` is written, with every outcome in file
# order: for work that depends on what later files brought (links to a later volume's persons).
RUN_HOOKS: list = []

# Predicates for files a folder walk or glob meets that belong to a record beside them (its
# scans, say) rather than being records themselves: such files are left to the SOURCE_HOOKS.
COMPANION_FILES: list = []


@dataclass
class Outcome:
    path: str
    id: str | None
    status: str
    error: str | None = None
    warnings: list[str] = field(default_factory=list)

    def to_json(self) -> dict:
        data = {"path": self.path, "id": self.id, "status": self.status, "error": self.error}
        if self.warnings:
            data["warnings"] = self.warnings
        return data


@dataclass
class Summary:
    outcomes: list[Outcome] = field(default_factory=list)

    def count(self, status: str) -> int:
        return sum(1 for o in self.outcomes if o.status == status)

    @property
    def failed(self) -> bool:
        return any(o.status == FAILED for o in self.outcomes)


def expand_paths(
    args: Iterable[str], follow_symlinks: bool = False
) -> tuple[list[Path], list[Outcome]]:
    """Files named by ``args`` (files, folders searched recursively, globs), sorted, deduplicated.

    Symlinks in folders that lead out of the folder are refused unless ``follow_symlinks``
    (:func:`~sourcebook.core.loading.folder_files`)."""
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
        root = glob_root(arg) if glob.has_magic(arg) and not follow_symlinks else None
        for path in matches:
            if root is not None and escapes(path, root):
                missing.append(Outcome(str(path), None, FAILED, f"{path}: {OUTSIDE}"))
            elif path.is_dir():
                found, refused = folder_files(path, follow_symlinks)
                files.extend(p for p in found if not _companion(p))
                missing.extend(Outcome(str(p), None, FAILED, f"{p}: {why}") for p, why in refused)
            elif not (glob.has_magic(arg) and _companion(path)):
                files.append(path)
    seen: set[Path] = set()
    unique = []
    for f in files:
        key = f.resolve()
        if key not in seen:
            seen.add(key)
            unique.append(f)
    return unique, missing


def _companion(path: Path) -> bool:
    return any(check(path) for check in COMPANION_FILES)


def read_file(path: Path, max_size: int | None = None) -> bytes:
    return read_limited(path, _limit(max_size))


def _limit(max_size: int | None) -> int:
    return settings.MAX_FILE_SIZE if max_size is None else max_size


def ingest_file(
    path: Path, *, max_size: int | None = None, status: str | None = None
) -> list[Outcome]:
    """Ingest one file; never raises for bad input, reports it as a failed outcome instead."""
    loaded = load_source(path, _limit(max_size), max_annotations=settings.MAX_ANNOTATIONS)
    return _store_one(loaded, status)


def ingest_files(
    paths: Iterable[Path],
    *,
    max_size: int | None = None,
    batch_size: int = BATCH_SIZE,
    batch_bytes: int = BATCH_BYTES,
    status: str | None = None,
) -> Iterator[list[Outcome]]:
    """Ingest many files, yielding each file's outcomes in file order.

    Why batches: one transaction and one INSERT per table for a few hundred new documents is
    several times faster than a transaction per file, and a real import is mostly new
    documents. The guarantees stay those of :func:`ingest_file`: a file is written whole or not
    at all, and a bad file fails alone. If anything in a batch's combined write goes wrong, the
    batch is rolled back and its files are written one by one, so the faulty file is isolated.
    """
    limit = _limit(max_size)
    status = status or ingest_status()
    batch: list[LoadedSource] = []
    done: list[Outcome] = []
    stats = Analyzer()
    held = 0  # the batch's bytes
    for path in paths:
        batch.append(load_source(path, limit, max_annotations=settings.MAX_ANNOTATIONS))
        held += len(batch[-1].data)
        if len(batch) >= batch_size or held >= batch_bytes:
            yield from _collected(_ingest_batch(batch, status), done, stats)
            batch, held = [], 0
    if batch:
        yield from _collected(_ingest_batch(batch, status), done, stats)
    for hook in RUN_HOOKS:
        hook(done)


def _collected(
    results: Iterator[list[Outcome]], done: list[Outcome], stats: Analyzer
) -> Iterator[list[Outcome]]:
    for outcomes in results:
        done.extend(outcomes)
        stats.wrote(sum(o.status in (ADDED, UPDATED) for o in outcomes))
        yield outcomes


def ingest_paths(
    args: Iterable[str],
    *,
    max_size: int | None = None,
    follow_symlinks: bool = False,
    status: str | None = None,
) -> Iterator[Outcome]:
    files, missing = expand_paths(args, follow_symlinks)
    yield from missing
    for outcomes in ingest_files(files, max_size=max_size, status=status):
        yield from outcomes


def _store_one(loaded: LoadedSource, status: str | None = None) -> list[Outcome]:
    if loaded.error is not None:
        return [Outcome(loaded.path, None, FAILED, loaded.error)]
    try:
        return _warned(loaded, store(loaded.parsed, loaded.data, loaded.path, status=status))
    except RecordError as exc:
        err = exc if exc.path else exc.with_path(loaded.path)
        return [Outcome(loaded.path, None, FAILED, err.one_line())]


def _ingest_batch(loaded: list[LoadedSource], status: str) -> Iterator[list[Outcome]]:
    compression.maybe_train()  # from the archive's TRAIN_AT-th source on, packed with it
    good = [item for item in loaded if item.error is None]
    # Documents that exist already (updates, unchanged) or whose id occurs in two files of the
    # batch take the one-by-one path, in file order; only all-new sources are written together.
    seen: dict[str, int] = {}
    for item in good:
        for record in item.parsed.records:
            seen[record.id] = seen.get(record.id, 0) + 1
    existing: dict[str, str | None] = dict(  # public id → sha256 of its source
        Document.objects.filter(public_id__in=list(seen)).values_list("public_id", "source__sha256")
    )
    fresh = [
        item
        for item in good
        if all(r.id not in existing and seen[r.id] == 1 for r in item.parsed.records)
    ]
    results: dict[int, list[Outcome]] = {}
    for item in good:
        if all(existing.get(r.id) == item.sha256 for r in item.parsed.records):
            results[id(item)] = [Outcome(item.path, r.id, UNCHANGED) for r in item.parsed.records]
    if fresh:
        try:
            with transaction.atomic():
                written = _bulk_store(fresh, status)
            results.update(
                {id(item): _warned(item, outs) for item, outs in zip(fresh, written, strict=True)}
            )
        except (DatabaseError, RecordError):
            pass  # rolled back: these files go through the one-by-one path below
    for item in loaded:
        if id(item) in results:
            yield results[id(item)]
        else:
            yield _store_one(item, status)


def _warned(loaded: LoadedSource, outcomes: list[Outcome]) -> list[Outcome]:
    """The reader's warnings on the outcome of the record they are about."""
    for outcome in outcomes:
        if outcome.status != UNCHANGED:
            outcome.warnings[:0] = loaded.warnings.get(outcome.id or "", [])
    return outcomes


def _bulk_store(items: list[LoadedSource], status: str) -> list[list[Outcome]]:
    """Write sources whose documents are all new with one INSERT per table (inside a transaction)."""
    sources = [
        Source.of(item.data, sha256=item.sha256, format=item.parsed.format, path=item.path)
        for item in items
    ]
    insert_returning(Source, sources)
    for source in sources:  # the hooks read what was written from here, not the database
        prefetched.keep(source, "documents", [])
    documents: list[tuple[Document, Record, Source]] = []
    for item, source in zip(items, sources, strict=True):
        for record in item.parsed.records:
            doc = Document(version=1, source=source, status=status)
            doc.apply_record(record)
            documents.append((doc, record, source))
    insert_returning(Document, [d for d, _, _ in documents])
    texts: list[tuple[Text, object]] = []
    for doc, record, source in documents:
        rows = [_text_row(doc, position, text) for position, text in enumerate(record.texts)]
        prefetched.keep(doc, "texts", rows)
        prefetched.held(source, "documents").append(doc)
        texts.extend(zip(rows, record.texts, strict=True))
    insert_returning(Text, [row for row, _ in texts])
    for row, text in texts:  # with the texts' ids now
        prefetched.keep(row, "annotations", _annotation_rows(row, text))
    insert_many(
        Annotation, [ann for row, _ in texts for ann in prefetched.held(row, "annotations")]
    )
    insert_many(
        Revision,
        [
            Revision(document=doc, version=1, data=record.to_json(), source=source, reason="ingest")
            for doc, record, source in documents
        ],
    )
    insert_many(
        IndexEvent,
        [IndexEvent(public_id=doc.public_id, action=IndexEvent.UPSERT) for doc, _, _ in documents],
    )
    written = [
        (item.parsed, source, [Outcome(item.path, r.id, ADDED) for r in item.parsed.records])
        for item, source in zip(items, sources, strict=True)
    ]
    for segment in _segments(written):
        _run_hooks(segment)
    return [outcomes for _, _, outcomes in written]


def written_documents(items: list[tuple]) -> dict[str, Document] | None:
    """The documents of a batch hook's ``(parsed, source, outcomes)`` by public id, as
    :func:`_bulk_store` wrote them (texts and their apparatus held on them, see
    :mod:`.prefetched`), or None when a file's are not held: the hook then reads them back.

    Why: linking and replies read every text of a batch; reading them back from the database
    and unpacking them again was a seventh of an ingest's time."""
    found: dict[str, Document] = {}
    for _, source, _ in items:
        docs = prefetched.held(source, "documents")
        if docs is None:
            return None
        found.update((d.public_id, d) for d in docs)
    return found


def _segments(written: list[tuple]) -> Iterator[list[tuple]]:
    """The batch cut before each file that brings a collection (a volume with its persons).

    Why: per file, a file's hooks all run before the next file's; a batch hook runs for many
    files at once. A volume's authorities change what earlier files' documents link to, so
    the files before a volume have their hooks run before the volume's are."""
    start = 0
    for n, (parsed, _, _) in enumerate(written):
        if n > start and parsed.collection:
            yield written[start:n]
            start = n
    if written:
        yield written[start:]


def _run_hooks(segment: list[tuple]) -> None:
    """Each SOURCE_HOOK in turn for the segment's files: its batch form once, else per file."""
    for hook in SOURCE_HOOKS:
        batch = BATCH_HOOKS.get(hook)
        if batch is not None:
            batch(segment)
        else:
            for parsed, source, outcomes in segment:
                hook(parsed, source, outcomes)


def store(
    parsed: ParsedSource, data: bytes, path: str, *, status: str | None = None
) -> list[Outcome]:
    """Write a parsed source in one transaction; returns one outcome per record.

    ``status`` is that of new documents (default: ``SOURCEBOOK_DEFAULT_STATUS``)."""
    status = status or ingest_status()
    digest = hashlib.sha256(data).hexdigest()
    ids = [r.id for r in parsed.records]
    check_unique_ids(parsed, path)
    outcomes: list[Outcome] = []
    with transaction.atomic():
        existing = {
            d.public_id: d
            for d in Document.objects.select_related("source").filter(public_id__in=ids)
        }
        source: Source | None = None
        for record in parsed.records:
            doc = existing.get(record.id)
            if doc is not None and doc.source is not None and doc.source.sha256 == digest:
                outcomes.append(Outcome(path, record.id, UNCHANGED))
                continue
            if source is None:
                source = Source.of(data, sha256=digest, format=parsed.format, path=path)
                source.save()
            save_record(record, source=source, document=doc, reason="ingest", status=status)
            outcomes.append(Outcome(path, record.id, ADDED if doc is None else UPDATED))
        for hook in SOURCE_HOOKS:
            hook(parsed, source, outcomes)
    return outcomes


def save_record(
    record: Record,
    *,
    source: Source | None,
    document: Document | None = None,
    reason: str = "edit",
    status: str | None = None,
) -> Document:
    """Create or replace a document from a record, keeping the previous version as a revision.

    ``status`` applies to a new document only: a change never publishes, withdraws or
    reinstates (that is :mod:`~sourcebook.archive.publication`'s work). Fields an editor
    protected keep the editor's value; where the source says otherwise, a source change is
    recorded for review (:mod:`sourcebook.archive.protection`). Must run inside a transaction
    (the caller's), so the outbox event commits with the change.
    """
    differing = []
    if document is None:
        document = Document(status=status or ingest_status())
    elif document.protected:
        record, differing = keep_protected(record, document.to_record(), document.protected)
    write_version(document, record, source=source, reason=reason)
    note_source_changes("document", document.pk, differing, source)
    return document


def write_version(
    document: Document,
    record: Record,
    *,
    source: Source | None,
    reason: str,
    author: str = "import",
    note: str = "",
) -> None:
    """Store ``record`` as the next version of ``document``: fields, texts, apparatus, revision
    and outbox event (the one writer for ingest and edits alike; inside the caller's
    transaction)."""
    version = 1 if document.pk is None else document.version + 1
    document.apply_record(record)
    document.version = version
    if source is not None:
        document.source = source
    document.save()
    if version > 1:
        document.texts.all().delete()
    annotations = []
    for position, text in enumerate(record.texts):
        row = _text_row(document, position, text)
        row.save()
        annotations.extend(_annotation_rows(row, text))
    Annotation.objects.bulk_create(annotations, batch_size=500)
    Revision.objects.create(
        document=document,
        version=version,
        data=record.to_json(),
        source=source,
        reason=reason,
        author=author,
        note=note,
    )
    IndexEvent.objects.create(public_id=document.public_id, action=IndexEvent.UPSERT)


def _text_row(document: Document, position: int, text) -> Text:
    return Text(
        document=document,
        position=position,
        kind=text.kind,
        language=text.language,
        label=text.label,
        body=text.body,
        markup=text.markup,
        markup_format=text.markup_format,
    )


def _annotation_rows(row: Text, text) -> list[Annotation]:
    return [
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
        for k, ann in enumerate(text.annotations)
    ]
