"""Link one document's texts to the gazetteer: mentions with confidence, per authority a score.

Three passes over matches found once (:mod:`.finder`): whole and short names first, then
surnames alone (which lean on the whole names the document used, on a title before them and on
the document's collection), then alternate forms in brackets. Everything is linear in the text.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from . import scoring as sc
from .context import brackets, title_before, words_before_bracket
from .finder import Match, matches
from .gazetteer import SURNAME, Gazetteer
from .tokens import Token, read_words, sentence_start

AMBIGUOUS = "ambiguous"
# Titles anyone may bear: "Mr. White" says a person is meant, not which one, so outside the
# document's own volume it counts no more than the surname alone.
GENERIC_TITLES = frozenset("mr mrs ms miss dr sir madame mme".split())


@dataclass(frozen=True)
class Segment:
    """A text of the document. ``index`` is its position among the document's texts; title and
    notes have ``None``: they count for the document, but their mentions carry no offsets."""

    body: str
    language: str | None = None
    index: int | None = None


@dataclass
class Mention:
    text: int | None
    start: int
    end: int
    surface: str
    key: str
    confidence: float
    rule: str

    def to_json(self) -> dict:
        return {"text": self.text, "start": self.start, "end": self.end, "surface": self.surface}


@dataclass
class Result:
    mentions: list[Mention] = field(default_factory=list)
    authorities: dict[str, float] = field(default_factory=dict)  # key -> document confidence

    def linked(self, threshold: float) -> dict[str, float]:
        return {k: c for k, c in self.authorities.items() if c >= threshold}

    def of(self, key: str) -> list[Mention]:
        return [m for m in self.mentions if m.key == key]


@dataclass
class _Read:
    segment: Segment
    order: int
    toks: list[Token]
    join: list[bool]
    found: list[Match]


def _read(segments: list[Segment], gaz: Gazetteer) -> list[_Read]:
    out = []
    for order, seg in enumerate(segments):
        toks, join = read_words(seg.body)
        out.append(_Read(seg, order, toks, join, matches(gaz, seg.body, toks, join)))
    return out


def _mention(r: _Read, m: Match, key: str, confidence: float, rule: str) -> Mention:
    body = r.segment.body
    return Mention(r.segment.index, m.start, m.end, body[m.start : m.end], key, confidence, rule)


def _named(r: _Read, m: Match, gaz: Gazetteer, scope: str | None) -> list[Mention]:
    """A whole or short name: one authority, or candidates when it names several."""
    keys = {k for k, kind in m.found.items() if kind != SURNAME}
    # A name found inside a run of CJK characters does not begin its word: the word before
    # that is no title of it.
    starts_word = m.start == r.toks[m.first].start
    title = title_before(r.segment.body, r.toks, m.first, r.join) if starts_word else None
    keys = sc.narrow_by_title(sc.narrow_by_scope(keys, scope, gaz.entries), title, gaz.offices)
    if len(keys) > 1:
        return [_mention(r, m, k, sc.AMBIGUOUS_NAME, AMBIGUOUS) for k in sorted(keys)]
    (key,) = keys
    kind = m.found[key]
    if m.by_keys:
        conf, rule = sc.ROMANIZATION, "romanization"
    elif kind == "short":
        conf, rule = sc.SHORT_NAME, "short-name"
    else:
        conf, rule = sc.NAME, "name"
    if title:
        conf = min(sc.HIGHEST, conf + sc.TITLE_BONUS)
    return [_mention(r, m, key, conf, rule)]


def _surname(
    r: _Read, m: Match, gaz: Gazetteer, scope: str | None, named: dict[str, tuple[int, int]]
) -> list[Mention]:
    """A surname alone: whose, by title, by the whole names of the document, by collection."""
    body, toks, i = r.segment.body, r.toks, m.first
    title = title_before(body, toks, i, r.join)
    if not title and i > 0 and r.join[i - 1] and toks[i - 1].capital:
        if _given_name(r, i - 1, gaz):
            return []  # another given name before it: Lyndon Johnson is not U. Alexis Johnson
    if m.last + 1 < len(toks) and r.join[m.last] and toks[m.last + 1].capital:
        return []  # part of a longer name: Johnson Administration, General Chang Chun
    keys = set(m.found)
    if title:
        keys = sc.narrow_by_title(keys, title, gaz.offices)
    seen = {k for k in keys if k in named}
    if seen:
        keys = seen
    else:
        keys = sc.narrow_by_scope(keys, scope, gaz.entries)
    described = sc.narrow_by_context(keys, _around(r, m), gaz.described) if len(keys) > 1 else None
    if described is not None:
        return [_mention(r, m, described, sc.DESCRIBED, "description")]
    if len(keys) > 1:
        return [_mention(r, m, k, sc.AMBIGUOUS_SURNAME, AMBIGUOUS) for k in sorted(keys)]
    (key,) = keys
    conf, rule = _surname_evidence(key, title, scope, gaz, named, (r.order, m.start))
    if not title and key not in named and toks[i].norm in sc.COMMON_WORDS:
        conf -= sc.COMMON_WORD_PENALTY
    return [_mention(r, m, key, round(conf, 3), rule)]


def _surname_evidence(
    key: str, title: str | None, scope: str | None, gaz: Gazetteer, named: dict, here: tuple
) -> tuple[float, str]:
    """(confidence, rule) of a surname that names one authority (table in :mod:`.scoring`)."""
    inside = sc.in_scope(key, scope, gaz.entries)
    if key in named:
        if named[key] < here:
            return sc.SURNAME_AFTER, "surname-after-name"
        return sc.SURNAME_WITH, "surname-with-name"
    if title and (inside or title not in GENERIC_TITLES):
        return (sc.TITLE_IN_SCOPE if inside else sc.TITLE), "title"
    if inside:
        return sc.SURNAME_IN_SCOPE, "surname-in-collection"
    return sc.SURNAME_ONLY, "surname"


def _around(r: _Read, m: Match) -> set[str]:
    """The words near a mention on its line (ten before, six after), to compare with descriptions:
    "the Assistant Secretary of State for Far Eastern Affairs (Robertson)"."""
    body = r.segment.body
    line_start = body.rfind("\n", 0, m.start) + 1
    line_end = body.find("\n", m.end)
    line_end = len(body) if line_end < 0 else line_end
    before = r.toks[max(0, m.first - sc.CONTEXT_BEFORE) : m.first]
    after = r.toks[m.last + 1 : m.last + 1 + sc.CONTEXT_AFTER]
    return {t.norm for t in before + after if line_start <= t.start and t.end <= line_end}


def _given_name(r: _Read, k: int, gaz: Gazetteer) -> bool:
    """Is word ``k`` (capitalised, right before a surname) a given name rather than the first
    word of a sentence ("Later Johnson said")? Mid-sentence, a capitalised word is taken as
    one; at a sentence start, only a word the gazetteer knows as part of a name."""
    tok = r.toks[k]
    if not sentence_start(r.segment.body, tok):
        return True
    return tok.norm in gaz.name_words


def _bracketed(r: _Read, found: list[Mention]) -> list[Mention]:
    """Filippov [Stalin], Ri Chang-jeong [Ri Chang Jong]: the side the gazetteer did not know
    gets the other side's authority."""
    body = r.segment.body
    out: list[Mention] = []
    spans = brackets(body)
    if not spans:
        return out  # most texts: spared the word maps
    by_start = {m.start: m for m in found if m.rule != AMBIGUOUS}
    by_end = {m.end: m for m in found if m.rule != AMBIGUOUS}
    taken = {(m.start, m.end) for m in found}
    tok_end = {t.end: k for k, t in enumerate(r.toks)}
    tok_start = {t.start: k for k, t in enumerate(r.toks)}
    for s, e in spans:
        before = words_before_bracket(body, r.toks, r.join, tok_end, s)
        if before is None:
            continue
        first, last = before
        outer = (r.toks[first].start, r.toks[last].end)
        inner = _capitalised_run(r, s, e, tok_start)
        if not r.toks[last].capital or inner is None:
            continue
        outer_m = by_end.get(outer[1])
        inner_m = by_start.get(inner[0])
        if outer_m is not None and inner_m is None and inner not in taken:
            out.append(_copy(r, outer_m, *inner))
        elif inner_m is not None and outer_m is None:
            out.append(_copy(r, inner_m, *outer))
    return out


