"""The query language parser: every syntax, and garbage read as plain words (never an error)."""

from __future__ import annotations

import pytest

from sourcebook.search.query import parse


def shape(text):
    return [
        (c.negated, [(a.scope, a.tokens, a.prefix) for a in c.alts]) for c in parse(text).clauses
    ]


def test_words_phrases_or_exclude_prefix_scopes():
    assert shape("cold war") == [
        (False, [(None, ["cold"], False)]),
        (False, [(None, ["war"], False)]),
    ]
    assert shape('"peaceful coexistence"') == [
        (False, [(None, ["peaceful", "coexistence"], False)])
    ]
    assert shape("taiwan OR tibet") == [
        (False, [(None, ["taiwan"], False), (None, ["tibet"], False)])
    ]
    assert shape("cotton -floods") == [
        (False, [(None, ["cotton"], False)]),
        (True, [(None, ["floods"], False)]),
    ]
    assert shape("coexist*") == [(False, [(None, ["coexist"], True)])]
    assert shape('title:cable text:"border question" person:Nehru place:Bandung') == [
        (False, [("title", ["cable"], False)]),
        (False, [("text", ["border", "question"], False)]),
        (False, [("person", ["nehru"], False)]),
        (False, [("place", ["bandung"], False)]),
    ]


def leaves(text):
    out = []
    for clause in parse(text).clauses:
        for alt in clause.alts:
            out.extend([p.tokens for p in alt.parts] if alt.parts else [alt.tokens])
    return out


def test_folding_matches_the_index():
    # Case, accents, breves and apostrophes fold; hyphens split.
    assert leaves("P'yŏngyang Kim-Il") == [["pyongyang"], ["kim", "il"]]
    assert leaves("ÉCOLE naïve") == [["ecole"], ["naive"]]


@pytest.mark.parametrize(
    "text",
    [
        '"unbalanced quote',
        "OR",
        "a OR",
        "OR b",
        "((()))",
        "foo:bar",
        "title:",
        "-",
        "*",
        "a*",  # one-letter prefix: read as a word
        ":::",
        "\x00\x01",
        "x" * 5000,
        "AND NOT",
        '""',
        '-""',
    ],
)
def test_garbage_never_raises(text):
    plan = parse(text)
    assert plan.text is not None


def test_unknown_scope_is_plain_words_and_quote_dropped():
    assert shape("foo:bar") == [(False, [(None, ["foo", "bar"], False)])]
    assert shape('"unbalanced quote') == [
        (False, [(None, ["unbalanced"], False)]),
        (False, [(None, ["quote"], False)]),
    ]
    assert shape("a*") == [(False, [(None, ["a"], False)])]
    assert shape("OR b") == [(False, [(None, ["b"], False)])]
