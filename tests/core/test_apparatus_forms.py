"""Apparatus forms found in real archive exports (issue 11), each from a realistic sentence.

The sentences follow the forms of translations on the Wilson Center Digital Archive (Chinese,
Korean, Russian and Hungarian originals): stamps described by their look or office, omission
marks typed with mixed dots, transliterated terms in brackets, "emphasis in the original"
remarks, seals followed by their text, renditions that say which words they concern, and items
inside items. Each would come out wrong with the rules before this issue.
"""

from __future__ import annotations

import pytest

from sourcebook.core.apparatus import annotate, classify, segments


def items(body: str, language: str = "en"):
    found = annotate(body, language)
    for ann in found:
        assert body[ann.start : ann.end] == ann.text
    assert "".join(text for text, _ in segments(body, found)) == body
    return found


def only(body: str, language: str = "en"):
    found = items(body, language)
    assert len(found) == 1, found
    return found[0]


def target(body: str, ann) -> str | None:
    return None if ann.target_start is None else body[ann.target_start : ann.target_end]


# Stamps and seals named after their qualifiers or their office -------------------------------


@pytest.mark.parametrize(
    "sentence, kind",
    [
        (
            "[Faded stamp of the Ministry of Foreign Affairs of the DPRK] Top Secret, Copy No. 3",
            "stamp",
        ),
        ("[Consular Department stamp, incoming no. 0312] To the Embassy in Pyongyang:", "stamp"),
        ("[Round seal of the Embassy of the USSR in the DPRK:] Pyongyang, 12 March 1958", "seal"),
        ("[Illegible stamp] Received 14.X.1959", "stamp"),
        ("[Red stamp of the General Department of the CC CPSU] Returned to the archive", "stamp"),
        ("[Two seals of the Hungarian Embassy] Budapest, 3 May 1966", "seal"),
    ],
)
def test_stamps_and_seals_with_qualifiers_before_the_word(sentence, kind):
    ann = items(sentence)[0]
    assert ann.type == kind
    assert target(sentence, ann) == sentence[ann.end :].strip()  # the mark's text after it


def test_a_note_that_mentions_a_stamp_is_still_a_note():
    body = "[note next to the stamp on the envelope: forwarded to Comrade Kim by courier]"
    assert only(body).type == "note"


# Omission marks of mixed dots and ellipsis characters ------------------------------------------


@pytest.mark.parametrize("mark", ["[. . …]", "[…..]", "[...…]", "[. . . .]", "[ … ]", "[….]"])
def test_mixed_omission_marks(mark):
    body = f"The Premier then said that {mark} and the meeting ended at 11 p.m."
    assert only(body).type == "omission"


def test_two_dots_are_not_an_omission():
    assert classify(". .") != "omission"


# Original-language phrases transliterated in brackets ------------------------------------------


@pytest.mark.parametrize(
    "sentence, term",
    [
        # Russian in Latin letters (soft signs, endings, small words)
        (
            "the decision of the Central Committee [Tsentral'nyi Komitet] was read aloud",
            "Tsentral'nyi Komitet",
        ),
        ("to strengthen Soviet power [sovetskaia vlast'] in the countryside", "sovetskaia vlast'"),
        ("the so-called march on Moscow [pokhod na Moskvu] was never planned", "pokhod na Moskvu"),
        ("cost accounting [khozraschet] was introduced in the enterprises", "khozraschet"),
        # Pinyin, with and without tones
        ("the rectification campaign [zhèngfēng yùndòng] continued into 1958", "zhèngfēng yùndòng"),
        ("cadres sent down to the countryside [xiafang] returned in spring", "xiafang"),
        # Hungarian
        ("the Political Committee [Politikai Bizottság] approved the plan", "Politikai Bizottság"),
        (
            "the League of Communists of Yugoslavia (LCY) [Jugoszlávia Kommunistáinak Szövetsége, "
            "JKSZ] is of the opinion",
            "Jugoszlávia Kommunistáinak Szövetsége, JKSZ",
        ),
    ],
)
def test_transliterated_phrases_are_original_terms_not_supplied_english(sentence, term):
    ann = only(sentence)
    assert ann.type == "original_term" and ann.content == term


