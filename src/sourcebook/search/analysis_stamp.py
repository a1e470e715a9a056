"""The analysis stamp of an index: which tokens and name keys its documents were given.

An index made by another version of the analysis is rebuilt, because its keys would no longer
match queries. The stamp is the analysis of a probe text (:data:`PROBE`), hashed. Working it
out loads the Chinese reading tables (about 0.3 s), which every ``sourcebook`` command that
opens the index used to pay. It is kept in the index folder beside a fingerprint of what could
change it (the analysis code and the versions of the libraries it uses) and worked out again
only when that fingerprint changes: the same stamp, without the tables in most processes.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
from functools import lru_cache
from importlib import metadata
from pathlib import Path

# The last word is one run of Chinese, as long as a sentence: names inside such runs were once
# left without keys, and indexes made then must be rebuilt. "He said I" once carried the keys
# of the surnames He and Yi.
PROBE = (
    "Zhou Enlai 周恩來 Chou En-lai 金日成 Kim Il-sŏng 김일성 평양에서 Хрущёв Chruschtschow P'yŏngyang "
    "He said I, He Long. "
    # Once these began the surnames Kim, O, Chun and Tai (names.NAME_WORD_SYLLABLES).
    "The Gimo, U.S. June Taiwan. "
    "毛泽东主席在北京接见了朝鲜民主主义人民共和国政府代表团全体成员并同他们进行了亲切友好的谈话。"
)
MEMO = "ANALYSIS_STAMP"
_PACKAGE = Path(__file__).resolve().parents[1]
_CODE = [_PACKAGE / "core", _PACKAGE / "search" / "analysis.py"]
_LIBRARIES = ["pypinyin", "opencc", "korean-romanizer", "jamo", "tantivy"]


def probe_stamp() -> str:
    """The hash of the probe's index text, name keys and the keys that begin a word (what a
    one-syllable query looks up); the slow part."""
    from . import analysis

    streams, starts = analysis.name_keys(PROBE)
    probe = "|".join([analysis.index_text(PROBE), *streams, analysis.word_starts(starts)])
    return hashlib.sha256(probe.encode()).hexdigest()[:12]


@lru_cache(maxsize=1)
def fingerprint() -> str:
    """A hash of the analysis code and its libraries' versions (a few ms)."""
    digest = hashlib.sha256()
    for root in _CODE:
        files = sorted(root.rglob("*.py")) if root.is_dir() else [root]
        for file in files:
            digest.update(str(file.relative_to(_PACKAGE)).encode() + b"\0")
            digest.update(file.read_bytes())
    for name in _LIBRARIES:
        with contextlib.suppress(metadata.PackageNotFoundError):
            digest.update(f"{name}={metadata.version(name)}\0".encode())
    return digest.hexdigest()[:16]


def stamp(folder: Path) -> str:
    """The probe stamp, from ``folder``'s memo when the fingerprint still matches."""
    key = fingerprint()
    memo = folder / MEMO
    with contextlib.suppress(OSError, ValueError):
        kept_key, kept = memo.read_text().split()
        if kept_key == key:
            return kept
    value = probe_stamp()
    with contextlib.suppress(OSError):  # a read-only index still opens; it just pays again
        tmp = memo.with_name(f"{MEMO}.{os.getpid()}.tmp")
        tmp.write_text(f"{key} {value}\n")
        os.replace(tmp, memo)
    return value
