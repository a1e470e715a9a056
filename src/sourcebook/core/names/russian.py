"""Russian names: Cyrillic ⇄ English, German, French and Polish transliterations, one key for all.

Each language writes Cyrillic by its own spelling rules (Хрущёв: Khrushchev, Chruschtschow,
Khrouchtchev, Chruszczow). A Latin word is read back into Cyrillic by each language's table
(longest spelling first: schtsch, szcz, chtch, shch before sch, sz, ch, sh); a reading counts when
writing that Cyrillic forward again by the same language's rules gives the word back. When several
languages read a word, the shortest Cyrillic wins (a French "ou" or German "tsch" read as one letter
is the intended convention, not two English letters). The Cyrillic is then reduced to a skeleton
key that ignores what the transliterations cannot keep apart:

- ё = е = э (German and Polish write ё as o after ж ч ш щ: after those letters o = е as well);
- ж = ш = ч and з = с = ц: German writes ж and ш alike (sch), and з and с (s), and its z is ц;
  English ch is ч where French ch is ш; й = и = ы; ь and ъ dropped;
- я → ia, ю → iu; doubled letters single (German ss); ий/ый at the end → i (Malinovsky, Malinowski).

Forward rules (a "soft position" is word start or after a vowel, ь or ъ):
- English (BGN/PCGN without diacritics, popular endings): е → ye in soft position, ё → yo (e
  after ж ч ш щ), ж zh, х kh, ц ts, ч ch, ш sh, щ shch, ы y, й y, ю yu, я ya, final ий/ый → y.
- German (Duden): в w, е → je in soft position, ё → jo (o after ж ч ш щ), ж sch, з s, й i,
  х ch, ц z, ч tsch, ш sch, щ schtsch, ю ju, я ja, final ий/ый → i, с between vowels ss.
- French: у ou, ж j, х kh, ц ts, ч tch, ш ch, щ chtch, ё io (o after ж ч ш щ), ю iou, я ia,
  й/и after a vowel ï, final ий/ый → i, с between vowels ss.
- Polish: в w, ж ż, х ch, ц c, ч cz, ш sz, щ szcz, й j, л ł (l before е ё ю я и ь), е → je in
  soft position, e after ж л р ц ч ш щ, else ie; ё/ю/я → jo/ju/ja in soft position, io/iu/ia
  after a consonant (o/u/a after ж л ч ш щ ц), и → y after ж ш ц, final ий → i.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

VOWELS = set("аеёиоуыэюя")
SIBILANTS = set("жчшщ")
SOFT_SIGNS = set("ьъ")
CYRILLIC = re.compile("^[а-яё]+$")

_BASE = {
    "а": "a",
    "б": "b",
    "в": "v",
    "г": "g",
    "д": "d",
    "з": "z",
    "и": "i",
    "к": "k",
    "л": "l",
    "м": "m",
    "н": "n",
    "о": "o",
    "п": "p",
    "р": "r",
    "с": "s",
    "т": "t",
    "у": "u",
    "ф": "f",
    "ы": "y",
    "э": "e",
    "ъ": "",
    "ь": "",
}
_LANG = {
    "en": {
        "ж": "zh",
        "й": "y",
        "х": "kh",
        "ц": "ts",
        "ч": "ch",
        "ш": "sh",
        "щ": "shch",
        "ю": "yu",
        "я": "ya",
    },
    "de": {
        "в": "w",
        "ж": "sch",
        "з": "s",
        "й": "i",
        "х": "ch",
        "ц": "z",
        "ч": "tsch",
        "ш": "sch",
        "щ": "schtsch",
        "ю": "ju",
        "я": "ja",
    },
    "fr": {
        "у": "ou",
        "ж": "j",
        "й": "i",
        "х": "kh",
        "ц": "ts",
        "ч": "tch",
        "ш": "ch",
        "щ": "chtch",
        "ю": "iou",
        "я": "ia",
    },
    "pl": {
        "в": "w",
        "ж": "ż",
        "й": "j",
        "х": "ch",
        "ц": "c",
        "ч": "cz",
        "ш": "sz",
        "щ": "szcz",
        "ю": "ju",
        "я": "ja",
    },
}
LANGUAGES = ("en", "de", "pl", "fr")
SYSTEM_NAMES = {"en": "english", "de": "german", "fr": "french", "pl": "polish"}


def transliterate(cyr: str, lang: str) -> str:
    """A lower-case Cyrillic word in the given language's transliteration (see module docstring)."""
    table = _LANG[lang]
    w = cyr.lower()
    out = []
    n = len(w)
    for i, ch in enumerate(w):
        prev = w[i - 1] if i else ""
        nxt = w[i + 1] if i + 1 < n else ""
        soft = not prev or prev in VOWELS or prev in SOFT_SIGNS
        if ch in "ий" and nxt == "" and prev in "иы" and lang != "pl":
            continue  # -ий/-ый: the и/ы already written as y or i
        if ch in "иы" and nxt == "й" and i + 2 == n:
            out.append({"en": "y", "de": "i", "fr": "i"}.get(lang, "y" if ch == "ы" else "i"))
            continue
        if ch == "й" and nxt == "" and prev in "иы" and lang == "pl":
            continue
        if ch == "е":
            if lang == "en":
                out.append("ye" if soft else "e")
            elif lang == "de":
                out.append("je" if soft else "e")
            elif lang == "fr":
                out.append("ïe" if prev and prev in VOWELS else "e")
            else:
                out.append("je" if soft else ("e" if prev in "жлрцчшщ" else "ie"))
            continue
        if ch == "ё":
            if prev in SIBILANTS or (lang == "pl" and prev in "лц"):
                out.append("o" if lang != "en" else "e")
            elif lang == "en":
                out.append("yo")
            elif lang == "de":
                out.append("jo")
            elif lang == "fr":
                out.append("io")
            else:
                out.append("jo" if soft else "io")
            continue
        if lang == "pl":
            if ch in "юя":
                v = "u" if ch == "ю" else "a"
                if soft:
                    out.append("j" + v)
                elif prev in "жлчшщц":
                    out.append(v)
                else:
                    out.append("i" + v)
                continue
            if ch == "л":
                out.append("l" if nxt and nxt in "еёюяиь" else "ł")
                continue
            if ch == "и" and prev in "жшц":
                out.append("y")
                continue
        if lang == "fr" and ch == "г" and nxt and nxt in "еиы":
            out.append("gu")  # Kossyguine
            continue
        if lang == "fr" and ch == "н" and prev == "и" and i + 1 == n:
            out.append("ne")  # Staline, Kossyguine
            continue
        if lang == "fr" and ch in "ий" and prev and prev in VOWELS:
            out.append("ï")
            continue
        if lang in ("de", "fr") and ch == "с" and prev in VOWELS and nxt and nxt in VOWELS:
            out.append("ss")
            continue
        out.append(table.get(ch) or _BASE.get(ch, ch))
    return "".join(out)


