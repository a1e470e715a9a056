"""Context around a mention: titles before a name, alternate forms in brackets.

"Ambassador Johnson", "Comrade Xin Minsheng", "Foreign Minister Cho": a title right before a
name says a person is meant, and may say which one (a president, not an ambassador of the same
surname: the title is compared with the authorities' descriptions). "Ri Chang-jeong [Ri Chang
Jong]", "Filippov [Stalin]": a bracket right after a name gives another form of the same person.
"""

from __future__ import annotations

import re

from .tokens import Token, normalise

# Titles and honorifics, normalised (see tokens.normalise). Two-word titles (Prime Minister,
# Vice Premier) end in one of these words, which is all the linker looks at.
TITLES = frozenset(
    """
    comrade ambassador premier chairman minister president secretary mr mrs ms madame mme
    miss general gen marshal admiral adm dr senator sen governor gov colonel col lieutenant lt
    captain capt major maj commander chancellor counselor counsellor consul charge chargé
    deputy director representative rep congressman judge justice professor prof sir lord
    king queen prince princess emperor generalissimo mayor head chief envoy attache attaché
    vice undersecretary
    """.split()
)
# Titles that say a person is meant strongly enough to propose an unknown name as a new
# authority (Deliver 3); "head" or "director" alone are too often part of an office's name.
HONORIFICS = frozenset(
    """
    comrade ambassador premier chairman minister president secretary mr mrs madame mme general
    marshal admiral dr senator governor colonel
    """.split()
)
# What a title word in a text may be written as in an authority's description.
_DESCRIBED_AS = {
    "premier": ("premier", "prime"),
    "mr": (),
    "mrs": ("wife", "mrs"),
    "madame": ("wife", "madame"),
    "mme": ("wife", "madame"),
    "gen": ("general",),
    "adm": ("admiral",),
    "sen": ("senator",),
    "gov": ("governor",),
    "col": ("colonel",),
    "lt": ("lieutenant",),
    "capt": ("captain",),
    "maj": ("major",),
    "rep": ("representative",),
    "charge": ("charge",),
    "chargé": ("charge",),
}

# A bracket that may hold another form of a name: short, on one line, no nested brackets.
BRACKET = re.compile(r"\[([^\[\]\n]{1,80})\]")


def title_before(text: str, toks: list[Token], i: int, join: list[bool]) -> str | None:
    """The title word right before token ``i`` ("Ambassador" in "Ambassador Johnson")."""
    if i == 0 or not join[i - 1]:
        return None
    prev = toks[i - 1]
    return prev.norm if prev.norm in TITLES and prev.capital else None


def described_as(title: str, description_words: frozenset[str]) -> bool:
    """Does an authority's description (or listed name) carry this title?"""
    wanted = _DESCRIBED_AS.get(title, (normalise(title),))
    return any(w in description_words for w in wanted)


# Words after which a description speaks of someone else: "wife of President Rhee".
_KIN = frozenset("wife husband widow son daughter brother sister father mother".split())


def description_words(words: tuple[str, ...]) -> tuple[str, ...]:
    """The words of a description that describe the person, in order: up to a kinship word,
    with it ("wife of President Rhee" describes a wife, not a president)."""
    kept = []
    for w in words:
        kept.append(w)
        if w in _KIN:
            break
    return tuple(kept)


_OBJECT_STARTS = frozenset("to of for at in on from with".split())


def office_words(words: tuple[str, ...]) -> frozenset[str]:
    """The words naming the office itself, before "to", "of", "for"...: "Assistant Staff
    Secretary to the President" holds the title Secretary, not President."""
    kept = []
    for w in words:
        if w in _OBJECT_STARTS:
            break
        kept.append(w)
    return frozenset(kept)


def brackets(text: str) -> list[tuple[int, int]]:
    """(start, end) of the inside of every short one-line bracket of ``text``."""
    return [(m.start(1), m.end(1)) for m in BRACKET.finditer(text)]


def words_before_bracket(
    text: str, toks: list[Token], join: list[bool], tok_end: dict[int, int], start: int
) -> tuple[int, int] | None:
    """The tokens ``(first, last)`` just before the bracket whose inside starts at ``start``:
    the word touching it and up to three joined capitalised words before that ("Ri Chang-jeong
    [Ri Chang Jong]", "Filippov [Stalin]"); None when no word ends right before the "["."""
    left = start - 1  # the "[" itself
    while left > 0 and text[left - 1] in " \t":
        left -= 1
    last = tok_end.get(left)
    if last is None:
        return None
    first = last
    while first > 0 and join[first - 1] and toks[first - 1].capital and last - first < 3:
        first -= 1
    return first, last
