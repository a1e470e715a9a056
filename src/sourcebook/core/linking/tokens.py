"""Words of a running text with their offsets, normalised for matching names.

Why our own tokens and not regexes per name: a text is read once into words, and every name of
the gazetteer is looked up by word tuples in a dict (:mod:`.finder`), so the work grows with the
text, never with the text times the names.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from typing import NamedTuple

from sourcebook.core import cjk

# A word: letters (any script) and digits, with apostrophes inside (Ch'en, O'Brien). Hyphens
# split words (En-lai is two words joined by a hyphen), so "Il-sung" and "Il Sung" read alike.
_WORD = re.compile(r"[^\W_]+(?:['’ʼ][^\W_]+)*")  # letters, apostrophes only between them
_SPLIT = re.compile("(" + _WORD.pattern + ")")
_POSSESSIVES = ("'s", "’s")
# What may stand between two words of one name: spaces, one hyphen, or the period of an initial.
_JOIN = re.compile(r"[ \t]*(?:[-‐‑][ \t]*)?|\.[ \t]*|[ \t]*\n[ \t]*")
# Names are short: no name form has more words than this (a bound that keeps lookups linear).
MAX_NAME_WORDS = 6


class Token(NamedTuple):
    """A word (a named tuple, not a frozen dataclass: a text has thousands, and a tuple is
    made several times faster)."""

    norm: str  # accents, case and apostrophes folded: "ch'en" -> "chen"
    start: int
    end: int
    capital: bool  # written with a capital (or in a script without case)


@lru_cache(maxsize=65536)
def normalise(word: str) -> str:
    """Fold accents, case and apostrophes: Sŏng -> song, Ch'en -> chen."""
    word = unicodedata.normalize("NFKD", word)
    word = "".join(c for c in word if not unicodedata.combining(c) and c not in "'’ʼ˘")
    return word.casefold()


def tokens(text: str) -> list[Token]:
    """The words of ``text``; a possessive ``'s`` is left out of the word (Rhee's -> Rhee)."""
    return _words_and_gaps(text)[0]


def _words_and_gaps(text: str) -> tuple[list[Token], list[str]]:
    """The words of ``text`` and the text between each word and the next, in one pass.

    Why ``split`` and not ``finditer``: every document's texts are read word by word at ingest,
    and ``split`` hands over words and gaps as strings made in C, where a match object costs
    several method calls per word (half the time of reading a text).
    """
    parts = _SPLIT.split(text)  # gap, word, gap, word, ..., gap
    out: list[Token] = []
    append, make, info = out.append, tuple.__new__, _word_info
    gaps = parts[2::2]
    pos = len(parts[0])
    last_capital = False
    hyphen_before = False
    for k, word in enumerate(parts[1::2]):
        start = pos
        end = pos = start + len(word)
        after = gaps[k]
        pos += len(after)
        if word[-2:] in _POSSESSIVES and len(word) > 2:
            word, end, gaps[k] = word[:-2], end - 2, word[-2:] + after
        try:
            norm, capital = info[word]
        except KeyError:
            norm, capital = _remember(word)
        if hyphen_before:
            capital = last_capital  # Il-sung: the part after the hyphen is part of the name
        append(make(Token, (norm, start, end, capital)))
        hyphen_before = gaps[k] in _HYPHEN_GAPS  # as written after the word (its 's moved there)
        last_capital = capital
    return out, gaps


# Each word's folded form and capital, kept: a text's words are mostly ones seen before, and a
# dict lookup is several times cheaper than folding again (or than a call through lru_cache).
# Cleared when full, so a stream of never-repeated words cannot grow it without bound.
_word_info: dict[str, tuple[str, bool]] = {}
_MOST_WORDS_KEPT = 100_000
_HYPHEN_GAPS = frozenset("-‐‑")


def _remember(word: str) -> tuple[str, bool]:
    first = word[0]
    found = (normalise(word), first.isupper() or not first.islower())
    if len(_word_info) >= _MOST_WORDS_KEPT:
        _word_info.clear()
    _word_info[word] = found
    return found


@lru_cache(maxsize=256)
def read_words(text: str) -> tuple[list[Token], list[bool]]:
    """:func:`tokens` and :func:`joins` of ``text``, kept for the next reader of the same text
    (the linker and the proposer read every segment in turn). Callers must not change them."""
    toks, gaps = _words_and_gaps(text)
    # A single space (most gaps) joins without a call.
    return toks, [
        gap == " " or _joined(gap, tok.norm) for tok, gap in zip(toks[:-1], gaps, strict=False)
    ]


def sentence_start(text: str, tok: Token) -> bool:
    """Does the word begin a sentence (or the text, a line, a quotation)?"""
    k = tok.start - 1
    while k >= 0 and text[k] in " \t\"“‘'([":
        k -= 1
    return k < 0 or text[k] in ".!?:;\n"


def joins(text: str, tokens_: list[Token]) -> list[bool]:
    """``joins[i]``: may words i and i+1 belong to one name (only a space, hyphen or the period
    of an initial between them, never a comma, bracket or blank line)."""
    return [
        _joined(text[a.end : b.start], a.norm) for a, b in zip(tokens_, tokens_[1:], strict=False)
    ]


def _joined(gap: str, before: str) -> bool:
    """May the word ``before`` and the next, ``gap`` apart, belong to one name?"""
    if gap == " ":
        return True  # by far the most common gap: spared the pattern
    if len(gap) > 4 or _JOIN.fullmatch(gap) is None:
        return False
    # A full stop after a word ends the sentence, unless the word is an initial or a title.
    return not gap.startswith(".") or len(before) <= 1 or before in _ABBREVIATED


# Words written with a period that do not end a sentence (titles before a name).
_ABBREVIATED = frozenset("mr mrs ms dr gen adm col lt capt maj sgt gov sen rep prof st hon".split())


def words_of(name: str) -> tuple[str, ...]:
    """A name as normalised words: "Chou En-lai" -> ("chou", "en", "lai")."""
    return tuple(t.norm for t in tokens(name))


def run_key(chars: str) -> str:
    """CJK characters as names are matched inside a run of them (:func:`.finder.run_matches`:
    Chinese and Japanese write a sentence without a space, Korean joins particles to a name):
    composed Hangul, simplified Han (周恩來 and 周恩来 alike). The same length as ``chars``, so
    offsets carry over."""
    composed = unicodedata.normalize("NFC", chars)
    if len(composed) != len(chars):
        composed = chars
    return cjk.fold_chinese(composed)
