"""Sino-Korean readings: Han characters read in Korean (金日成 → 김일성), so they meet Hangul and
romanized Korean (Kim Il Sung, Kim Il-sŏng) in key space.

The readings come from Unicode's Unihan ``kHangul`` field (:mod:`.sino_korean_table`, generated
by ``scripts/gen_sino_korean.py``); a character has one reading for names (金 김, not 금; 車 차, not
거), which is the one keyed. Readings are kept in their underlying form (李 리, 盧 로); South
Korean spelling applies the initial-sound rule (두음법칙) at the start of a word: ㄹ before i/y
becomes ㅇ and elsewhere ㄴ, ㄴ before i/y becomes ㅇ (리 → 이, 로 → 노, 녀 → 여). North Korean
spelling does not (리승만, 로동). The key space of :mod:`.korean` already reads those initials
alike, so both spellings give the same keys; the rule matters for the Hangul shown.

Which reading a Han name takes depends on its language (:func:`readings_for`): Korean → only
this one, Chinese → only Mandarin, unknown → both.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache

from . import korean
from .sino_korean_table import DATA

_INITIALS = "ㄱㄲㄴㄷㄸㄹㅁㅂㅃㅅㅆㅇㅈㅉㅊㅋㅌㅍㅎ"
_Y_VOWELS = frozenset({2, 6, 7, 12, 17, 20})  # ㅑ ㅕ ㅖ ㅛ ㅠ ㅣ in composition order
_RIEUL, _NIEUN, _IEUNG = (_INITIALS.index(c) for c in "ㄹㄴㅇ")

MANDARIN, SINO_KOREAN = "mandarin", "sino-korean"


@lru_cache(maxsize=1)
def table() -> dict[str, str]:
    """Character → its Hangul readings, the name reading first (each reading one syllable)."""
    return {entry[0]: entry[1:] for entry in DATA.split()}


@lru_cache(maxsize=1)
def _keys() -> dict[str, str]:
    """Character → the key (:func:`korean.hangul_key`) of its name reading: the index's lookup."""
    return {ch: korean.hangul_key(readings[0]) for ch, readings in table().items()}


def _char(ch: str) -> str:
    """A compatibility ideograph (U+F900–FAFF) as its unified character, which Unihan reads."""
    return unicodedata.normalize("NFC", ch) if "\uf900" <= ch <= "\ufaff" else ch


def reading(ch: str) -> str | None:
    """The Hangul reading a Han character takes in a name (金 → 김), or None."""
    found = table().get(ch) or table().get(_char(ch))
    return found[0] if found else None


def key(ch: str) -> str | None:
    """The Korean key of a Han character's reading (金 → ``kim``), or None when it has none."""
    found = _keys().get(ch)
    if found is None and "\uf900" <= ch <= "\ufaff":
        found = _keys().get(_char(ch))
    return found


def keys(run: str) -> tuple[str, ...] | None:
    """Korean keys of a run of Han characters, or None when one of them has no reading."""
    out = tuple(key(ch) for ch in run)
    return None if not out or None in out else out


def hangul(run: str) -> str | None:
    """A Han run in Hangul, underlying (North Korean) spelling: 李承晩 → 리승만; None if unread."""
    out = [reading(ch) for ch in run]
    return None if not out or None in out else "".join(out)


def initial_rule(syllable: str) -> str:
    """The initial-sound rule (두음법칙) on one Hangul syllable: 리 → 이, 로 → 노, 녀 → 여."""
    code = ord(syllable) - 0xAC00
    if len(syllable) != 1 or not 0 <= code < 11172:
        return syllable
    initial, vowel = code // 588, (code % 588) // 28
    if initial == _RIEUL:
        new = _IEUNG if vowel in _Y_VOWELS else _NIEUN
    elif initial == _NIEUN and vowel in _Y_VOWELS:
        new = _IEUNG
    else:
        return syllable
    return chr(0xAC00 + new * 588 + code % 588)


def south(name: str) -> str:
    """A Hangul name in South Korean spelling: the rule on the first syllable of the surname and
    of the given name (리승만 → 이승만, 류관순 → 유관순); other words: on their first syllable."""
    parts = korean.split_name(name)
    return "".join(initial_rule(p[:1]) + p[1:] for p in parts if p)


def readings_for(language: str | None) -> tuple[bool, bool]:
    """(Mandarin, Sino-Korean): which readings a Han name gets in a text or authority of this
    language. ``ko`` → Korean only, ``zh`` → Mandarin only, anything else or unknown → both."""
    lang = (language or "").strip().lower()
    if lang.startswith("ko"):  # ko, ko-Kore, Korean
        return False, True
    if lang.startswith("zh") or lang == "chinese":  # zh, zh-Hant, Chinese
        return True, False
    return True, True
