"""How sure a mention is, and which authority it names when several share the words.

The figures are fixed points a reader can check, not learnt weights:

========================================  ==========  ===========================
evidence                                  confidence  rule
========================================  ==========  ===========================
whole name, as written                    0.95        ``name``
whole name, through romanization keys     0.90        ``romanization``
first name or initials and surname        0.90        ``short-name``
surname after the whole name (document)   0.90        ``surname-after-name``
surname, whole name later in document     0.85        ``surname-with-name``
title + surname ("Ambassador Johnson")    0.90/0.85   ``title`` (listed in the
                                                      document's collection / not;
                                                      Mr., Dr. only count inside it)
surname whose neighbouring words fit one  0.85        ``description``
namesake's description best (2+ words)
surname, only one such in the collection  0.80        ``surname-in-collection``
surname, only one such authority          0.60        ``surname``
words that name two or more authorities   0.40–0.50   ``ambiguous``
========================================  ==========  ===========================

A title right before a whole name adds 0.03; a surname that is also a common English word (Long,
Young) loses 0.3 unless a title or the whole name vouches for it. Ambiguous words never pick one
authority: each gets a candidate mention below any sensible threshold, for an editor to decide.
"""

from __future__ import annotations

from sourcebook.core import names

from .context import described_as

NAME, ROMANIZATION, SHORT_NAME = 0.95, 0.90, 0.90
SURNAME_AFTER, SURNAME_WITH = 0.90, 0.85
TITLE_IN_SCOPE, TITLE = 0.90, 0.85
SURNAME_IN_SCOPE, SURNAME_ONLY = 0.80, 0.60
AMBIGUOUS_NAME, AMBIGUOUS_SURNAME = 0.50, 0.40
DESCRIBED = 0.85
# Words around a surname compared with the namesakes' descriptions, and how many must agree.
CONTEXT_BEFORE, CONTEXT_AFTER, CONTEXT_AGREEING = 10, 6, 2
TITLE_BONUS, COMMON_WORD_PENALTY = 0.03, 0.30
REPEATED_BONUS, HIGHEST = 0.03, 0.99

COMMON_WORDS = names.STOPWORDS
# Words that say nothing about who someone is: "August 1955–April 1957" in a description must
# not match the date line of a telegram.
NOT_DESCRIPTIVE = names.FUNCTION_WORDS | frozenset(
    "january february march april may june july august september october november december "
    "until since thereafter also".split()
)


def narrow_by_title(keys: set[str], title: str | None, described: dict) -> set[str]:
    """The authorities whose description carries the title, when that leaves some."""
    if not title or len(keys) < 2:
        return keys
    fitting = {k for k in keys if described_as(title, described.get(k, frozenset()))}
    return fitting or keys


def narrow_by_scope(keys: set[str], scope: str | None, entries: dict) -> set[str]:
    """The authorities the document's own collection lists, when that leaves some."""
    if not scope or len(keys) < 2:
        return keys
    inside = {k for k in keys if scope in entries[k].scopes}
    return inside or keys


def narrow_by_context(keys: set[str], words: set[str], described: dict) -> str | None:
    """The one namesake whose description shares the most content words with the words around
    the mention, when it shares at least :data:`CONTEXT_AGREEING` and strictly more than any
    other ("Assistant Secretary of State for Far Eastern Affairs (Robertson)")."""
    words = {w for w in words - NOT_DESCRIPTIVE if not w.isdigit()}
    scored = sorted(
        ((len(words & (described.get(k, frozenset()) - NOT_DESCRIPTIVE)), k) for k in keys),
        reverse=True,
    )
    (best, key), (second, _) = scored[0], scored[1]
    return key if best >= CONTEXT_AGREEING and best > second else None


def in_scope(key: str, scope: str | None, entries: dict) -> bool:
    return bool(scope) and scope in entries[key].scopes


def document_confidence(confidences: list[float], ambiguous: list[bool]) -> float:
    """An authority's confidence for the whole document: its best mention, a little more when
    several unambiguous mentions agree (never from ambiguous ones, which stay candidates)."""
    best = max(confidences)
    sure = sum(1 for c, a in zip(confidences, ambiguous, strict=True) if not a)
    if sure >= 2:
        best += REPEATED_BONUS
    return round(min(HIGHEST, best), 3)
