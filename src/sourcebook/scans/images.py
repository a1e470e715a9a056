"""IIIF Image API responses: a region of a page at a size, from the nearest pyramid level.

Why levels: a tile at 1/8 scale read from the full page would decode the whole page for every
tile; read from ``level-8.png`` it decodes a tile's worth. Responses for the tiles and sizes
that info.json declares are cached under the page (bounded: the declared set is finite);
any other request is computed and not kept, so a client cannot fill the disk with variants.
"""

from __future__ import annotations

import io
from pathlib import Path

from PIL import Image, ImageOps

from sourcebook.core import iiif, scanfiles

from . import storage
from .derive import ensure_level
from .models import Page

SAVE = {"jpg": ("JPEG", {"quality": 85}), "png": ("PNG", {}), "webp": ("WEBP", {"quality": 80})}


def render(
    page: Page,
    region: tuple,
    size: tuple,
    mirror: bool,
    degrees: int,
    quality: str,
    fmt: str,
    canonical: str,
) -> bytes:
    """The encoded image for one request; ``canonical`` names it in the cache."""
    cached = _cache_path(page, canonical) if _declared(page, region, size) else None
    if cached is not None and cached.exists():
        return cached.read_bytes()
    x, y, w, h = region
    out_w, out_h = size
    factor = _level(page, w / out_w, h / out_h)
    with ensure_level(page, factor) as level:
        box = (
            x // factor,
            y // factor,
            max(x // factor + 1, -(-(x + w) // factor)),
            max(y // factor + 1, -(-(y + h) // factor)),
        )
        img = level.crop(box)
        img = (
            img.resize((out_w, out_h), Image.Resampling.LANCZOS)
            if img.size != (out_w, out_h)
            else img.copy()
        )
    if mirror:
        img = ImageOps.mirror(img)
    if degrees:
        img = img.rotate(-degrees, expand=True)
    img = img.convert("L") if quality == "gray" else img.convert("RGB")
    name, options = SAVE[fmt]
    buffer = io.BytesIO()
    img.save(buffer, name, **options)
    data = buffer.getvalue()
    if cached is not None:
        scanfiles.write_atomic(data, cached)
    return data


def _level(page: Page, scale_x: float, scale_y: float) -> int:
    """The smallest pyramid level that still has at least the pixels asked for."""
    scale = min(scale_x, scale_y)
    factor = 1
    for f in iiif.scale_factors(page.width, page.height):
        if f <= scale:
            factor = f
    return factor


def _declared(page: Page, region: tuple, size: tuple) -> bool:
    """Whether the request is one of info.json's tiles or sizes (these are cached)."""
    x, y, w, h = region
    factors = iiif.scale_factors(page.width, page.height)
    if (x, y, w, h) == (0, 0, page.width, page.height):
        return any(
            size == (-(-page.width // f), -(-page.height // f)) for f in factors
        ) or size == (page.width, page.height)
    for f in factors:
        side = iiif.TILE * f
        if x % side == 0 and y % side == 0 and w <= side and h <= side:
            if (x + w == page.width or w == side) and (y + h == page.height or h == side):
                return size == (-(-w // f), -(-h // f))
    return False


def _cache_path(page: Page, canonical: str) -> Path:
    safe = canonical.replace("/", "_").replace(":", "-").replace("!", "m").replace(",", "_")
    return storage.page_dir(page.scan.sha256, page.index) / "cache" / safe
