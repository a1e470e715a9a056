"""Keyword in context: a mention with the words around it, for authority pages.

Why here: cutting a window out of a long text is plain string work, shared by pages and tests,
and must cost the window, not the text (a 2 MB body gives a 120-character line).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

WIDTH = 60
_SPACE = re.compile(r"\s+")


@dataclass(frozen=True)
class Line:
    left: str
    keyword: str
    right: str


def _flat(text: str) -> str:
    return _SPACE.sub(" ", text)


def kwic(body: str, start: int, end: int, width: int = WIDTH) -> Line | None:
    """The mention ``body[start:end]`` with about ``width`` characters either side, whitespace
    folded to single spaces and an ellipsis where the context was cut. None when the offsets do
    not fit the body (a text edited since the link was made)."""
    if not 0 <= start < end <= len(body):
        return None
    lo, hi = max(0, start - width), min(len(body), end + width)
    left, right = _flat(body[lo:start]), _flat(body[end:hi])
    if lo > 0:
        left = "…" + left.lstrip()
    if hi < len(body):
        right = right.rstrip() + "…"
    return Line(left.lstrip() if lo == 0 else left, _flat(body[start:end]), right)
