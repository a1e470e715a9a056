"""Snippets: a passage from where the query matched, with the matched words marked.

Why our own and not the engine's: the index holds folded tokens (bigrams, name keys), not the
text as written; people must see the archive's words. Matching here folds the stored text the
same way (case, accents, apostrophes, simplified/traditional Chinese) without changing its
length, so offsets found in the folded copy are offsets in the original.
"""

from __future__ import annotations

import re
import unicodedata
from html import escape
from itertools import islice

from . import analysis
from .query import Plan

WIDTH = 240
REGION = 1500  # characters of a long text searched for highlights
MAX_SPANS = 60
NAME_SCAN = 5000  # characters of a text read for name renderings when nothing else matched  # per text: enough to place the snippet, cheap for very common words
_CJK = re.compile(rf"[{analysis._CJK_CHAR}]")
_CYRILLIC = re.compile("[\u0400-\u04ff]")


def _fold_char(c: str) -> str:
    d = "".join(
        x for x in unicodedata.normalize("NFKD", c.casefold()) if not unicodedata.combining(x)
    )
    return d if len(d) == 1 else (c.lower() if len(c.lower()) == 1 else c)


_ACCENTED = re.compile("[\u00c0-\u024f\u1e00-\u1eff\u0401\u0451\u02bb\u02bc]")
_FOLDS: dict[str, str] = {}


def _fold_match(m: re.Match) -> str:
    c = m.group()
    folded = _FOLDS.get(c)
    if folded is None:
        folded = _FOLDS[c] = _fold_char(c)
    return folded


def fold(text: str) -> str:
    """Case, accents and Chinese script folded, same length as ``text``.

    Written for speed (it runs on every text of every result shown): ``lower()`` in C, then only
    accented Latin letters (and ё) are replaced one by one.
    """
    out = text.lower()
    if text.isascii():
        return out
    if len(out) != len(text):  # a rare letter whose lower case is longer (İ): slow path
        out = "".join(_fold_char(c) for c in text)
    else:
        out = _ACCENTED.sub(_fold_match, out)
    if _CJK.search(out):
        converted = analysis.fold_chinese(out)
        if len(converted) == len(out):
            out = converted
    return out


