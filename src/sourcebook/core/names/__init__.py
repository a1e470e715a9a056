"""Personal and place names across romanizations and scripts: variants, equality, index keys.

A name is matched in *key space*, never by a list of famous people. Each interpretation system turns
a word into normalised syllable/word keys that every rendering of the same name shares:

- ``zh``: Chinese. Pinyin, Wade–Giles, postal spellings and Han characters (simplified or
  traditional) → toneless pinyin syllables (:mod:`.chinese`): Chou En-lai = Zhou Enlai = 周恩來.
- ``ko``: Korean. McCune–Reischauer (with or without breves and apostrophes), Revised Romanization
  and Hangul → syllable classes (:mod:`.korean`): Kim Il-sŏng = Kim Il Sung = 김일성.
- ``ru``: Russian. English, German, French and Polish transliterations and Cyrillic → a Cyrillic
  skeleton (:mod:`.russian`): Khrushchev = Chruschtschow = Khrouchtchev = Chruszczow = Хрущёв.

The search engine indexes :func:`index_streams` of every text (one stream per system, keys prefixed
``zh:``, ``ko:``, ``ru:``) and looks up the phrases of :func:`query_names` in them. In running
text only capitalised Latin words (and all Han, Hangul and Cyrillic) are read as names: lower-case
English words are never keyed. Different names stay different: keys are whole syllables in order,
so Zhou Enlai ≠ Zhou Yang and Kim Il Sung ≠ Kim Jong Il. A phrase query finds a name inside a longer
one (a query for Kim Il also finds Kim Il Sung, as a plain word query would); :func:`same_name`
compares whole names.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import product

from .. import cjk
from . import chinese, korean, russian

__all__ = [
    "Variant",
    "NameQuery",
    "variants",
    "same_name",
    "index_streams",
    "query_names",
    "find_spans",
    "expand_with_variants",
    "name_phrases",
]

SYSTEMS = ("zh", "ko", "ru")
# zh2 holds the second reading of romanized words that pinyin and Wade–Giles both read.
# zhw holds romanized words read as Wade–Giles without apostrophes, as printed (chou en lai).
STREAMS = ("zh", "ko", "ru", "zh2", "zhw")
PLACEHOLDER = "_"


@dataclass(frozen=True)
class Variant:
    text: str  # a human-readable rendering, e.g. "Chou En-lai", "周恩來", "Хрущёв"
    system: str  # "pinyin", "wade-giles", "hanzi-simplified", "hangul", "cyrillic", "german", …


@dataclass(frozen=True)
class NameQuery:
    start: int  # word indexes [start, end) in the query words
    end: int
    phrases: list[str] = field(default_factory=list)  # key phrases to OR against index_streams
    variants: list[str] = field(default_factory=list)  # readable renderings


# Words -------------------------------------------------------------------------------------------

_HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f"
_HANGUL = "\uac00-\ud7af"
_LETTER = "A-Za-z\u00c0-\u024f\u1e00-\u1eff\u0400-\u04ff"
_WORD = re.compile(
    rf"(?P<han>[{_HAN}]+)|(?P<hangul>[{_HANGUL}]+)|(?P<kana>[\u3040-\u30ff\u1100-\u11ff\u3130-\u318f]+)"
    rf"|(?P<word>[{_LETTER}](?:[{_LETTER}\u0300-\u036f\u02d8]|['’ʼ‘`](?=[{_LETTER}])|-(?=[{_LETTER}]))*)"
)
_POSSESSIVE = re.compile(r"['’]s$")
_CYRILLIC = re.compile("[\u0400-\u04ff]")
# Lower-case English words that read as syllables. FUNCTION_WORDS never belong to a name in a
# query (he said, met kim il sung); the other STOPWORDS are only refused as a name on their own
# (long, gang, song), since they are also syllables of real names (He Long, Gao Gang).
FUNCTION_WORDS = frozenset(
    "a an and as at be by do for go her his i if in is it me no of on or so the to up we you she "
    "met meet said say says sent told ask asked talk talks talked with from into over under about "
    "after before visit visited him them they this that then than when what who will would "
    "shall should may might must has had have was were are been being not but all any our out "
    "its".split()
)
STOPWORDS = FUNCTION_WORDS | frozenset(
    "he men long pan ran tan ten man can sun bin pin den hang hung sing song fan gun gang dang "
    "lie die tie pie sea see tea ha hi oh la ma pa meeting letter cable note notes memo report "
    "city party army war peace north south east west korea korean china chinese soviet union "
    "premier chairman minister comrade general president leader one two three new old day days "
    "year years time times woman people state states government foreign affairs secretary "
    "embassy ambassador document documents telegram record records translation".split()
)


def _words(text: str) -> list[tuple[str, str, int, int]]:
    """(kind, word, start, end): kind is han, hangul, kana or word (Latin/Cyrillic)."""
    return [(m.lastgroup, m.group(), m.start(), m.end()) for m in _WORD.finditer(text)]


def _core(word: str) -> str:
    return _POSSESSIVE.sub("", word)


def _capitalised(word: str) -> bool:
    return word[:1].isupper()


# Chinese ------------------------------------------------------------------------------------------


def _zh_marks(word: str) -> tuple[bool, bool]:
    """(wade-giles-marked, pinyin-marked): spellings only one of the systems uses."""
    py = chinese.pinyin_syllables(word)
    wg = chinese.wg_syllables(word, False, False)
    wg_marked = wg is not None and (py is None or chinese.is_wade_giles_marked(word))
    py_marked = py is not None and wg is None
    return wg_marked, py_marked


def _zh_run_system(words: list[str], default: str = "pinyin") -> str | None:
    py_ok = all(chinese.pinyin_syllables(w) is not None for w in words)
    wg_ok = all(chinese.wg_syllables(w, False, False) is not None for w in words)
    if not (py_ok or wg_ok):
        return None
    marks = [_zh_marks(w) for w in words]
    if wg_ok and (not py_ok or any(m[0] for m in marks)):
        return "wade-giles"
    if py_ok and (not wg_ok or any(m[1] for m in marks)):
        return "pinyin"
    return default


def _zh_readings(words: list[str], system: str) -> list[tuple[str, ...]]:
    """Every pinyin reading (syllable tuple) of a run of romanized words in one system."""
    if system == "pinyin":
        syls: list[str] = []
        for w in words:
            s = chinese.pinyin_syllables(w)
            if s is None:
                return []
            syls += s
        return [tuple(syls)]
    apos = any(re.search(r"[a-z]['’ʼ‘]", w.lower()) for w in words)
    uml = any("ü" in unicodedata.normalize("NFC", w.lower()) for w in words)
    per: list[tuple[str, ...]] = []
    for w in words:
        s = chinese.wg_syllables(w, apos, uml)
        if s is None:
            return []
        per += s
    return chinese.reading_combinations(per)


def _plain_wg(syls: tuple[str, ...]) -> tuple[str, ...]:
    """A reading as Wade–Giles printed without apostrophes or umlauts (the ``zhw`` stream keys)."""
    return tuple(chinese.plain_wg(chinese.PINYIN_TO_WADE_GILES.get(s, s)) for s in syls)


def _zh_name(words: list[str]) -> tuple[list[tuple[str, ...]], list[Variant]] | None:
    """(readings, variants) when the words are a Chinese name, else None."""
    if len(words) == 1 and cjk.CJK_RUN.fullmatch(words[0]) and re.fullmatch(f"[{_HAN}]+", words[0]):
        run = words[0]
        simp = cjk.fold_chinese(run)
        syls = chinese.han_syllables(simp)
        if "_" in syls:
            return None
        groups = chinese.han_groups(simp, syls)
        trad = _s2t(simp)
        vs = [
            Variant(chinese.pinyin_display(groups), "pinyin"),
            Variant(chinese.wade_giles_display(groups), "wade-giles"),
            Variant(simp, "hanzi-simplified"),
        ]
        if trad != simp:
            vs.append(Variant(trad, "hanzi-traditional"))
        return [tuple(syls)], vs
    if not all(w and not _CYRILLIC.search(w) for w in words):
        return None
    if any(
        chinese.pinyin_syllables(w) is None
        and "-" not in w
        and russian.strongly_name_shaped(w)
        and not (
            re.search("(chow|kow)$", w.lower())
            and len(chinese.wg_syllables(w, False, False) or ()) <= 2
        )
        for w in words
    ):
        return None  # Mikojan is Russian, not Wade–Giles run together
    systems = []
    primary = _zh_run_system(words, default="pinyin")
    if primary is None:
        return None
    systems.append(primary)
    other = "wade-giles" if primary == "pinyin" else "pinyin"
    if _zh_run_system(words, default=other) == other:
        systems.append(other)  # unmarked: either reading
    readings: list[tuple[str, ...]] = []
    for system in systems:
        for r in _zh_readings(words, system):
            if r not in readings:
                readings.append(r)
    if not readings:
        return None
    vs = []
    # Readings beyond the first two are aspiration/umlaut guesses for apostrophe-less print: they
    # are matched, but listing them all would bury the likely renderings.
    for r in readings[:2]:
        groups = _regroup(words, r)
        for v in (
            Variant(chinese.pinyin_display(groups), "pinyin"),
            Variant(chinese.wade_giles_display(groups), "wade-giles"),
        ):
            if v not in vs:
                vs.append(v)
    return readings, vs


def _regroup(words: list[str], syls: tuple[str, ...]) -> list[list[str]]:
    """Split a reading back into the words of the name (by syllable counts of each word)."""
    groups, i = [], 0
    for w in words:
        n = len(chinese.pinyin_syllables(w) or chinese.wg_syllables(w, False, False) or ())
        groups.append(list(syls[i : i + n]))
        i += n
    if i != len(syls):
        return [list(syls)]
    return groups


@lru_cache(maxsize=1)
def _s2t_converter():
    import opencc

    return opencc.OpenCC("s2t")


def _s2t(text: str) -> str:
    return _s2t_converter().convert(text)


# Korean -------------------------------------------------------------------------------------------


def _ko_keys(words: list[str]) -> tuple[str, ...] | None:
    keys: list[str] = []
    for w in words:
        if re.fullmatch(f"[{_HANGUL}]+", w):
            keys += [korean.hangul_key(c) for c in w]
        elif _CYRILLIC.search(w) or not w.isascii() and not _latin_only(w):
            return None
        else:
            k = korean.roman_keys(w)
            if k is None:
                return None
            keys += k
    return tuple(keys) if keys else None


def _latin_only(w: str) -> bool:
    return all(
        c.isascii()
        or unicodedata.name(c, "").startswith("LATIN")
        or unicodedata.combining(c)
        or c in "˘’ʼ‘`"
        for c in w
    )


def _ko_variants(words: list[str]) -> list[Variant]:
    if len(words) == 1 and re.fullmatch(f"[{_HANGUL}]+", words[0]):
        parts = korean.split_name(words[0])
        mr = [korean.mccune_reischauer(p) for p in parts]
        rr = [korean.revised_romanization(p) for p in parts]
        if len(parts) == 1:  # a place or other single word: written as one word
            mr, rr = [m.replace("-", "") for m in mr], [r.replace("-", "") for r in rr]
        mr_text = " ".join(_cap(p) for p in mr)
        vs = [
            Variant(words[0], "hangul"),
            Variant(mr_text, "mccune-reischauer"),
            Variant(korean.strip_diacritics(mr_text), "mccune-reischauer-plain"),
            Variant(" ".join(_cap(p) for p in rr), "revised-romanization"),
        ]
        if len(parts) == 2 and len(parts[1]) > 1:
            vs.append(
                Variant(" ".join(_cap(p.replace("-", "")) for p in rr), "revised-romanization")
            )
        return vs
    plain = " ".join(korean.strip_diacritics(w) for w in words)
    vs = [Variant(plain, "mccune-reischauer-plain")]
    syls = [[korean.strip_diacritics(x) for x in korean.roman_syllables(w) or ()] for w in words]
    if len(syls) >= 2:  # surname, then the given name hyphenated, joined and spaced
        given = [x for g in syls[1:] for x in g]
        if len(given) > 1:
            head = _cap(syls[0][0]) if len(syls[0]) == 1 else _cap("".join(syls[0]))
            vs.append(Variant(f"{head} {_cap('-'.join(given))}", "romanized-hyphenated"))
            vs.append(Variant(f"{head} {_cap(''.join(given))}", "romanized-joined"))
            vs.append(Variant(" ".join([head] + [_cap(x) for x in given]), "romanized-spaced"))
    elif syls and len(syls[0]) > 1:
        vs.append(Variant(" ".join(_cap(x) for x in syls[0]), "romanized-spaced"))
    hangul = _hangul_guess(words)
    if hangul:
        vs.insert(0, Variant(hangul, "hangul"))
        parts = (
            hangul.split()
            if len(words) == 1
            else [p for h in hangul.split() for p in korean.split_name(h)]
        )
        vs.append(
            Variant(
                " ".join(_cap(korean.revised_romanization(p)) for p in parts),
                "revised-romanization",
            )
        )
        vs.append(
            Variant(" ".join(_cap(korean.mccune_reischauer(p)) for p in parts), "mccune-reischauer")
        )
    return vs


_MR_TO_JAMO_INITIAL = {
    "k": "ㄱ",
    "g": "ㄱ",
    "k'": "ㅋ",
    "kk": "ㄲ",
    "t": "ㄷ",
    "d": "ㄷ",
    "t'": "ㅌ",
    "tt": "ㄸ",
    "p": "ㅂ",
    "b": "ㅂ",
    "p'": "ㅍ",
    "pp": "ㅃ",
    "ch": "ㅈ",
    "j": "ㅈ",
    "ch'": "ㅊ",
    "tch": "ㅉ",
    "s": "ㅅ",
    "ss": "ㅆ",
    "sh": "ㅅ",
    "n": "ㄴ",
    "m": "ㅁ",
    "h": "ㅎ",
    "r": "ㄹ",
    "l": "ㄹ",
    "": "ㅇ",
}
_MR_TO_JAMO_VOWEL = {
    "a": "ㅏ",
    "ae": "ㅐ",
    "ya": "ㅑ",
    "yae": "ㅒ",
    "ŏ": "ㅓ",
    "e": "ㅔ",
    "yŏ": "ㅕ",
    "ye": "ㅖ",
    "o": "ㅗ",
    "wa": "ㅘ",
    "wae": "ㅙ",
    "oe": "ㅚ",
    "yo": "ㅛ",
    "u": "ㅜ",
    "wŏ": "ㅝ",
    "we": "ㅞ",
    "wi": "ㅟ",
    "yu": "ㅠ",
    "ŭ": "ㅡ",
    "ŭi": "ㅢ",
    "i": "ㅣ",
}
_JAMO_FINAL = {"": "", "k": "ㄱ", "n": "ㄴ", "t": "ㅅ", "l": "ㄹ", "m": "ㅁ", "p": "ㅂ", "ng": "ㅇ"}


def _hangul_guess(words: list[str]) -> str | None:
    """Hangul for strict McCune–Reischauer (breves present, so vowels are certain), else None."""
    text = unicodedata.normalize("NFC", " ".join(words).lower().replace("˘", "\u0306"))
    text = text.replace("o\u0306", "ŏ").replace("u\u0306", "ŭ")
    if not re.search("[ŏŭ]", text):
        return None
    out_words = []
    for w in words:
        syls = korean.roman_syllables(w)
        if not syls:
            return None
        chars = ""
        for s in syls:
            m = re.fullmatch(
                r"(tch|ch'|ch|k'|t'|p'|kk|tt|pp|ss|sh|[kgtdpbjsnmhrl]?)"
                r"(yae|wae|ŭi|yŏ|wŏ|ae|ya|ye|wa|oe|yo|we|wi|yu|[aŏeouŭi])(ng|[kntlmp]?)",
                s,
            )
            if not m or m.group(2) not in _MR_TO_JAMO_VOWEL:
                return None
            i = _INITIAL_INDEX[_MR_TO_JAMO_INITIAL[m.group(1)]]
            v = _VOWEL_INDEX[_MR_TO_JAMO_VOWEL[m.group(2)]]
            f = _FINAL_INDEX[_JAMO_FINAL[m.group(3)]]
            chars += chr(0xAC00 + i * 588 + v * 28 + f)
        out_words.append(chars)
    if len(out_words) >= 2 and len(out_words[0]) == 1:
        return out_words[0] + "".join(out_words[1:])
    return " ".join(out_words)


_INITIAL_INDEX = {c: i for i, c in enumerate("ㄱㄲㄴㄷㄸㄹㅁㅂㅃㅅㅆㅇㅈㅉㅊㅋㅌㅍㅎ")}
_VOWEL_INDEX = {c: i for i, c in enumerate("ㅏㅐㅑㅒㅓㅔㅕㅖㅗㅘㅙㅚㅛㅜㅝㅞㅟㅠㅡㅢㅣ")}
_FINAL_INDEX = {
    c: i for i, c in enumerate(["", *"ㄱㄲㄳㄴㄵㄶㄷㄹㄺㄻㄼㄽㄾㄿㅀㅁㅂㅄㅅㅆㅇㅈㅊㅋㅌㅍㅎ"])
}


def _cap(s: str) -> str:
    return s[:1].upper() + s[1:]


# Russian ------------------------------------------------------------------------------------------


def _ru_keysets(words: list[str]) -> list[tuple[str, ...]]:
    per: list[list[str]] = []
    for w in words:
        k = russian.cyrillic_key(w)
        if k:
            per.append([k])
            continue
        ks = russian.latin_keys(w)
        if not ks:
            return []
        per.append(ks)
    return [tuple(c) for c in list(product(*per))[:8]]


def _ru_variants(words: list[str]) -> list[Variant]:
    cyr_words = []
    for w in words:
        if russian.cyrillic_key(w):
            cyr_words.append(w.lower())
        else:
            r = russian.readings(w)
            if not r:
                return []
            cyr_words.append(r[0][1])
    vs = [Variant(" ".join(_cap(c) for c in cyr_words), "cyrillic")]
    for lang in russian.LANGUAGES:
        vs.append(
            Variant(
                " ".join(_cap(russian.transliterate(c, lang)) for c in cyr_words),
                russian.SYSTEM_NAMES[lang],
            )
        )
    return vs


def _ru_name(words: list[str], strict: bool = False) -> bool:
    """A Russian name: at most three words, the last shaped like a Russian surname (-ov, -sky, kh …).

    In queries (``strict``) the other words must be capitalised (Nikita Khrushchev), and a
    lower-case word counts as shaped only with a surname ending only Russian names have
    (khrushchev, malinovsky), not with a weak one (india, berlin).
    """
    if not words or len(words) > 3:
        return False
    last = words[-1]
    if strict and not _capitalised(last) and not _CYRILLIC.search(last):
        shaped = russian.strongly_name_shaped(last) or bool(
            re.search("kh|zh|shch|tsch|szcz|cz|sz|rz|ż|ł|tch", last.lower())
        )
    else:
        shaped = russian.name_shaped(last)
    if not shaped:
        return False
    if strict and not all(
        _capitalised(w) or _CYRILLIC.search(w) or _GIVEN_NAME_SHAPE.search(w) for w in words[:-1]
    ):
        return False
    return bool(_ru_keysets(words))


# Lower-case words taken as a Russian given name or patronymic before a surname in a query
# (nikita khrushchev, vyacheslav molotov, nikita sergeyevich khrushchev).
_GIVEN_NAME_SHAPE = re.compile(r"(a|i|y|ei|ai|ii|iy|ij|slav|slaw|mir|ail|id|ich|itch|vna)$")


# Whole names ----------------------------------------------------------------------------------------


def _split_name(name: str) -> list[str]:
    return [_core(w) for _, w, _, _ in _words(unicodedata.normalize("NFC", name))]


@dataclass(frozen=True)
class _Analysis:
    zh: list[tuple[str, ...]]
    ko: tuple[str, ...] | None
    ru: list[tuple[str, ...]]
    variants: list[Variant]


@lru_cache(maxsize=4096)
def _analyse(name: str, strict: bool = False) -> _Analysis:
    """Readings of a whole name in each system. ``strict``: apply the query rules against English."""
    words = _split_name(name)
    if not words or len(words) > 6:
        return _Analysis([], None, [], [])
    if strict and not _plausible(words):
        return _Analysis([], None, [], [])
    vs: list[Variant] = []
    zh = _zh_name(words)
    zh_readings = zh[0] if zh else []
    if zh:
        vs += zh[1]
    ko = _ko_keys(words)
    if ko and zh and len(ko) > len(zh_readings[0]):
        ko = None  # Chou En-lai is not cho-u en-la-i
    if ko and not all(re.fullmatch(f"[{_HAN}]+", w) for w in words):
        plain_pinyin = all(chinese.pinyin_syllables(w) for w in words)
        if not zh or _korean_marked(words) or plain_pinyin:  # Peking is not Korean "Pek Ing"
            vs += _ko_variants(words)
    else:
        ko = None
    ru: list[tuple[str, ...]] = []
    if not zh and _ru_name(words, strict):
        ru = _ru_keysets(words)
        ru_vs = _ru_variants(words)
        vs = ru_vs + vs if ko and not _korean_marked(words) else vs + ru_vs
    return _Analysis(zh_readings, ko, ru, vs)


def _korean_marked(words: list[str]) -> bool:
    """Spellings only Korean romanization uses: breves, eo/eu, hyphenated syllables, Hangul."""
    text = " ".join(words).lower()
    return bool(re.search(r"[ŏŭ˘\u0306\uac00-\ud7af]|eo|eu|\w-\w", text))


def _plausible(words: list[str]) -> bool:
    """Query words that may be a name: not a lone lower-case syllable, no lower-case stopword.

    English function words never belong to a name; other common words that are also syllables
    are refused only on their own (tan zheng, he long and gao gang are names; long is not).
    """
    if any(w in FUNCTION_WORDS for w in words):
        return False
    if len(words) == 1 and words[0] in STOPWORDS:
        return False
    if len(words) == 1:
        w = words[0]
        if re.fullmatch(f"[{_HAN}{_HANGUL}]", w):
            return False
        if w.islower() and w.isascii() and "-" not in w and "'" not in w:
            syl = chinese.pinyin_syllables(w) or korean.roman_syllables(w) or ()
            if len(syl) < 2 and not russian.name_shaped(w):
                return False
    return True


def variants(name: str) -> list[Variant]:
    """All renderings of a personal or place name, the input first.

    ``[Variant(name, 'input')]`` only when it is not recognised in any system.
    """
    name = name.strip()
    out = [Variant(name, "input")]
    seen = {name}
    for v in _analyse(name).variants:
        if v.text and v.text not in seen:
            seen.add(v.text)
            out.append(v)
    return out


def same_name(a: str, b: str) -> bool:
    """True when a and b are renderings of the same name (Zhou Enlai == Chou En-lai == 周恩來).

    Compares whole names: every syllable in order, so Zhou Enlai != Zhou Yang and
    Kim Il Sung != Kim Jong Il != Kim Il.
    """
    if cjk.fold_word(a.strip()) == cjk.fold_word(b.strip()) and a.strip():
        return True
    x, y = _analyse(a.strip()), _analyse(b.strip())
    if set(x.zh) & set(y.zh):
        return True
    if x.ko is not None and x.ko == y.ko:
        return True
    return bool(set(x.ru) & set(y.ru))


def _phrases(analysis: _Analysis) -> list[str]:
    out: list[str] = []
    for r in analysis.zh:
        for p in (" ".join("zh:" + s for s in r), " ".join("zhw:" + s for s in _plain_wg(r))):
            if p not in out:
                out.append(p)
    if analysis.ko:
        out.append(" ".join("ko:" + k for k in analysis.ko))
    for r in analysis.ru:
        p = " ".join("ru:" + k for k in r)
        if p not in out:
            out.append(p)
    return out


def name_phrases(name: str) -> list[str]:
    """Key phrases that find every rendering of ``name`` in :func:`index_streams` (OR them)."""
    return _phrases(_analyse(name.strip()))


def expand_with_variants(name: str, extra: Iterable[str]) -> list[Variant]:
    """variants() plus variant names from authority records or alternate_form annotations.

    Each extra name is listed (system ``authority``) and expanded in turn, so ``Ri Chang-jeong``
    with ``Ri Chang Jong`` yields both and their other renderings; duplicates are dropped.
    """
    out = variants(name)
    seen = {v.text for v in out}
    for e in extra:
        e = (e or "").strip()
        if not e:
            continue
        for v in [Variant(e, "authority")] + variants(e)[1:]:
            if v.text not in seen:
                seen.add(v.text)
                out.append(v)
    return out


# Index streams and queries --------------------------------------------------------------------------


_UPPER = "".join(
    c for c in map(chr, range(0x41, 0x250)) if c.isupper() and unicodedata.category(c) == "Lu"
)
# Index candidates: Han, Hangul and kana runs, Cyrillic words, Latin words with a capital first.
_CANDIDATE = re.compile(
    rf"(?P<han>[{_HAN}]+)|(?P<hangul>[{_HANGUL}]+)|(?P<kana>[\u3040-\u30ff\u1100-\u11ff\u3130-\u318f]+)"
    rf"|(?<![{_LETTER}'’ʼ‘`\u0300-\u036f-])(?P<word>[{_UPPER}\u0400-\u04ff]"
    rf"(?:[{_LETTER}\u0300-\u036f\u02d8]|['’ʼ‘`](?=[{_LETTER}])|-(?=[{_LETTER}]))*)"
)
_ANY_WORD = re.compile(r"[^\W_]")
# Words this long are never names (hashes, URLs, "Ch'ou'Ch'ou'…"); the syllable readers cost more
# than linear on them. The search layer already replaces such runs before calling in.
LONGEST_NAME_WORD = 40
_NON_SPACE = re.compile(r"\S")
_WG_APOSTROPHE = re.compile("['’ʼ‘]")


@dataclass(frozen=True)
class _WordInfo:
    py: tuple[str, ...] | None  # pinyin reading
    wg: tuple[str, ...] | None  # Wade–Giles reading as written
    wg_marked: bool
    py_marked: bool
    plain: tuple[str, ...] | None  # Wade–Giles as printed, for zhw
    apostrophe: bool
    ko: tuple[str, ...] | None
    ru: str | None  # Cyrillic words only; Latin words are read as Russian in context (_ru_latin)
    ru_shaped: bool


@lru_cache(maxsize=65536)
def _word_info(core: str) -> _WordInfo:
    if _CYRILLIC.search(core):
        return _WordInfo(
            None, None, False, False, None, False, None, russian.cyrillic_key(core), True
        )
    py = chinese.pinyin_syllables(core)
    wg_any = chinese.wg_syllables(core, False, False)
    wg = None
    if wg_any:
        strict = chinese.wg_syllables(core, True, True)
        wg = tuple(x[0] for x in (strict or wg_any))
    wg_marked, py_marked = _zh_marks(core) if (py or wg_any) else (False, False)
    return _WordInfo(
        py,
        wg,
        wg_marked,
        py_marked,
        chinese.plain_wg_syllables(core) if wg_any else None,
        bool(_WG_APOSTROPHE.search(core)),
        korean.roman_keys(core),
        None,
        russian.name_shaped(core),
    )


@lru_cache(maxsize=65536)
def _ru_latin(core: str) -> str | None:
    return russian.latin_key(core)


def _push(stream: list[tuple[str, int, int]], key: str, s: int, e: int) -> None:
    if key == PLACEHOLDER and stream and stream[-1][0] == PLACEHOLDER:
        return
    stream.append((key, s, e))


def _stream_keys(text: str) -> dict[str, list[tuple[str, int, int]]]:
    """(key, start, end) per stream for ``text``; words without a reading give a placeholder."""
    out: dict[str, list[tuple[str, int, int]]] = {s: [] for s in STREAMS}
    zh, ko, ru, zh2, zhw = out["zh"], out["ko"], out["ru"], out["zh2"], out["zhw"]
    everything = (zh, ko, ru, zh2, zhw)
    prev_end = 0
    counts = {"pinyin": 0, "wade-giles": 0}
    items: list = []
    for m in _CANDIDATE.finditer(text):
        s, e = m.span()
        if m.lastgroup == "word" and e - s >= LONGEST_NAME_WORD:
            continue  # not a name: the next word sees it as other words (a gap), as search does
        if _ANY_WORD.search(text, prev_end, s):
            items.append(None)  # other words in between: a gap in every stream
        spaced = not _NON_SPACE.search(text, prev_end, s)
        prev_end = e
        kind = m.lastgroup
        if kind != "word":
            items.append((kind, m.group(), s, e))
            continue
        core = _core(m.group())
        items.append(("word", _word_info(core), s, e, spaced, core))
    # Latin words read as Russian: a word shaped like a Russian surname (or Cyrillic), and up to
    # two capitalised words right before it (given name, patronymic). Queries ask no more.
    ru_read = set()
    for idx, item in enumerate(items):
        if item and item[0] == "word" and item[1].ru_shaped:
            ru_read.add(idx)
            for back in (idx - 1, idx - 2):
                if back < 0 or not items[back] or items[back][0] != "word":
                    break
                if not items[back + 1][4]:  # not separated by spaces only
                    break
                ru_read.add(back)
    # Chinese runs and their systems.
    zh_runs: list[list[int]] = []
    for idx, item in enumerate(items):
        if item and item[0] == "word" and (item[1].py or item[1].wg):
            if zh_runs and zh_runs[-1][-1] == idx - 1 and item[4]:
                zh_runs[-1].append(idx)
            else:
                zh_runs.append([idx])
    decisions: dict[int, tuple[str | None, bool]] = {}
    for r in zh_runs:
        infos = [items[i][1] for i in r]
        py_ok = all(x.py for x in infos)
        wg_ok = all(x.wg for x in infos)
        if wg_ok and (not py_ok or any(x.wg_marked for x in infos)):
            system = "wade-giles"
        elif py_ok and (not wg_ok or any(x.py_marked for x in infos)):
            system = "pinyin"
        else:
            system = None
        if system:
            counts[system] += 1
        apostrophe = any(x.apostrophe for x in infos)
        for i in r:
            decisions[i] = (system, apostrophe)
    default = "wade-giles" if counts["wade-giles"] > counts["pinyin"] else "pinyin"
    other = "pinyin" if default == "wade-giles" else "wade-giles"

    for idx, item in enumerate(items):
        if item is None:  # other words: a gap (placeholders carry no offsets that are used)
            for st in everything:
                _push(st, PLACEHOLDER, 0, 0)
            continue
        kind = item[0]
        if kind == "han":
            _, w, s, e = item
            for k, syl in enumerate(chinese.han_syllables(cjk.fold_chinese(w))):
                _push(zh, "zh:" + syl if syl != "_" else PLACEHOLDER, s + k, s + k + 1)
            for st in (ko, ru, zh2, zhw):
                _push(st, PLACEHOLDER, s, e)
            continue
        if kind == "hangul":
            _, w, s, e = item
            for k, ch in enumerate(w):
                _push(ko, "ko:" + korean.hangul_key(ch), s + k, s + k + 1)
            for st in (zh, ru, zh2, zhw):
                _push(st, PLACEHOLDER, s, e)
            continue
        if kind == "kana":
            _, w, s, e = item
            for st in everything:
                _push(st, PLACEHOLDER, s, e)
            continue
        _, info, s, e, _spaced, core = item
        decision = decisions.get(idx)
        if decision:
            system, apostrophe = decision
            first = system or default
            syls = _pick(info, first)
            for x in syls or ():
                _push(zh, "zh:" + x, s, e)
            if not syls:
                _push(zh, PLACEHOLDER, s, e)
            alt = _pick(info, other) if system is None else None
            for x in alt or ():
                _push(zh2, "zh:" + x, s, e)
            if not alt:
                _push(zh2, PLACEHOLDER, s, e)
            if first == "wade-giles" or system is None:
                plain = None if apostrophe else info.plain
            else:
                plain = None
            for x in plain or ():
                _push(zhw, "zhw:" + x, s, e)
            if not plain:
                _push(zhw, PLACEHOLDER, s, e)
        else:
            for st in (zh, zh2, zhw):
                _push(st, PLACEHOLDER, s, e)
        for x in info.ko or ():
            _push(ko, "ko:" + x, s, e)
        if not info.ko:
            _push(ko, PLACEHOLDER, s, e)
        rk = info.ru
        if rk is None and idx in ru_read:
            rk = _ru_latin(core)
        _push(ru, "ru:" + rk if rk else PLACEHOLDER, s, e)
    return out


def _pick(info: _WordInfo, system: str) -> tuple[str, ...] | None:
    """A word's syllables in ``system``, or in the other one when only that reads it."""
    if system == "pinyin":
        return info.py or info.wg
    return info.wg or info.py


