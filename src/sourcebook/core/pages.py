"""Page markers in a text, and which canvas of the document's scan each one shows.

A text marks where its pages begin: ``(p. 2)``, ``[p. 3]``, ``(Page 4)``, ``pp. 5-6`` in a
record, ``<pb n="412"/>`` in TEI. The scan has canvases numbered 1..N in the order attached.
The two numberings agree only sometimes: a letter's pages 1-3 scanned as canvases 1-3 do, but an
excerpt from a file's pages 45-47, or a FRUS volume's page ``412``, does not. The rule:

* **By label**, when every marker of the text is a plain number between 1 and N: marker *n*
  shows canvas *n* (the text's own numbering is the scan's).
* **Otherwise by order**: the *k*-th marker shows canvas *k*; and when the text has exactly one
  marker fewer than the scan has canvases, canvas *k + 1*, since a marker says where a page
  *begins* and the text before the first one lies on canvas 1.
* A marker with no canvas left (more markers than canvases) shows none: it stays a plain
  marker. Canvases with no marker are still reached in the viewer.

Each text of a document is mapped on its own (a transcript and its translation both carry the
markers of the same scan).
"""

from __future__ import annotations

import re

_LABEL = re.compile(r"(?:pp?|pages?)\.?\s*([0-9]+[a-z]?|[ivxlcdm]+)\b", re.I)


def marker_label(text: str) -> str:
    """The page a marker names, as written: ``(p. 3)`` → ``3``, ``[pp. 5-6]`` → ``5``,
    ``(Page 12a)`` → ``12a``; a TEI ``n`` (``412``, ``[IV]``) is taken whole, brackets off."""
    match = _LABEL.search(text)
    if match:
        return match.group(1)
    return text.strip().strip("[]()").strip()


def canvases_for(labels: list[str], canvas_count: int) -> list[int | None]:
    """The canvas (1-based) each marker shows, in the markers' order; see the module doc."""
    if canvas_count <= 0:
        return [None] * len(labels)
    if labels and all(_in_range(label, canvas_count) for label in labels):
        return [int(label) for label in labels]
    shift = 1 if len(labels) == canvas_count - 1 else 0
    return [k + 1 + shift if k + 1 + shift <= canvas_count else None for k in range(len(labels))]


def _in_range(label: str, count: int) -> bool:
    return label.isdigit() and 1 <= int(label) <= count
