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
from pathlib import Path

from .urlfiles import INDEXED_GLOB

CJK_LANGUAGES = ("zh", "ja", "lzh", "yue", "cmn")
# Pages per index. Pagefind holds each page it indexes in memory (about 200 KB of these pages;
# bench/RESULTS.md): past this many, the pages are indexed in even parts of at most this size,
# each by its own run in bounded memory, and the search page merges the parts (PARTS_FILE).
PART = 20_000
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


def build(site: Path, language: str, pages: list[str]) -> str:
    """Index ``pages`` (relative paths of ``site``, the pages :func:`.urlfiles.is_indexed`
    names) in place, in ``site``'s ``pagefind/`` folder, and return Pagefind's own summary.
    Up to :data:`PART` of them Pagefind reads in place through ``INDEXED_GLOB``, which also
    matches tombstones; it skips those, as they have no ``data-pagefind-body``. With no page
    (nothing published) it indexes every page's body. More are indexed in parts:
    ``pagefind/`` and ``pagefind/part-2/`` and on, listed in ``pagefind/parts.json`` for the
    search page to merge."""
    bundle = site / "pagefind"
    if len(pages) <= PART:
        # Read only the pages to index: Pagefind would read every page to skip most of them.
        summary = _run(site, bundle, language, INDEXED_GLOB if pages else "")
        _write_parts(bundle, [])
        return summary
    summaries, parts = [], []
    size = math.ceil(len(pages) / math.ceil(len(pages) / PART))  # even parts, none above PART
    for number, start in enumerate(range(0, len(pages), size), 1):
        name = "" if number == 1 else f"part-{number}"
        mirror = _mirror(site, pages[start : start + size])
        try:
            summaries.append(_run(mirror, bundle / name, language, ""))
        finally:
            shutil.rmtree(mirror, ignore_errors=True)
        parts += [f"{name}/"] if name else []
    _write_parts(bundle, parts)
    return "\n".join(summaries)


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