_REVERSE = {
    "en": {
        "shch": "щ",
        "kh": "х",
        "zh": "ж",
        "ch": "ч",
        "sh": "ш",
        "ts": "ц",
        "yo": "ё",
        "yu": "ю",
        "ya": "я",
        "ye": "е",
        "y": "ы",
        "'": "ь",
    },
    "de": {
        "schtsch": "щ",
        "tsch": "ч",
        "sch": "ш",
        "ch": "х",
        "z": "ц",
        "w": "в",
        "je": "е",
        "jo": "ё",
        "ju": "ю",
        "ja": "я",
        "j": "й",
        "y": "ы",
        "ss": "с",
        "s": "с",
        "v": "в",
    },
    "fr": {
        "chtch": "щ",
        "tch": "ч",
        "ch": "ш",
        "kh": "х",
        "ts": "ц",
        "iou": "ю",
        "ou": "у",
        "io": "ё",
        "ia": "я",
        "ïa": "я",
        "ïe": "е",
        "ï": "й",
        "j": "ж",
        "gu": "г",
        "ss": "с",
        "y": "ы",
        "é": "е",
    },
    "pl": {
        "szcz": "щ",
        "cz": "ч",
        "sz": "ш",
        "ch": "х",
        "rz": "ж",
        "c": "ц",
        "ż": "ж",
        "ź": "зь",
        "ś": "сь",
        "ć": "ть",
        "ń": "нь",
        "ł": "л",
        "w": "в",
        "je": "е",
        "jo": "ё",
        "ju": "ю",
        "ja": "я",
        "ie": "е",
        "io": "ё",
        "iu": "ю",
        "ia": "я",
        "j": "й",
        "y": "ы",
        "ó": "о",
        "h": "х",
    },
}
_LATIN_BASE = {
    "a": "а",
    "b": "б",
    "d": "д",
    "e": "е",
    "f": "ф",
    "g": "г",
    "i": "и",
    "k": "к",
    "l": "л",
    "m": "м",
    "n": "н",
    "o": "о",
    "p": "п",
    "r": "р",
    "s": "с",
    "t": "т",
    "u": "у",
    "v": "в",
    "z": "з",
}
_NOT_IN = {"en": set(), "de": {"v"}, "fr": {"u"}, "pl": {"v"}}


def _reverse_table(lang: str) -> dict[str, str]:
    t = {k: v for k, v in _LATIN_BASE.items() if k not in _NOT_IN[lang]}
    if lang == "de":
        t["v"] = "в"
    t.update(_REVERSE[lang])
    return t


_REV = {lang: _reverse_table(lang) for lang in LANGUAGES}
_REV_MAX = {lang: max(map(len, t)) for lang, t in _REV.items()}


_REV_PATTERN = {
    lang: re.compile("|".join(re.escape(k) for k in sorted(t, key=len, reverse=True)))
    for lang, t in _REV.items()
}
_PL_SOFT = {"ie": "е", "io": "ё", "iu": "ю", "ia": "я"}


