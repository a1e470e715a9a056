"""IIIF Image API 3.0 request parameters: region, size, rotation, quality, format. No Django.

Why pure functions: each parameter is a small grammar whose mistakes must answer 400 (never a
server error, never an unbounded image), and they are easiest to trust tested on their own.
The view turns the numbers into pixels (:mod:`sourcebook.scans.images`).
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

FORMATS = {"jpg": "image/jpeg", "png": "image/png", "webp": "image/webp"}
QUALITIES = ("default", "color", "gray")
TILE = 512


class IIIFError(ValueError):
    """A request the Image API says is a client error (400)."""


@dataclass(frozen=True)
class Limits:
    max_width: int
    max_height: int
    max_area: int


_NUM = r"\d+(?:\.\d+)?"


def region(text: str, width: int, height: int) -> tuple[int, int, int, int]:
    """``full``, ``square``, ``x,y,w,h`` or ``pct:x,y,w,h`` → (x, y, w, h) within the image."""
    if text == "full":
        return 0, 0, width, height
    if text == "square":
        side = min(width, height)
        return (width - side) // 2, (height - side) // 2, side, side
    if match := re.fullmatch(rf"pct:({_NUM}),({_NUM}),({_NUM}),({_NUM})", text):
        px, py, pw, ph = (float(g) for g in match.groups())
        x, y = round(px * width / 100), round(py * height / 100)
        w, h = round(pw * width / 100), round(ph * height / 100)
    elif match := re.fullmatch(r"(\d+),(\d+),(\d+),(\d+)", text):
        x, y, w, h = (int(g) for g in match.groups())
    else:
        raise IIIFError(f"bad region {text!r}: full, square, x,y,w,h or pct:x,y,w,h")
    if w <= 0 or h <= 0:
        raise IIIFError(f"region {text!r} has no width or height")
    if x >= width or y >= height:
        raise IIIFError(f"region {text!r} lies outside the {width} x {height} image")
    return x, y, min(w, width - x), min(h, height - y)


def size(text: str, region_w: int, region_h: int, limits: Limits) -> tuple[int, int]:
    """``max``, ``w,``, ``,h``, ``pct:n``, ``w,h``, ``!w,h`` (each with an optional ``^`` to allow
    upscaling) → output (w, h), refused above the limits or above the region without ``^``."""
    up = text.startswith("^")
    body = text[1:] if up else text
    if body == "max":
        w, h = region_w, region_h
        scale = min(
            1.0 if not up else math.inf,
            limits.max_width / w,
            limits.max_height / h,
            math.sqrt(limits.max_area / (w * h)),
        )
        if scale < 1 or up:
            w, h = max(1, math.floor(w * scale)), max(1, math.floor(h * scale))
        return w, h
    if match := re.fullmatch(rf"pct:({_NUM})", body):
        pct = float(match.group(1))
        w, h = round(region_w * pct / 100), round(region_h * pct / 100)
    elif match := re.fullmatch(r"(\d+),", body):
        w = int(match.group(1))
        h = round(region_h * w / region_w)
    elif match := re.fullmatch(r",(\d+)", body):
        h = int(match.group(1))
        w = round(region_w * h / region_h)
    elif match := re.fullmatch(r"(!?)(\d+),(\d+)", body):
        w, h = int(match.group(2)), int(match.group(3))
        if match.group(1):  # best fit inside w x h, keeping the aspect ratio
            scale = min(w / region_w, h / region_h)
            w, h = round(region_w * scale), round(region_h * scale)
    else:
        raise IIIFError(f"bad size {text!r}: max, w,, ,h, pct:n, w,h or !w,h")
    w, h = max(1, w), max(1, h)
    if not up and (w > region_w or h > region_h):
        raise IIIFError(f"size {text!r} is larger than the region; ask with ^ to upscale")
    if w > limits.max_width or h > limits.max_height or w * h > limits.max_area:
        raise IIIFError(
            f"size {w} x {h} is over the limits (maxWidth {limits.max_width}, "
            f"maxHeight {limits.max_height}, maxArea {limits.max_area})"
        )
    return w, h


def rotation(text: str) -> tuple[bool, int]:
    """``0``, ``90``, ``180``, ``270``, each with an optional ``!`` (mirror) → (mirror, degrees)."""
    mirror = text.startswith("!")
    degrees = text[1:] if mirror else text
    if degrees not in ("0", "90", "180", "270"):
        raise IIIFError(f"bad rotation {text!r}: 0, 90, 180 or 270 (optionally with !)")
    return mirror, int(degrees)


def quality_format(text: str) -> tuple[str, str]:
    """``default.jpg`` → ("default", "jpg")."""
    quality, _, fmt = text.partition(".")
    if quality not in QUALITIES:
        raise IIIFError(f"bad quality {quality!r}: {', '.join(QUALITIES)}")
    if fmt not in FORMATS:
        raise IIIFError(f"bad format {fmt!r}: {', '.join(FORMATS)}")
    return quality, fmt


def scale_factors(width: int, height: int, tile: int = TILE) -> list[int]:
    """Powers of two down to the level where the whole image fits one tile (OpenSeadragon's
    pyramid)."""
    factors = [1]
    while max(width, height) / factors[-1] > tile:
        factors.append(factors[-1] * 2)
    return factors


def info(image_id: str, width: int, height: int, limits: Limits) -> dict:
    """The info.json of one page image."""
    factors = scale_factors(width, height)
    return {
        "@context": "http://iiif.io/api/image/3/context.json",
        "id": image_id,
        "type": "ImageService3",
        "protocol": "http://iiif.io/api/image",
        "profile": "level1",
        "width": width,
        "height": height,
        "maxWidth": limits.max_width,
        "maxHeight": limits.max_height,
        "maxArea": limits.max_area,
        "sizes": [
            {"width": math.ceil(width / f), "height": math.ceil(height / f)}
            for f in reversed(factors)
        ],
        "tiles": [{"width": TILE, "height": TILE, "scaleFactors": factors}],
        "extraQualities": ["color", "gray"],
        "extraFormats": ["png", "webp"],
        "extraFeatures": [
            "mirroring",
            "regionByPct",
            "regionByPx",
            "regionSquare",
            "rotationBy90s",
            "sizeByConfinedWh",
            "sizeByH",
            "sizeByPct",
            "sizeByW",
            "sizeByWh",
            "sizeUpscaling",
        ],
    }
