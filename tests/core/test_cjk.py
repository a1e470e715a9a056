"""CJK tokens: bigrams, simplified/traditional folding, and agreement between index and query."""

import re

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from sourcebook.core import cjk
from sourcebook.core.cjk import (
    cjk_bigrams,
    fold_chinese,
    fold_word,
    is_cjk,
    tokenize_for_index,
    tokenize_query,
    tokens_with_offsets,
)


def _phrase_in(query: str, text: str) -> bool:
    """True when the query's tokens occur at consecutive positions of the indexed text."""
    q = tokenize_query(query)
    t = tokenize_for_index(text).split()
    return any(t[i : i + len(q)] == q for i in range(len(t) - len(q) + 1))


@pytest.mark.parametrize("ch", ["周", "來", "𠀀", "あ", "カ", "ｶ", "평", "ㄱ", "ᄀ", "々"])
def test_is_cjk(ch):
    assert is_cjk(ch)


@pytest.mark.parametrize("ch", ["a", "é", "Х", "1", " ", "。", ""])
def test_is_not_cjk(ch):
    assert not is_cjk(ch)


def test_fold_chinese_traditional_to_simplified_keeps_length():
    for trad, simp in [
        ("周恩來", "周恩来"),
        ("會談", "会谈"),
        ("臺灣", "台湾"),
        ("劉少奇", "刘少奇"),
    ]:
        assert fold_chinese(trad) == simp
        assert len(fold_chinese(trad)) == len(trad)


def test_fold_chinese_leaves_other_text_alone():
    text = "Kim Il Sung 김일성 Хрущёв ひらがな"
    assert fold_chinese(text) == text


def test_bigrams():
    assert cjk_bigrams("會談舉行") == ["会谈", "谈举", "举行"]
    assert cjk_bigrams("周") == ["周"]
    assert cjk_bigrams("abc 中文 def 平壤") == ["中文", "平壤"]
    assert cjk_bigrams("평양에서") == ["평양", "양에", "에서"]


def test_two_character_chinese_word_found_in_either_script():
    text = "雙方舉行了會談。"
    assert _phrase_in("会谈", text)
    assert _phrase_in("會談", text)
    assert tokenize_query("会谈") == ["会谈"]


def test_two_character_korean_word_found_with_particles_attached():
    text = "김일성 동지는 평양에서 회담을 가졌다."
    assert _phrase_in("평양", text)
    assert _phrase_in("회담", text)
    assert not _phrase_in("서울", text)


def test_japanese_runs_mix_kana_and_kanji():
    assert _phrase_in("会談", "日米会談が行われた")
    assert _phrase_in("行われ", "日米会談が行われた")


def test_longer_words_are_phrases_of_bigrams():
    assert tokenize_query("中华人民") == ["中华", "华人", "人民"]
    assert _phrase_in("中華人民共和國", "中华人民共和国国务院")
    assert not _phrase_in("人民中华", "中华人民共和国")


def test_latin_words_folded():
    assert tokenize_for_index("P'yŏngyang, Kaesŏng and Straße") == "pyongyang kaesong and strasse"
    assert tokenize_for_index("Kim Il-sŏng") == "kim il song"
    assert fold_word("Хрущёв") == "хрущев"
    assert fold_word("Андрей") == "андрей"  # й is a letter of its own


def test_mixed_script_positions_are_consecutive():
    tokens = tokenize_for_index("Premier 周恩來 met Kim Il Sung (김일성) in 平壤.").split()
    assert tokens == [
        "premier",
        "周恩",
        "恩来",
        "met",
        "kim",
        "il",
        "sung",
        "김일",
        "일성",
        "in",
        "平壤",
    ]


def test_offsets_point_into_the_original_text():
    text = "He met 周恩來 in P'yŏngyang."
    for token, start, end in tokens_with_offsets(text):
        original = text[start:end]
        assert tokenize_query(original)[0] == token or token in tokenize_query(original)


def test_index_and_query_agree_on_every_token():
    text = "Chou En-lai 周恩來 Kaesŏng 개성에서 ＡＢＣ ｶﾀｶﾅ"
    assert tokenize_for_index(text).split() == tokenize_query(text)


def test_empty():
    assert tokenize_for_index("") == ""
    assert tokenize_query("") == []
    assert cjk_bigrams("") == []


# The word pattern as first written (a lookahead before every letter): the reference for the
# faster negated class that replaced it, which must find the very same words.
_REFERENCE_WORD = re.compile(
    f"{cjk._CJK_CLASS}+|(?:(?!{cjk._CJK_CLASS})[^\\W_])+(?:['’ʼ`](?:(?!{cjk._CJK_CLASS})[^\\W_])+)*"
)


@settings(max_examples=400, deadline=None)
@given(
    st.text(
        alphabet="aZé_'’ʼ` 1金日成김일성カナ\u3000ß-.,\U00020001ǅ\u0301ё\uff9e\ud7b0", max_size=40
    )
)
@example("P`yŏngyang Ch’oe Ri'b Oʼk_ß")  # every apostrophe, in a text without CJK (its own path)
def test_index_words_are_those_of_the_reference_pattern(text):
    spans = [m.span() for m in cjk._WORD.finditer(text)]
    assert spans == [m.span() for m in _REFERENCE_WORD.finditer(text)]
    assert cjk.index_tokens(text) == [t for t, _, _ in cjk.tokens_with_offsets(text)]
