"""Which writing system a name is written in, for grouping name variants on authority pages."""

from __future__ import annotations

import unicodedata

# Checked in this order: a name with any Hangul is Hangul (mixed Han/Hangul names are Korean).
SCRIPTS = ("Hangul", "Han", "Kana", "Cyrillic", "Greek", "Arabic", "Latin")
_PREFIXES = {
    "HANGUL": "Hangul",
    "CJK": "Han",
    "HIRAGANA": "Kana",
    "KATAKANA": "Kana",
    "CYRILLIC": "Cyrillic",
    "GREEK": "Greek",
    "ARABIC": "Arabic",
    "LATIN": "Latin",
}


def script_of(name: str) -> str:
    """``Hangul``, ``Han``, ``Kana``, ``Cyrillic``, ``Greek``, ``Arabic``, ``Latin`` or
    ``Other``: the first of these (in that order) that any letter of ``name`` belongs to."""
    found = set()
    for ch in name:
        if not ch.isalpha():
            continue
        word = unicodedata.name(ch, "").split(" ", 1)[0]
        found.add(_PREFIXES.get(word, "Other"))
    return next((s for s in SCRIPTS if s in found), "Other")
