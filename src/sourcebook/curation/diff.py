"""Word-level differences between two values, for an editor deciding on a source change.

Why words: a corrected title or a re-transcribed paragraph differs in a few words, and a
character diff scatters them. Runs of words and the spaces between them are compared with
:mod:`difflib`; very long values fall back to comparing lines, which stays fast.
"""

from __future__ import annotations

import difflib
import re

MAX_TOKENS = 20_000
_TOKEN = re.compile(r"\s+|[^\s]+")


def word_diff(old: str, new: str) -> list[tuple[str, str]]:
    """``[(op, text)]`` with op ``same``, ``del`` (only in ``old``) or ``ins`` (only in
    ``new``); joining the ``same`` and ``del`` parts gives ``old``, ``same`` and ``ins`` ``new``."""
    a, b = _TOKEN.findall(old), _TOKEN.findall(new)
    if max(len(a), len(b)) > MAX_TOKENS:
        a, b = old.splitlines(keepends=True), new.splitlines(keepends=True)
    out: list[tuple[str, str]] = []
    dels: list[str] = []
    ins: list[str] = []
    ops = difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes()
    for k, (op, i1, i2, j1, j2) in enumerate(ops):
        same = "".join(a[i1:i2])
        if op == "equal" and not (same.isspace() and dels + ins and k + 1 < len(ops)):
            _add(out, "del", "".join(dels))
            _add(out, "ins", "".join(ins))
            dels, ins = [], []
            _add(out, "same", same)
            continue
        # A lone space between two changed words belongs to the change: "the DPRK" vs
        # "North Korea" reads as one replacement, not two.
        dels.extend(a[i1:i2])
        ins.extend(b[j1:j2])
    _add(out, "del", "".join(dels))
    _add(out, "ins", "".join(ins))
    return out


def _add(out: list[tuple[str, str]], op: str, text: str) -> None:
    if not text:
        return
    if out and out[-1][0] == op:
        out[-1] = (op, out[-1][1] + text)
    else:
        out.append((op, text))