def index_streams(text: str) -> list[str]:
    """Name-key streams for indexing ``text``: ``[zh, ko, ru, zh2, zhw]``, whitespace-separated keys.

    Keys are prefixed by system (``zh:zhou``, ``ko:kim``, ``ru:hrushchev``) so the streams can share
    one index field. Words keep their order; a word with no reading in a system gives ``_`` (runs of
    them collapse to one ``_``), so phrases never jump across other words; every stream starts and
    ends with ``_``, so a phrase never runs from one stream into the next. A stream with no key at
    all is the empty string. ``zh2`` carries the other reading of romanized words that both pinyin
    and Wade–Giles read (``Yenan``: ye nan in pinyin, yen an = yan an in Wade–Giles). ``zhw``
    keys romanized words read as Wade–Giles without apostrophes as printed (``Liu Shao-chi`` →
    ``zhw:liu zhw:shao zhw:chi``): print so often drops apostrophes that a query for Liu Shaoqi
    must find it, and keeping those keys apart from ``zh`` stops a query for Ch'ou En-lai from
    finding Zhou Enlai written in pinyin.
    """
    if not text:
        return ["", "", "", "", ""]
    streams = _stream_keys(text)
    out = []
    for system in STREAMS:
        keys = [k[0] for k in streams[system]]
        if all(k == PLACEHOLDER for k in keys):
            out.append("")
            continue
        # Placeholders at both ends: no phrase can run from one stream (or one text) into the
        # next when an engine stores several streams in one field without a position gap.
        if keys[0] != PLACEHOLDER:
            keys.insert(0, PLACEHOLDER)
        if keys[-1] != PLACEHOLDER:
            keys.append(PLACEHOLDER)
        out.append(" ".join(keys))
    return out


