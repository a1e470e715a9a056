"""The Person facet: one value per authority, never one per spelling.

Why: "Kim Il Sung" (an authority's preferred name) and "Kim Il-sung" (read from a document's
title) are one person; a facet that lists both splits his documents in two. So a document's
Person values are:

- the preferred name of each person linked to it by a link the site shows
  (:data:`LinkFields.SHOWN`: encoded, automatic, confirmed; never candidate or rejected);
- each name suggested by its title (sender, recipient, participants) or given in ``extra``,
  unless it is the same name (:func:`sourcebook.core.names.same_name`, any script or
  romanization) as one of those linked persons, by name or variant: then it is dropped;
- otherwise, when it is the same name as an authority's name or variant anywhere in the archive,
  that authority's preferred name (one spelling across the index); else the name as written.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache

from sourcebook.archive.prefetched import rows

from .batch_rows import link_rows

try:  # the names module is optional to search (see analysis.py)
    from sourcebook.core import names as _names
except ImportError:  # pragma: no cover
    _names = None


@lru_cache(maxsize=8192)
def _fold(name: str) -> str:
    return " ".join(name.casefold().split())


def same_person_name(a: str, b: str) -> bool:
    """The same name as written (case and spacing aside) or by name keys."""
    if _fold(a) == _fold(b):
        return True
    return bool(_names and _names.same_name(a, b))


def shown_persons(doc) -> list:
    """The person authorities linked to ``doc`` by a link that pages and facets show."""
    from sourcebook.archive.models import LinkFields

    return [
        link.agent
        for link in link_rows(doc, "agent_links")
        if link.agent.kind == "person" and link.link in LinkFields.SHOWN
    ]


def _renderings(name: str) -> set[str]:
    """The name and its renderings: what an authority's name or variant may be written as."""
    out = {name}
    if _names is not None:
        out.update(v.text for v in _names.variants(name))
    return out


def _first_word(name: str) -> str:
    words = name.split()
    return words[0].casefold() if words else ""


class Canonical:
    """Suggested names → the preferred name of the one authority they name, for a batch.

    A few queries per batch (not per document): authorities (not the linker's candidates) whose name or a variant starts with
    the first word of a suggested name in any of its renderings (Kim, 김일성, Gim) are read, then
    confirmed by :func:`same_person_name` (Kim Il-sŏng = Kim Il Sung). A name that matches two
    authorities is left as written rather than guessed.
    """

    CHUNK = 100  # prefixes per query: an OR of LIKEs stays well inside SQLite's limits

    def __init__(self, names: Iterable[str]):
        wanted = {n for n in names if n and n.split()}
        self._map: dict[str, str] = {}
        if not wanted:
            return
        prefixes = {n: {_first_word(r) for r in _renderings(n)} - {""} for n in wanted}
        forms = self._forms(sorted(set().union(*prefixes.values())))
        for name in wanted:
            found = {
                preferred
                for prefix in prefixes[name]
                for form, preferred in forms.get(prefix, ())
                if same_person_name(name, form)
            }
            if len(found) == 1:
                self._map[name] = found.pop()

    @classmethod
    def _forms(cls, prefixes: list[str]) -> dict[str, set[tuple[str, str]]]:
        """First word -> {(name or variant, preferred name)} of person authorities."""
        from django.db.models import Q

        from sourcebook.archive.models import Agent, NameVariant

        out: dict[str, set[tuple[str, str]]] = {}
        for i in range(0, len(prefixes), cls.CHUNK):
            chunk = prefixes[i : i + cls.CHUNK]
            starts = Q()
            for p in chunk:
                starts |= Q(name__istartswith=p)
            # Candidate authorities (proposed by the linker, not yet reviewed) name nobody yet.
            # (``exclude(data__candidate=True)`` would drop every row without the key on SQLite.)
            reviewed = Q(data__candidate__isnull=True) | Q(data__candidate=False)
            people = Agent.objects.filter(reviewed, kind="person")
            rows = list(people.filter(starts).values_list("name", "name"))
            rows += NameVariant.objects.filter(starts, agent__in=people).values_list(
                "name", "agent__name"
            )
            for form, preferred in rows:
                out.setdefault(_first_word(form), set()).add((form, preferred))
        return out

    def __call__(self, name: str) -> str:
        return self._map.get(name, name)


def facet_values(doc, suggested: list[str], canonical: Canonical | None = None) -> list[str]:
    """The Person values of ``doc``: linked authorities, then the suggestions they do not cover."""
    linked = shown_persons(doc)
    out: dict[str, None] = {p.name: None for p in linked}
    known = [n for p in linked for n in [p.name, *(v.name for v in rows(p, "variants"))]]
    for name in suggested:
        if any(same_person_name(name, k) for k in known):
            continue  # a linked person, or a suggestion already taken, in another spelling
        known.append(name)
        out.setdefault(canonical(name) if canonical else name, None)
    return list(out)
