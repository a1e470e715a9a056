"""Scans (PDF, TIFF, JPEG, PNG): what a file holds, and its pages as images. No Django here.

Why probe before storing: a scan is accepted only when every page can be turned into an image
within the limits, so a corrupt, encrypted, empty or oversized file is refused with one line
before anything is written. PDFs go through poppler (``pdfinfo``, ``pdftoppm``), images through
Pillow, whose decoding is bounded by a pixel limit (a "decompression bomb" declares billions of
pixels in a few bytes).

Page images are written to a temporary name and renamed into place, so a reader (or a worker
killed mid-page) never sees half an image.
"""

from __future__ import annotations

import os
import re
import secrets
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, UnidentifiedImageError

from .errors import RecordError

PDF, IMAGE = "pdf", "image"
SUFFIXES = {
    ".pdf": PDF,
    ".tif": IMAGE,
    ".tiff": IMAGE,
    ".jpg": IMAGE,
    ".jpeg": IMAGE,
    ".png": IMAGE,
}
IMAGE_FORMATS = {"TIFF", "JPEG", "PNG", "MPO"}
MEDIA_TYPES = {
    PDF: "application/pdf",
    "TIFF": "image/tiff",
    "JPEG": "image/jpeg",
    "PNG": "image/png",
}
# Seconds poppler may take for one page (a hostile PDF can make it spin).
POPPLER_TIMEOUT = 120


@dataclass(frozen=True)
class Limits:
    max_pixels: int  # per page image, also the size a PDF page is rendered at
    max_pages: int
    dpi: int  # PDF pages are rendered at this resolution


@dataclass(frozen=True)
class Probed:
    """What a scan file holds: its kind, media type and each page's size in pixels."""

    kind: str  # PDF or IMAGE
    media_type: str
    sizes: list[tuple[int, int]]


def is_scan_name(path: Path) -> bool:
    return path.suffix.lower() in SUFFIXES


def probe(data: bytes, name: str, limits: Limits) -> Probed:
    """The pages ``data`` holds, or a :class:`RecordError` saying in one line why not."""
    if not data:
        raise RecordError("empty file (0 bytes); not a scan", path=name)
    if data[:5] == b"%PDF-":
        return _probe_pdf(data, name, limits)
    return _probe_image(data, name, limits)


def _probe_image(data: bytes, name: str, limits: Limits) -> Probed:
    sizes = []
    # Each frame's size is checked against the limit before it is decoded.
    try:
        with Image.open(_BytesReader(data)) as img:
            if img.format not in IMAGE_FORMATS:
                raise RecordError(
                    f"{img.format} images are not taken; use PDF, TIFF, JPEG or PNG", path=name
                )
            media = MEDIA_TYPES.get(img.format, "image/jpeg")
            frames = getattr(img, "n_frames", 1)
            if frames > limits.max_pages:
                raise _too_many(frames, limits, name)
            for frame in range(frames):
                img.seek(frame)
                _check_pixels(img.size, limits, name)
                img.load()  # a truncated or corrupt image fails here, not later in a job
                sizes.append(img.size)
    except RecordError:
        raise
    except Image.DecompressionBombError:
        raise RecordError(
            f"the image declares more pixels than the limit of {limits.max_pixels:,} "
            "(a decompression bomb? SOURCEBOOK_MAX_IMAGE_PIXELS)",
            path=name,
        ) from None
    except UnidentifiedImageError:
        raise RecordError(
            "not a PDF, TIFF, JPEG or PNG file (or a corrupt one)", path=name
        ) from None
    except (OSError, SyntaxError, ValueError, EOFError) as exc:
        raise RecordError(f"corrupt image: {_first_line(exc)}", path=name) from None
    return Probed(IMAGE, media, sizes)


def _probe_pdf(data: bytes, name: str, limits: Limits) -> Probed:
    with _temp_file(data, ".pdf") as path:
        out = _poppler(["pdfinfo", str(path)], name)
        pages = int(_field(out, "Pages") or 0)
        if _field(out, "Encrypted", "no").startswith("yes"):
            raise RecordError(
                "encrypted PDF; remove the encryption first (e.g. qpdf --decrypt)", path=name
            )
        if pages < 1:
            raise RecordError("PDF without pages", path=name)
        if pages > limits.max_pages:
            raise _too_many(pages, limits, name)
        boxes = _poppler(["pdfinfo", "-f", "1", "-l", str(pages), str(path)], name)
    sizes = []
    for match in re.finditer(r"Page\s+\d+ size:\s+([\d.]+) x ([\d.]+) pts", boxes):
        w, h = float(match.group(1)), float(match.group(2))
        size = (max(1, round(w / 72 * limits.dpi)), max(1, round(h / 72 * limits.dpi)))
        _check_pixels(size, limits, name)
        sizes.append(size)
    rotations = [int(r) for r in re.findall(r"Page\s+\d+ rot:\s+(\d+)", boxes)]
    sizes = [
        (h, w) if rot % 180 == 90 else (w, h)
        for (w, h), rot in zip(sizes, rotations or [0] * len(sizes), strict=False)
    ]
    if len(sizes) != pages:
        raise RecordError("corrupt PDF: the page sizes cannot be read", path=name)
    return Probed(PDF, MEDIA_TYPES[PDF], sizes)


