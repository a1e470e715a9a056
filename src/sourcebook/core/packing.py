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

Why these header values: 0xF8–0xFF never occur in UTF-8, so no text written before packing
existed can be mistaken for a packed value. Why Zstandard: compression ratio like zlib's at
level 9 on small rows, several times faster, and dictionaries/prefixes of any size (zlib's
window stops at 32 KB). Python 3.14 has it in the standard library as ``compression.zstd``;
older Pythons get the same module from the ``backports.zstd`` package.
"""

from __future__ import annotations

import sys

if sys.version_info >= (3, 14):
    from compression import zstd
else:
    from backports import zstd

RAW, ZSTD, ZSTD_BASE = b"\xf8", b"\xf9", b"\xfa"
HEADERS = (RAW, ZSTD, ZSTD_BASE)

# Level 3 (zstd's default): levels 9 and 19 save 2-5 % more on these rows and cost many times
# the CPU, which a megabytes-long TEI volume would feel at ingest.
LEVEL = 3

# Zstandard refuses a prefix shorter than this; so short a base would not help anyway.
MIN_BASE = 8


class PackingError(ValueError):
    """A stored value that cannot be unpacked (unknown header, damaged frame, missing base)."""


def pack(data: bytes, base: bytes | None = None) -> bytes:
    """``data`` packed: against ``base`` when one is given, else on its own; as it is when
    compression would make it larger. (With a base the frame is not also made without one to
    compare: a prefix only adds matches, and the second compression would double the cost.)"""
    data = bytes(data)
    if base is not None and len(base) >= MIN_BASE:
        prefix = zstd.ZstdDict(bytes(base), is_raw=True).as_prefix
        packed = ZSTD_BASE + zstd.compress(data, LEVEL, zstd_dict=prefix)
    else:
        packed = ZSTD + zstd.compress(data, LEVEL)
    return packed if len(packed) <= len(data) else RAW + data


def needs_base(packed: bytes | memoryview) -> bool:
    """Whether ``packed`` was packed against a base (which :func:`unpack` then needs)."""
    return bytes(packed[:1]) == ZSTD_BASE


def unpack(packed: bytes | memoryview, base: bytes | None = None) -> bytes:
    """The exact bytes that :func:`pack` was given."""
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
    except zstd.ZstdError as exc:
        raise PackingError(f"damaged compressed value: {exc}") from exc
    raise PackingError(f"unknown packing header {header!r}")


def pack_text(text: str) -> bytes:
    return pack(text.encode("utf-8"))


def unpack_text(packed: bytes | memoryview | str) -> str:
    """A packed text; a ``str`` (a value stored before packing existed) as it is."""
    if isinstance(packed, str):
        return packed
    return unpack(packed).decode("utf-8")
