"""People a text names whom no authority knows: proposals for new (candidate) authorities.

Precision over recall: a name is proposed only when the text itself says it is a person's name
and the names module reads it as a name (Chinese, Korean or Russian romanization, Han, Hangul,
Cyrillic), in one of three shapes: an honorific right before it ("Comrade Xin Minsheng"), an
alternate form in brackets right after it ("Ri Chang-jeong [Ri Chang Jong]"), or the sender or
recipient of the document's title ("Letter from Ri Chang-jeong to the Chinese Embassy"). Capitalised words
of offices and places (Ministry, Korea) never make a name.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass, field
from itertools import accumulate

from sourcebook.core import names

from .context import HONORIFICS, TITLES, brackets, words_before_bracket
from .linker import Mention, Segment
from .tokens import Token, read_words, tokens, words_of

_NOT_NAMES = (
    names.STOPWORDS
    | TITLES
    | frozenset(
        "department ministry embassy office section bureau committee council republic people "
        "peoples democratic consular affairs public security central national".split()
    )
)


@dataclass
class Proposal:
    name: str
    variants: list[str] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)
    rule: str = ""


def _name_shaped(words: list[Token], body: str) -> str | None:
    """The written name when these 2-4 words read as a personal name, else None."""
    if not 2 <= len(words) <= 4 or not all(w.capital for w in words):
        return None
    if any(w.norm in _NOT_NAMES for w in words):
        return None
    text = body[words[0].start : words[-1].end]
    return text if names.name_phrases(text) else None


def _run(toks: list[Token], join: list[bool], first: int, limit: int, end: int) -> list[Token]:
    """Capitalised words from ``first`` on, joined as one name, at most ``limit``, before
    ``end``."""
    out = []
    k = first
    while k < len(toks) and len(out) < limit and toks[k].end <= end and toks[k].capital:
        out.append(toks[k])
        if k >= len(join) or not join[k]:
            break
        k += 1
    return out


# "Letter from Ri Chang-jeong to Zhou Enlai": the sender and recipient a title names.
_TITLE_PARTIES = re.compile(
    r"\b(?:[Ff]rom|[Bb]y)\s+(?P<sender>[^,;:()\[\]]{3,60}?)\s+to\s+(?P<recipient>[^,;:()\[\]]{3,60}?)"
    r"(?=\s*(?:,|;|\(|$|\bon\b|\bin\b|\babout\b|\bregarding\b|\bconcerning\b))"
)


# Only the start of a title is read for its parties: real titles are short, and the pattern's
# bounded repeats would cost 60 × 60 steps at every "from" of a hostile megabyte title.
TITLE_CHARS = 300


def _title_parties(title: str) -> list[Proposal]:
    """The sender and recipient of a title, when each is a personal name (an embassy is not)."""
    m = _TITLE_PARTIES.search(title[:TITLE_CHARS])
    if not m:
        return []
    out = []
    for role in ("sender", "recipient"):
        words = tokens(m.group(role))
        name = _name_shaped(words, m.group(role)) if words else None
        if name:
            s = m.start(role) + words[0].start
            p = Proposal(name, rule=f"title-{role}")
            p.mentions = [Mention(None, s, s + len(name), name, "", 0.0, "proposed")]
            out.append(p)
    return out


def propose(
    segments: list[Segment], linked: list[Mention], title: str | None = None
) -> list[Proposal]:
    """Proposals for the names of ``segments`` (and the sender and recipient of ``title``)
    that no mention in ``linked`` covers."""
    found: list[Proposal] = []
    if title:
        known = {m.surface for m in linked if m.text is None}
        found.extend(p for p in _title_parties(title) if p.name not in known)
    for seg in segments:
        body = seg.body
        toks, join = read_words(body)
        honorifics = [k for k, t in enumerate(toks) if t.norm in HONORIFICS]
        spans = brackets(body)
        if not honorifics and not spans:
            continue  # most texts: nothing here could be proposed, no words to mark covered
        covered = _Covered(toks, [m for m in linked if m.text == seg.index])
        found.extend(_bracket_proposals(seg, toks, join, covered, spans))
        for k in honorifics:
            if not toks[k].capital or k >= len(join) or not join[k]:
                continue
            if k + 1 in covered:
                continue
            run = _run(toks, join, k + 1, 3, len(body))
            name = _name_shaped(run, body)
            after = k + 1 + len(run)  # the word after the name: not a further capitalised one
            if name and (after >= len(toks) or not join[after - 1] or not toks[after].capital):
                p = Proposal(name, rule="honorific")
                p.mentions = [_m(seg, run)]
                found.append(p)
    return _merged(found)


def _bracket_proposals(
    seg: Segment, toks: list[Token], join: list[bool], covered: _Covered, spans: list
) -> list[Proposal]:
    """Two names for one person, one in brackets after the other: Filippov [Stalin]. Adds the
    words it proposes to ``covered``. ``spans``: the text's :func:`brackets`."""
    body, found = seg.body, []
    if not spans:
        return found  # most texts: spared the two word maps
    tok_start = {t.start: k for k, t in enumerate(toks)}
    tok_end = {t.end: k for k, t in enumerate(toks)}
    for s, e in spans:
        before = words_before_bracket(body, toks, join, tok_end, s)
        if before is None:
            continue
        first, last = before
        while first < last and toks[first].norm in _NOT_NAMES:
            first += 1
        inner_first = tok_start.get(s + len(body[s:e]) - len(body[s:e].lstrip()))
        if inner_first is None:
            continue
        inner = _run(toks, join, inner_first, 4, e)
        outer = toks[first : last + 1]
        if body[inner[-1].end : e].strip(" .?") if inner else True:
            continue
        if any(k in covered for k in range(first, last + 1)):
            continue
        a, b = _name_shaped(outer, body), _name_shaped(inner, body)
        if a and b:
            p = Proposal(a, [b], rule="bracket")
            p.mentions = [_m(seg, outer), _m(seg, inner)]
            found.append(p)
            covered.update(range(first, last + 1))
    return found


