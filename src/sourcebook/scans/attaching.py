"""Attaching scans to a document: ``sourcebook attach`` and the ingest hook both come here.

All or nothing: every file is read and probed (:func:`sourcebook.core.scanfiles.probe`) before
anything is written; then the originals are written under their SHA-256 (atomically, so a file
in place is always complete) and the rows (scans, pages, a derive job) in one transaction. A bad
file anywhere in the call raises :class:`RecordError` with one line and nothing is kept.
"""

from __future__ import annotations

import glob
import hashlib
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.db.models import Max

from sourcebook.archive.models import Document, IndexEvent
from sourcebook.core import scanfiles
from sourcebook.core.errors import RecordError
from sourcebook.core.loading import read_limited

from . import storage
from .models import Page, Scan


@dataclass
class Attached:
    filename: str
    sha256: str
    pages: int
    new: bool  # False when the same bytes were attached to this document before


def read_scans(paths: list[Path]) -> list[tuple[str, bytes]]:
    """The bytes of each file (bounded by ``SOURCEBOOK_MAX_SCAN_SIZE``), in order."""
    out = []
    for path in paths:
        if not scanfiles.is_scan_name(path):
            raise RecordError(
                "not a scan: attach takes .pdf, .tif, .tiff, .jpg, .jpeg and .png files",
                path=str(path),
            )
        try:
            out.append((str(path), read_limited(path, settings.SOURCEBOOK_MAX_SCAN_SIZE)))
        except FileNotFoundError:
            raise RecordError("no such file", path=str(path)) from None
        except OSError as exc:
            raise RecordError(f"cannot read: {exc.strerror or exc}", path=str(path)) from None
    return out


def attach(document: Document, files: list[tuple[str, bytes]]) -> list[Attached]:
    """Attach ``files`` (name, bytes) to ``document`` as its next pages; see the module doc."""
    limits = storage.scan_limits()
    probed = []
    for name, data in files:
        probed.append(
            (name, data, hashlib.sha256(data).hexdigest(), scanfiles.probe(data, name, limits))
        )
    for _, data, digest, _ in probed:
        target = storage.original(digest)
        if not target.exists():
            scanfiles.write_atomic(data, target)
    results = []
    with transaction.atomic():
        existing = set(Scan.objects.filter(document=document).values_list("sha256", flat=True))
        position = Scan.objects.filter(document=document).aggregate(m=Max("position"))["m"] or 0
        number = Page.objects.filter(document=document).aggregate(m=Max("number"))["m"] or 0
        total = sum(len(p.sizes) for _, _, d, p in probed if d not in existing)
        if number + total > limits.max_pages:
            raise RecordError(
                f"the document would have {number + total:,} scan pages, over the limit of "
                f"{limits.max_pages:,} (SOURCEBOOK_MAX_SCAN_PAGES)",
                path=probed[0][0],
            )
        for name, data, digest, info in probed:
            if digest in existing:
                results.append(Attached(name, digest, len(info.sizes), new=False))
                continue
            existing.add(digest)
            position += 1
            scan = Scan.objects.create(
                document=document,
                position=position,
                sha256=digest,
                kind=info.kind,
                media_type=info.media_type,
                filename=Path(name).name,
                size=len(data),
            )
            Page.objects.bulk_create(
                Page(
                    document=document, scan=scan, number=number + i + 1, index=i, width=w, height=h
                )
                for i, (w, h) in enumerate(info.sizes)
            )
            number += len(info.sizes)
            from .jobs import create_job

            create_job("derive", document, scan, total=len(info.sizes))
            results.append(Attached(name, digest, len(info.sizes), new=True))
        if any(r.new for r in results):
            # The index learns the document has a scan (facet "Available: Scan").
            IndexEvent.objects.create(public_id=document.public_id, action=IndexEvent.UPSERT)
    return results


def scans_beside(source_path: str) -> list[Path]:
    """Scans that sit next to a record file: ``208190.pdf`` (or .tif, .jpg, .png) beside
    ``208190.txt``, and the page images in a folder ``208190/``, in name order."""
    path = Path(source_path)
    found = [
        path.with_suffix(suffix)
        for suffix in scanfiles.SUFFIXES
        if path.with_suffix(suffix).is_file()
    ]
    folder = path.with_suffix("")
    if folder.is_dir() and not folder.is_symlink():
        found.extend(
            p
            for p in sorted(folder.iterdir())
            if p.is_file()
            and not p.is_symlink()
            and not p.name.startswith(".")
            and scanfiles.is_scan_name(p)
        )
    return found


def is_companion(path: Path) -> bool:
    """Whether a file met in a folder walk is a scan of a record beside it (not a record to
    ingest): ``x.pdf`` beside ``x.txt``, or ``x/page1.png`` beside ``x.txt``."""
    if not scanfiles.is_scan_name(path):
        return False
    candidates = [(path.parent, path.stem), (path.parent.parent, path.parent.name)]
    return any(_has_record(folder, stem) for folder, stem in candidates)


def _has_record(folder: Path, stem: str) -> bool:
    return any(
        s.is_file() and not scanfiles.is_scan_name(s) for s in folder.glob(f"{glob.escape(stem)}.*")
    )