def _too_many(pages: int, limits: Limits, name: str) -> RecordError:
    return RecordError(
        f"{pages:,} pages, over the limit of {limits.max_pages:,} (SOURCEBOOK_MAX_SCAN_PAGES)",
        path=name,
    )


def _check_pixels(size: tuple[int, int], limits: Limits, name: str) -> None:
    w, h = size
    if w * h > limits.max_pixels:
        raise RecordError(
            f"a page of {w:,} x {h:,} pixels is over the limit of {limits.max_pixels:,} "
            "(SOURCEBOOK_MAX_IMAGE_PIXELS)",
            path=name,
        )


def _poppler(args: list[str], name: str) -> str:
    try:
        done = subprocess.run(args, capture_output=True, timeout=POPPLER_TIMEOUT, check=False)
    except subprocess.TimeoutExpired:
        raise RecordError(
            f"{args[0]} took over {POPPLER_TIMEOUT} s; a broken PDF?", path=name
        ) from None
    except FileNotFoundError:
        raise RecordError(
            f"{args[0]} is not installed (Debian package poppler-utils)", path=name
        ) from None
    err = done.stderr.decode("utf-8", "replace")
    if done.returncode != 0:
        if "password" in err.lower():
            raise RecordError(
                "encrypted PDF; remove the encryption first (e.g. qpdf --decrypt)", path=name
            )
        raise RecordError(f"corrupt PDF: {_first_line(err) or 'poppler cannot read it'}", path=name)
    return done.stdout.decode("utf-8", "replace")


def _field(text: str, key: str, default: str = "") -> str:
    match = re.search(rf"^{key}:\s*(.*)$", text, re.MULTILINE)
    return match.group(1).strip() if match else default


def _first_line(value) -> str:
    lines = [line.strip() for line in str(value).splitlines() if line.strip()]
    return lines[0][:200] if lines else ""


def render_page(
    original: Path,
    probed_kind: str,
    index: int,
    size: tuple[int, int],
    target: Path,
    max_pixels: int,
) -> None:
    """Write page ``index`` (0-based) of the scan at ``original`` to ``target`` as PNG, exactly
    ``size`` pixels, atomically (temporary file, then rename)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    if probed_kind == PDF:
        with tempfile.TemporaryDirectory(dir=target.parent, prefix=".render-") as tmp:
            stem = Path(tmp) / "page"
            w, h = size
            _poppler(
                [
                    "pdftoppm",
                    "-png",
                    "-singlefile",
                    "-f",
                    str(index + 1),
                    "-l",
                    str(index + 1),
                    "-scale-to-x",
                    str(w),
                    "-scale-to-y",
                    str(h),
                    str(original),
                    str(stem),
                ],
                str(original),
            )
            os.replace(f"{stem}.png", target)
        return
    with Image.open(original) as img:
        img.seek(index)
        if img.size[0] * img.size[1] > max_pixels:
            raise RecordError(
                "page over the pixel limit (SOURCEBOOK_MAX_IMAGE_PIXELS)", path=str(original)
            )
        page = img.convert("RGB") if img.mode not in ("RGB", "L") else img.copy()
    save_atomic(page, target, "PNG")


def save_atomic(img: Image.Image, target: Path, fmt: str, **options) -> None:
    """Save ``img`` to ``target`` so that the name only ever holds a complete file."""
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(f".{target.name}.{secrets.token_hex(6)}.tmp")
    try:
        img.save(tmp, fmt, **options)
        os.replace(tmp, target)
    finally:
        tmp.unlink(missing_ok=True)


def write_atomic(data: bytes, target: Path) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(f".{target.name}.{secrets.token_hex(6)}.tmp")
    try:
        with open(tmp, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, target)
    finally:
        tmp.unlink(missing_ok=True)


class _temp_file:
    def __init__(self, data: bytes, suffix: str):
        self.data, self.suffix = data, suffix

    def __enter__(self) -> Path:
        fd, name = tempfile.mkstemp(suffix=self.suffix)
        with os.fdopen(fd, "wb") as fh:
            fh.write(self.data)
        self.path = Path(name)
        return self.path

    def __exit__(self, *exc):
        self.path.unlink(missing_ok=True)
        return False


def _BytesReader(data: bytes):
    import io

    return io.BytesIO(data)
