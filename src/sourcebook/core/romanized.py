"""Words of another language written in Latin letters: pinyin, Russian, Hungarian.

Why a module of its own: a translator who keeps a term of the original in brackets writes it in
Latin letters as often as in its own script (``[yuejing ren yuan]``, ``[Tsentral'nyi Komitet]``,
``[Politikai Bizottság]``), and such a term must not be taken for English words the editor
supplied. The apparatus (:mod:`.apparatus`) asks :func:`is_transliterated`, the TEI writer asks
:func:`romanized_language` for the term's ``xml:lang``. Heuristics, on purpose conservative:
capitalized phrases need strong marks, since "[Zhou Enlai]" or "[Soviet Union]" are names.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

NON_LATIN_SCRIPT = re.compile(
    r"[\u0400-\u04ff\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af\uf900-\ufaff]"
)


@lru_cache(maxsize=1)
def _pinyin_syllables() -> frozenset[str]:
    """Every toneless Hanyu Pinyin syllable (ü written v), from the names module's syllable table.

    Built from that table rather than pypinyin's character dictionary: the same inventory less
    interjections such as ``m``, ``ng`` and ``o``, which are no evidence of pinyin, and it costs
    nothing to load where scanning the dictionary took half a second of every ingest.
    """
    from sourcebook.core.names.wade_giles_table import PINYIN_TO_WADE_GILES

    syllables = {s.replace("ü", "v") for s in PINYIN_TO_WADE_GILES}
    return frozenset(syllables | {"lue", "nue"})  # common spellings of lüe, nüe


@lru_cache(maxsize=4096)
def _splits_into_pinyin(word: str) -> bool:
    syllables = _pinyin_syllables()
    word = word.replace("ü", "v").replace("'", "")
    ok = [True] + [False] * len(word)
    for i in range(1, len(word) + 1):
        for j in range(max(0, i - 6), i):
            if ok[j] and word[j:i] in syllables:
                ok[i] = True
                break
    return ok[len(word)]


def is_pinyin_phrase(content: str) -> bool:
    words = content.split()
    if not words or content != content.lower():
        return False
    if not all(w.isalpha() and w.isascii() for w in (x.replace("'", "") for x in words)):
        return False
    # one short lower-case word ("he", "an") is more likely English than a romanised term
    if len(words) == 1 and len(words[0]) < 5:
        return False
    return all(_splits_into_pinyin(w) for w in words)


# Transliterated original-language phrases. Russian in Latin letters shows a soft or hard sign
# (an apostrophe or ʹ inside or at the end of a word: "Tsentral'nyi", "vlast'"), its clusters
# and endings ("shch", "kh", "-skii", "-aia") and small words ("na", "po"); Hungarian its
# letters (ő, ű) and digraphs before a vowel ("sz", "zs", "cs", "gy"); any Latin letter with a
# diacritic (á, č, ş, ŏ) is a foreign word too. English function words rule a phrase out.
_RU_SIGN = re.compile(r"[^\W\d_](?:'|’|ʹ|ʺ)(?:[^\W\d_]|$)")
_ENGLISH_APOSTROPHE = re.compile(r"(?:['’](?:s|t|re|ll|ve|d|m)|s['’])$|^o['’]", re.I)
_RU_CLUSTER = re.compile(r"shch|kh|zh|ts(?=[aeiouy])")
_RU_ENDING = re.compile(r"(?:yi|ii|iy|aya|aia|iia|iya|ogo|ykh|ikh|skoe|skoi|stvo|nyi|nyy)$")
_RU_SMALL = frozenset("na po ot iz dlia dlya pri bez nad pod ne ni kak chto eto".split())
_HU_LETTERS = re.compile(r"[őű]|(?:sz|zs|cs|gy)[aáeéiíoóöuúü]|(?:sz|zs)$")
_ENGLISH_SMALL = frozenset(
    "the of and to in a an with for on by at from his her its their is was are were be as "
    "that this which who not or but he she they it we our your".split()
)


def _strong_foreign(low: str) -> bool:
    """Marks no English word has: a diacritic, a soft sign, "shch", a Hungarian letter."""
    if any(ord(ch) > 127 and ch.isalpha() for ch in low):
        return True
    if _RU_SIGN.search(low) and not _ENGLISH_APOSTROPHE.search(low):
        return True
    return "shch" in low or bool(_HU_LETTERS.search(low))


def _foreign_word(word: str) -> bool:
    low = word.lower()
    if _strong_foreign(low) or low in _RU_SMALL:
        return True
    return len(low) >= 4 and bool(_RU_CLUSTER.search(low) or _RU_ENDING.search(low))


def is_transliterated(content: str) -> bool:
    """A phrase in the original language written in Latin letters: ``[Tsentral'nyi Komitet]``,
    ``[pokhod na Moskvu]``, ``[zhèngfēng yùndòng]``, ``[Politikai Bizottság]``,
    ``[Jugoszlávia Kommunistáinak Szövetsége, JKSZ]``.

    Every word is Latin letters (acronyms in capitals are neutral), none is an English function
    word, and at least half the others look foreign (:func:`_foreign_word`). Capitalized
    phrases need the strong marks (:func:`_strong_foreign`) and two words, since "Zhou Enlai" or
    "Soviet Union" in brackets are names the editor supplied. Toned pinyin counts when its
    toneless form splits into syllables.
    """
    if ":" in content or NON_LATIN_SCRIPT.search(content):
        return False
    words = [w for w in re.split(r"[\s,;/-]+", content) if w]
    if not words or len(words) > 8:
        return False
    if not all(re.fullmatch(r"[^\W\d_]+(?:['’ʹʺ][^\W\d_]*)*", w) for w in words):
        return False
    if any(w.lower() in _ENGLISH_SMALL for w in words):
        return False
    decomposed = unicodedata.normalize("NFKD", content.lower())
    toneless = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    if toneless != content.lower() and is_pinyin_phrase(toneless):
        return True
    scored = [w for w in words if not (w.isupper() and len(w) > 1)]
    if not scored:
        return False
    if all(w[:1].isupper() for w in scored):
        if len(scored) < 2:
            return False
        return sum(_strong_foreign(w.lower()) for w in scored) * 2 >= len(scored)
    return sum(_foreign_word(w) for w in scored) * 2 >= len(scored)


_HU_ONLY = re.compile(r"[őű]|(?:sz|zs|gy)[aáeéiíoóöuúü]|s[áé]g\b")
_RU_MARK = re.compile(r"[^\W\d_](?:'|’|ʹ|ʺ)(?:[^\W\d_]|$)|shch|kh|zh|ts[aeiouy]")


def romanized_language(content: str) -> str | None:
    """The BCP 47 tag of a term in Latin letters, when its letters tell: ``zh-Latn-pinyin``,
    ``hu`` (Hungarian is written in Latin letters), ``ru-Latn``; None otherwise. Used to mark the
    term's language in TEI (``foreign/@xml:lang``)."""
    low = content.lower()
    decomposed = unicodedata.normalize("NFKD", low)
    toneless = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    if is_pinyin_phrase(toneless):
        return "zh-Latn-pinyin"
    if _HU_ONLY.search(low):
        return "hu"
    if _RU_MARK.search(low) or any(_RU_ENDING.search(w) for w in low.split() if len(w) >= 4):
        return "ru-Latn"
    return None
