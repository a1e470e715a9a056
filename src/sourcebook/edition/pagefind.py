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

import subprocess
from pathlib import Path

CJK_LANGUAGES = ("zh", "ja", "lzh", "yue", "cmn")


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


def build(site: Path, language: str, glob: str = "") -> str:
    """Index ``site`` in place (its ``pagefind/`` folder), reading only the pages ``glob``
    matches (all when empty); Pagefind's own summary back."""
    command = [str(executable()), "--site", str(site), "--force-language", language]
    command += ["--glob", glob] if glob else []
    done = subprocess.run(command, capture_output=True, text=True, timeout=3600)
    if done.returncode != 0:
        last = (done.stderr or done.stdout).strip().splitlines()[-1:] or ["no output"]
        raise PagefindError(f"Pagefind failed ({done.returncode}): {last[0]}")
    return done.stdout
