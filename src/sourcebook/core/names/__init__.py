"""Personal and place names across romanizations and scripts: variants, equality, index keys.

A name is matched in *key space*, never by a list of famous people. Each interpretation system turns
a word into normalised syllable/word keys that every rendering of the same name shares:

- ``zh``: Chinese. Pinyin, Wade–Giles, postal spellings and Han characters (simplified or
  traditional) → toneless pinyin syllables (:mod:`.chinese`): Chou En-lai = Zhou Enlai = 周恩來.
- ``ko``: Korean. McCune–Reischauer (with or without breves and apostrophes), Revised Romanization
  and Hangul → syllable classes (:mod:`.korean`): Kim Il-sŏng = Kim Il Sung = 김일성; Han
  characters read in Korean too (:mod:`.sino_korean`): 金日成 = 김일성. The language of a name or
  text, when known, keeps only one reading of Han characters (``ko`` Korean, ``zh`` Mandarin).
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
from . import chinese, korean, russian, sino_korean

__all__ = [
    "match_keys",
    "Variant",
    "NameQuery",
    "variants",
    "same_name",
    "index_keys",
    "index_streams",
    "query_names",
    "find_spans",
    "expand_with_variants",
    "name_phrases",
    "matching_reading",
    "find_readings",
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
    # The reading of each phrase (find_readings): mandarin/sino-korean for Han, else the system.
    readings: list[str] = field(default_factory=list)


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
    "embassy ambassador document documents telegram record records translation "
    # Capitalised at the head of a sentence, they read as syllables (He-re, So-me, Ho-me).
    "here there lot top re home some book use make upon also hence again between nothing "
    "during taking limit title item para supra agenda".split()
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
    han: bool = False  # written in Han characters: zh is their Mandarin, ko their Sino-Korean


_NOTHING = _Analysis([], None, [], [])


@lru_cache(maxsize=4096)
def _analyse(name: str, strict: bool = False, language: str | None = None) -> _Analysis:
    """Readings of a whole name in each system. ``strict``: apply the query rules against English.

    ``language`` (the name's or its text's) decides how Han characters are read
    (:func:`sino_korean.readings_for`); it changes nothing for other scripts.
    """
    words = _split_name(name)
    if not words or len(words) > 6:
        return _NOTHING
    if strict and not _plausible(words):
        return _NOTHING
    if all(_HAN_RUN.fullmatch(w) for w in words):
        return _han_analysis(words, language)
    vs: list[Variant] = []
    zh = _zh_name(words)
    zh_readings = zh[0] if zh else []
    if zh:
        vs += zh[1]
    ko = _ko_keys(words)
    if ko and zh and len(ko) > len(zh_readings[0]):
        ko = None  # Chou En-lai is not cho-u en-la-i
    if ko:
        plain_pinyin = all(chinese.pinyin_syllables(w) for w in words)
        if not zh or _korean_marked(words) or plain_pinyin:  # Peking is not Korean "Pek Ing"
            vs += _ko_variants(words)
    ru: list[tuple[str, ...]] = []
    if not zh and _ru_name(words, strict):
        ru = _ru_keysets(words)
        ru_vs = _ru_variants(words)
        vs = ru_vs + vs if ko and not _korean_marked(words) else vs + ru_vs
    return _Analysis(zh_readings, ko, ru, vs)


_HAN_RUN = re.compile(f"[{_HAN}]+")


def _han_analysis(words: list[str], language: str | None) -> _Analysis:
    """A name in Han characters: its Mandarin reading, its Sino-Korean reading, or both.

    Korean first when the language is Korean; with the language unknown, Mandarin first (as
    before Sino-Korean readings existed) and the Korean reading after it.
    """
    mandarin, korean_ok = sino_korean.readings_for(language)
    zh = _zh_name(["".join(words)]) if mandarin else None
    run = "".join(words)
    ko = sino_korean.keys(run) if korean_ok else None
    vs = list(zh[1]) if zh else []
    if ko:
        vs += _sino_korean_variants(run)
    return _Analysis(zh[0] if zh else [], ko, [], vs, han=True)


def _sino_korean_variants(run: str) -> list[Variant]:
    """Hangul (South Korean spelling, then North Korean where the initial-sound rule changes it)
    and its romanizations: 李承晩 → 이승만, 리승만, I Sŭng-man, Ri Sŭng-man, I Seung-man …"""
    north = sino_korean.hangul(run)
    if not north:
        return []
    south = sino_korean.south(north)
    vs = [Variant(south, "hangul")] + [v for v in _ko_variants([south]) if v.system != "hangul"]
    if north != south:
        cut = len(korean.split_name(south)[0])  # 로 is no surname the splitter knows; 노 is
        parts = [north[:cut], north[cut:]] if cut < len(north) else [north]
        mr = [korean.mccune_reischauer(p) for p in parts]
        if len(parts) == 1:
            mr = [m.replace("-", "") for m in mr]
        vs.insert(1, Variant(north, "hangul-north"))
        vs.append(Variant(" ".join(_cap(m) for m in mr), "mccune-reischauer-north"))
    return vs


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


def variants(name: str, language: str | None = None) -> list[Variant]:
    """All renderings of a personal or place name, the input first.

    ``[Variant(name, 'input')]`` only when it is not recognised in any system. ``language`` (the
    authority's, when known) decides how a name in Han characters is read: ``ko`` in Korean
    (Hangul and its romanizations), ``zh`` in Mandarin, unknown in both.
    """
    name = name.strip()
    out = [Variant(name, "input")]
    seen = {name}
    for v in _analyse(name, language=language).variants:
        if v.text and v.text not in seen:
            seen.add(v.text)
            out.append(v)
    return out


def same_name(a: str, b: str, language: str | None = None) -> bool:
    """True when a and b are renderings of the same name (Zhou Enlai == Chou En-lai == 周恩來).

    Compares whole names: every syllable in order, so Zhou Enlai != Zhou Yang and
    Kim Il Sung != Kim Jong Il != Kim Il. :func:`matching_reading` says how they matched.
    """
    return matching_reading(a, b, language) is not None


def match_keys(name: str, language: str | None = None) -> frozenset[tuple]:
    """Keys of ``name`` such that two names (not blank) share a key exactly when
    :func:`same_name` says they are the same name (the same spelling, a Chinese, Korean or
    Russian reading in common).

    Why: to test a name against many (every name editors refused, say) by set lookups instead
    of comparing it with each in turn, a cost that would grow with their number.
    """
    name = name.strip()
    if not name:
        return frozenset()
    x = _analyse(name, language=language)
    keys: set[tuple] = {("spelling", cjk.fold_word(name))}
    keys.update(("zh", r) for r in x.zh)
    if x.ko is not None:
        keys.add(("ko", x.ko))
    keys.update(("ru", r) for r in x.ru)
    return frozenset(keys)


def matching_reading(a: str, b: str, language: str | None = None) -> str | None:
    """How a and b are the same name, or None when they are not: ``spelling`` (the same letters),
    ``mandarin`` or ``sino-korean`` (Han characters read so: 金日成 = Kim Il Sung is
    ``sino-korean``), ``chinese``, ``korean`` or ``russian`` (romanizations, Hangul, Cyrillic)."""
    if cjk.fold_word(a.strip()) == cjk.fold_word(b.strip()) and a.strip():
        return "spelling"
    x, y = _analyse(a.strip(), language=language), _analyse(b.strip(), language=language)
    han = x.han or y.han
    if set(x.zh) & set(y.zh):
        return sino_korean.MANDARIN if han else "chinese"
    if x.ko is not None and x.ko == y.ko:
        return sino_korean.SINO_KOREAN if han else "korean"
    return "russian" if set(x.ru) & set(y.ru) else None


def _labelled_phrases(analysis: _Analysis) -> list[tuple[str, str]]:
    """(key phrase, reading) pairs: the reading is what :func:`find_readings` reports."""
    zh_label = sino_korean.MANDARIN if analysis.han else "chinese"
    out: dict[str, str] = {}
    for r in analysis.zh:
        out.setdefault(" ".join("zh:" + s for s in r), zh_label)
        out.setdefault(" ".join("zhw:" + s for s in _plain_wg(r)), zh_label)
    if analysis.ko:
        ko_label = sino_korean.SINO_KOREAN if analysis.han else "korean"
        out.setdefault(" ".join("ko:" + k for k in analysis.ko), ko_label)
    for r in analysis.ru:
        out.setdefault(" ".join("ru:" + k for k in r), "russian")
    return list(out.items())


def name_phrases(name: str, language: str | None = None) -> list[str]:
    """Key phrases that find every rendering of ``name`` in :func:`index_streams` (OR them)."""
    return [p for p, _ in _labelled_phrases(_analyse(name.strip(), language=language))]


def expand_with_variants(
    name: str, extra: Iterable[str], language: str | None = None
) -> list[Variant]:
    """variants() plus variant names from authority records or alternate_form annotations.

    Each extra name is listed (system ``authority``) and expanded in turn, so ``Ri Chang-jeong``
    with ``Ri Chang Jong`` yields both and their other renderings; duplicates are dropped.
    """
    out = variants(name, language)
    seen = {v.text for v in out}
    for e in extra:
        e = (e or "").strip()
        if not e:
            continue
        for v in [Variant(e, "authority")] + variants(e, language)[1:]:
            if v.text not in seen:
                seen.add(v.text)
                out.append(v)
    return out


# Index streams and queries --------------------------------------------------------------------------


_UPPER = "".join(
    c for c in map(chr, range(0x41, 0x250)) if c.isupper() and unicodedata.category(c) == "Lu"
)
_KANA = "\u3040-\u30ff\u1100-\u11ff\u3130-\u318f"
# Index candidates: Han, Hangul and kana runs, Cyrillic words, Latin words with a capital first
# (and no letter, apostrophe or hyphen before it). The pattern opens with the class of every
# candidate's first character, then tells the kinds apart by looking back at it: a pattern that
# opens with one character class lets the regex engine skip the rest of a text (lower-case
# words, spaces) in C, a third of the time of trying four alternatives at every character.
_CANDIDATE = re.compile(
    rf"[{_HAN}{_HANGUL}{_KANA}{_UPPER}\u0400-\u04ff]"
    rf"(?:(?<=[{_HAN}])(?P<han>[{_HAN}]*)|(?<=[{_HANGUL}])(?P<hangul>[{_HANGUL}]*)"
    rf"|(?<=[{_KANA}])(?P<kana>[{_KANA}]*)"
    rf"|(?<![{_LETTER}'’ʼ‘`\u0300-\u036f-][\s\S])(?<=[{_UPPER}\u0400-\u04ff])"
    rf"(?P<word>(?:[{_LETTER}\u0300-\u036f\u02d8]|['’ʼ‘`](?=[{_LETTER}])|-(?=[{_LETTER}]))*))"
)
_ANY_WORD = re.compile(r"[^\W_]")
# Words this long are never names (hashes, URLs, "Ch'ou'Ch'ou'…"); the syllable readers cost more
# than linear on them, so texts (indexed, linked, marked in snippets) are read without them.
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
    stop: bool = False  # an English stopword (He, I, Long): a name only beside another name word
    capitals: bool = False  # all capitals (NIE, II): an acronym, in a text that has lower case


# A word read as nothing: a stopword away from names, an acronym, and a letter that is an
# initial, an abbreviation or a designation (_initial).
_NO_READING = _WordInfo(None, None, False, False, None, False, None, None, False)


def _initial(text: str, end: int) -> bool:
    """Is the one letter ending at ``end`` an initial or an abbreviation (U. Alexis Johnson,
    U.S., E. Allan Lightner) or a designation (U-2, B-29), not the surname O or U? Read as one,
    a search for Oh found "U.S." in nearly every FRUS document."""
    after = text[end : end + 2]
    return after[:1] == "." or (after[:1] == "-" and after[1:].isdigit())


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
        core.lower() in STOPWORDS,
        len(core) > 1 and core.isupper(),
    )


@lru_cache(maxsize=65536)
def _ru_latin(core: str) -> str | None:
    return russian.latin_key(core)


# A one-syllable query (Kim, Yi, Oh) is a surname, and a surname is one syllable. Its first
# syllable is no reason to find a longer word: read as syllables, English words begin with
# surnames (Gi-mo, Lo-an, Ma-il, Ju-ne, Ir-win, Se-oul, Tai-wan), and so do Korean readings of
# Chinese names (Cho-i, Liu). Two syllables, as the words of a given name have (Il-sung,
# Syngman), let a search for Kim find the Generalissimo ("Gimo") in FRUS, and one for Tai find
# Taiwan; a longer name word is still found by its keys in a row (index_keys).
NAME_WORD_SYLLABLES = 1


class _Streams:
    """Each stream's keys and, when asked for, each key's start and end in one flat list of ints.

    Flat lists of strings and ints, not a tuple per key: a long text has five keys per word, and
    every container built is one more object for the cyclic garbage collector to walk. Indexing
    (``offsets=False``) pushes millions of keys per batch, so :meth:`gap` and :meth:`many` do
    their own appends rather than one :meth:`push` call per key, and keep no offsets at all.
    """

    __slots__ = ("keys", "pos", "starts", "start_pos")

    def __init__(self, offsets: bool, starts: bool = False):
        self.keys: dict[str, list[str]] = {s: [] for s in STREAMS}
        self.pos: dict[str, list[int]] | None = {s: [] for s in STREAMS} if offsets else None
        # Keys that begin a word (:func:`index_keys`), when asked for, and with offsets where
        # each word starts (:func:`find_readings` marks only what the index finds).
        self.starts: list[str] | None = [] if starts else None
        self.start_pos: list[int] | None = [] if starts and offsets else None

    def _begins(self, key: str, s: int) -> None:
        self.starts.append(key)
        if self.start_pos is not None:
            self.start_pos.append(s)

    def push(self, stream: str, key: str, s: int, e: int) -> None:
        keys = self.keys[stream]
        if key == PLACEHOLDER:
            if keys and keys[-1] == PLACEHOLDER:
                return
        elif self.starts is not None:  # one key per word, Hangul syllable or Han character
            self._begins(key, s)
        keys.append(key)
        if self.pos is not None:
            pos = self.pos[stream]
            pos.append(s)
            pos.append(e)

    def gap(self, streams: tuple[str, ...], s: int, e: int) -> None:
        """A placeholder in each of ``streams`` (none after a placeholder: runs collapse)."""
        all_keys, all_pos = self.keys, self.pos
        for stream in streams:
            keys = all_keys[stream]
            if keys and keys[-1] == PLACEHOLDER:
                continue
            keys.append(PLACEHOLDER)
            if all_pos is not None:
                all_pos[stream] += (s, e)

    def many(self, stream: str, prefix: str, keys, s: int, e: int, start: bool = True) -> None:
        """Every key of one word (all at the word's offsets), or a placeholder when none; the
        first begins a word (``start``) if the word has at most NAME_WORD_SYLLABLES keys."""
        out = self.keys[stream]
        if not keys:
            if out and out[-1] == PLACEHOLDER:
                return
            out.append(PLACEHOLDER)
            if self.pos is not None:
                self.pos[stream] += (s, e)
            return
        for k in keys:
            out.append(prefix + k)  # never the placeholder: a syllable is never "_"
        if start and self.starts is not None and len(keys) <= NAME_WORD_SYLLABLES:
            self._begins(prefix + keys[0], s)
        if self.pos is not None:
            self.pos[stream] += (s, e) * len(keys)


_ALL = STREAMS
_BUT_KO = ("zh", "ru", "zh2", "zhw")
_BUT_ZH_KO = ("ru", "zh2", "zhw")
_POSSESSIVE_ENDS = ("'s", "’s")


class _Words:
    """The name candidates of a text, in parallel lists (no tuple per word). Kind ``None`` is a
    gap: other words stand between two candidates."""

    __slots__ = ("kinds", "values", "starts", "ends", "spaced", "cores")

    def __init__(self, text: str):
        self.kinds: list[str | None] = []
        self.values: list = []  # the run (han, hangul, kana) or the word's _WordInfo
        self.starts: list[int] = []
        self.ends: list[int] = []
        self.spaced: list[bool] = []  # separated from the candidate before by spaces only
        self.cores: list[str] = []  # a word without its possessive
        # Bound appends and searches: this loop runs once per capitalised word of every text.
        kinds, values = self.kinds.append, self.values.append
        starts, ends = self.starts.append, self.ends.append
        spaced_, cores = self.spaced.append, self.cores.append
        any_word, non_space = _ANY_WORD.search, _NON_SPACE.search
        prev_end = 0
        for m in _CANDIDATE.finditer(text):
            s, e = m.span()
            kind = m.lastgroup
            if kind == "word" and e - s >= LONGEST_NAME_WORD:
                continue  # not a name: the next word sees it as other words (a gap), as search does
            # Between two candidates: nothing, or one space (most often), or else look.
            if s == prev_end or (s - prev_end == 1 and text[prev_end] == " "):
                spaced = True
            else:
                if any_word(text, prev_end, s):
                    kinds(None), values(None), starts(0), ends(0), spaced_(False), cores("")
                spaced = not non_space(text, prev_end, s)
            prev_end = e
            word = m.group()
            if kind == "word":
                core = word[:-2] if word.endswith(_POSSESSIVE_ENDS) else word  # _core
                info = _NO_READING if e - s == 1 and _initial(text, e) else _word_info(core)
                kinds(kind), values(info), cores(core)
            else:
                kinds(kind), values(word), cores("")
            starts(s), ends(e), spaced_(spaced)


def _chinese_runs(words: _Words) -> tuple[list[str | None], list[bool], list[bool], str]:
    """Runs of romanized words read as Chinese (consecutive, spaces only between): per word its
    run's system (None: either), whether the run has an apostrophe, whether it is in a run; and
    the text's default system (the one more runs are marked in)."""
    n = len(words.kinds)
    system_of: list[str | None] = [None] * n
    apostrophe_of = [False] * n
    in_run = [False] * n
    counts = {"pinyin": 0, "wade-giles": 0}
    readable = [
        kind == "word" and bool(v.py or v.wg)
        for kind, v in zip(words.kinds, words.values, strict=True)
    ]
    spaced = words.spaced
    idx = 0
    while idx < n:
        if not readable[idx]:
            idx += 1
            continue
        end = idx + 1
        while end < n and spaced[end] and readable[end]:
            end += 1
        system, apostrophe = _run_system(words.values, idx, end)
        if system:
            counts[system] += 1
        for i in range(idx, end):
            in_run[i], system_of[i], apostrophe_of[i] = True, system, apostrophe
        idx = end
    default = "wade-giles" if counts["wade-giles"] > counts["pinyin"] else "pinyin"
    return system_of, apostrophe_of, in_run, default


def _stream_keys(
    text: str, language: str | None = None, offsets: bool = True, begins: bool = False
) -> _Streams:
    """The keys of each stream for ``text``; words without a reading give a placeholder.

    ``language`` is the text's: it decides how Han characters are read (:mod:`.sino_korean`).
    """
    mandarin, korean_reading = sino_korean.readings_for(language)
    out = _Streams(offsets, begins)
    words = _Words(text)
    ru_read = _russian_read(words.kinds, words.values, words.spaced)
    system_of, apostrophe_of, in_run, default = _chinese_runs(words)
    other = "pinyin" if default == "wade-giles" else "wade-giles"
    values, starts, ends = words.values, words.starts, words.ends
    # Most candidates (English capitalised words, other words between them) read as nothing:
    # a placeholder in every stream. Once every stream ends with one, such a word adds nothing.
    all_gap = False
    mixed = None  # does the text have lower case (then a word in capitals is an acronym)?
    for idx, kind in enumerate(words.kinds):
        if kind is None:  # other words: a gap (placeholders carry no offsets that are used)
            if not all_gap:
                out.gap(_ALL, 0, 0)
                all_gap = True
            continue
        s, e = starts[idx], ends[idx]
        if kind == "word":
            info = values[idx]
            if info.capitals and mixed is None:  # once per text: never a scan per word
                mixed = _LOWER.search(text) is not None
            if (info.stop or info.capitals and mixed) and not _beside_a_name(text, words, idx):
                info = _NO_READING  # "He said", "I think": words, not the surname He or Yi
                in_run[idx] = False
            if not in_run[idx] and not info.ko and info.ru is None and idx not in ru_read:
                if not all_gap:
                    out.gap(_ALL, s, e)
                    all_gap = True
                continue
            chinese = 0  # the word's syllables read as Chinese
            if in_run[idx]:
                system = system_of[idx]
                first = system or default
                zh = _pick(info, first)
                chinese = len(zh) if zh else 0
                out.many("zh", "zh:", zh, s, e)
                out.many("zh2", "zh:", _pick(info, other) if system is None else None, s, e)
                wg = (first == "wade-giles" or system is None) and not apostrophe_of[idx]
                out.many("zhw", "zhw:", info.plain if wg else None, s, e)
            else:
                out.gap(("zh", "zh2", "zhw"), s, e)
            # Read as Chinese in fewer syllables (Chou, Lai, Liao), a word is not Korean:
            # a one-syllable Korean name (Cho, Yi) must not find it by its first syllable.
            korean_start = not chinese or not info.ko or len(info.ko) <= chinese
            out.many("ko", "ko:", info.ko, s, e, korean_start)
            rk = info.ru
            if rk is None and idx in ru_read:
                rk = _ru_latin(words.cores[idx])
            out.push("ru", "ru:" + rk if rk else PLACEHOLDER, s, e)
        elif kind == "han":
            _han_keys(out, values[idx], s, e, mandarin, korean_reading)
        elif kind == "hangul":
            for k, ch in enumerate(values[idx]):
                out.push("ko", "ko:" + korean.hangul_key(ch), s + k, s + k + 1)
            out.gap(_BUT_KO, s, e)
        else:  # kana
            if not all_gap:
                out.gap(_ALL, s, e)
                all_gap = True
            continue
        all_gap = False
    return out


_LOWER = re.compile("[a-z]")  # a text in capitals throughout (a cable) reads its words as names


def _beside_a_name(text: str, words: _Words, idx: int) -> bool:
    """Is the word at ``idx`` one of a run of words with a reading, on one line?

    Why: every sentence that opens with "He" or "I" carried the keys of the surnames He and Yi
    (a search for Yi found nearly every English document). A stopword, or an acronym (NIE), is
    read as a name only beside a word with a reading (He Long, I Sŭng-man, Ch'en I, KIM IL
    SUNG), as queries read them; a heading's last word on the line before ("China", then "I
    said") is not beside it. Nor is a word longer than a name's words ("Europe I would",
    "Memorandum No. 3"; :data:`NAME_WORD_MOST_SYLLABLES`)."""
    kinds, values, spaced = words.kinds, words.values, words.spaced
    starts, ends = words.starts, words.ends
    for a, b in ((idx - 1, idx), (idx, idx + 1)):
        if a < 0 or b >= len(kinds) or not spaced[b]:
            continue
        other = a if b == idx else b
        if kinds[other] != "word" or "\n" in text[ends[a] : starts[b]]:
            continue
        v = values[other]
        if v.ru_shaped or _name_sized(v.py or v.wg or v.ko):
            return True
    return False


# The words of a name have one or two syllables (Kim, Il-sung, Syngman, Enlai); a longer word
# read as syllables is an English one (Eu-ro-pe, Me-mo-ran-dum), next to which a stopword stays
# a word (_beside_a_name).
NAME_WORD_MOST_SYLLABLES = 2


def _name_sized(syllables: tuple[str, ...] | None) -> bool:
    """Could a word read as ``syllables`` be a word of a name?"""
    return syllables is not None and 0 < len(syllables) <= NAME_WORD_MOST_SYLLABLES


def _han_keys(
    out: _Streams, run: str, s: int, e: int, mandarin: bool, korean_reading: bool
) -> None:
    """A run of Han characters: one key per character, in Mandarin (``zh``) and in Sino-Korean
    (``ko``), or a placeholder in a stream whose reading the language leaves out."""
    if mandarin:
        for k, syl in enumerate(chinese.han_syllables(cjk.fold_chinese(run))):
            out.push("zh", "zh:" + syl if syl != "_" else PLACEHOLDER, s + k, s + k + 1)
    else:
        out.push("zh", PLACEHOLDER, s, e)
    if korean_reading:
        for k, ch in enumerate(run):
            key = sino_korean.key(ch)
            out.push("ko", "ko:" + key if key else PLACEHOLDER, s + k, s + k + 1)
    else:
        out.push("ko", PLACEHOLDER, s, e)
    out.gap(_BUT_ZH_KO, s, e)


def _russian_read(kinds: list, values: list, spaced: list[bool]) -> set[int]:
    """Latin words read as Russian: a word shaped like a Russian surname (or Cyrillic), and up to
    two capitalised words right before it (given name, patronymic). Queries ask no more."""
    out: set[int] = set()
    for idx, kind in enumerate(kinds):
        if kind == "word" and values[idx].ru_shaped:
            out.add(idx)
            for back in (idx - 1, idx - 2):
                if back < 0 or kinds[back] != "word" or not spaced[back + 1]:
                    break
                out.add(back)
    return out


def _run_system(values: list, start: int, end: int) -> tuple[str | None, bool]:
    """(system, any apostrophe) of a run of romanized words read as Chinese: Wade–Giles or pinyin
    when the spellings say so, None when they read either way."""
    py_ok = wg_ok = True
    wg_marked = py_marked = apostrophe = False
    for i in range(start, end):
        x = values[i]
        py_ok = py_ok and bool(x.py)
        wg_ok = wg_ok and bool(x.wg)
        wg_marked = wg_marked or x.wg_marked
        py_marked = py_marked or x.py_marked
        apostrophe = apostrophe or x.apostrophe
    if wg_ok and (not py_ok or wg_marked):
        return "wade-giles", apostrophe
    if py_ok and (not wg_ok or py_marked):
        return "pinyin", apostrophe
    return None, apostrophe


def _pick(info: _WordInfo, system: str) -> tuple[str, ...] | None:
    """A word's syllables in ``system``, or in the other one when only that reads it."""
    if system == "pinyin":
        return info.py or info.wg
    return info.wg or info.py


def index_streams(text: str, language: str | None = None) -> list[str]:
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

    Han characters are keyed in ``zh`` (Mandarin) and in ``ko`` (Sino-Korean: 金日成 as
    ``ko:kim ko:il ko:song``, like 김일성 and Kim Il Sung); ``language`` (the text's) keeps only
    one of them: ``zh`` → Mandarin, ``ko`` → Sino-Korean (:func:`sino_korean.readings_for`).
    """
    return index_keys(text, language)[0]


def index_keys(text: str, language: str | None = None) -> tuple[list[str], list[str]]:
    """:func:`index_streams`, and the keys that begin a word (``starts``, in text order).

    Why the starts: a query of one syllable (Kim, Yi, Li) is looked up among them, not among
    all keys. A romanized word is read as a run of syllables (Regime as re-gim-e, National and
    Editorial with an i inside), and any of them matched a one-key query: a search for Yi found
    nearly every English document. A romanized word begins a word here only when it has
    :data:`NAME_WORD_SYLLABLES` syllable, as a surname has (Liberal, li-be-ral, is not the
    surname Li, nor Gimo, gi-mo, Kim). A run of keys (Kim Il Sung) still matches anywhere,
    joined or not (Kim Ilsung). Every Hangul syllable and Han character begins a word here:
    Korean and Chinese write a name without a space (김일성, 金日成), so the surname inside is
    still found.
    """
    if not text:
        return ["", "", "", "", ""], []
    if len(text) <= SHORT_TEXT:
        streams, starts = _short_keys(text, language)
        return list(streams), list(starts)
    return _index_keys(text, language)


# Names, titles and summaries repeat from document to document (a person's name and its
# variants on every document that names them): their streams are kept, keyed by the text and
# the language exactly as given. The streams are a function of those two alone (module tables,
# no settings), so a kept answer is never stale; bodies are longer and rarely repeat.
SHORT_TEXT = 400


@lru_cache(maxsize=32768)
def _short_keys(text: str, language: str | None) -> tuple[tuple[str, ...], tuple[str, ...]]:
    streams, starts = _index_keys(text, language)
    return tuple(streams), tuple(starts)


def _index_keys(text: str, language: str | None) -> tuple[list[str], list[str]]:
    found = _stream_keys(text, language, offsets=False, begins=True)
    streams = found.keys
    out = []
    for system in STREAMS:
        keys = streams[system]
        if not keys or (len(keys) == 1 and keys[0] == PLACEHOLDER):
            out.append("")
            continue
        # Placeholders at both ends: no phrase can run from one stream (or one text) into the
        # next when an engine stores several streams in one field without a position gap.
        head = "" if keys[0] == PLACEHOLDER else "_ "
        tail = "" if keys[-1] == PLACEHOLDER else " _"
        out.append(head + " ".join(keys) + tail)
    return out, found.starts or []


def query_names(words: list[str], language: str | None = None) -> list[NameQuery]:
    """Runs of consecutive query words (longest first, 1–4 words) that are a name with renderings
    in another system; non-overlapping, scanned from the left.

    Lower-case query words count too (users type ``zhou enlai``), but a lone lower-case one-syllable
    word, a lower-case English stopword, or a Latin word that is neither Chinese nor Korean and does
    not look like a transliterated Russian name (-ov, -ev, -sky, kh, sch, cz, …) is not a name.
    Han characters get both readings unless ``language`` says which (:func:`sino_korean.readings_for`);
    ``NameQuery.readings`` labels each phrase.
    """
    cleaned = [_clean_query_word(w) for w in words]
    out: list[NameQuery] = []
    i = 0
    while i < len(cleaned):
        for n in range(min(4, len(cleaned) - i), 0, -1):
            run = cleaned[i : i + n]
            if not all(run):
                continue
            analysis = _analyse(" ".join(run), strict=True, language=language)
            if n > 3 and not analysis.ru:
                continue  # Chinese and Korean names have at most three words
            labelled = _labelled_phrases(analysis)
            if labelled:
                vs = [" ".join(words[i : i + n])]
                vs += [v.text for v in analysis.variants if v.text not in vs]
                phrases = [p for p, _ in labelled]
                out.append(NameQuery(i, i + n, phrases, vs, [r for _, r in labelled]))
                i += n
                break
        else:
            i += 1
    return out


def _clean_query_word(w: str) -> str:
    w = unicodedata.normalize("NFC", w).strip(' \t"“”«»,.;:!?()[]')
    return w if w and _WORD.fullmatch(w) else ""


def find_spans(
    text: str, names: list[NameQuery] | list[str], language: str | None = None
) -> list[tuple[int, int, str]]:
    """(start, end, matched_text) of every rendering of those names in ``text``, in text order.

    ``language`` is the text's: Han characters in it, and in names given as strings, are read as
    :func:`index_streams` reads them, so the same characters always meet.
    """
    return [(s, e, t) for s, e, t, _ in find_readings(text, names, language)]


def find_readings(
    text: str, names: list[NameQuery] | list[str], language: str | None = None
) -> list[tuple[int, int, str, str]]:
    """Like :func:`find_spans`, with the reading that matched each span: ``mandarin`` or
    ``sino-korean`` when Han characters (in the text or the name) were read, else ``chinese``,
    ``korean`` or ``russian`` (romanizations, Hangul or Cyrillic)."""
    labelled: list[tuple[str, str]] = []
    for n in names:
        if isinstance(n, NameQuery):
            labelled += zip(n.phrases, n.readings or [""] * len(n.phrases), strict=False)
        else:
            labelled += _labelled_phrases(_analyse(n.strip(), language=language))
    if not labelled or not text:
        return []
    streams = _stream_keys(text, language, begins=True)
    begun = set(zip(streams.starts, streams.start_pos, strict=True))
    found: dict[tuple[int, int], str] = {}
    for phrase, label in labelled:
        keys = phrase.split()
        if not keys:
            continue
        system = keys[0].split(":", 1)[0]
        n = len(keys)
        first = keys[0]
        for name in (system, "zh2") if system == "zh" else (system,):
            stream = streams.keys.get(name) or []
            pos = streams.pos[name]
            for i in range(len(stream) - n + 1):
                if stream[i] == first and stream[i : i + n] == keys:
                    if n == 1 and (first, pos[2 * i]) not in begun:
                        continue  # one key inside a word, or a long word: as index_keys
                    span = (pos[2 * i], pos[2 * (i + n - 1) + 1])
                    found.setdefault(span, _reading(system, label, text[span[0] : span[1]]))
    # Drop spans inside a longer span.
    out: list[tuple[int, int, str, str]] = []
    for s, e in sorted(found, key=lambda x: (x[0], -x[1])):
        if out and s < out[-1][1]:
            continue
        out.append((s, e, text[s:e], found[(s, e)]))
    return out


_HAN_CHAR = re.compile(f"[{_HAN}]")


def _reading(system: str, label: str, surface: str) -> str:
    """Which reading made a match: Han read in Mandarin or Sino-Korean, or the system's own."""
    if system == "ru":
        return "russian"
    han = label in (sino_korean.MANDARIN, sino_korean.SINO_KOREAN) or _HAN_CHAR.search(surface)
    if system == "ko":
        return sino_korean.SINO_KOREAN if han else "korean"
    return sino_korean.MANDARIN if han else "chinese"
