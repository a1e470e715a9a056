"""The query language: what people type in the search box, read forgivingly.

``cold war`` (all words must match), ``"exact phrase"``, ``a OR b``, ``-exclude``, ``prefix*``,
and the scopes ``title:``, ``text:``, ``person:``, ``place:``. Nothing a user types is an error:
an unbalanced quote is dropped, an unknown ``scope:`` is read as plain words, a dangling ``OR``
is ignored. The parser returns a :class:`Plan`, an engine-neutral description that each engine
turns into its own query, with name renderings already looked up (see :mod:`.analysis`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property, lru_cache

from . import analysis

SCOPES = ("title", "text", "person", "place")
MAX_QUERY = 1000  # characters; the rest is ignored
MAX_CLAUSES = 32

_TOKEN = re.compile(
    r'(?P<neg>-)?(?:(?P<scope>[A-Za-z]+):)?(?:"(?P<phrase>[^"]*)"|(?P<word>[^\s"]+))'
)


@dataclass
class Alt:
    """One way a clause can match: a word, a phrase or a prefix in a scope, or several words
    that together read as a name (``parts``), found also through ``name_phrases`` (name keys)."""

    text: str
    scope: str | None = None
    tokens: list[str] = field(default_factory=list)
    prefix: bool = False
    parts: list[Alt] = field(default_factory=list)
    name_phrases: list[list[str]] = field(default_factory=list)
    names: list[analysis.NameMatch] = field(default_factory=list)


@dataclass
class Clause:
    alts: list[Alt]
    negated: bool = False


@dataclass
class Plan:
    text: str
    clauses: list[Clause] = field(default_factory=list)

    @property
    def positive(self) -> list[Clause]:
        return [c for c in self.clauses if not c.negated]

    @property
    def empty(self) -> bool:
        return not self.clauses

    @cached_property
    def key(self) -> str:
        """The clauses in a canonical text form: what facet counts are kept by (a plan is not
        changed once parsed, so this is computed once)."""
        return repr(self.clauses)

    def highlight_terms(self) -> list[tuple[tuple[str, ...], bool]]:
        """(token sequence, ends with a prefix) of every positive term, for marking matches in
        snippets: a phrase is marked only where its words stand together."""
        out: list[tuple[tuple[str, ...], bool]] = []

        def walk(alt: Alt) -> None:
            if alt.parts:
                for p in alt.parts:
                    walk(p)
            elif alt.tokens:
                out.append((tuple(alt.tokens), alt.prefix))

        for clause in self.positive:
            for alt in clause.alts:
                walk(alt)
        return list(dict.fromkeys(out))

    def name_matches(self) -> list[analysis.NameMatch]:
        out: list[analysis.NameMatch] = []
        for clause in self.positive:
            for alt in clause.alts:
                out.extend(alt.names)
                for p in alt.parts:
                    out.extend(p.names)
        return out


def _term(text: str, scope: str | None, phrase: bool) -> Alt | None:
    prefix = False
    if not phrase and text.endswith("*") and len(text.rstrip("*")) > 0:
        prefix = True
    text = text.replace("*", " ").strip() if not phrase else text.strip()
    tokens = analysis.query_tokens(text)
    if not tokens:
        return None
    if prefix and len(tokens[-1]) < 2:  # a one-letter prefix would expand to half the index
        prefix = False
    return Alt(text=text, scope=scope, tokens=tokens, prefix=prefix)


def _attach_names(alt: Alt) -> None:
    """Give a multi-word term (a phrase, or a scoped name) its name keys when it is one name."""
    if alt.prefix or alt.scope in ("title",):
        return
    words = alt.text.split()
    matches = analysis.query_names(words)
    whole = [m for m in matches if m.start == 0 and m.end == len(words)]
    if whole:
        alt.names = whole
        alt.name_phrases = [p for m in whole for p in m.phrases]


def parsed(text: str) -> Plan:
    """:func:`parse`, kept for the queries asked again (the name lookup is most of its cost).

    Safe to share: a plan depends on the text alone (the name tables are code, not data in the
    database), and nothing changes a plan once parsed; callers must keep it that way.
    """
    return _parsed((text or "")[:MAX_QUERY])  # what parse reads: the key stays bounded


@lru_cache(maxsize=2048)
def _parsed(text: str) -> Plan:
    return parse(text)


def parse(text: str) -> Plan:
    """Read a query; never raises."""
    text = (text or "")[:MAX_QUERY]
    if text.count('"') % 2:
        i = text.rfind('"')
        text = text[:i] + " " + text[i + 1 :]
    clauses: list[Clause] = []
    pending_or = False
    for m in _TOKEN.finditer(text):
        neg = bool(m.group("neg"))
        scope = (m.group("scope") or "").lower() or None
        phrase = m.group("phrase")
        word = m.group("word")
        if scope and scope not in SCOPES:  # "foo:bar" is just words
            word = f"{m.group('scope')}:{word if word is not None else phrase}"
            scope, phrase = None, None
        if word == "OR" and not neg and not scope:
            pending_or = bool(clauses) and not clauses[-1].negated
            continue
        alt = _term(phrase if phrase is not None else word, scope, phrase is not None)
        if alt is None:
            continue
        if phrase is not None or scope or neg:
            _attach_names(alt)
        if pending_or and not neg:
            clauses[-1].alts.append(alt)
        else:
            clauses.append(Clause([alt], negated=neg))
        pending_or = False
        if len(clauses) >= MAX_CLAUSES:
            break
    return Plan(text=text, clauses=_join_names(clauses))


def _plain(clause: Clause) -> bool:
    if clause.negated or len(clause.alts) != 1:
        return False
    alt = clause.alts[0]
    return alt.scope is None and not alt.prefix and not alt.parts and len(alt.text.split()) == 1


def _join_names(clauses: list[Clause]) -> list[Clause]:
    """Runs of plain words that read as a name become one clause matching any rendering."""
    out: list[Clause] = []
    i = 0
    while i < len(clauses):
        if not _plain(clauses[i]):
            out.append(clauses[i])
            i += 1
            continue
        j = i
        while j < len(clauses) and _plain(clauses[j]):
            j += 1
        run = clauses[i:j]
        words = [c.alts[0].text for c in run]
        matches = sorted(analysis.query_names(words), key=lambda m: (m.start, -(m.end - m.start)))
        k = 0
        for m in matches:
            if m.start < k or m.end <= m.start:
                continue
            out.extend(run[k : m.start])
            parts = [c.alts[0] for c in run[m.start : m.end]]
            if len(parts) == 1:
                alt = parts[0]
                alt.names, alt.name_phrases = [m], list(m.phrases)
            else:
                alt = Alt(
                    text=" ".join(words[m.start : m.end]),
                    parts=parts,
                    names=[m],
                    name_phrases=list(m.phrases),
                )
            out.append(Clause([alt]))
            k = m.end
        out.extend(run[k:])
        i = j
    return out
