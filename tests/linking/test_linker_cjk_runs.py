"""Names in Chinese, Japanese and Korean originals, where a name is rarely a word of its own.

Chinese and Japanese write a sentence without a space; Korean joins particles to a name
(김일성은). Before, a name written in characters was linked only where it stood alone between
punctuation (周恩来：), so the originals of a Chinese archive were left almost unlinked.
"""

from __future__ import annotations

from sourcebook.core.linking import Entry, Segment, build, link

GAZ = build(
    [
        Entry("cel", "person", "Zhou Enlai", ("周恩來", "Chou En-lai"), "Premier of China"),
        Entry("kis", "person", "Kim Il Sung", ("金日成", "김일성"), "Premier of North Korea"),
        Entry("mao", "person", "Mao Zedong", ("毛澤東",), "Chairman"),
        Entry("cpv", "organization", "Chinese People's Volunteers", ("中国人民志愿军",)),
        Entry("china", "place", "China", ("中国",)),
        Entry("beijing", "place", "Beijing", ("北京",)),
        Entry("pyongyang", "place", "Pyongyang", ("平壤", "평양")),
    ]
)


def _found(text: str, language: str = "zh") -> list[tuple[str, str, str]]:
    result = link(GAZ, [Segment(text, language, 0)])
    for m in result.mentions:
        assert text[m.start : m.end] == m.surface
    return [(m.surface, m.key, m.rule) for m in result.mentions]


def test_names_inside_a_chinese_sentence_are_linked_by_their_characters():
    text = "外交部并报总理：他说，周恩来总理和金日成首相在北京会谈，毛泽东主席也接见了他们。"
    assert _found(text) == [
        ("周恩来", "cel", "name"),  # the authority writes 周恩來: simplified and traditional alike
        ("金日成", "kis", "name"),
        ("北京", "beijing", "name"),
        ("毛泽东", "mao", "name"),
    ]


def test_traditional_characters_in_the_text_meet_simplified_in_the_authority():
    assert _found("中國人民志願軍已經撤出") == [("中國人民志願軍", "cpv", "name")]


def test_the_longest_name_at_a_place_wins():
    found = _found("中国人民志愿军撤军工作进展顺利，中国政府感谢")
    assert found == [("中国人民志愿军", "cpv", "name"), ("中国", "china", "name")]


def test_characters_that_only_sound_like_a_name_are_not_linked():
    # 今日成立 reads jin ri cheng li, as 金日成 reads jin ri cheng; 周恩莱 sounds as 周恩来.
    assert _found("委员会今日成立。周恩莱先生到会。") == []


def test_a_japanese_sentence():
    found = _found("一九五八年十一月、周恩来総理は北京で金日成首相と会談した。", "ja")
    assert [key for _, key, _ in found] == ["cel", "beijing", "kis"]


def test_korean_names_take_particles_but_never_start_inside_a_word():
    assert _found("김일성은 평양에서 말하였다.", "ko") == [
        ("김일성", "kis", "name"),
        ("평양", "pyongyang", "name"),
    ]
    assert _found("金日成首相은 平壤에서", "ko") == [
        ("金日成", "kis", "name"),
        ("平壤", "pyongyang", "name"),
    ]
    assert _found("우리김일성동무", "ko") == []  # 김일성 inside another word


def test_a_name_standing_alone_is_still_linked_once():
    assert _found("周恩来：和平共处。") == [("周恩来", "cel", "name")]
    assert _found("Premier Zhou Enlai met 金日成.", "en") == [
        ("Zhou Enlai", "cel", "name"),
        ("金日成", "kis", "name"),
    ]


def test_candidates_added_later_are_found_inside_runs_too():
    grown = GAZ.extended([Entry("cy", "person", "Chen Yun", ("陈云",))])
    result = link(grown, [Segment("陈云同志指出", "zh", 0)])
    assert [(m.surface, m.key) for m in result.mentions] == [("陈云", "cy")]
    assert "陈云" not in GAZ.runs  # the original gazetteer is left as it was


def test_a_candidate_sharing_a_name_leaves_the_original_gazetteer_alone():
    grown = GAZ.extended([Entry("cel2", "person", "Zhou Enlai", ("周恩來",))])
    assert grown.runs["周恩来"] == {"cel": "full", "cel2": "full"}
    assert GAZ.runs["周恩来"] == {"cel": "full"}


def test_a_title_before_a_run_is_no_title_of_a_name_inside_it():
    def confidence(text: str) -> float:
        [mention] = link(GAZ, [Segment(text, "zh", 0)]).mentions
        return mention.confidence

    assert confidence("Premier 周恩来") == 0.98  # the title stands right before the name
    assert confidence("Premier 他说周恩来总理到了") == 0.95  # it stands before other words