def read_back(word: str, lang: str) -> str | None:
    """A lower-case Latin word read as Cyrillic by ``lang``'s spelling (longest match), or None."""
    w = word.lower()
    chunks = _REV_PATTERN[lang].findall(w)
    if sum(map(len, chunks)) != len(w):
        return None  # a letter this language does not write
    table = _REV[lang]
    out: list[str] = []
    prev = ""
    for k, chunk in enumerate(chunks):
        if lang == "pl" and chunk in _PL_SOFT and (not prev or prev[-1] in "aeiouyó"):
            out += ["и", _LATIN_BASE[chunk[1]]]  # soft vowels after a consonant only
            prev = chunk
            continue
        cyr = table[chunk]
        if (
            lang in ("en", "de")
            and cyr == "е"
            and len(chunk) == 2
            and out
            and out[-1] not in VOWELS
        ):
            cyr = "ье"  # Ignatyev, Ignatjew: soft sign before е
        elif lang == "pl" and cyr == "л":
            nxt = chunks[k + 1] if k + 1 < len(chunks) else ""
            if not nxt or nxt[0] not in "aeiouyó":
                cyr = "ль"  # Polish l is soft л (Jelcyn), ł the hard one
        elif lang == "fr" and chunk == "n" and k == len(chunks) - 2 and chunks[-1] == "e" and out:
            if out[-1] == "и":
                out.append("н")  # final -ine is -ин (Staline, Kossyguine)
                break
        out.append(cyr)
        prev = chunk
    return "".join(out)


def _loose(s: str) -> str:
    s = unicodedata.normalize("NFD", s)
    s = "".join(c for c in s if not unicodedata.combining(c))
    return re.sub(r"(.)\1", r"\1", s)


@lru_cache(maxsize=16384)
def readings(word: str) -> tuple[tuple[str, str], ...]:
    """(language, Cyrillic) readings of a Latin word that round-trip, best first; () if none."""
    w = unicodedata.normalize("NFC", word.lower())
    if not w.isalpha() or len(w) > 40:
        return ()
    found = []
    for lang in LANGUAGES:
        cyr = read_back(w, lang)
        if cyr and _loose(transliterate(cyr, lang)) == _loose(w):
            found.append((len(cyr), LANGUAGES.index(lang), lang, cyr))
    found.sort()
    return tuple((lang, cyr) for _, _, lang, cyr in found)


_SKELETON = {
    "а": "a",
    "б": "b",
    "в": "v",
    "г": "g",
    "д": "d",
    "е": "e",
    "ё": "e",
    "ж": "sh",
    "з": "s",
    "и": "i",
    "й": "i",
    "к": "k",
    "л": "l",
    "м": "m",
    "н": "n",
    "о": "o",
    "п": "p",
    "р": "r",
    "с": "s",
    "т": "t",
    "у": "u",
    "ф": "f",
    "х": "h",
    "ц": "s",
    "ч": "sh",
    "ш": "sh",
    "щ": "shch",
    "ъ": "",
    "ы": "i",
    "ь": "",
    "э": "e",
    "ю": "iu",
    "я": "ia",
}


@lru_cache(maxsize=16384)
def skeleton(cyr: str) -> str:
    """The matching key of a Cyrillic word (see module docstring): Хрущёв, хрущов → hrushchev."""
    w = cyr.lower()
    out = []
    for i, ch in enumerate(w):
        if ch in "оеёэ" and i and w[i - 1] in "жчшщ":
            out.append("e")
        else:
            out.append(_SKELETON.get(ch, ch))
    s = "".join(out)
    s = re.sub(r"(.)\1+", r"\1", s)
    return s


def cyrillic_key(word: str) -> str | None:
    w = word.lower()
    return skeleton(w) if CYRILLIC.match(w) else None


def latin_key(word: str) -> str | None:
    r = readings(word)
    return skeleton(r[0][1]) if r else None


def latin_keys(word: str) -> list[str]:
    """Every key a Latin word may stand for (one per round-tripping language, deduplicated)."""
    out = []
    for _, cyr in readings(word):
        k = skeleton(cyr)
        if k not in out:
            out.append(k)
    return out


# Words that look like transliterated Russian names: only these are expanded in queries, so that
# ordinary English words are not searched as Russian.
_NAME_SHAPE = re.compile(
    r"(ov|ev|ëv|ow|ew|off|eff|in|yn|ine|sky|ski|skiy|skii|skij|ckij|enko|ko|ich|itch|icz|itsch|"
    r"ovna|evna|owna|ewna|yan|jan|ian|ïan|ia|ija|iya|ya|ja)$|kh|zh|shch|tsch|szcz|cz|sz|rz|ż|ł|tch"
)


_STRONG_SHAPE = re.compile(
    r"(ov|ev|ow|ew|off|eff|sky|ski|skiy|skij|enko|yko|ich|itch|icz|itsch|yan|jan|ian|ova|eva|owa|ewa)$"
)


def strongly_name_shaped(word: str) -> bool:
    """Endings only Russian (and Armenian) surnames have: -ov, -ev, -sky, -enko, -ich, -yan …"""
    return bool(_STRONG_SHAPE.search(word.lower()))


def name_shaped(word: str) -> bool:
    w = word.lower()
    return bool(CYRILLIC.match(w)) or bool(_NAME_SHAPE.search(w))
