"""Language names as archives write them ("Chinese, Korean") to ISO 639-1 codes, via langcodes.

langcodes is imported where it is used, not here: its tables and their patterns cost about
80 ms, and every ``sourcebook`` command imports this module (through the models' fields)
whether or not it reads a language.
"""

from __future__ import annotations

import re
from functools import lru_cache

# The longest English language name langcodes knows has 56 characters.
MAX_NAME = 80


@lru_cache(maxsize=512)
def code_for(name: str) -> str | None:
    """ISO 639-1 code (or the shortest code langcodes knows) for an English language name.

    Runs of spaces are read as one and only the first ``MAX_NAME`` characters are looked up:
    langcodes' lookup is quadratic in the length of what it is given (300,000 spaces took
    8 s, twice as many 32 s; found by tests/hostile/test_linear.py).
    """
    import langcodes

    name = " ".join(name.split())[:MAX_NAME]
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
    import langcodes

    if not code:
        return ""
    try:
        return langcodes.Language.get(code).display_name("en")
    except (LookupError, ValueError):
        return code


@lru_cache(maxsize=512)
def name_in(code: str | None, language: str) -> str:
    """The name of the language ``code`` in the language ``language`` (``ru`` in ``de``:
    "Russisch", in ``ko``: "러시아어"), for an interface in that language; the English name
    (:func:`name_for`) when langcodes knows none there."""
    import langcodes

    if not code:
        return ""
    try:
        name = langcodes.Language.get(code).display_name(language)
    except (LookupError, ValueError):
        return name_for(code)
    return name if name and "[" not in name else name_for(code)
