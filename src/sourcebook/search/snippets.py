"""Snippets: a passage from where the query matched, with the matched words marked.

Why our own and not the engine's: the index holds folded tokens (bigrams, name keys), not the
text as written; people must see the archive's words. Matching here folds the stored text the
same way (case, accents, apostrophes, simplified/traditional Chinese) without changing its
length, so offsets found in the folded copy are offsets in the original.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from html import escape

from . import analysis
from .query import Plan

WIDTH = 240
_CJK = re.compile(rf"[{analysis._CJK_CHAR}]")


@lru_cache(maxsize=8192)
def _fold_char(c: str) -> str:
    d = "".join(
        x for x in unicodedata.normalize("NFKD", c.casefold()) if not unicodedata.combining(x)
    )
    return d if len(d) == 1 else (c.lower() if len(c.lower()) == 1 else c)


def fold(text: str) -> str:
    """Case, accents and Chinese script folded, same length as ``text``."""
    if text.isascii():
        return text.lower()
    out = "".join(_fold_char(c) for c in text)
    if _CJK.search(out):
        converted = analysis.fold_chinese(out)
        if len(converted) == len(out):
            out = converted
    return out


class Matcher:
    """Finds a plan's words (and name renderings) in texts."""

    def __init__(self, plan: Plan):
        exact, prefixes = plan.highlight_tokens()
        self.names = plan.name_matches()
        latin = sorted({t for t in exact if not _CJK.search(t)}, key=len, reverse=True)
        pref = sorted({t for t in prefixes if not _CJK.search(t)}, key=len, reverse=True)
        self.cjk = sorted({t for t in exact | prefixes if _CJK.search(t)}, key=len, reverse=True)
        alts = [_loose(t) for t in latin] + [_loose(t) + r"\w*" for t in pref]
        self.pattern = re.compile(r"(?<!\w)(?:" + "|".join(alts) + r")(?!\w)") if alts else None

    @property
    def empty(self) -> bool:
        return self.pattern is None and not self.cjk and not self.names

    def spans(self, text: str) -> tuple[list[tuple[int, int]], list[str]]:
        """(merged highlight spans, name renderings found) in ``text``."""
        if not text or self.empty:
            return [], []
        folded = fold(text)
        spans: list[tuple[int, int]] = []
        if self.pattern is not None:
            spans.extend(m.span() for m in self.pattern.finditer(folded))
        for term in self.cjk:
            start = folded.find(term)
            while start >= 0:
                spans.append((start, start + len(term)))
                start = folded.find(term, start + 1)
        variants = []
        for s, e, written in analysis.name_spans(text, self.names):
            spans.append((s, e))
            variants.append(written)
        return _merge(spans, text), variants


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
    best, best_count = 0, -1
    for i, (s, _) in enumerate(spans):
        count = sum(1 for s2, _ in spans[i:] if s2 < s + width)
        if count > best_count:
            best, best_count = i, count
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
    for label, text in candidates:
        spans, found = matcher.spans(text)
        variants.extend(found)
        if spans and (best is None or len(spans) > len(best[2])):
            best = (label, text, spans)
    title_spans, found = matcher.spans(display.get("title") or "")
    variants.extend(found)
    if best is None:
        label, text = next(((lab, t) for lab, t in candidates if t.strip()), ("", ""))
        best = (label, text, [])
    label, text, spans = best
    start, end = _window(text, spans, width)
    fragment = " ".join(text[start:end].split())
    # Re-map spans after whitespace collapsing: recompute on the collapsed fragment.
    frag_spans, _ = matcher.spans(fragment) if spans else ([], [])
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
