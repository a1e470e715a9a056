"""Where a text names authorities: by their written forms, and by romanization keys.

Two lookups, both linear in the text: the words at each position against the gazetteer's word
forms, and the name-key streams of :mod:`sourcebook.core.names` (one key sequence per
romanization system) against the gazetteer's key phrases, which finds "Kim Il-song" for Kim
Il-sung and "Zhou Enlai" for Chou En-lai. Overlapping matches keep the longest, leftmost first.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, field

from sourcebook.core.cjk import CJK_RUN, HANGUL

from .gazetteer import FULL, Gazetteer
from .keys import stream_keys
from .tokens import Token, run_key


@dataclass
class Match:
    start: int  # characters in the text
    end: int
    first: int  # tokens [first, last] of the text
    last: int
    found: dict[str, str] = field(default_factory=dict)  # authority key -> form kind
    by_keys: bool = False  # found only through romanization keys


def _runs(toks: list[Token], join: list[bool], cap: int) -> list[int]:
    """run[i]: how many words from i on may form one name (capped)."""
    run = [1] * len(toks)
    for i in range(len(toks) - 2, -1, -1):
        run[i] = min(cap, run[i + 1] + 1) if join[i] else 1
    return run


def word_matches(gaz: Gazetteer, toks: list[Token], join: list[bool]) -> list[Match]:
    """The longest gazetteer form starting at each capitalised word (forms end capitalised)."""
    out = []
    if not gaz.longest_words:
        return out
    run = _runs(toks, join, gaz.longest_words)
    norms = [t.norm for t in toks]
    starts = gaz.word_starts
    for i, tok in enumerate(toks):
        if not tok.capital or tok.norm not in starts:
            continue
        for n in range(run[i], 0, -1):
            if not toks[i + n - 1].capital:
                continue
            found = gaz.words.get(tuple(norms[i : i + n]))
            if found:
                out.append(Match(tok.start, toks[i + n - 1].end, i, i + n - 1, dict(found)))
                break
    return out


def key_matches(gaz: Gazetteer, text: str, toks: list[Token]) -> list[Match]:
    """Gazetteer key phrases found in the text's name-key streams, on whole words."""
    if not gaz.longest_keys:
        return []
    first_keys, phrases, longest = gaz.key_starts, gaz.keys, gaz.longest_keys
    starts: dict[int, int] | None = None  # word starts and ends: built at the first phrase found
    ends: dict[int, int] = {}
    out = []
    for keys, pos in stream_keys(text):
        count = len(keys)
        for p in [p for p, key in enumerate(keys) if key in first_keys]:
            start = pos[2 * p]
            if p > 0 and pos[2 * p - 2] == start and pos[2 * p - 1] == pos[2 * p + 1]:
                continue  # inside a word: a phrase starts on a word's first syllable
            for n in range(min(longest, count - p), 1, -1):
                found = phrases.get(tuple(keys[p : p + n]))
                if not found:
                    continue
                q = p + n - 1
                end = pos[2 * q + 1]
                if q + 1 < count and pos[2 * q + 2] == pos[2 * q] and pos[2 * q + 3] == end:
                    continue  # ends inside a word
                if starts is None:
                    starts = {t.start: i for i, t in enumerate(toks)}
                    ends = {t.end: i for i, t in enumerate(toks)}
                if start in starts and end in ends:
                    m = Match(start, end, starts[start], ends[end], dict.fromkeys(found, FULL))
                    m.by_keys = True
                    out.append(m)
                break
    return out


def run_matches(gaz: Gazetteer, text: str, toks: list[Token]) -> list[Match]:
    """Whole names written in CJK characters inside the runs of them, by their characters
    (traditional and simplified alike): the longest at each place, left to right.

    Why characters and not romanization keys, as elsewhere: inside a run any character may
    begin a name, and a name's reading is shared by other characters (今日成立 reads jin ri
    cheng li, as 金日成 reads jin ri cheng). A name in Hangul begins a word or follows other
    characters (Korean puts spaces between words, and particles after a name: 김일성은).
    """
    if not gaz.runs or not toks or CJK_RUN.search(text) is None:
        return []
    starts = [t.start for t in toks]
    lengths = sorted(gaz.run_lengths, reverse=True)  # once per text, not per run
    out = []
    for run in CJK_RUN.finditer(text):
        offset = run.start()
        token = max(0, bisect_right(starts, offset) - 1)  # the word the run is part of
        for p, chars in _names_in_run(run_key(run.group()), gaz, lengths):
            end = offset + p + len(chars)
            out.append(Match(offset + p, end, token, token, dict(gaz.runs[chars])))
    return out


def _names_in_run(chars: str, gaz: Gazetteer, lengths: list[int]):
    """(place, name) of the gazetteer's CJK names in ``chars`` (``lengths``: those of its
    names, longest first): the longest at each place, the next looked for after it; a Hangul
    name never starts inside a Hangul word. A place whose two characters begin no name (most
    places) costs one lookup."""
    runs, heads = gaz.runs, gaz.run_heads
    p = 0
    while p < len(chars) - 1:
        if chars[p : p + 2] in heads and (
            p == 0 or not (HANGUL.match(chars[p]) and HANGUL.match(chars[p - 1]))
        ):
            left = len(chars) - p
            n = next((n for n in lengths if n <= left and chars[p : p + n] in runs), 0)
            if n:
                yield p, chars[p : p + n]
                p += n
                continue
        p += 1


def matches(gaz: Gazetteer, text: str, toks: list[Token], join: list[bool]) -> list[Match]:
    """Non-overlapping matches in text order: the longest wins; word forms before key forms."""
    found: dict[tuple[int, int], Match] = {}
    for m in word_matches(gaz, toks, join):
        found[(m.start, m.end)] = m
    for m in run_matches(gaz, text, toks):
        found.setdefault((m.start, m.end), m)
    for m in key_matches(gaz, text, toks):
        held = found.get((m.start, m.end))
        if held is None:
            found[(m.start, m.end)] = m
        else:
            for key, kind in m.found.items():
                held.found.setdefault(key, kind)
    out: list[Match] = []
    for m in sorted(found.values(), key=lambda m: (m.start, -m.end)):
        if out and m.start < out[-1].end:
            continue
        out.append(m)
    return out
