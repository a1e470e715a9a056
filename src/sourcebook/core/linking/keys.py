"""The one place the linker reads :mod:`sourcebook.core.names`' name-key streams.

Why a private function: ``names.index_streams`` gives the keys as strings for the search index,
without offsets; the linker needs each key's place in the text, which ``_stream_keys`` holds.
"""

from __future__ import annotations

from sourcebook.core import names
from sourcebook.core.names import _stream_keys

# The streams a phrase of :func:`names.name_phrases` can match (zh2 holds second zh readings).
_STREAMS = ("zh", "zh2", "zhw", "ko", "ru")


def stream_keys(text: str, language: str | None = None) -> list[tuple[list[str], list[int]]]:
    """Per romanization stream with two keys or more, its keys and their offsets: key ``i``
    spans ``pos[2 * i]`` to ``pos[2 * i + 1]`` of ``text`` (flat lists, not a tuple per key).

    ``language`` is the text's; it chooses how Han characters are read (Korean, Mandarin, or both
    when unknown), as for the search index.
    """
    streams = _stream_keys(text, language)
    out = []
    for s in _STREAMS:
        keys = streams.keys.get(s) or []
        if len(keys) > 1:
            out.append((keys, streams.pos[s]))
    return out


LONGEST_NAME_WORD = names.LONGEST_NAME_WORD
