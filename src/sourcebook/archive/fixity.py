"""Fixity: every stored source still unpacks to the exact bytes its SHA-256 names.

Why here and streamed: the sources are the archive's originals, now kept compressed
(:mod:`sourcebook.core.packing`); ``sourcebook check`` proves on demand that every one of them
still gives back the bytes that were ingested. Rows are read in id order in batches bounded by
count and by bytes (a TEI volume can be megabytes), so memory stays bounded at any size.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from .models import Source

BATCH_ROWS = 500
BATCH_BYTES = 32 * 1024 * 1024
SAMPLE = 1000  # damaged sources listed by name; all are counted


@dataclass
class Fixity:
    checked: int = 0
    damaged_count: int = 0
    damaged: list[dict] = field(default_factory=list)

    def to_json(self) -> dict:
        return {"checked": self.checked, "damaged": self.damaged_count, "sample": self.damaged}


def _batches() -> Iterator[list[int]]:
    """Source ids in batches of at most BATCH_ROWS rows or about BATCH_BYTES stored bytes."""
    last, batch, size = 0, [], 0
    while True:
        page = list(
            Source.objects.filter(pk__gt=last).order_by("pk").values_list("pk", "size")[:5000]
        )
        if not page:
            break
        for pk, n in page:
            batch.append(pk)
            size += n
            if len(batch) >= BATCH_ROWS or size >= BATCH_BYTES:
                yield batch
                batch, size = [], 0
        last = page[-1][0]
    if batch:
        yield batch


def verify_sources(progress: Callable[[int], None] | None = None) -> Fixity:
    """Unpack every source and compare its size and SHA-256 with those recorded at ingest."""
    report = Fixity()
    for ids in _batches():
        for source in Source.objects.filter(pk__in=ids).order_by("pk"):
            report.checked += 1
            problem = source.verify()
            if problem is not None:
                report.damaged_count += 1
                if len(report.damaged) < SAMPLE:
                    report.damaged.append(
                        {"sha256": source.sha256, "path": source.path, "problem": problem}
                    )
        if progress is not None:
            progress(report.checked)
    return report


def verify_dictionaries() -> dict:
    """Every packing dictionary read and checked against its SHA-256: the values packed with
    one cannot be read without it (:mod:`.compression`)."""
    from sourcebook.core.packing import PackingError

    from . import compression
    from .models import PackingDictionary

    ids = list(PackingDictionary.objects.order_by("pk").values_list("pk", flat=True))
    damaged = []
    for ident in ids:
        try:
            compression.load(ident)
        except PackingError as exc:
            damaged.append({"id": ident, "problem": str(exc)})
    return {"checked": len(ids), "damaged": damaged}
