"""Each apparatus type from a realistic sentence, and every bracket of the seed."""

import pytest

from sourcebook.core import recordtext
from sourcebook.core.apparatus import TYPES, annotate, segments


def only(body, language=None):
    found = annotate(body, language)
    assert len(found) == 1, found
    ann = found[0]
    assert body[ann.start : ann.end] == ann.text  # offsets point at the item as written
    return ann


CASES = [
    ("handwritten", "[handwritten note in left margin: Agreed. — Zhou] The Ministry will reply."),
    ("rendition", "If the Chinese side were to [underlined in archival copy] send them all back"),
    ("seal", "[Seal:] Embassy of the People's Republic of China in the DPRK"),
    ("stamp", "[stamp] First Consular Department No. 6/48(6)"),
    ("supplied", "On October 9, the [North] Korean Ministry of Foreign Affairs replied."),
    ("alternate_form", "Department Head Ri Chang-jeong [Ri Chang Jong] visited our embassy."),
    ("original_term", "the category of cross-border people [yuejing ren yuan] was discussed"),
    ("uncertain", "the meeting was held in Sinuiju [?] on the third day"),
    ("omission", "The Premier then said [...] and the meeting ended."),
    ("illegible", "The delegation will arrive on [illegible] March by train."),
    ("sic", "The Americans have been defeted [sic] in every battle."),
    ("deletion", "We propose [crossed out: immediate] talks at the ambassadorial level."),
    ("gap", "[page missing in the original] the remaining units will be withdrawn."),
    ("signature", "With comradely greetings, [signature] Kim Il Sung"),
    ("gloss", "the CPV [i.e., the Chinese People's Volunteers] left Korea in 1958."),
    (
        "translator_note",
        "the 'three antis' [Translator's note: sanfan, a 1951 campaign] were over.",
    ),
    ("editor_note", "the Joint Commission [Editor's note: established in 1957] will meet."),
    ("page", "the border question. [p. 2] The second question concerns trade."),
    (
        "note",
        "the ambassador [who had returned from Moscow two days before, with new instructions] spoke.",
    ),
]


@pytest.mark.parametrize("kind, sentence", CASES, ids=[c[0] for c in CASES])
def test_each_type_from_a_realistic_sentence(kind, sentence):
    assert only(sentence).type == kind


def test_every_type_is_covered():
    assert {c[0] for c in CASES} == set(TYPES)


def test_handwritten_note_keeps_its_place_and_text():
    ann = only("[handwritten note in left margin: According to the Ministry of Public Security.]")
    assert ann.place == "left margin"
    assert (
        ann.content
        == "handwritten note in left margin: According to the Ministry of Public Security."
    )


def test_alternate_form_points_at_the_name_it_respells():
    body = "Department Head Ri Chang-jeong [Ri Chang Jong] visited"
    ann = only(body)
    assert body[ann.target_start : ann.target_end] == "Ri Chang-jeong"


def test_alternate_form_with_diacritics():
    body = "the rally in P'yŏngyang [Pyongyang] was large"
    ann = only(body)
    assert ann.type == "alternate_form"
    assert body[ann.target_start : ann.target_end] == "P'yŏngyang"


def test_an_expansion_of_the_name_before_it_is_a_gloss():
    """Read in place, as supplied words are, a fuller form of the name just before the bracket
    said the name twice: "the withdrawal of the Volunteers Chinese People's Volunteers"."""
    assert only("the Volunteers [Chinese People's Volunteers] left").type == "gloss"
    assert only("the Party [Workers' Party of Korea] met").type == "gloss"
    assert only("志願軍[中國人民志願軍]撤軍", "zh").type == "gloss"
    assert only("周恩來說志願軍[中國人民志願軍]撤軍", "zh").type == "gloss"
    # words the editor supplied stay supplied: after a function word, or no repeat of a name
    assert only("Minister of [the Ministry of] Foreign Affairs").type == "supplied"
    assert only("the [North] Korean side").type == "supplied"
    assert only("Kim [Il Sung] said").type == "supplied"
    assert only("Volunteers.\n\n[Chinese People Volunteers] left").type == "supplied"


def test_uncertain_after_a_bracket_doubts_that_bracket():
    body = "cross-border people [yuejing ren yuan][?] That would"
    first, second = annotate(body)
    assert (first.type, second.type) == ("original_term", "uncertain")
    assert (second.target_start, second.target_end) == (first.start, first.end)


def test_seal_and_stamp_cover_the_rest_of_their_line():
    body = "[Seal:] Embassy of the PRC\n\nOctober 11, 1959"
    ann = only(body)
    assert body[ann.target_start : ann.target_end] == "Embassy of the PRC"


def test_page_marker_in_parentheses():
    body = "first page ends here.\n\n(p. 2)\n\nSecond page."
    ann = only(body)
    assert (ann.type, ann.text) == ("page", "(p. 2)")


def test_nested_brackets_stay_one_item():
    body = "[handwritten note at top: see [illegible] file] Text."
    ann = only(body)
    assert (
        ann.type == "handwritten" and ann.text == "[handwritten note at top: see [illegible] file]"
    )


def test_cjk_brackets_in_a_chinese_transcript():
    assert only("志願軍[援朝]撤軍", "zh").type == "supplied"
    assert only("金日成[此處有手寫批註]", "zh").type == "handwritten"
    # The same characters in an English translation are a term of the original.
    assert only("the Volunteers [志願軍] left", "en").type == "original_term"


def test_every_bracket_of_the_seed(seed_text):
    record = recordtext.parse(seed_text)
    found = [(a.type, a.text) for a in record.texts[0].annotations]
    assert [(t, x[:40]) for t, x in found] == [
        ("supplied", "[North]"),
        ("alternate_form", "[Ri Chang Jong]"),
        ("handwritten", "[handwritten note in left margin: Accord"),
        ("rendition", "[underlined in archival copy]"),
        ("original_term", "[yuejing ren yuan]"),
        ("uncertain", "[?]"),
        ("seal", "[Seal:]"),
        ("stamp", "[stamp]"),
    ]
    # Nothing bracketed is missed, nothing is dropped from the text.
    body = record.texts[0].body
    assert body.count("[") == len(found)
    assert "".join(text for text, _ in segments(body, record.texts[0].annotations)) == body
