"""Page derivatives: each page of a scan as a PNG and its pyramid (halves down to one tile).

Used by the ``derive`` job and, for a page a request needs before the job reached it, by the
IIIF view. Every file is written under a temporary name and renamed, so a page directory holds
only complete images whatever stops the work.
"""

from __future__ import annotations

import shutil
import time
from pathlib import Path

from django.conf import settings
from django.db import transaction
from PIL import Image

from sourcebook.core import iiif, scanfiles

from . import storage
from .jobs import HANDLERS, progress
from .models import Job, Page

STALE = 600  # seconds after which a temporary file is a leftover, not a write in progress


def ensure_page(page: Page) -> None:
    """The page image of ``page`` on disk (rendered now if missing)."""
    target = storage.page_image(page.scan.sha256, page.index)
    if not target.exists():
        scanfiles.render_page(
            storage.original(page.scan.sha256),
            page.scan.kind,
            page.index,
            (page.width, page.height),
            target,
            settings.SOURCEBOOK_MAX_IMAGE_PIXELS,
        )


def ensure_level(page: Page, factor: int) -> Image.Image:
    """The page at 1/``factor`` of its size (factor a power of two), from the next larger
    level, written to the pyramid when missing."""
    sha, index = page.scan.sha256, page.index
    if factor == 1:
        ensure_page(page)
        return Image.open(storage.page_image(sha, index))
    path = storage.level_image(sha, index, factor)
    if path.exists():
        return Image.open(path)
    with ensure_level(page, factor // 2) as larger:
        smaller = larger.reduce(2)
    scanfiles.save_atomic(smaller, path, "PNG")
    return smaller


def sweep(folder: Path, older_than: float = STALE) -> None:
    """Remove temporary files and folders (``.name…``) a killed process left in ``folder``;
    only old ones, so a write in progress elsewhere is never taken away."""
    if not folder.is_dir():
        return
    limit = time.time() - older_than
    for entry in folder.iterdir():
        if entry.name.startswith(".") and entry.stat().st_mtime < limit:
            shutil.rmtree(entry) if entry.is_dir() else entry.unlink(missing_ok=True)


def derive_page(page: Page) -> None:
    sweep(storage.page_dir(page.scan.sha256, page.index))
    ensure_page(page)
    for factor in iiif.scale_factors(page.width, page.height)[1:]:
        img = ensure_level(page, factor)
        img.close()


def derive_scan(job: Job) -> None:
    """The ``derive`` job: every page of the scan not derived yet, progress after each."""
    pages = list(job.scan.pages.select_related("scan").order_by("index"))
    done = sum(1 for p in pages if p.derived)
    progress(job, done)
    for page in pages:
        if page.derived:
            continue
        derive_page(page)
        done += 1
        with transaction.atomic():
            Page.objects.filter(pk=page.pk).update(derived=True)
            progress(job, done)


HANDLERS["derive"] = derive_scan