def query_names(words: list[str]) -> list[NameQuery]:
    """Runs of consecutive query words (longest first, 1–4 words) that are a name with renderings
    in another system; non-overlapping, scanned from the left.

    Lower-case query words count too (users type ``zhou enlai``), but a lone lower-case one-syllable
    word, a lower-case English stopword, or a Latin word that is neither Chinese nor Korean and does
    not look like a transliterated Russian name (-ov, -ev, -sky, kh, sch, cz, …) is not a name.
    """
    cleaned = [_clean_query_word(w) for w in words]
    out: list[NameQuery] = []
    i = 0
    while i < len(cleaned):
        for n in range(min(4, len(cleaned) - i), 0, -1):
            run = cleaned[i : i + n]
            if not all(run):
                continue
            analysis = _analyse(" ".join(run), strict=True)
            if n > 3 and not analysis.ru:
                continue  # Chinese and Korean names have at most three words
            phrases = _phrases(analysis)
            if phrases:
                vs = [" ".join(words[i : i + n])]
                vs += [v.text for v in analysis.variants if v.text not in vs]
                out.append(NameQuery(i, i + n, phrases, vs))
                i += n
                break
        else:
            i += 1
    return out


def _clean_query_word(w: str) -> str:
    w = unicodedata.normalize("NFC", w).strip(' \t"“”«»,.;:!?()[]')
    return w if w and _WORD.fullmatch(w) else ""


def find_spans(text: str, names: list[NameQuery] | list[str]) -> list[tuple[int, int, str]]:
    """(start, end, matched_text) of every rendering of those names in ``text``, in text order."""
    phrases: list[str] = []
    for n in names:
        phrases += n.phrases if isinstance(n, NameQuery) else name_phrases(n)
    if not phrases or not text:
        return []
    streams = _stream_keys(text)
    found: set[tuple[int, int]] = set()
    for phrase in phrases:
        keys = phrase.split()
        if not keys:
            continue
        system = keys[0].split(":", 1)[0]
        n = len(keys)
        for name in (system, "zh2") if system == "zh" else (system,):
            stream = streams.get(name) or []
            for i in range(len(stream) - n + 1):
                if stream[i][0] == keys[0] and all(
                    stream[i + j][0] == keys[j] for j in range(1, n)
                ):
                    found.add((stream[i][1], stream[i + n - 1][2]))
    # Drop spans inside a longer span.
    spans = sorted(found, key=lambda x: (x[0], -x[1]))
    out: list[tuple[int, int, str]] = []
    for s, e in spans:
        if out and s < out[-1][1]:
            continue
        out.append((s, e, text[s:e]))
    return out
