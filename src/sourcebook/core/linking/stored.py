"""The stored form of a link's mentions: compact, and exactly the same list when read back.

A mention is ``{"text": i, "start": s, "end": e, "surface": "…"}``. Stored as one object each,
mentions were three quarters of every link row and a third of an archive's database once an
authority file is loaded: a person named twelve times in a cable repeats the same four keys and
the same two spellings twelve times. The compact form keeps each distinct surface once and each
mention as three numbers::

    [["Ri Chang-jeong", "Ri Chang Jong"], [0, 315, 0,  0, 788, 1, ...]]
      surfaces, in order of first use      text, start, surface index; per mention

``end`` is not stored: it is ``start + len(surface)`` (the surface is the text's slice). A list
that does not fit the form (another key, an end that is not the slice's, a start without a
text) is stored as it is, so :func:`expand` always gives back what :func:`compact` was given.
Both forms are read, so rows written before the compact form need no rewrite to be read.
"""

from __future__ import annotations

KEYS = frozenset(("text", "start", "end", "surface"))


def compact(mentions: list) -> list:
    """The stored form of ``mentions`` (a list of mention dicts); ``[]`` stays ``[]``."""
    if not mentions or not all(_fits(m) for m in mentions):
        return mentions
    return packed((m["text"], m["start"], m["surface"]) for m in mentions)


def packed(mentions) -> list:
    """The compact form of mentions given as ``(text, start, surface)``, each surface the slice
    of its text from ``start`` (as the linker's are), without the dicts: what :func:`compact`
    makes of them (``[]`` for none)."""
    surfaces: dict[str, int] = {}
    flat: list = []
    for text, start, surface in mentions:
        index = surfaces.setdefault(surface, len(surfaces))
        flat += (text, start, index)
    return [list(surfaces), flat] if flat else []


def expand(stored) -> list:
    """The mention dicts of a stored value, in either form (``None`` reads as no mentions)."""
    if not stored:
        return []
    if not _is_compact(stored):
        return stored
    surfaces, flat = stored
    out = []
    for i in range(0, len(flat), 3):
        text, start, surface = flat[i], flat[i + 1], surfaces[flat[i + 2]]
        end = None if start is None else start + len(surface)
        out.append({"text": text, "start": start, "end": end, "surface": surface})
    return out


def _fits(m) -> bool:
    if not isinstance(m, dict) or m.keys() != KEYS or not isinstance(m["surface"], str):
        return False
    start, end = m["start"], m["end"]
    if start is None:
        return end is None
    if m["text"] is None or not isinstance(start, int) or isinstance(start, bool):
        return False
    return end == start + len(m["surface"])


def _is_compact(stored) -> bool:
    return (
        isinstance(stored, list)
        and len(stored) == 2
        and isinstance(stored[0], list)
        and isinstance(stored[1], list)
    )
