"""Stored result displays read once per index generation (Solr's document cache).

Why: every hit shown reads its stored ``display`` from the index and decodes its JSON; a warm
search shows the same documents as last time. Within one generation (one searcher) an address
always holds the same document, so what was read there can be kept until the next commit the
reader sees, and never past it: the cache belongs to the searcher's view and is replaced with it.

Each entry also keeps a digest (BLAKE2b, 128 bits) of the stored bytes, the key by which the
result's snippet is kept (:mod:`.snippet_cache`), so an edited document can never be shown
with the snippet of its earlier text.

A new generation starts with the previous one's displays by digest: an unchanged document read
again after a commit (most of them, as a commit changes a few) is found by the digest of its
bytes and not decoded again. That can never give an edited document's old display: other
bytes, another digest. Only the previous generation's are offered, so at most two
generations' displays are held.

Bounded by the bytes kept (``BUDGET``); when full it starts over (simpler than an LRU, and a
generation rarely lives long enough to fill it). The decoded displays are shared between
searches: callers read them, never change them.
"""

from __future__ import annotations

import hashlib
import json
import threading
from typing import Any

Display = tuple[dict[str, Any], bytes]  # (decoded display, digest of its stored bytes)


class DisplayCache:
    BUDGET = 16_000_000  # bytes of stored JSON kept per generation (and one more generation's)

    def __init__(self, budget: int | None = None, previous: DisplayCache | None = None):
        self.budget = budget or self.BUDGET
        self._entries: dict[tuple[int, int], Display] = {}
        self._by_digest: dict[bytes, dict[str, Any]] = {}
        self._earlier = previous._by_digest if previous is not None else {}
        self._bytes = 0
        self._lock = threading.Lock()

    def read(self, searcher, address) -> Display:
        """The display stored at ``address`` in ``searcher`` (this cache's generation)."""
        key = (address.segment_ord, address.doc)
        found = self._entries.get(key)
        if found is not None:
            return found
        raw = bytes(searcher.doc(address).get_first("display"))
        digest = hashlib.blake2b(raw, digest_size=16).digest()
        display = self._earlier.get(digest)
        if display is None:
            display = json.loads(raw.decode("utf-8"))
        with self._lock:
            if self._bytes + len(raw) > self.budget:
                self._entries.clear()
                self._by_digest.clear()
                self._bytes = 0
            self._entries[key] = (display, digest)
            self._by_digest[digest] = display
            self._bytes += len(raw)
        return display, digest

    def __len__(self) -> int:
        return len(self._entries)