def _capitalised_run(r: _Read, s: int, e: int, tok_start: dict) -> tuple[int, int] | None:
    """The bracket's inside when it is one to four capitalised words of one name."""
    body = r.segment.body
    inside = body[s:e].strip()
    if not inside:
        return None
    s += len(body[s:e]) - len(body[s:e].lstrip())
    k = tok_start.get(s)
    if k is None:
        return None
    last = k
    while last - k < 3 and last + 1 < len(r.toks) and r.toks[last + 1].end <= e and r.join[last]:
        last += 1
    run = r.toks[k : last + 1]
    if not all(t.capital for t in run) or body[run[-1].end : e].strip(" .?"):
        return None
    return run[0].start, run[-1].end


def _copy(r: _Read, m: Mention, start: int, end: int) -> Mention:
    surface = r.segment.body[start:end]
    return Mention(m.text, start, end, surface, m.key, m.confidence, "bracket")


def link(gaz: Gazetteer, segments: list[Segment], scope: str | None = None) -> Result:
    """Mentions of the gazetteer's authorities in a document's segments, and per authority its
    document confidence. ``scope``: the document's collection (see :class:`~.gazetteer.Entry`).
    """
    read = _read(segments, gaz)
    per: list[list[Mention]] = [[] for _ in read]
    named: dict[str, tuple[int, int]] = {}  # authority -> first whole-name mention
    for r in read:
        for m in r.found:
            if any(kind != SURNAME for kind in m.found.values()):
                got = _named(r, m, gaz, scope)
                per[r.order].extend(got)
                for x in got:
                    if x.rule != AMBIGUOUS:
                        named.setdefault(x.key, (r.order, m.start))
    for r in read:
        for m in r.found:
            if all(kind == SURNAME for kind in m.found.values()):
                per[r.order].extend(_surname(r, m, gaz, scope, named))
    for r in read:
        per[r.order].extend(_bracketed(r, per[r.order]))
    result = Result()
    for mentions in per:
        result.mentions.extend(sorted(mentions, key=lambda x: (x.start, x.key)))
    grouped: dict[str, list[Mention]] = {}
    for x in result.mentions:
        grouped.setdefault(x.key, []).append(x)
    for key, ms in grouped.items():
        result.authorities[key] = sc.document_confidence(
            [x.confidence for x in ms], [x.rule == AMBIGUOUS for x in ms]
        )
    return result
