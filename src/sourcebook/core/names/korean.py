"""Korean names: Hangul, McCune–Reischauer and Revised Romanization → one key per syllable.

Romanized Korean loses information (breves dropped: ŏ → o, ŭ → u; apostrophes dropped: p'yŏng →
pyong; MR k is RR g), and print adds conventions of its own (Kim Il Sung for 김일성 with ㅓ as u;
Lee/Rhee/Yi/I/Ri for 이/리; Park for 박; Choi for 최). So a syllable's key keeps only what survives
every spelling:

- initial consonant class: k (ㄱ ㅋ ㄲ), t (ㄷ ㅌ ㄸ), p (ㅂ ㅍ ㅃ), c (ㅈ ㅊ ㅉ), s (ㅅ ㅆ), n, m, h,
  and none (ㅇ); ㄹ reads as none before i/y and as n elsewhere, ㄴ as none before i/y (the
  South Korean initial rule: 리 = 이, 로 = 노), so Ri = Li = Yi = I = Rhee = Lee;
- vowel class: a, ae, e, i, ya, yae, ye, o (ㅓ ㅗ ㅜ ㅡ: ŏ eo o u ŭ eu), yo (ㅕ ㅛ ㅠ), wa, wo,
  we (ㅚ ㅙ ㅞ: oe, oi, wae, we), wi; ㅢ (ŭi, ui, eui, and ee/i in print: Chung-hee) = i;
- final class: k, n, t, l, m, p, ng.

A romanized word is split into syllables by longest match from the left with backtracking
(Pyongyang = pyong yang, Sinuiju = sin ui ju); hyphens, spaces and apostrophes between syllables
do not matter (Kim Il-sŏng = Kim Il Sung = Kimilsung). Conventions read: breves as ŏ/ŭ or a
following ˘; eo/eu (RR); ee (Lee), oo (Moon, Yoon), rh (Rhee), sh (Shin), a final h after a vowel
(Oh, Roh, Suh), ark (Park). Known limit: consonant assimilation spelled out in romanization
(Silla for 신라) does not meet the Hangul key.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# Hangul jamo order (Unicode syllable composition).
_INITIALS = "ㄱㄲㄴㄷㄸㄹㅁㅂㅃㅅㅆㅇㅈㅉㅊㅋㅌㅍㅎ"
_VOWELS = "ㅏㅐㅑㅒㅓㅔㅕㅖㅗㅘㅙㅚㅛㅜㅝㅞㅟㅠㅡㅢㅣ"
_FINALS = ["", *"ㄱㄲㄳㄴㄵㄶㄷㄹㄺㄻㄼㄽㄾㄿㅀㅁㅂㅄㅅㅆㅇㅈㅊㅋㅌㅍㅎ"]

# ㄹ is resolved by the vowel (none before i/y, else n); ㅇ has no sound as an initial.
_INITIAL_CLASS = dict(
    zip(
        _INITIALS,
        [
            "k",
            "k",
            "n",
            "t",
            "t",
            "r",
            "m",
            "p",
            "p",
            "s",
            "s",
            "",
            "c",
            "c",
            "c",
            "k",
            "t",
            "p",
            "h",
        ],
        strict=True,
    )
)
_VOWEL_CLASS = dict(
    zip(
        _VOWELS,
        [
            "a",
            "ae",
            "ya",
            "yae",
            "o",
            "e",
            "yo",
            "ye",
            "o",
            "wa",
            "we",
            "we",
            "yo",
            "o",
            "wo",
            "we",
            "wi",
            "yo",
            "o",
            "i",
            "i",
        ],
        strict=True,
    )
)
_FINAL_CLASS = {
    "": "",
    "ㄱ": "k",
    "ㄲ": "k",
    "ㄳ": "k",
    "ㄴ": "n",
    "ㄵ": "n",
    "ㄶ": "n",
    "ㄷ": "t",
    "ㄹ": "l",
    "ㄺ": "k",
    "ㄻ": "m",
    "ㄼ": "l",
    "ㄽ": "l",
    "ㄾ": "l",
    "ㄿ": "p",
    "ㅀ": "l",
    "ㅁ": "m",
    "ㅂ": "p",
    "ㅄ": "p",
    "ㅅ": "t",
    "ㅆ": "t",
    "ㅇ": "ng",
    "ㅈ": "t",
    "ㅊ": "t",
    "ㅋ": "k",
    "ㅌ": "t",
    "ㅍ": "p",
    "ㅎ": "t",
}

# Romanized spellings (MR with and without diacritics and apostrophes, RR, print conventions).
_ROM_INITIALS = {
    "": "",
    "k": "k",
    "g": "k",
    "k'": "k",
    "kk": "k",
    "t": "t",
    "d": "t",
    "t'": "t",
    "tt": "t",
    "p": "p",
    "b": "p",
    "p'": "p",
    "pp": "p",
    "ch": "c",
    "j": "c",
    "ch'": "c",
    "tch": "c",
    "jj": "c",
    "ts": "c",
    "s": "s",
    "ss": "s",
    "sh": "s",
    "n": "n",
    "m": "m",
    "h": "h",
    "r": "r",
    "l": "r",
    "rh": "r",
}
_ROM_VOWELS = {
    "a": "a",
    "ae": "ae",
    "e": "e",
    "i": "i",
    "ee": "i",
    "yi": "i",
    "ya": "ya",
    "yae": "yae",
    "ye": "ye",
    "o": "o",
    "ŏ": "o",
    "eo": "o",
    "u": "o",
    "ŭ": "o",
    "eu": "o",
    "oo": "o",
    "uh": "o",
    "yo": "yo",
    "yŏ": "yo",
    "yeo": "yo",
    "yu": "yo",
    "yoo": "yo",
    "wa": "wa",
    "wo": "wo",
    "wŏ": "wo",
    "weo": "wo",
    "oe": "we",
    "oi": "we",
    "wae": "we",
    "we": "we",
    "wi": "wi",
    "ui": "i",
    "ŭi": "i",
    "eui": "i",
}
_ROM_FINALS = {"": "", "k": "k", "n": "n", "t": "t", "l": "l", "m": "m", "p": "p", "ng": "ng"}


def _resolve(initial: str, vowel: str) -> str:
    if initial == "r":
        return "" if vowel[0] in "iy" else "n"
    if initial == "n" and vowel[0] in "iy":
        return ""
    return initial


def _key(initial: str, vowel: str, final: str) -> str:
    return _resolve(initial, vowel) + vowel + final


def _build_syllables() -> dict[str, str]:
    out: dict[str, str] = {}
    for ri, ci in _ROM_INITIALS.items():
        for rv, cv in _ROM_VOWELS.items():
            if ri == "sh" and cv not in ("i", "wi", "ya", "yo", "ye"):
                continue
            for rf, cf in _ROM_FINALS.items():
                out.setdefault(ri + rv + rf, _key(ci, cv, cf))
            if rv in ("o", "u", "a", "e", "ŏ", "eo") and ri:
                out.setdefault(ri + rv + "h", _key(ci, cv, ""))  # Roh, Suh, Oh (initial-less below)
    out["oh"] = "o"
    for ri, ci in _ROM_INITIALS.items():
        out.setdefault(ri + "ark", _key(ci, "a", "k"))  # Park
    return out


ROMAN_SYLLABLES = _build_syllables()
_MAX_ROM = max(map(len, ROMAN_SYLLABLES))
_APOS = re.compile("[’ʼ‘`´']")


def decompose(ch: str) -> tuple[str, str, str] | None:
    """(initial, vowel, final) jamo of a precomposed Hangul syllable, or None."""
    code = ord(ch) - 0xAC00
    if not 0 <= code < 11172:
        return None
    return _INITIALS[code // 588], _VOWELS[(code % 588) // 28], _FINALS[code % 28]


def hangul_key(ch: str) -> str | None:
    parts = decompose(ch)
    if parts is None:
        return None
    i, v, f = parts
    return _key(_INITIAL_CLASS[i], _VOWEL_CLASS[v], _FINAL_CLASS[f])


def _normalize(word: str) -> str:
    w = unicodedata.normalize("NFC", word.lower().replace("˘", "\u0306"))
    return w.replace("o\u0306", "ŏ").replace("u\u0306", "ŭ").replace("ǒ", "ŏ").replace("ǔ", "ŭ")


def _alternation(items) -> str:
    return "|".join(re.escape(x) for x in sorted(items, key=len, reverse=True) if x)


# A necessary condition for a split, checked in C before the split itself: syllables built from
# the spelling parts (a superset of ROMAN_SYLLABLES, compiled in a few milliseconds).
_SPLIT_GATE = re.compile(
    f"(?:(?:{_alternation(_ROM_INITIALS)})?(?:{_alternation(_ROM_VOWELS)})(?:{_alternation(_ROM_FINALS)}|h|rk)?)+"
)


def _split(part: str) -> list[str] | None:
    """Longest-first split of ``part`` into romanized syllables (with backtracking).

    ``ok[i]`` says whether ``part[i:]`` splits at all; walking from the left and taking the
    longest syllable that leaves a splittable rest gives the same split as backtracking.
    """
    if len(part) > 40 or (len(part) <= 14 and not _SPLIT_GATE.fullmatch(part)):
        return None  # the gate backtracks exponentially on pathological strings: short ones only
    n = len(part)
    ok = [False] * (n + 1)
    ok[n] = True
    for i in range(n - 1, -1, -1):
        for j in range(i + 1, min(n, i + _MAX_ROM) + 1):
            if ok[j] and part[i:j] in ROMAN_SYLLABLES:
                ok[i] = True
                break
    if not ok[0]:
        return None
    out, i = [], 0
    while i < n:
        for j in range(min(n, i + _MAX_ROM), i, -1):
            if ok[j] and part[i:j] in ROMAN_SYLLABLES:
                out.append(part[i:j])
                i = j
                break
    return out


@lru_cache(maxsize=16384)
def roman_syllables(word: str) -> tuple[str, ...] | None:
    """The romanized syllables of a Korean word (``P'yŏngyang`` → p'yŏng yang), or None.

    Apostrophes after k, t, p, ch mark aspiration; elsewhere (MR ``Han'guk``) they separate
    syllables, as hyphens do.
    """
    w = _normalize(word)
    w = re.sub(r"(?<=[ktph])['’ʼ‘`´]", "'", w)
    w = re.sub(r"(?<![ktph])['’ʼ‘`´]", "-", w)
    out: list[str] = []
    for part in w.split("-"):
        if not part:
            continue
        if not all(c.isalpha() or c == "'" for c in part):
            return None
        syls = _split(part)
        if syls is None:
            return None
        out += syls
    return tuple(out) if out else None


def roman_keys(word: str) -> tuple[str, ...] | None:
    syls = roman_syllables(word)
    return tuple(ROMAN_SYLLABLES[s] for s in syls) if syls else None


# Rendering Hangul ---------------------------------------------------------------------------------

_MR_INITIAL = dict(
    zip(
        _INITIALS,
        [
            "k",
            "kk",
            "n",
            "t",
            "tt",
            "r",
            "m",
            "p",
            "pp",
            "s",
            "ss",
            "",
            "ch",
            "tch",
            "ch'",
            "k'",
            "t'",
            "p'",
            "h",
        ],
        strict=True,
    )
)
_MR_MEDIAL = {"ㄱ": "g", "ㄷ": "d", "ㅂ": "b", "ㅈ": "j"}
_MR_VOWEL = dict(
    zip(
        _VOWELS,
        [
            "a",
            "ae",
            "ya",
            "yae",
            "ŏ",
            "e",
            "yŏ",
            "ye",
            "o",
            "wa",
            "wae",
            "oe",
            "yo",
            "u",
            "wŏ",
            "we",
            "wi",
            "yu",
            "ŭ",
            "ŭi",
            "i",
        ],
        strict=True,
    )
)
# McCune–Reischauer writes a final consonant by the same sound classes.
_MR_FINAL = _FINAL_CLASS
DOUBLE_SURNAMES = frozenset("남궁 선우 제갈 황보 독고 사공 서문 동방 어금 망절".split())


def _mr_syllable(ch: str, medial: bool, prev_final: str) -> str:
    i, v, f = decompose(ch)
    init = _MR_INITIAL[i]
    if medial and i in _MR_MEDIAL and prev_final in ("", "ㄴ", "ㄹ", "ㅁ", "ㅇ"):
        init = _MR_MEDIAL[i]
    if i == "ㄹ" and not medial:
        init = "r"
    return init + _MR_VOWEL[v] + _MR_FINAL[f]


def mccune_reischauer(word: str) -> str:
    """A Hangul name part in McCune–Reischauer, syllables hyphenated (일성 → il-sŏng)."""
    out = []
    prev = None
    for k, ch in enumerate(word):
        if decompose(ch) is None:
            return ""
        out.append(_mr_syllable(ch, k > 0, prev or ""))
        prev = decompose(ch)[2]
    return "-".join(out)


@lru_cache(maxsize=4096)
def _rr_syllable(ch: str) -> str:
    from korean_romanizer.romanizer import Romanizer

    return Romanizer(ch).romanize()


def revised_romanization(word: str) -> str:
    """A Hangul name part in Revised Romanization (korean-romanizer per syllable: 일성 → il-seong)."""
    if any(decompose(c) is None for c in word):
        return ""
    return "-".join(_rr_syllable(c) for c in word)


# Common Korean surnames: used only to lay a rendering out as "Surname Given", never to match.
SURNAMES = frozenset(
    "김이리박최정강조윤장임림한오서신권황안송류유전홍고문양손배백허남심노하곽성차주우구민진나지엄원채천"
    "방공현함변염여추도소석선설마길연위표명기반왕금옥육인맹제모탁국어은편용예경봉사부계"
)


def split_name(word: str) -> list[str]:
    """A Hangul person name as [surname, given] (2–4 syllables), else [word]."""
    if 3 <= len(word) <= 4 and word[:2] in DOUBLE_SURNAMES:
        return [word[:2], word[2:]]
    if len(word) == 3 and word[0] in SURNAMES and all(decompose(c) for c in word):
        return [word[:1], word[1:]]
    if len(word) == 2 and word[0] in "김이리박최정강조윤장남" and all(decompose(c) for c in word):
        return [word[:1], word[1:]]
    return [word]


def strip_diacritics(s: str) -> str:
    s = unicodedata.normalize("NFD", s.replace("'", ""))
    return unicodedata.normalize("NFC", "".join(c for c in s if not unicodedata.combining(c)))
