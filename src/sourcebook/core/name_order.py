"""Names listed surname first ("Rusk, Dean") in the order people say them ("Dean Rusk").

Why: persons lists (every FRUS volume) and catalogues invert Western names so that they sort
by surname, while readers type "Dean Rusk", "John Foster Dulles" or "Alexis Johnson". The
searches compare words in order, so an inverted name also gives its natural-order forms to be
searched beside it (:func:`natural_forms`), and a query stays a query: nothing guesses which of
its words is a surname.

The comma is the sign of an inversion. East Asian names written surname first without one
(Kim Il Sung, Zhou Enlai, Chou En-lai) have no natural-order form and keep being read by
:mod:`sourcebook.core.names`; an East Asian name listed with a comma ("Kim, Yong Sun", "Rhee,
Syngman") also gets the Western order, which is how the English press of the time printed
Syngman Rhee. Parenthesised alternatives ("Chou En-lai (Zhou Enlai)") are left out: their
commas separate spellings ("Pak Chung-hui (Park Chung Hee, Pak Chong-hui)").
"""

from __future__ import annotations

import re
import unicodedata

from .authority_match import HONORIFICS, RANKS
from .names import name_phrases

_PARENS = re.compile(r"\([^)]*\)?")
_WORD = re.compile(r"[^\W_]+")
_APOSTROPHES = re.compile(r"['’ʼ`]")
_NOT_GIVEN = HONORIFICS | frozenset(RANKS)  # words before a given name that are not one


def words(text: str) -> list[str]:
    """The words of ``text`` as names are compared: case, accents and apostrophes aside
    ("O’Neill" is ``oneill``, "U. Alexis" is ``u alexis``)."""
    text = unicodedata.normalize("NFKD", _APOSTROPHES.sub("", text).casefold())
    return _WORD.findall("".join(c for c in text if not unicodedata.combining(c)))


def natural_forms(name: str) -> list[str]:
    """``"Surname, Given[, Suffix]"`` as said: the whole name ("U. Alexis Johnson", "Douglas
    MacArthur II", "General Charles H. Cabell") and, when the given names are more than one,
    the first given name and the surname ("John Dulles", "Dwight Eisenhower", "Charles
    Cabell"), but not of a Chinese or Korean name, whose given name is often written as two
    words ("Kim, Yong Sun" is not "Yong Kim"). None for a name without a comma, or with
    nothing on one side of it."""
    parts = [" ".join(p.split()) for p in _PARENS.sub(" ", name).split(",")]
    surname, given, suffixes = parts[0], parts[1] if len(parts) > 1 else "", parts[2:]
    if not surname or not given:
        return []
    tail = " ".join([surname, *(s for s in suffixes if s)])
    forms = [f"{given} {tail}"]
    first = next((w for w in given.split() if _is_given_name(w)), None)
    if first and first != given and not _east_asian(name):
        forms.append(f"{first} {tail}")
    return forms


def _is_given_name(word: str) -> bool:
    """A word of the given names that is a name: not an initial (U., K.C.) nor a rank or
    title (General, Sir)."""
    folded = words(word)
    return len(folded) == 1 and len(folded[0]) > 1 and folded[0] not in _NOT_GIVEN


def _east_asian(name: str) -> bool:
    """A name the names module reads as Chinese or Korean (its romanization keys)."""
    return any(p.startswith(("zh:", "ko:")) for p in name_phrases(name))