class Matcher:
    """Finds a plan's words (and name renderings) in texts."""

    def __init__(self, plan: Plan):
        self.names = plan.name_matches()
        self.latin = _is_latin(plan.text)
        # The query's own tokens of each name: where they all stand, no other rendering is
        # needed to explain the match, and the (slower) names pass can be skipped.
        self.name_tokens: list[list[str]] = []
        for clause in plan.positive:
            for alt in clause.alts:
                if alt.names:
                    leaves = alt.parts or [alt]
                    self.name_tokens.append([t for leaf in leaves for t in leaf.tokens])
        alts: list[tuple[int, str]] = []
        cjk: set[str] = set()
        needles: set[str] = set()
        for tokens, prefix in plan.highlight_terms():
            if all(_CJK.search(t) for t in tokens):
                # Bigrams back to the word: 周恩 恩来 -> 周恩来.
                cjk.add(tokens[0] + "".join(t[-1] for t in tokens[1:]))
                continue
            parts = [_loose(t) for t in tokens if not _CJK.search(t)]
            if not parts:
                continue
            if prefix:
                parts[-1] += r"\w*"
            # Words of a phrase (or of a hyphenated word) stand together, anything but letters
            # between them.
            alts.append((sum(len(t) for t in tokens), r"[\W_]+".join(parts)))
            needles.add(max((t for t in tokens if not _CJK.search(t)), key=len))
        alts.sort(key=lambda a: -a[0])
        self.cjk = sorted(cjk, key=len, reverse=True)
        self.pattern = (
            re.compile(r"\b(?:" + "|".join(p for _, p in alts) + r")\b") if alts else None
        )
        # Plain substrings to find a region worth scanning (str.find runs in C).
        self.needles = sorted(needles)

    @property
    def empty(self) -> bool:
        return self.pattern is None and not self.cjk and not self.names

    def spans(self, text: str) -> tuple[list[tuple[int, int]], list[str]]:
        """(merged highlight spans, name renderings found) in ``text``."""
        spans, variants, _ = self.find(text)
        return spans, variants

    def find(self, text: str, names: bool = True) -> tuple[list[tuple[int, int]], list[str], int]:
        """Like :meth:`spans`, plus how many spans are the query's own words (not renderings).

        ``names=False`` looks only for the query's own words (cheap); name renderings need the
        names module to read the text, which is done on short passages only.
        """
        if not text or self.empty:
            return [], [], 0
        folded = fold(text)
        spans: list[tuple[int, int]] = []
        if self.pattern is not None:
            start, end = self._region(folded)
            spans.extend(
                m.span() for m in islice(self.pattern.finditer(folded, start, end), MAX_SPANS)
            )
        for term in self.cjk:
            start = folded.find(term)
            while start >= 0:
                spans.append((start, start + len(term)))
                start = folded.find(term, start + 1)
        direct = len(spans)
        variants = []
        for s, e, written in analysis.name_spans(text, self.names) if names else ():
            spans.append((s, e))
            variants.append(written)
        return _merge(spans, text), variants, direct

    def explained(self, text: str) -> bool:
        """Whether every name of the query stands in ``text`` as typed (roughly: all its
        tokens occur), so that no other rendering needs looking for."""
        folded = fold(text)
        return all(all(t in folded for t in tokens) for tokens in self.name_tokens)

    def _region(self, folded: str) -> tuple[int, int]:
        """Where to run the (slower) pattern: around the first plain occurrence of a word.

        Long texts are scanned only near their first match; a word found only with an
        apostrophe inside (p'yongyang for pyongyang) makes the whole text scanned.
        """
        if len(folded) <= REGION:
            return 0, len(folded)
        found = [i for i in (folded.find(n) for n in self.needles) if i >= 0]
        if not found:
            return 0, len(folded)
        start = max(0, min(found) - REGION // 4)
        return start, start + REGION


def _is_latin(text: str) -> bool:
    """True unless ``text`` has CJK or Cyrillic letters."""
    return not (_CJK.search(text) or _CYRILLIC.search(text))


def _loose(token: str) -> str:
    """A folded token as a pattern that also accepts apostrophes between letters (P'yŏngyang)."""
    return "['’ʼ`]?".join(re.escape(c) for c in token)


def _merge(spans: list[tuple[int, int]], text: str) -> list[tuple[int, int]]:
    """Sorted, overlapping spans joined; so are spans only a space or hyphen apart (a name)."""
    out: list[tuple[int, int]] = []
    for s, e in sorted(spans):
        if out and (s <= out[-1][1] or not text[out[-1][1] : s].strip(" -\u2010")):
            out[-1] = (out[-1][0], max(out[-1][1], e))
        else:
            out.append((s, e))
    return out


def _window(text: str, spans: list[tuple[int, int]], width: int) -> tuple[int, int]:
    """The window of ``width`` characters holding the most matches, snapped to word edges."""
    best, best_count, j = 0, -1, 0
    for i, (s, _) in enumerate(spans):  # spans are sorted: a sliding window
        j = max(j, i)
        while j < len(spans) and spans[j][0] < s + width:
            j += 1
        if j - i > best_count:
            best, best_count = i, j - i
    anchor = spans[best][0] if spans else 0
    start = anchor - width // 4
    if start <= 30:
        start = 0
    else:
        space = text.rfind(" ", start - 20, start + 1)
        start = space + 1 if space >= 0 else start
    end = min(len(text), start + width)
    if end < len(text):
        space = text.find(" ", end, end + 20)
        end = space if space >= 0 else end
    return start, end


def make(display: dict, matcher: Matcher, width: int = WIDTH) -> dict:
    """The snippet of one result: text, highlight offsets, HTML, the text it came from."""
    candidates = [("Summary", display.get("summary") or "")] + [
        (t.get("label") or t.get("kind") or "Text", t.get("body") or "")
        for t in display.get("texts", [])
    ]
    best = None
    variants: list[str] = []
    readings: dict[str, str] = {}  # rendering -> the reading that matched it
    for label, text in candidates:
        spans, _, _ = matcher.find(text, names=False)
        if spans and (best is None or len(spans) > len(best[2])):
            best = (label, text, spans)
    if best is None and matcher.names:
        # Matched only through another rendering of a name: find where. Prefer renderings in
        # the query's own script (a query in Latin letters shows the romanized text).
        latin_query = matcher.latin
        best_score = (-1, -1)
        for label, text in candidates:
            spans, found, _ = matcher.find(text[:NAME_SCAN], names=True)
            if not spans:
                continue
            same_script = sum(1 for w in found if _is_latin(w) == latin_query)
            if (same_script, len(spans)) > best_score:
                best, best_score = (label, text, spans), (same_script, len(spans))
    title = display.get("title") or ""
    title_spans, _, _ = matcher.find(title, names=False)
    if best is None:
        label, text = next(((lab, t) for lab, t in candidates if t.strip()), ("", ""))
        best = (label, text, [])
    label, text, spans = best
    start, end = _window(text, spans, width)
    fragment = " ".join(text[start:end].split())
    frag_spans, _, _ = matcher.find(fragment, names=False) if spans else ([], [], 0)
    joined = title + "\n\n" + fragment
    if matcher.names and not matcher.explained(joined):
        # Name renderings in the title and the passage, read in one pass.
        cut = len(title) + 2
        t_names, f_names = [], []
        for s, e, written, reading in analysis.name_readings(joined, matcher.names):
            if e <= len(title):
                t_names.append((s, e))
            elif s >= cut:
                f_names.append((s - cut, e - cut))
            else:
                continue
            variants.append(written)
            readings.setdefault(written, reading)
        title_spans = _merge(title_spans + t_names, title)
        frag_spans = _merge(frag_spans + f_names, fragment)
    prefix = "… " if start > 0 else ""
    suffix = " …" if end < len(text) else ""
    shift = len(prefix)
    highlights = [[s + shift, e + shift] for s, e in frag_spans]
    snippet = prefix + fragment + suffix
    return {
        "snippet": snippet,
        "highlights": highlights,
        "snippet_html": to_html(snippet, highlights),
        "snippet_source": label,
        "title_highlights": [list(s) for s in title_spans],
        "title_html": to_html(display.get("title") or "", title_spans),
        "matched_variants": list(dict.fromkeys(variants)),
        "matched_readings": [{"text": t, "reading": r} for t, r in readings.items()],
    }


def to_html(text: str, spans) -> str:
    """``text`` HTML-escaped, with ``<mark>`` around each span."""
    out, pos = [], 0
    for s, e in spans:
        out.append(escape(text[pos:s]))
        out.append(f"<mark>{escape(text[s:e])}</mark>")
        pos = e
    out.append(escape(text[pos:]))
    return "".join(out)
