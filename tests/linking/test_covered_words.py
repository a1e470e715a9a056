"""The proposer's covered words (:class:`propose._Covered`): asked one word at a time, the same
answer as marking every word a mention overlaps, for any mentions (overlapping, nested, out
of order)."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from sourcebook.core.linking.linker import Mention
from sourcebook.core.linking.propose import _Covered
from sourcebook.core.linking.tokens import tokens

TEXT = "Comrade Kim Il Sung met Premier Zhou Enlai and Ri Chang-jeong [Ri Chang Jong] in Pyongyang."


def _marked(toks, mentions) -> set[int]:
    return {
        k for k, t in enumerate(toks) if any(m.start < t.end and m.end > t.start for m in mentions)
    }


spans = st.tuples(st.integers(0, len(TEXT)), st.integers(0, 30)).map(
    lambda p: (p[0], min(len(TEXT), p[0] + p[1]))
)


@settings(max_examples=300, deadline=None)
@given(st.lists(spans, max_size=8))
def test_a_word_is_covered_when_a_mention_overlaps_it(found):
    toks = tokens(TEXT)
    mentions = [Mention(0, s, e, TEXT[s:e], "agent:1", 0.9, "name") for s, e in found]
    covered = _Covered(toks, mentions)
    assert {k for k in range(len(toks)) if k in covered} == _marked(toks, mentions)


def test_words_taken_by_a_bracket_proposal_count_as_covered():
    toks = tokens(TEXT)
    covered = _Covered(toks, [])
    assert 3 not in covered
    covered.update(range(2, 4))
    assert 3 in covered and 2 in covered and 4 not in covered
