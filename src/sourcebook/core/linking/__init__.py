"""Linking in running text: which authorities a document names, where, and how surely.

Framework-free. Input: a gazetteer of authorities (:class:`Entry`: key, kind person /
organization / place, preferred name, variants, description, dates, the collections that list
it) and a document's texts (:class:`Segment`). Output (:func:`link`): mentions ``{text, start,
end, surface, key, confidence, rule}`` and per authority a document-level confidence. Names are
found by their written forms and by the romanization keys of :mod:`sourcebook.core.names`;
context (titles, surnames after a whole name, brackets) sets the confidence
(:mod:`.scoring`). Names no authority knows can be proposed as new ones (:func:`propose`).

Modules: :mod:`.tokens` (words), :mod:`.forms` (a listed name's forms), :mod:`.gazetteer`
(lookup dicts), :mod:`.finder` (matches), :mod:`.context` (titles, brackets), :mod:`.scoring`
(confidences), :mod:`.linker` (the passes), :mod:`.propose` (new authorities).
"""

from __future__ import annotations

from .gazetteer import KINDS, ORGANIZATION, PERSON, PLACE, Entry, Gazetteer, build
from .linker import AMBIGUOUS, Mention, Result, Segment, link
from .propose import Proposal, propose

DEFAULT_THRESHOLD = 0.8

__all__ = [
    "AMBIGUOUS",
    "DEFAULT_THRESHOLD",
    "KINDS",
    "ORGANIZATION",
    "PERSON",
    "PLACE",
    "Entry",
    "Gazetteer",
    "Mention",
    "Proposal",
    "Result",
    "Segment",
    "build",
    "link",
    "propose",
]
