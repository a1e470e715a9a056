"""Sino-Korean readings: the Unihan table, the initial-sound rule, readings chosen by language and
kept both when it is unknown, and which reading matched."""

import pytest

from sourcebook.core.names import (
    find_readings,
    index_streams,
    matching_reading,
    name_phrases,
    query_names,
    same_name,
    variants,
)
from sourcebook.core.names import sino_korean as sk


def _systems(name, language=None):
    out = {}
    for v in variants(name, language):
        out.setdefault(v.system, v.text)
    return out


# The table ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "han, hangul",
    [
        ("金日成", "김일성"),
        ("金正日", "김정일"),
        ("朴憲永", "박헌영"),
        ("朴正熙", "박정희"),
        ("崔庸健", "최용건"),
        ("李承晩", "리승만"),  # underlying form; the initial-sound rule gives 이승만
        ("李承晚", "리승만"),  # 晚 and 晩 are both read
        ("朴宪永", "박헌영"),  # a simplified character reads as its traditional form
    ],
)
def test_table_reads_han_in_hangul(han, hangul):
    assert sk.hangul(han) == hangul


def test_name_reading_comes_first():
    # 金 is 금 (gold) in words but 김 in names; 車 is 거 or 차, and 차 as a surname.
    assert sk.table()["金"].startswith("김") and "금" in sk.table()["金"]
    assert sk.reading("車") == "차"


def test_unread_characters_give_none():
    assert sk.hangul("金〇成") is None
    assert sk.keys("") is None


# The initial-sound rule ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "before, after",
    [
        ("리", "이"),
        ("로", "노"),
        ("류", "유"),
        ("녀", "여"),
        ("림", "임"),
        ("박", "박"),
        ("김", "김"),
    ],
)
def test_initial_sound_rule(before, after):
    assert sk.initial_rule(before) == after


def test_rule_applies_to_the_first_syllable_of_surname_and_given_name():
    assert sk.south("리승만") == "이승만"
    assert sk.south("류관순") == "유관순"
    assert sk.south("김일성") == "김일성"


def test_variants_give_south_and_north_spellings():
    got = _systems("李承晩")
    assert got["hangul"] == "이승만"
    assert got["hangul-north"] == "리승만"
    assert got["mccune-reischauer"] == "I Sŭng-man"
    assert got["mccune-reischauer-north"] == "Ri Sŭng-man"


# Readings by language ------------------------------------------------------------------------------


def test_unknown_language_keeps_both_readings():
    got = _systems("金日成")
    assert got["pinyin"] == "Jin Richeng"
    assert got["hangul"] == "김일성"
    assert got["mccune-reischauer"] == "Kim Il-sŏng"
    phrases = name_phrases("金日成")
    assert "zh:jin zh:ri zh:cheng" in phrases and "ko:kim ko:il ko:song" in phrases


def test_korean_language_reads_in_korean_only():
    got = _systems("朴憲永", "ko")
    assert got["hangul"] == "박헌영" and "pinyin" not in got
    assert name_phrases("朴憲永", "ko") == ["ko:pak ko:hon ko:yong"]


def test_chinese_language_reads_in_mandarin_only():
    got = _systems("金日成", "zh")
    assert "hangul" not in got and got["pinyin"] == "Jin Richeng"
    assert not any(p.startswith("ko:") for p in name_phrases("金日成", "zh"))


@pytest.mark.parametrize("other", ["Kim Il Sung", "Kim Il-sŏng", "Kim Il-sung", "김일성"])
def test_han_matches_hangul_and_romanization(other):
    assert same_name("金日成", other)
    assert matching_reading("金日成", other) == "sino-korean"
    assert not same_name("金日成", other, language="zh")


def test_which_reading_matched():
    assert matching_reading("金日成", "Jin Richeng") == "mandarin"
    assert matching_reading("朴憲永", "Pak Hon-yong") == "sino-korean"
    assert matching_reading("Kim Il Sung", "김일성") == "korean"
    assert matching_reading("Zhou Enlai", "Chou En-lai") == "chinese"
    assert matching_reading("金日成", "金日成") == "spelling"
    assert matching_reading("金日成", "Kim Jong Il") is None


# Streams and spans ---------------------------------------------------------------------------------


def test_streams_key_han_in_both_readings_unless_the_language_says():
    zh, ko, *_ = index_streams("会见金日成")
    assert "zh:jin zh:ri zh:cheng" in zh and "ko:kim ko:il ko:song" in ko
    zh, ko, *_ = index_streams("会见金日成", language="zh")
    assert "zh:jin" in zh and ko == ""
    zh, ko, *_ = index_streams("金日成 동지", language="ko")
    assert zh == "" and "ko:kim ko:il ko:song" in ko


def test_spans_say_which_reading_matched():
    text = "In 1950 金日成 met Kim Il-sung, 김일성 in Hangul."
    got = {(t, r) for _, _, t, r in find_readings(text, ["Kim Il Sung"])}
    assert got == {("金日成", "sino-korean"), ("Kim Il-sung", "korean"), ("김일성", "korean")}
    [query] = query_names(["金日成"])
    assert dict(zip(query.phrases, query.readings, strict=True))["ko:kim ko:il ko:song"] == (
        "sino-korean"
    )
    got = {(t, r) for _, _, t, r in find_readings(text, [query])}
    assert ("Kim Il-sung", "sino-korean") in got and ("김일성", "sino-korean") in got


def test_spans_in_a_chinese_text_read_han_in_mandarin():
    assert find_readings("会见金日成。", ["Kim Il Sung"], language="zh") == []
    [(_, _, surface, reading)] = find_readings("会见金日成。", ["金日成"], language="zh")
    assert (surface, reading) == ("金日成", "mandarin")
