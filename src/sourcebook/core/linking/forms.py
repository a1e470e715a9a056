"""The forms an authority's name takes in running text.

A persons list writes "Dulles, John Foster" or "Lemnitzer, General Lyman L." or
"Chou En-lai (Zhou Enlai)"; a text writes "John Foster Dulles", "Dulles", "General Lemnitzer",
"Zhou Enlai". :func:`person_forms` turns a listed name into the full forms (every word),
shorter forms (first name or initials and surname) and the surname, which the linker trusts
differently (:mod:`.scoring`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from sourcebook.core import names

from .context import TITLES
from .tokens import MAX_NAME_WORDS, words_of

_PAREN = re.compile(r"\(([^()]*)\)")
_SUFFIXES = frozenset("jr sr ii iii iv esq".split())


@dataclass
class Forms:
    full: set[tuple[str, ...]] = field(default_factory=set)  # the whole name
    short: set[tuple[str, ...]] = field(default_factory=set)  # first name/initials + surname
    surnames: set[tuple[str, ...]] = field(default_factory=set)  # the surname alone
    phrases: set[tuple[str, ...]] = field(default_factory=set)  # romanization keys (core.names)
    titles: set[str] = field(default_factory=set)  # titles written in the listed name


def _east_asian(text: str) -> bool:
    """A Chinese or Korean name (surname first): the names module reads it in zh or ko."""
    return any(p.startswith(("zh:", "ko:")) for p in names.name_phrases(text))


def _clean(words: tuple[str, ...]) -> tuple[tuple[str, ...], set[str]]:
    kept = tuple(w for w in words if w not in TITLES and w not in _SUFFIXES)
    return kept, {w for w in words if w in TITLES}


def _add_phrases(forms: Forms, text: str) -> None:
    if len(words_of(text)) < 2:
        return  # one word read in key space (Lee = Rhee = Yi) is too loose to link by
    for phrase in names.name_phrases(text):
        keys = tuple(phrase.split())
        if 2 <= len(keys) <= 2 * MAX_NAME_WORDS:
            forms.phrases.add(keys)


def _one(forms: Forms, name: str, person: bool) -> None:
    """Forms of one written name (no parentheses)."""
    name = name.strip(" ,;")
    if not name:
        return
    if not person:
        words = words_of(name)
        if 0 < len(words) <= MAX_NAME_WORDS:
            forms.full.add(words)
            _add_phrases(forms, name)
        return
    parts = [p.strip() for p in name.split(",") if p.strip()]
    if len(parts) >= 2:  # "Surname, Forenames[, suffix or title]"
        surname, titles_s = _clean(words_of(parts[0]))
        given, titles_g = _clean(words_of(parts[1]))
        forms.titles |= titles_s | titles_g
        if not surname:
            return
        if given:
            _western(forms, given, surname)
            forms.full.add(surname + given)  # Korean, Chinese, Japanese order: Paik Sun-yup
            _add_phrases(forms, " ".join(surname + given))
            _add_phrases(forms, " ".join(given + surname))
        else:
            forms.full.add(surname)
        forms.surnames.add(surname)
        return
    words, titles = _clean(words_of(name))
    forms.titles |= titles
    if not words:
        return
    _add_phrases(forms, name)
    if len(words) == 1:
        forms.full.add(words)
        forms.surnames.add(words)
    elif _east_asian(name) or _hyphenated_given_name(name):
        forms.full.add(words)  # Chou En-lai: surname first
        forms.surnames.add(words[:1])
    else:
        _western(forms, words[:-1], words[-1:])
        forms.surnames.add(words[-1:])


def _hyphenated_given_name(name: str) -> bool:
    """Chiang Kai-shek, Ri Chang-jeong: a hyphenated word after an unhyphenated first one is an
    East Asian given name, so the surname comes first (Jean-Paul Sartre hyphenates the first)."""
    written = name.split()
    return len(written) >= 2 and "-" not in written[0] and any("-" in w for w in written[1:])


def _western(forms: Forms, given: tuple[str, ...], surname: tuple[str, ...]) -> None:
    full = given + surname
    if len(full) <= MAX_NAME_WORDS:
        forms.full.add(full)
    named = [g for g in given if len(g) > 1]
    if named:
        forms.short.add((named[0],) + surname)  # John Dulles, Alexis Johnson
    initials = tuple(g[0] for g in given)
    forms.short.add(initials + surname)  # J. F. Dulles
    forms.short.add(initials[:1] + surname)  # J. Dulles
    forms.short.discard(full)


@lru_cache(maxsize=16384)
def forms_of(name: str, variants: tuple[str, ...], person: bool) -> Forms:
    """Every form of an authority with this preferred name and these variants.

    Parenthesised parts are names too (FRUS "Chou En-lai (Zhou Enlai)").
    """
    forms = Forms()
    for written in (name, *variants):
        inner = _PAREN.findall(written)
        _one(forms, _PAREN.sub(" ", written), person)
        for part in inner:
            _one(forms, part, person)
    forms.short -= forms.full
    return forms
