"""Mentions stored compact: the same list comes back, the form is smaller, and anything that
does not fit the form is kept as it was (framework-free)."""

from __future__ import annotations

import json
import random

import pytest

from sourcebook.core import linking
from sourcebook.core.linking import stored
from sourcebook.core.linking.gazetteer import Entry
from tests.conftest import SEED


def _m(text, start, surface, end=None):
    end = start + len(surface) if end is None and start is not None else end
    return {"text": text, "start": start, "end": end, "surface": surface}


def _dumps(value) -> int:
    return len(json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode())


def test_seed_mentions_round_trip_and_shrink():
    body = SEED.read_text(encoding="utf-8")
    gazetteer = linking.build(
        [
            Entry(key="agent:1", kind="person", name="Ri Chang-jeong", variants=("Ri Chang Jong",)),
            Entry(key="agent:2", kind="person", name="Kim Il Sung", variants=("김일성",)),
            Entry(key="place:1", kind="place", name="Pyongyang"),
        ]
    )
    result = linking.link(gazetteer, [linking.Segment(body, "en", 0)])
    by_key: dict[str, list[dict]] = {}
    for m in result.mentions:
        by_key.setdefault(m.key, []).append(m.to_json())
    assert by_key, "the seed names some of these"
    for mentions in by_key.values():
        packed = stored.compact(mentions)
        assert packed != mentions and stored.expand(packed) == mentions
        assert _dumps(packed) < _dumps(mentions) / 2


def test_surfaces_are_kept_once_and_in_order_of_first_use():
    mentions = [_m(0, 5, "Gromyko"), _m(0, 40, "Andrei Gromyko"), _m(1, 3, "Gromyko")]
    assert stored.compact(mentions) == [["Gromyko", "Andrei Gromyko"], [0, 5, 0, 0, 40, 1, 1, 3, 0]]


@pytest.mark.parametrize(
    "mentions",
    [
        [],
        [_m(0, 0, "周恩来"), _m(2, 17, "𠀋 astral"), _m(0, 9, "Хрущёв")],
        [_m(None, None, "in a note"), _m(0, 3, "Mao")],
        [{"end": 8, "text": 0, "start": 3, "surface": "Zhou "}],  # keys as PostgreSQL orders them
    ],
)
def test_forms_that_fit_round_trip(mentions):
    assert stored.expand(stored.compact(mentions)) == mentions


@pytest.mark.parametrize(
    "mentions",
    [
        [_m(0, 3, "Mao", end=9)],  # an end that is not the surface's
        [_m(0, 3, "Mao"), {**_m(0, 9, "Zhou"), "rule": "surname"}],  # another key
        [_m(None, 3, "Mao")],  # an offset with no text
        [_m(0, None, "Mao", end=5)],
        [_m(0, True, "Mao", end=4)],
        [_m(0, 2, 7, end=3)],
        ["not a mention"],
    ],
)
def test_forms_that_do_not_fit_are_kept_as_they_are(mentions):
    assert stored.compact(mentions) is mentions
    assert stored.expand(mentions) == mentions


def test_none_reads_as_no_mentions():
    assert stored.expand(None) == [] and stored.expand([]) == []


def test_random_lists_round_trip():
    rng = random.Random(13)
    words = ["Zhou", "周恩来", "Kim Il-sŏng", "", "Хрущёв", "P'eng", 'a"b\\c']
    for _ in range(2000):
        mentions = []
        for _ in range(rng.randrange(0, 9)):
            note = rng.random() < 0.1
            start = None if note else rng.randrange(0, 5000)
            mentions.append(_m(None if note else rng.randrange(0, 3), start, rng.choice(words)))
        packed = stored.compact(mentions)
        assert stored.expand(json.loads(json.dumps(packed))) == mentions
