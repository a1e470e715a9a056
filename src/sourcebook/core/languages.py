"""Language names as archives write them ("Chinese, Korean") to ISO 639-1 codes, via langcodes."""

from __future__ import annotations

import re
from functools import lru_cache

import langcodes


@lru_cache(maxsize=512)
def code_for(name: str) -> str | None:
    """ISO 639-1 code (or the shortest code langcodes knows) for an English language name."""
    name = name.strip()
    if not name:
        return None
    try:
        if langcodes.tag_is_valid(name.lower()) and len(name) <= 3:
            return langcodes.standardize_tag(name.lower())
        return langcodes.find(name).language
    except LookupError:
        return None


def split_names(text: str) -> list[str]:
    """``"Chinese, Korean"``, ``"Chinese and Korean"``, ``"Chinese; Korean"`` to a list of names."""
    # Parts are stripped after the split: ``\s*`` around the separators re-read every run of
    # spaces from each of its positions (quadratic; found by bench/fuzz.py).
    parts = _SEPARATOR.split(text.strip())
    return [p for p in (part.strip() for part in parts) if p]


_SEPARATOR = re.compile(r"[,;/&]|\band\b")


def codes_for(text: str) -> list[str]:
    """Codes for every language named in ``text``; unknown names are skipped, not guessed."""
    codes: list[str] = []
    for name in split_names(text):
        code = code_for(name)
        if code and code not in codes:
            codes.append(code)
    return codes


def name_for(code: str | None) -> str:
    if not code:
        return ""
    try:
        return langcodes.Language.get(code).display_name("en")
    except (LookupError, ValueError):
        return code
