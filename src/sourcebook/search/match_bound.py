"""At most how many documents a search can match, from the index's term counts alone.

Why: facet counts are estimated from a sample only for searches that match very many documents
(:mod:`.facet_counting`), and finding that out by running the search would cost the pass the
estimate saves. A bound from document frequencies costs a few dictionary lookups. It is never
below the true number (a union adds its parts' counts, a conjunction or a phrase takes the
smallest), so a search under the bound is always counted exactly; a search over it is sampled
first and counted exactly after all if the sample shows it is narrow.
"""

from __future__ import annotations

from collections.abc import Callable

from . import analysis
from .query import Alt, Plan

DocFreq = Callable[[str, str], int]


def upper_bound(
    plan: Plan,
    filters: dict[str, list[str]],
    doc_freq: DocFreq,
    total: int,
    words: dict[str | None, list[tuple[str, float]]],
    keys: dict[str | None, list[str]],
) -> int:
    """A number no smaller than the documents matching ``plan`` and ``filters`` (values of one
    facet all required, as the engine asks them). ``words`` and ``keys``: the fields each scope
    searches for words and for name keys; ``total``: the documents in the index."""
    bound = total
    for clause in plan.positive:
        bound = min(bound, sum(_alt(a, doc_freq, total, words, keys) for a in clause.alts))
    for name, values in filters.items():
        for value in values:
            bound = min(bound, doc_freq(f"f_{name}", value))
    return bound


def _alt(alt: Alt, doc_freq: DocFreq, total: int, words: dict, keys: dict) -> int:
    if alt.prefix:
        return total  # a prefix stands for any number of terms
    found = 0
    if alt.parts:
        found += min(_alt(p, doc_freq, total, words, keys) for p in alt.parts)
    elif alt.tokens:
        # A phrase is in no more documents than its rarest word or its rarest pair (every word
        # field has its pairs field, :func:`.analysis.word_pairs`).
        pairs = analysis.phrase_pairs(alt.tokens)
        for fname, _ in words.get(alt.scope, words[None]):
            counts = [doc_freq(fname, t) for t in alt.tokens]
            counts += [doc_freq(f"{fname}{analysis.PAIRS_FIELD}", p) for p in pairs]
            found += min(counts)
    else:
        return total
    for fname in keys.get(alt.scope, []):
        for phrase in alt.name_phrases:
            token = analysis.shingle(phrase)
            if token is not None:
                found += doc_freq(f"{fname}{analysis.SHINGLE_FIELD}", token)
            else:
                found += min(doc_freq(fname, k) for k in phrase)
    return min(found, total)
