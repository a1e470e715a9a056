"""Stored bytes, compressed: the one format of every packed column (sources, revisions, texts).

A packed value is one header byte followed by the payload. The header says how to get the exact
bytes back, so a reader never guesses and a stored value stays readable whatever later code
prefers to write:

- ``RAW`` (0xF8): the payload is the bytes themselves (what compression would have made larger);
- ``ZSTD`` (0xF9): the payload is one Zstandard frame;
- ``ZSTD_BASE`` (0xFA): a Zstandard frame compressed against ``base`` (a raw-content prefix), so
  only what differs from ``base`` is stored. A revision taken from a source is packed against
  that source's exact bytes: the record holds the same texts, and 3.8 KB of record JSON become
  about 0.5 KB instead of 1.4 KB standalone (``bench/RESULTS.md``).
- ``ZSTD_DICT`` (0xFB): a varint dictionary id, then a Zstandard frame compressed with that
  trained dictionary (:class:`Dictionary`). Records of one archive share their boilerplate
  (headings, citation forms, archive names), which a frame of a few KB cannot learn from
  itself: measured, a source of 2.7 KB packs to 510 bytes instead of 1,030 on the benchmark's
  corpus, and FRUS documents 27 % smaller than alone (``bench/dictionary_gain.py``). The
  dictionary is stored once in the database, by id, and never changes
  (``sourcebook.archive.compression``).

Why these header values: 0xF8–0xFF never occur in UTF-8, so no text written before packing
existed can be mistaken for a packed value. Why Zstandard: compression ratio like zlib's at
level 9 on small rows, several times faster, and dictionaries/prefixes of any size (zlib's
window stops at 32 KB). Python 3.14 has it in the standard library as ``compression.zstd``;
older Pythons get the same module from the ``backports.zstd`` package.
"""

from __future__ import annotations

import sys
from collections.abc import Callable

if sys.version_info >= (3, 14):
    from compression import zstd
else:
    from backports import zstd

RAW, ZSTD, ZSTD_BASE, ZSTD_DICT = b"\xf8", b"\xf9", b"\xfa", b"\xfb"
HEADERS = (RAW, ZSTD, ZSTD_BASE, ZSTD_DICT)

# Level 3 (zstd's default): levels 9 and 19 save 2-5 % more on these rows and cost many times
# the CPU, which a megabytes-long TEI volume would feel at ingest.
LEVEL = 3

# Zstandard refuses a prefix shorter than this; so short a base would not help anyway.
MIN_BASE = 8


class PackingError(ValueError):
    """A stored value that cannot be unpacked (unknown header, damaged frame, missing base or
    dictionary)."""


class Dictionary:
    """A trained Zstandard dictionary and the id a packed value names it by."""

    def __init__(self, ident: int, content: bytes):
        if ident < 0:
            raise ValueError("a dictionary id is not negative")
        self.ident, self.content = ident, bytes(content)
        try:
            self._zstd = zstd.ZstdDict(self.content).as_digested_dict  # digested once, reused
        except zstd.ZstdError as exc:
            raise PackingError(f"dictionary {ident} is damaged: {exc}") from exc


def train(samples: list[bytes], size: int, ident: int = 0) -> Dictionary:
    """A dictionary of at most ``size`` bytes learned from ``samples`` (PackingError when
    Zstandard cannot learn one from them: too few or too alike)."""
    try:
        return Dictionary(ident, zstd.train_dict(samples, size).dict_content)
    except (zstd.ZstdError, ValueError) as exc:  # ValueError: no samples, or all empty
        raise PackingError(f"no dictionary could be trained: {exc}") from exc


def _varint(n: int) -> bytes:
    out = bytearray()
    while True:
        out.append((n & 0x7F) | (0x80 if n > 0x7F else 0))
        n >>= 7
        if not n:
            return bytes(out)


def _read_varint(payload: bytes) -> tuple[int, bytes]:
    n = shift = 0
    for i, byte in enumerate(payload[:10]):
        n |= (byte & 0x7F) << shift
        if not byte & 0x80:
            return n, payload[i + 1 :]
        shift += 7
    raise PackingError("damaged dictionary id in a packed value")


def pack(data: bytes, base: bytes | None = None, dictionary: Dictionary | None = None) -> bytes:
    """``data`` packed: against ``base`` when one is given, else with ``dictionary`` when one
    is given, else on its own; as it is when compression would make it larger. (With a base
    the frame is not also made without one to compare: a prefix only adds matches, and the
    second compression would double the cost.)"""
    data = bytes(data)
    if base is not None and len(base) >= MIN_BASE:
        prefix = zstd.ZstdDict(bytes(base), is_raw=True).as_prefix
        packed = ZSTD_BASE + zstd.compress(data, LEVEL, zstd_dict=prefix)
    elif dictionary is not None:
        frame = zstd.compress(data, LEVEL, zstd_dict=dictionary._zstd)
        packed = ZSTD_DICT + _varint(dictionary.ident) + frame
        if zstd.decompress(frame, zstd_dict=dictionary._zstd) != data:  # the bytes are sacred
            raise PackingError(f"dictionary {dictionary.ident} did not give the bytes back")
    else:
        packed = ZSTD + zstd.compress(data, LEVEL)
    return packed if len(packed) <= len(data) else RAW + data


def dictionary_of(packed: bytes | memoryview) -> int | None:
    """The id of the dictionary ``packed`` needs, or None."""
    packed = bytes(packed[:11])
    return _read_varint(packed[1:])[0] if packed[:1] == ZSTD_DICT else None


def needs_base(packed: bytes | memoryview) -> bool:
    """Whether ``packed`` was packed against a base (which :func:`unpack` then needs)."""
    return bytes(packed[:1]) == ZSTD_BASE


def unpack(
    packed: bytes | memoryview,
    base: bytes | None = None,
    dictionaries: Callable[[int], Dictionary] | None = None,
) -> bytes:
    """The exact bytes that :func:`pack` was given. ``dictionaries`` gives the dictionary of
    an id (a value packed with one cannot be read without it)."""
    packed = bytes(packed)
    header, payload = packed[:1], packed[1:]
    try:
        if header == RAW:
            return payload
        if header == ZSTD:
            return zstd.decompress(payload)
        if header == ZSTD_BASE:
            if base is None:
                raise PackingError("the value was packed against a base that was not given")
            prefix = zstd.ZstdDict(bytes(base), is_raw=True).as_prefix
            return zstd.decompress(payload, zstd_dict=prefix)
        if header == ZSTD_DICT:
            ident, frame = _read_varint(payload)
            if dictionaries is None:
                raise PackingError(f"the value was packed with dictionary {ident}, not given")
            return zstd.decompress(frame, zstd_dict=dictionaries(ident)._zstd)
    except zstd.ZstdError as exc:
        raise PackingError(f"damaged compressed value: {exc}") from exc
    raise PackingError(f"unknown packing header {header!r}")


def pack_text(text: str) -> bytes:
    return pack(text.encode("utf-8"))


def unpack_text(
    packed: bytes | memoryview | str, dictionaries: Callable[[int], Dictionary] | None = None
) -> str:
    """A packed text; a ``str`` (a value stored before packing existed) as it is."""
    if isinstance(packed, str):
        return packed
    return unpack(packed, dictionaries=dictionaries).decode("utf-8")
