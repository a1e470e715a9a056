"""The bounded map every kept-result cache uses (snippets, facet counts, collection orders)."""

from __future__ import annotations

from sourcebook.core.lru import BoundedLRU


def test_least_recently_used_goes_first_and_hits_are_counted():
    kept: BoundedLRU[str] = BoundedLRU(2)
    kept.put("a", "A")
    kept.put("b", "B")
    assert kept.get("a") == "A"  # a is now the most recent
    kept.put("c", "C")  # b goes
    assert (kept.get("b"), kept.get("a"), kept.get("c")) == (None, "A", "C")
    assert (kept.hits, kept.misses, len(kept)) == (3, 1, 2)
    kept.put("a", "A2")  # a replaced, not doubled
    assert (kept.get("a"), len(kept)) == ("A2", 2)
    kept.clear()
    assert len(kept) == 0 and kept.get("a") is None