@pytest.mark.parametrize(
    "sentence",
    [
        "the [North] Korean Ministry of Foreign Affairs replied",
        "the delegation of the [Soviet Union] arrived",
        "[Zhou Enlai] received the ambassador",
        "the [party's] line was confirmed",
        "the question of [economic policy] was raised",
    ],
)
def test_supplied_english_stays_supplied(sentence):
    assert only(sentence).type == "supplied"


# Remarks about the edition are notes ---------------------------------------------------------


@pytest.mark.parametrize(
    "remark",
    [
        "[emphasis in the original]",
        "[Emphasis in original]",
        "[emphasis added]",
        "[italics in the original]",
        "[underlining in the original]",
        "[spelling as in the original]",
    ],
)
def test_emphasis_in_the_original_is_a_note(remark):
    body = f"We will never allow the imperialists to divide Korea {remark}."
    assert only(body).type == "editor_note"


# Seal and stamp annotations span the text after them on their line ----------------------------


def test_seal_spans_its_text_up_to_the_next_mark_on_the_line():
    body = (
        "[Seal:] Embassy of the People's Republic of China in the DPRK [Stamp:] Incoming No. 318\n"
        "Comrade Ambassador,"
    )
    seal, stamp = items(body)
    assert target(body, seal) == "Embassy of the People's Republic of China in the DPRK"
    assert target(body, stamp) == "Incoming No. 318"


def test_a_stamp_holding_its_own_text_spans_nothing_after_it():
    body = "[Stamp: Received 3 December 1958] Chou spoke of peaceful coexistence."
    ann = only(body)
    assert ann.type == "stamp" and ann.target_start is None


def test_a_signature_after_a_seal_ends_the_seals_text():
    body = "[Seal:] Ministry of Foreign Affairs of the DPRK [signature] Pak Seong-cheol"
    seal, signature = items(body)
    assert target(body, seal) == "Ministry of Foreign Affairs of the DPRK"
    assert target(body, signature) == "Pak Seong-cheol"


# A rendition attaches to the words it names --------------------------------------------------


def test_rendition_with_quoted_words_attaches_to_them():
    body = (
        "The Chinese side must withdraw the volunteers at once and without conditions. "
        "[The words “at once” are underlined in the original.]"
    )
    ann = only(body)
    assert ann.type == "rendition" and target(body, ann) == "at once"


def test_rendition_of_the_preceding_sentence():
    body = (
        "The talks will continue. The border question is not negotiable. "
        "[the preceding sentence is underlined in red pencil] The delegation left."
    )
    ann = only(body)
    assert ann.type == "rendition"
    assert target(body, ann) == "The border question is not negotiable."


def test_rendition_of_the_last_two_words():
    body = "He insisted on a reply within three days [last two words underlined]."
    ann = only(body)
    assert target(body, ann) == "three days"


def test_a_rendition_that_does_not_say_which_words_has_no_target():
    body = "If the Chinese side were to [underlined in archival copy] send them all back"
    assert only(body).target_start is None


# Nested brackets: one item, with its inner items ---------------------------------------------


def test_nested_brackets_stay_one_item_with_their_inner_items():
    body = (
        "[handwritten note in left margin: Agreed. Send to Comrade [illegible] and to the "
        "Ministry [of Public Security?]. — Zhou] The reply follows."
    )
    ann = only(body)
    assert ann.type == "handwritten" and ann.place == "left margin"
    inner = ann.attrs["inner"]
    assert [(i["type"], i["text"]) for i in inner] == [
        ("illegible", "[illegible]"),
        ("uncertain", "[of Public Security?]"),
    ]
    for i in inner:
        assert body[i["start"] : i["end"]] == i["text"]
        assert ann.start < i["start"] < i["end"] < ann.end


def test_nested_items_survive_the_record_json():
    ann = only("[Stamp: Ministry of Foreign Affairs [illegible] Department] text")
    data = ann.to_json()
    assert data["attrs"]["inner"][0]["type"] == "illegible"


@pytest.mark.parametrize(
    "term, tag",
    [
        ("Tsentral'nyi Komitet", "ru-Latn"),
        ("pokhod na Moskvu", "ru-Latn"),
        ("zhèngfēng yùndòng", "zh-Latn-pinyin"),
        ("Politikai Bizottság", "hu"),
    ],
)
def test_transliterated_terms_carry_their_language_into_tei(term, tag):
    from sourcebook.core.tei.writer import term_language

    assert term_language(term) == tag
