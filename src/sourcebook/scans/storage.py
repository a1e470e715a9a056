"""Where scans live in the data directory, and the limits that apply to them.

``scans/originals/ab/<sha256>``: the exact bytes attached. ``scans/pages/<sha256>/<n>/``: page
``n`` of that file as ``page.png`` plus its pyramid (``level-2.png``, ``level-4.png``…), and the
IIIF responses already computed (``cache/``). Keyed by content, so a file attached to two
documents is derived once, and a document's renumbered pages never serve a stale image.
"""

from __future__ import annotations

from pathlib import Path

from django.conf import settings

from sourcebook.core import iiif, scanfiles


def root() -> Path:
    return Path(settings.HOME) / "scans"


def original(sha256: str) -> Path:
    return root() / "originals" / sha256[:2] / sha256


def page_dir(sha256: str, index: int) -> Path:
    return root() / "pages" / sha256 / str(index)


def page_image(sha256: str, index: int) -> Path:
    return page_dir(sha256, index) / "page.png"


def level_image(sha256: str, index: int, factor: int) -> Path:
    return page_dir(sha256, index) / f"level-{factor}.png"


def scan_limits() -> scanfiles.Limits:
    return scanfiles.Limits(
        max_pixels=settings.SOURCEBOOK_MAX_IMAGE_PIXELS,
        max_pages=settings.SOURCEBOOK_MAX_SCAN_PAGES,
        dpi=settings.SOURCEBOOK_SCAN_DPI,
    )


def iiif_limits() -> iiif.Limits:
    return iiif.Limits(
        max_width=settings.SOURCEBOOK_IIIF_MAX_WIDTH,
        max_height=settings.SOURCEBOOK_IIIF_MAX_WIDTH,
        max_area=settings.SOURCEBOOK_IIIF_MAX_AREA,
    )
