"""Client-side search for the edition: the Pagefind binary (shipped by the PyPI package
``pagefind[extended]``) run over the finished folder.

Pagefind keeps one index per page language and the browser loads only the index of the page it
is on, so the edition forces one language for all pages. Chinese and Japanese have no spaces
between words: Pagefind's extended build segments them only in a ``zh`` or ``ja`` index (in an
``en`` index 周恩來會談 is one word, found only from its start). So an edition with CJK texts is
indexed as ``zh``: CJK words are segmented, Latin, Cyrillic and Hangul words are still split at
spaces, and the price is English stemming (``meetings`` no longer finds ``meeting`` except as a
prefix).
"""

from __future__ import annotations

import json
import math
import os
import shutil
import subprocess
from collections.abc import Mapping
from pathlib import Path

from django.conf import settings

from .urlfiles import INDEXED_GLOB

CJK_LANGUAGES = ("zh", "ja", "lzh", "yue", "cmn")
# Pagefind holds every page it indexes in memory, so a large edition is indexed in parts, each
# by its own run in bounded memory, and the search page merges them (PARTS_FILE). A part holds
# at most PART pages and at most SOURCEBOOK_EDITION_INDEX_MEMORY (6 GB unless set) of Pagefind's
# memory, estimated per page as PAGE_MEMORY plus TEXT_MEMORY for each byte of its indexed text.
# Measured (bench/RESULTS.md):
# 183 KB a page for 4.7 KB of text, 420 KB for FRUS documents of 9.2 KB, 1.2 MB for 30 KB (the
# estimate is above these, and 10-12 % below pages cut at random from FRUS text). Short pages
# fill a part by count (20,000 of them took 3.8 GB), long ones by memory: FRUS documents about
# 13,000 to a part instead of 20,000 (7.5 GB).
PART = 20_000
PAGE_MEMORY = 100 * 2**10
TEXT_MEMORY = 40
PARTS_FILE = "parts.json"


class PagefindError(Exception):
    pass


def executable() -> Path:
    """The Pagefind binary: the extended build (CJK segmentation) when installed."""
    for module in ("pagefind_bin_extended", "pagefind_bin"):
        try:
            found = __import__(module).get_executable()
        except (ImportError, FileNotFoundError):
            continue
        return Path(found)
    raise PagefindError(
        "Pagefind is not installed: pip install 'pagefind[extended]' (or export with --no-search)"
    )


def index_language(languages: set[str]) -> str:
    """``zh`` when any text is Chinese or Japanese (see the module's docstring), else ``en``."""
    if any((code or "").lower().split("-")[0] in CJK_LANGUAGES for code in languages):
        return "zh"
    return "en"


def build(
    site: Path, language: str, pages: list[str], text_bytes: Mapping[str, int] | None = None
) -> str:
    """Index ``pages`` (relative paths of ``site``, the pages :func:`.urlfiles.is_indexed`
    names; ``text_bytes`` the size of each one's indexed text, where known) in place, in
    ``site``'s ``pagefind/`` folder, and return Pagefind's own summary. One part Pagefind reads
    in place through ``INDEXED_GLOB``, which also matches tombstones; it skips those, as they
    have no ``data-pagefind-body``. With no page (nothing published) it indexes every page's
    body. More parts (:func:`split`) are indexed as ``pagefind/``, ``pagefind/part-2/`` and
    on, listed in ``pagefind/parts.json`` for the search page to merge."""
    bundle = site / "pagefind"
    parts = split(pages, text_bytes or {})
    if len(parts) == 1:
        # Read only the pages to index: Pagefind would read every page to skip most of them.
        summary = _run(site, bundle, language, INDEXED_GLOB if pages else "")
        _write_parts(bundle, [])
        return summary
    summaries, names = [], []
    for number, part in enumerate(parts, 1):
        name = "" if number == 1 else f"part-{number}"
        mirror = _mirror(site, part)
        try:
            summaries.append(_run(mirror, bundle / name, language, ""))
        finally:
            shutil.rmtree(mirror, ignore_errors=True)
        names += [f"{name}/"] if name else []
    _write_parts(bundle, names)
    return "\n".join(summaries)


def text_size(body) -> int:
    """The bytes of text of a page's ``data-pagefind-body`` element (an lxml element): what
    :data:`TEXT_MEMORY` is counted on."""
    return len("".join(body.itertext()).encode())


def split(pages: list[str], text_bytes: Mapping[str, int]) -> list[list[str]]:
    """``pages`` in consecutive parts of about equal weight, as few as keep each within
    :data:`PART` pages and ``SOURCEBOOK_EDITION_INDEX_MEMORY``: a page's weight is the larger
    of its share of each, and a page goes to the part its middle falls in, so a part is above
    a whole one by at most a page's weight. One part for none."""
    per_page, budget = 1 / PART, settings.SOURCEBOOK_EDITION_INDEX_MEMORY
    weights = [
        max(per_page, (PAGE_MEMORY + TEXT_MEMORY * text_bytes.get(page, 0)) / budget)
        for page in pages
    ]
    total = sum(weights)
    count = max(1, math.ceil(total - 1e-9))  # 20,000 shares of 1/20,000 are one part
    parts: list[list[str]] = [[] for _ in range(count)]
    before = 0.0
    for page, weight in zip(pages, weights, strict=True):
        parts[min(count - 1, int((before + weight / 2) / total * count))].append(page)
        before += weight
    return [part for part in parts if part] or [[]]


def _run(site: Path, output: Path, language: str, glob: str) -> str:
    command = [str(executable()), "--site", str(site), "--force-language", language]
    command += ["--output-path", str(output)] + (["--glob", glob] if glob else [])
    done = subprocess.run(command, capture_output=True, text=True, timeout=3600)
    if done.returncode != 0:
        last = (done.stderr or done.stdout).strip().splitlines()[-1:] or ["no output"]
        raise PagefindError(f"Pagefind failed ({done.returncode}): {last[0]}")
    return done.stdout


def _mirror(site: Path, pages: list[str]) -> Path:
    """A folder beside the pages holding only ``pages`` at their own relative paths (hard
    links; copies where the file system has none, as FAT on a USB stick), so Pagefind gives
    them the URLs it would give them in ``site``."""
    mirror = site / ".search-part"
    shutil.rmtree(mirror, ignore_errors=True)
    for page in pages:
        to = mirror / page
        to.parent.mkdir(parents=True, exist_ok=True)
        try:
            os.link(site / page, to)
        except OSError:
            shutil.copyfile(site / page, to)
    return mirror


def _write_parts(bundle: Path, parts: list[str]) -> None:
    bundle.mkdir(parents=True, exist_ok=True)
    (bundle / PARTS_FILE).write_text(json.dumps(parts) + "\n", encoding="utf-8")
