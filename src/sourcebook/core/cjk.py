"""CJK text for the search index: character classes, Chinese script folding, bigram tokens.

Why bigrams rather than word segmentation: Chinese and Japanese are written without spaces,
and Korean attaches particles to words (평양에서 "in Pyongyang"). A segmenter needs a
dictionary per language, gets names and 1950s vocabulary wrong, and a word it cuts differently
at query time is never found. Overlapping character pairs need no dictionary and find every
word of two or more characters in all three languages: 会谈 is a bigram of 会谈举行, 평양 a
bigram of 평양에서. Longer words are found as a phrase of their bigrams (中华人民 → 中华 华人
人民 at consecutive positions). The price is some false positives across word boundaries, which
phrase matching and ranking keep small. This is the approach of Lucene's CJKBigramFilter.

Latin, Cyrillic and other alphabetic words are lower-cased and accent-folded (``Kaesŏng`` →
``kaesong``, ``Khrouchtchev`` and ``Chruschtschow`` stay distinct words), with apostrophes
dropped inside a word (``P'yŏngyang`` → ``pyongyang``); hyphens separate words. Folding accents
costs little precision in an archive where the same word is printed with and without them.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# Han (unified, extensions, compatibility), kana, Hangul syllables and jamo, CJK marks.
_CJK_RANGES = (
    "\u1100-\u11ff"  # Hangul jamo
    "\u2e80-\u2fdf"  # CJK radicals, Kangxi radicals
    "\u3005-\u3007"  # 々 〆 〇
    "\u3021-\u3029"  # Hangzhou numerals
    "\u3040-\u309f"  # Hiragana
    "\u30a0-\u30ff"  # Katakana (incl. ー)
    "\u3130-\u318f"  # Hangul compatibility jamo
    "\u31f0-\u31ff"  # Katakana phonetic extensions
    "\u3400-\u4dbf"  # Han extension A
    "\u4e00-\u9fff"  # Han
    "\ua960-\ua97f"  # Hangul jamo extended A
    "\uac00-\ud7af"  # Hangul syllables
    "\ud7b0-\ud7ff"  # Hangul jamo extended B
    "\uf900-\ufaff"  # Han compatibility ideographs
    "\uff66-\uff9f"  # half-width katakana
    "\uffa0-\uffdc"  # half-width Hangul
    "\U00020000-\U0003134f"  # Han extensions B–H
)
_CJK_CLASS = f"[{_CJK_RANGES}]"
CJK_RUN = re.compile(f"{_CJK_CLASS}+")
_IS_CJK = re.compile(_CJK_CLASS)
# Hangul: jamo, compatibility jamo, syllables, the extended jamo and the half-width forms.
HANGUL = re.compile("[\u1100-\u11ff\u3130-\u318f\ua960-\ua97f\uac00-\ud7ff\uffa0-\uffdc]")
_HAN = re.compile("[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f]")
# A word: a run of CJK characters, or letters/digits with inner apostrophes (P'yŏngyang).
# A letter is a word character that is neither "_" nor CJK: one negated class, not a lookahead
# before every character (the same matches, in about 60 % of the time; the indexer's largest
# regex).
_LETTER = f"[^\\W_{_CJK_RANGES}]"
_WORD = re.compile(f"{_CJK_CLASS}+|{_LETTER}+(?:['’ʼ`]{_LETTER}+)*")
# _WORD for a text without CJK characters (its letter class then matches the same): half the
# time of _WORD's long negated class on the indexer's most frequent texts.
_PLAIN_WORD = re.compile(r"[^\W_]+(?:['’ʼ`][^\W_]+)*")
_APOSTROPHES = re.compile("['’ʼ`]")
# Letters that do not decompose to a base letter plus marks.
_SPECIAL_FOLDS = str.maketrans(
    {"ß": "ss", "æ": "ae", "œ": "oe", "ø": "o", "ł": "l", "đ": "d", "ð": "d", "þ": "th", "ı": "i"}
)


def is_cjk(ch: str) -> bool:
    """True for a Han character, kana, Hangul syllable or Hangul jamo (incl. compatibility jamo)."""
    return bool(ch) and _IS_CJK.match(ch) is not None


@lru_cache(maxsize=1)
def _t2s():
    # Building an OpenCC converter reads its dictionaries (milliseconds); build once per process.
    import opencc

    return opencc.OpenCC("t2s")


@lru_cache(maxsize=65536)
def _t2s_char(ch: str) -> str:
    out = _t2s().convert(ch)
    return out if len(out) == 1 else ch


def fold_chinese(text: str) -> str:
    """Traditional Chinese characters to simplified (OpenCC ``t2s``); everything else unchanged.

    Offsets are preserved: the result always has the same length as ``text``. OpenCC converts
    character by character in ``t2s`` (its phrase table only picks among one-to-one choices);
    should a conversion ever change the length, the text is converted one character at a time
    instead, keeping characters that have no single-character simplified form.
    """
    if not text or not _HAN.search(text):
        return text
    out = _t2s().convert(text)
    if len(out) == len(text):
        return out
    return "".join(_t2s_char(c) if _HAN.match(c) else c for c in text)  # pragma: no cover


def cjk_bigrams(text: str) -> list[str]:
    """Search tokens for the CJK runs of ``text``: overlapping pairs, Chinese folded to simplified.

    A run of one character gives that character. Non-CJK characters end a run and give no token.
    """
    out: list[str] = []
    for m in CJK_RUN.finditer(text):
        out.extend(_run_bigrams(fold_chinese(m.group())))
    return out


def _run_bigrams(run: str) -> list[str]:
    if len(run) == 1:
        return [run]
    return [run[i : i + 2] for i in range(len(run) - 1)]


@lru_cache(maxsize=65536)
def fold_word(word: str) -> str:
    """An alphabetic word as indexed: NFKC, lower case, apostrophes out, accents and breves off.

    Cyrillic й keeps its breve (it is a different letter, not an accented и); ё folds to е as
    Russian print usually does.
    """
    word = _APOSTROPHES.sub("", unicodedata.normalize("NFKC", word)).casefold()
    if word.isascii():
        return word
    out = []
    for ch in word:
        if ch in "й":
            out.append(ch)
            continue
        base = unicodedata.normalize("NFD", ch)
        out.append("".join(c for c in base if not unicodedata.combining(c)))
    return "".join(out).translate(_SPECIAL_FOLDS)


def tokens_with_offsets(text: str) -> list[tuple[str, int, int]]:
    """(token, start, end) for every index token of ``text``, offsets into ``text`` itself.

    A CJK bigram spans its two characters; a word token spans the word as written.
    """
    out: list[tuple[str, int, int]] = []
    for m in _WORD.finditer(text):
        word = m.group()
        start = m.start()
        if _IS_CJK.match(word):
            folded = fold_chinese(word)
            if len(folded) == 1:
                out.append((folded, start, start + 1))
            else:
                for i in range(len(folded) - 1):
                    out.append((folded[i : i + 2], start + i, start + i + 2))
        else:
            token = fold_word(word)
            if token:
                out.append((token, start, m.end()))
    return out


def index_tokens(text: str) -> list[str]:
    """The index tokens of ``text`` in order (see :func:`tokens_with_offsets`)."""
    if not _IS_CJK.search(text):
        # No CJK: every word is one folded token. ``findall`` and ``map`` over the cached
        # ``fold_word`` run in C, a third of the time of the loop below on English texts.
        return [token for token in map(fold_word, _PLAIN_WORD.findall(text)) if token]
    out: list[str] = []
    for m in _WORD.finditer(text):
        word = m.group()
        if _IS_CJK.match(word):
            out.extend(_run_bigrams(fold_chinese(word)))
        else:
            token = fold_word(word)
            if token:
                out.append(token)
    return out


def tokenize_for_index(text: str) -> str:
    """``text`` as whitespace-separated tokens for an index with a whitespace tokenizer.

    One token per alphabetic word (folded by :func:`fold_word`) and one per CJK bigram, in text
    order, so token positions are consecutive and phrase queries work across scripts.
    """
    return " ".join(index_tokens(text))


def tokenize_query(text: str) -> list[str]:
    """The tokens of a query word or phrase, made exactly as :func:`tokenize_for_index` makes them.

    A two-character CJK word gives its one bigram; a longer one its bigrams, which the caller
    searches as a phrase (consecutive positions); several words likewise give a phrase.
    """
    return index_tokens(text)
