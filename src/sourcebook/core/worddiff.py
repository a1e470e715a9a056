"""Word-level differences between two versions of a text, in bounded time.

Why tokens and not characters: readers compare versions of a translation word by word, and a
character diff of prose is noise. Words are runs of letters and digits; each CJK character is a
word of its own (Chinese and Japanese are written without spaces); spaces and punctuation are
tokens too, so the segments put back together give each text exactly.

Why bounded: :class:`difflib.SequenceMatcher` is quadratic in the worst case, and a hostile or
merely huge text (a 2.6 MB record) must not hold a worker for minutes. So the common prefix and
suffix are cut first (linear; a typical correction leaves only a few words between them), and
the middle is diffed word by word only when each side has at most ``max_tokens`` tokens. A larger
middle is diffed line by line when each side has at most ``max_tokens`` lines, and changed lines
word by word again while a budget of ``4 * max_tokens`` words lasts; past that the middle is
shown as one deletion and one insertion (``Diff.exact`` is then False). Measured worst case
(10,000 words from a 50-word vocabulary, so no word is frequent enough to be junk): 17 s at
20,000 tokens a side, well under a second at the default 5,000. ``autojunk`` is
left on, which makes very frequent tokens (spaces, "the") cheap to skip.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from difflib import SequenceMatcher

_TOKEN = re.compile(
    r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]"  # one CJK character
    r"|\w+"  # a word
    r"|\s+"  # spaces and line breaks
    r"|[^\w\s]",  # one punctuation mark
)

EQUAL, INSERT, DELETE, SKIP = "equal", "insert", "delete", "skip"


@dataclass
class Segment:
    """A run of the diff: ``equal``/``insert``/``delete`` text, or ``skip`` (``count``
    unchanged words left out of a long unchanged run)."""

    kind: str
    text: str = ""
    count: int = 0


@dataclass
class Diff:
    segments: list[Segment] = field(default_factory=list)
    exact: bool = True  # False: the texts were too large for a word or line diff
    by_lines: bool = False  # True: compared line by line (word diff too large)

    @property
    def changed(self) -> bool:
        return any(s.kind in (INSERT, DELETE) for s in self.segments)


def tokens(text: str) -> list[str]:
    return _TOKEN.findall(text)


def diff(old: str, new: str, *, max_tokens: int = 5000, context: int = 25) -> Diff:
    """The differences from ``old`` to ``new``; unchanged runs longer than ``2 * context`` words
    keep ``context`` words on each side and say how many were left out between."""
    if old == new:
        return Diff(_collapse([Segment(EQUAL, old)] if old else [], context))
    a, b = tokens(old), tokens(new)
    head = _common_prefix(a, b)
    tail = _common_suffix(a[head:], b[head:])
    mid_a, mid_b = a[head : len(a) - tail], b[head : len(b) - tail]
    result = Diff()
    segments = [Segment(EQUAL, "".join(a[:head]))] if head else []
    if len(mid_a) <= max_tokens and len(mid_b) <= max_tokens:
        segments += _opcodes(mid_a, mid_b)
    else:
        segments += _line_diff("".join(mid_a), "".join(mid_b), max_tokens, result)
    if tail:
        segments.append(Segment(EQUAL, "".join(a[len(a) - tail :])))
    result.segments = _collapse(_merge(segments), context)
    return result


def _common_prefix(a: list[str], b: list[str]) -> int:
    n = 0
    for x, y in zip(a, b):  # noqa: B905 (lengths differ by design)
        if x != y:
            break
        n += 1
    return n


def _common_suffix(a: list[str], b: list[str]) -> int:
    n = 0
    for x, y in zip(reversed(a), reversed(b)):  # noqa: B905
        if x != y:
            break
        n += 1
    return n


def _opcodes(a: list[str], b: list[str]) -> list[Segment]:
    out: list[Segment] = []
    matcher = SequenceMatcher(None, a, b, autojunk=True)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            out.append(Segment(EQUAL, "".join(a[i1:i2])))
            continue
        if i2 > i1:
            out.append(Segment(DELETE, "".join(a[i1:i2])))
        if j2 > j1:
            out.append(Segment(INSERT, "".join(b[j1:j2])))
    return out


def _line_diff(old: str, new: str, max_tokens: int, result: Diff) -> list[Segment]:
    """Lines first, then words inside each changed block of lines while the words diffed in
    all stay within ``4 * max_tokens`` (so the whole costs at most a few word diffs)."""
    a, b = old.splitlines(keepends=True), new.splitlines(keepends=True)
    if len(a) > max_tokens or len(b) > max_tokens:
        result.exact = False
        return [s for s in (Segment(DELETE, old), Segment(INSERT, new)) if s.text]
    result.by_lines = True
    budget, out = 4 * max_tokens, []
    for op, i1, i2, j1, j2 in SequenceMatcher(None, a, b, autojunk=True).get_opcodes():
        old_part, new_part = "".join(a[i1:i2]), "".join(b[j1:j2])
        if op == "equal":
            out.append(Segment(EQUAL, old_part))
            continue
        ta, tb = tokens(old_part), tokens(new_part)
        if op == "replace" and len(ta) <= max_tokens and len(tb) <= max_tokens <= budget:
            budget -= len(ta) + len(tb)
            out += _opcodes(ta, tb)
        else:
            out += [Segment(DELETE, old_part), Segment(INSERT, new_part)]
    return out


def _merge(segments: list[Segment]) -> list[Segment]:
    """Adjacent segments of one kind as one (empty ones dropped)."""
    out: list[Segment] = []
    for seg in segments:
        if not seg.text:
            continue
        if out and out[-1].kind == seg.kind:
            out[-1] = Segment(seg.kind, out[-1].text + seg.text)
        else:
            out.append(seg)
    return out


def _collapse(segments: list[Segment], context: int) -> list[Segment]:
    """Long unchanged runs cut to their first and last ``context`` words (only the last words
    before the first change, only the first after the last)."""
    out: list[Segment] = []
    for k, seg in enumerate(segments):
        if seg.kind != EQUAL:
            out.append(seg)
            continue
        words = tokens(seg.text)
        keep_head = context if k > 0 else 0
        keep_tail = context if k < len(segments) - 1 else 0
        if len(segments) == 1:
            keep_head, keep_tail = context, 0
        head, tail = _cut(words, keep_head, keep_tail)
        hidden = _word_count(words) - _word_count(tokens(head)) - _word_count(tokens(tail))
        if hidden <= context:
            out.append(seg)
            continue
        out += [Segment(EQUAL, head)] if head else []
        out.append(Segment(SKIP, count=hidden))
        out += [Segment(EQUAL, tail)] if tail else []
    return out


def _word_count(toks: list[str]) -> int:
    return sum(1 for t in toks if not t.isspace() and (t[0].isalnum() or t[0] == "_"))


def _cut(words: list[str], head_words: int, tail_words: int) -> tuple[str, str]:
    """The text of the first ``head_words`` and last ``tail_words`` words (with their spaces)."""
    return "".join(_take(words, head_words)), "".join(reversed(_take(words[::-1], tail_words)))


def _take(toks: list[str], n: int) -> list[str]:
    out, seen = [], 0
    for t in toks:
        if seen >= n:
            break
        out.append(t)
        if not t.isspace():
            seen += 1
    return out


# The metadata a reader sees, in page order: (label, how to read it from a record).
FIELDS = (
    ("Title", lambda r: r.title),
    ("Date", lambda r: r.date.text),
    ("Type", lambda r: r.doc_type or ""),
    ("Summary", lambda r: r.summary),
    ("Citation", lambda r: r.citation),
    ("Permalink", lambda r: r.permalink or ""),
    ("Archive", lambda r: r.archive or ""),
    ("Repository", lambda r: r.repository or ""),
    ("Reference", lambda r: r.reference or ""),
    ("Page", lambda r: r.locator or ""),
    ("Translated by", lambda r: "; ".join(r.translators)),
    ("Credits", lambda r: r.credits),
    ("Funders", lambda r: "; ".join(r.funders)),
    ("Original language", lambda r: r.original_language),
    ("Languages", lambda r: ", ".join(r.languages)),
)


@dataclass
class Change:
    label: str
    diff: Diff


def record_changes(old, new, *, max_tokens: int = 5000) -> tuple[list[Change], list[Change]]:
    """``(metadata, texts)``: the fields and texts (paired by position) that differ between two
    records (:class:`sourcebook.core.record.Record`), each with its word diff."""
    fields = [
        Change(label, diff(get(old), get(new), max_tokens=max_tokens))
        for label, get in FIELDS
        if get(old) != get(new)
    ]
    texts = []
    for k in range(max(len(old.texts), len(new.texts))):
        a = old.texts[k] if k < len(old.texts) else None
        b = new.texts[k] if k < len(new.texts) else None
        body_a, body_b = (a.body if a else ""), (b.body if b else "")
        if body_a != body_b:
            label = (b or a).label or (b or a).kind.capitalize()
            texts.append(Change(label, diff(body_a, body_b, max_tokens=max_tokens)))
    return fields, texts
