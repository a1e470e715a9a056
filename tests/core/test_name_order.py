"""Names listed surname first read in natural order (``sourcebook.core.name_order``)."""

from __future__ import annotations

import pytest

from sourcebook.core.name_order import natural_forms, words

FORMS = {
    # FRUS persons lists, as the volumes write them.
    "Rusk, Dean": ["Dean Rusk"],
    "Dulles, John Foster": ["John Foster Dulles", "John Dulles"],
    "Johnson, U. Alexis": ["U. Alexis Johnson", "Alexis Johnson"],
    "Rhee, Syngman": ["Syngman Rhee"],
    "Eisenhower, Dwight\n    D.": ["Dwight D. Eisenhower", "Dwight Eisenhower"],
    "MacArthur, Douglas, II": ["Douglas MacArthur II"],
    "Hilsman, Roger, Jr.": ["Roger Hilsman Jr."],
    "Cabell, Lieutenant General Charles P.": [
        "Lieutenant General Charles P. Cabell",
        "Charles Cabell",
    ],
    "Dean, Sir Patrick": ["Sir Patrick Dean", "Patrick Dean"],
    "Nu, U": ["U Nu"],
    "Yeh, George K.C. (Yen)": ["George K.C. Yeh", "George Yeh"],
    # A Korean given name is often two words: never cut to its first.
    "Kim, Yong Sun": ["Yong Sun Kim"],
    "Yun, Po Sun": ["Po Sun Yun"],
    # No comma, or nothing after it: nothing to turn round.
    "Kim Il Sung": [],
    "Zhou Enlai": [],
    "Chou En-lai (Zhou Enlai)": [],
    "Pak Chung-hui (Park Chung Hee, Pak Chong-hui)": [],
    "Adenauer,": [],
    "": [],
}


@pytest.mark.parametrize("name", list(FORMS))
def test_natural_forms(name):
    assert natural_forms(name) == FORMS[name]


def test_words_fold_case_accents_apostrophes_and_initials():
    assert words("Con O’Neill") == ["con", "oneill"]
    assert words("U. Alexis Johnson") == ["u", "alexis", "johnson"]
    assert words("Dag Hammarskjöld") == ["dag", "hammarskjold"]
