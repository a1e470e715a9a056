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

# A word: letters (any script) and digits, with apostrophes inside (Ch'en, O'Brien). Hyphens
# split words (En-lai is two words joined by a hyphen), so "Il-sung" and "Il Sung" read alike.
_WORD = re.compile(r"[^\W_](?:[^\W_]|['’ʼ](?=[^\W_]))*")
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
    out: list[Token] = []
    last_end, last_capital = -2, False
    for m in _WORD.finditer(text):
        word = m.group()
        start, end = m.span()
        if word[-2:] in _POSSESSIVES and len(word) > 2:
            word, end = word[:-2], end - 2
        first = word[0]
        capital = first.isupper() or not first.islower()
        if last_end == start - 1 and text[start - 1] in _HYPHENS:
            capital = last_capital  # Il-sung: the part after the hyphen is part of the name
        out.append(Token(normalise(word), start, end, capital))
        last_end, last_capital = end, capital
    return out


@lru_cache(maxsize=256)
def read_words(text: str) -> tuple[list[Token], list[bool]]:
    """:func:`tokens` and :func:`joins` of ``text``, kept for the next reader of the same text
    (the linker and the proposer read every segment in turn). Callers must not change them."""
    toks = tokens(text)
    return toks, joins(text, toks)


_HYPHENS = "-‐‑"


def sentence_start(text: str, tok: Token) -> bool:
    """Does the word begin a sentence (or the text, a line, a quotation)?"""
    k = tok.start - 1
    while k >= 0 and text[k] in " \t\"“‘'([":
        k -= 1
    return k < 0 or text[k] in ".!?:;\n"


def joins(text: str, tokens_: list[Token]) -> list[bool]:
    """``joins[i]``: may words i and i+1 belong to one name (only a space, hyphen or the period
    of an initial between them, never a comma, bracket or blank line)."""
    out = []
    for a, b in zip(tokens_, tokens_[1:], strict=False):
        gap = text[a.end : b.start]
        ok = len(gap) <= 4 and _JOIN.fullmatch(gap) is not None
        if ok and gap.startswith(".") and len(a.norm) > 1 and a.norm not in _ABBREVIATED:
            ok = False  # a full stop after a word ends the sentence
        out.append(ok)
    return out


# Words written with a period that do not end a sentence (titles before a name).
_ABBREVIATED = frozenset("mr mrs ms dr gen adm col lt capt maj sgt gov sen rep prof st hon".split())


def words_of(name: str) -> tuple[str, ...]:
    """A name as normalised words: "Chou En-lai" -> ("chou", "en", "lai")."""
    return tuple(t.norm for t in tokens(name))