class _Covered:
    """The words inside a mention (and those a bracket proposal took), asked one word at a time.

    Why not the set of every covered word: a text is asked about the few words after an
    honorific or before a bracket, and marking all of its words cost a pass over the text.
    """

    def __init__(self, toks: list[Token], mentions: list[Mention]):
        spans = sorted((m.start, m.end) for m in mentions)
        self._toks = toks
        self._starts = [s for s, _ in spans]
        self._reach = list(accumulate((e for _, e in spans), max))  # furthest end so far
        self._taken: set[int] = set()

    def __contains__(self, k: int) -> bool:
        if k in self._taken:
            return True
        tok = self._toks[k]
        before = bisect_left(self._starts, tok.end)  # mentions starting before the word ends
        return before > 0 and self._reach[before - 1] > tok.start

    def update(self, words) -> None:
        self._taken.update(words)


def _m(seg: Segment, words: list[Token]) -> Mention:
    s, e = words[0].start, words[-1].end
    return Mention(seg.index, s, e, seg.body[s:e], "", 0.0, "proposed")


def _keys(name: str) -> set[str]:
    """What makes two written names one: their words, or a romanization key phrase."""
    return {" ".join(words_of(name))} | set(names.name_phrases(name))


def _merged(found: list[Proposal]) -> list[Proposal]:
    """One proposal per person: the same name (in any romanization) twice is one. Keyed by
    words and name keys in a dict, so many proposals cost linear time, not pairs."""
    out: list[Proposal] = []
    owner: dict[str, Proposal] = {}
    for p in found:
        keys = set().union(*(_keys(x) for x in [p.name, *p.variants]))
        q = next((owner[k] for k in keys if k in owner), None)
        if q is None:
            out.append(p)
            q = p
        else:
            for v in [p.name, *p.variants]:
                if v != q.name and v not in q.variants:
                    q.variants.append(v)
            q.mentions.extend(p.mentions)
        for k in keys:
            owner.setdefault(k, q)
    return out
