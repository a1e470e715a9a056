"""The names contract the search engine relies on: variants, streams, query runs, spans."""

import pathlib

from sourcebook.core.names import (
    NameQuery,
    Variant,
    expand_with_variants,
    find_spans,
    index_streams,
    name_phrases,
    query_names,
    same_name,
    variants,
)
from sourcebook.core.names.chinese import PINYIN_TO_WADE_GILES, WG_TO_PINYIN, wg_syllables
from sourcebook.core.names.korean import hangul_key, roman_keys
from sourcebook.core.names.russian import readings, skeleton, transliterate

SAMPLE = pathlib.Path(__file__).resolve().parents[2] / "src/sourcebook/samples/wcda-208190.txt"


def _systems(name):
    """The first rendering in each system."""
    out = {}
    for v in variants(name):
        out.setdefault(v.system, v.text)
    return out


# variants() ----------------------------------------------------------------------------------------


def test_unrecognised_name_gives_only_the_input():
    assert variants("Smith") == [Variant("Smith", "input")]
    assert variants("Canton") == [Variant("Canton", "input")]


def test_input_comes_first():
    assert variants("Chou En-lai")[0] == Variant("Chou En-lai", "input")


def test_chinese_variants_from_traditional_characters():
    got = _systems("周恩來")
    assert got["pinyin"] == "Zhou Enlai"
    assert got["wade-giles"] == "Chou En-lai"
    assert got["hanzi-simplified"] == "周恩来"


def test_chinese_variants_from_simplified_add_traditional():
    got = _systems("毛泽东")
    assert got["hanzi-traditional"] == "毛澤東"
    assert got["wade-giles"] == "Mao Tse-tung"


def test_wade_giles_aspiration_apostrophe_matters():
    assert _systems("Chou En-lai")["pinyin"] == "Zhou Enlai"
    assert _systems("Ch'ou En-lai")["pinyin"] == "Chou Enlai"
    assert not same_name("Ch'ou En-lai", "Zhou Enlai")


def test_korean_variants_from_hangul():
    got = _systems("김일성")
    assert got["mccune-reischauer"] == "Kim Il-sŏng"
    assert got["revised-romanization"] == "Gim Il-seong"


def test_korean_place_from_hangul_is_one_word():
    got = _systems("평양")
    assert got["mccune-reischauer"] == "P'yŏngyang"
    assert got["revised-romanization"] == "Pyeongyang"


def test_hangul_from_strict_mccune_reischauer():
    assert _systems("Pak Hŏn-yŏng")["hangul"] == "박헌영"
    assert _systems("Kaesŏng")["hangul"] == "개성"


def test_russian_variants_from_cyrillic():
    got = _systems("Хрущёв")
    assert got == {
        "input": "Хрущёв",
        "english": "Khrushchev",
        "german": "Chruschtschow",
        "french": "Khrouchtchov",
        "polish": "Chruszczow",
    }


def test_russian_variants_from_a_transliteration():
    got = _systems("Brezhnev")
    assert got["cyrillic"] == "Брежнев"
    assert got["german"] == "Breschnew"
    assert got["french"] == "Brejnev"
    assert got["polish"] == "Breżniew"


def test_expand_with_authority_variants():
    got = expand_with_variants("Ri Chang-jeong", ["Ri Chang Jong", "", "Ri Chang-jeong"])
    texts = [v.text for v in got]
    assert texts[0] == "Ri Chang-jeong"
    assert "Ri Chang Jong" in texts
    assert len(texts) == len(set(texts))
    assert Variant("Ri Chang Jong", "authority") in got


def test_expand_with_conventional_names():
    # Conventional names are not romanizations; an authority record supplies them.
    got = [v.text for v in expand_with_variants("Guangzhou", ["Canton", "廣州"])]
    assert {"Guangzhou", "Canton", "廣州", "Kuang-chou"} <= set(got)


# same_name -----------------------------------------------------------------------------------------


def test_same_name_ignores_spacing_hyphens_and_case():
    assert same_name("Kim Il-sung", "KIM IL SUNG")
    assert same_name("Kim Ilsung", "Kim Il Sung")
    assert same_name("Zhou Enlai", "zhou en lai")


def test_same_name_whole_names_only():
    assert not same_name("Kim Il", "Kim Il Sung")
    assert not same_name("Zhou", "Zhou Enlai")


# tables --------------------------------------------------------------------------------------------


def test_wade_giles_table_against_standard_syllables():
    expected = {
        "zhou": "chou",
        "chou": "ch'ou",
        "zhi": "chih",
        "chi": "ch'ih",
        "shi": "shih",
        "ri": "jih",
        "zi": "tzŭ",
        "ci": "tz'ŭ",
        "si": "ssŭ",
        "ji": "chi",
        "qi": "ch'i",
        "xi": "hsi",
        "jiang": "chiang",
        "qiang": "ch'iang",
        "xiang": "hsiang",
        "zhang": "chang",
        "chang": "ch'ang",
        "ze": "tse",
        "ce": "ts'e",
        "zao": "tsao",
        "cao": "ts'ao",
        "ge": "ko",
        "ke": "k'o",
        "he": "ho",
        "guo": "kuo",
        "kuo": "k'uo",
        "huo": "huo",
        "duo": "to",
        "tuo": "t'o",
        "luo": "lo",
        "zuo": "tso",
        "zhuo": "cho",
        "shuo": "shuo",
        "ruo": "jo",
        "gui": "kuei",
        "kui": "k'uei",
        "dui": "tui",
        "hui": "hui",
        "dong": "tung",
        "tong": "t'ung",
        "rong": "jung",
        "xiong": "hsiung",
        "yong": "yung",
        "tian": "t'ien",
        "jian": "chien",
        "yan": "yen",
        "ye": "yeh",
        "jie": "chieh",
        "xue": "hsüeh",
        "yue": "yüeh",
        "lve": "lüeh",
        "ju": "chü",
        "qu": "ch'ü",
        "xu": "hsü",
        "yu": "yü",
        "you": "yu",
        "yi": "i",
        "er": "erh",
        "juan": "chüan",
        "quan": "ch'üan",
        "yuan": "yüan",
        "jun": "chün",
        "yun": "yün",
        "lv": "lü",
        "nv": "nü",
        "bo": "po",
        "po": "p'o",
        "de": "te",
        "te": "t'e",
        "bei": "pei",
        "pei": "p'ei",
        "ren": "jen",
        "mao": "mao",
        "deng": "teng",
        "xiao": "hsiao",
        "ping": "p'ing",
        "bing": "ping",
        "en": "en",
        "lai": "lai",
    }
    wrong = {
        py: (PINYIN_TO_WADE_GILES.get(py), wg)
        for py, wg in expected.items()
        if PINYIN_TO_WADE_GILES.get(py) != wg
    }
    assert not wrong
    assert len(PINYIN_TO_WADE_GILES) > 380
    # one-to-one: every Wade–Giles syllable reads back to its pinyin
    assert all(WG_TO_PINYIN[w.replace("ŭ", "u")] == p for p, w in PINYIN_TO_WADE_GILES.items())


def test_postal_spellings():
    assert wg_syllables("Peking", False, False)[0][0] == "bei"
    assert [r[0] for r in wg_syllables("Nanking", False, False)] == ["nan", "jing"]


def test_korean_keys_merge_what_romanization_loses():
    assert roman_keys("Sŏng") == roman_keys("Song") == roman_keys("Seong") == (hangul_key("성"),)
    assert roman_keys("Ri") == roman_keys("Yi") == roman_keys("Lee") == roman_keys("Rhee")
    assert roman_keys("Ri") == (hangul_key("리"),) == (hangul_key("이"),)
    assert roman_keys("Park") == roman_keys("Pak") == roman_keys("Bak") == (hangul_key("박"),)
    assert roman_keys("Choi") == roman_keys("Ch'oe") == (hangul_key("최"),)
    assert roman_keys("Il") != roman_keys("Jong")


def test_russian_transliteration_tables():
    assert transliterate("хрущёв", "de") == "chruschtschow"
    assert transliterate("хрущёв", "pl") == "chruszczow"
    assert transliterate("брежнев", "pl") == "breżniew"
    assert transliterate("жуков", "fr") == "joukov"
    assert transliterate("малиновский", "en") == "malinovsky"
    assert transliterate("малиновский", "de") == "malinowski"
    assert readings("Chruschtschow")[0] == ("de", "хрущов")
    assert skeleton("хрущов") == skeleton("хрущёв") == skeleton("хрущев")


# index_streams / query_names / find_spans ---------------------------------------------------------


def test_streams_shape_and_placeholders():
    streams = index_streams("The premier met Chou En-lai, then Kim Il Sung, then Хрущёв.")
    assert len(streams) == 5
    zh = streams[0].split()
    assert "zh:zhou zh:en zh:lai" in streams[0]
    # lower-case words are never keyed; runs of them collapse into one placeholder
    assert zh[0] == "_" and "_ _" not in streams[0]
    assert "ko:kim ko:il ko:song" in streams[1]
    assert "ru:hrushchev" in streams[2]


def test_streams_do_not_key_lower_case_english():
    streams = index_streams("the park is long and he said so")
    assert streams == ["", "", "", "", ""]


def test_phrases_do_not_jump_across_words():
    streams = index_streams("Chou and En-lai")
    nq = query_names(["Chou", "En-lai"])[0]
    assert not any(p in s for p in nq.phrases for s in streams)


def test_cjk_in_streams_keeps_positions():
    zh = index_streams("周恩來總理說")[0].split()
    assert zh == ["_", "zh:zhou", "zh:en", "zh:lai", "zh:zong", "zh:li", "zh:shuo", "_"]


def test_streams_cannot_join_into_a_false_phrase():
    # Title "Chou" and body "En-lai ..." indexed as separate values of one field.
    values = index_streams("Talks with Chou") + index_streams("En-lai arrived")
    joined = " ".join(v for v in values if v).split()
    phrase = query_names(["Zhou", "Enlai"])[0].phrases[0].split()
    assert not any(joined[i : i + 3] == phrase for i in range(len(joined)))


def test_heteronyms_take_the_reading_of_their_word():
    assert index_streams("重庆")[0] == "_ zh:chong zh:qing _"


def test_kept_streams_of_short_texts_are_per_language_and_never_shared():
    """Streams of short texts are kept (names repeat on every document): the same text in
    another language must get its own reading, and a caller changing its list must not change
    what the next caller gets."""
    from sourcebook.core import names

    names._short_keys.cache_clear()
    korean = index_streams("金日成", "ko")
    assert korean[0] == "" and "ko:kim ko:il ko:song" in korean[1]
    chinese = index_streams("金日成", "zh")
    assert "zh:jin zh:ri zh:cheng" in chinese[0] and chinese[1] == ""
    both = index_streams("金日成")
    assert "zh:jin" in both[0] and "ko:kim" in both[1]
    assert index_streams("金日成", "ko") == korean
    korean.append("changed")
    korean[1] = "changed"
    assert index_streams("金日成", "ko") == names._index_keys("金日成", "ko")[0]
    assert index_streams("金日成", "ko")[1] != "changed"
    # Kept or computed, the same keys; a text past the short-text length is computed each time.
    for text in ["Kim Il Sung met Chou En-lai.", "Хрущёв", "김일성", "Mao Tse-tung's", "x" * 500]:
        for language in (None, "zh", "ko", "en"):
            assert index_streams(text, language) == names._index_keys(text, language)[0]
            assert names.index_keys(text, language) == names._index_keys(text, language)
    assert (
        names._short_keys.cache_info().currsize == 3 + 4 * 4
    )  # 金日成 three ways, four texts four ways


def test_query_names_runs_are_longest_first_and_not_overlapping():
    got = query_names(["zhou", "enlai", "met", "nikita", "khrushchev", "in", "pyongyang"])
    assert [(q.start, q.end) for q in got] == [(0, 2), (3, 5), (6, 7)]
    assert all(isinstance(q, NameQuery) and q.phrases and q.variants for q in got)


def test_query_names_leave_english_alone():
    assert query_names(["the", "long", "march"]) == []
    assert query_names(["he", "said"]) == []
    assert [(q.start, q.end) for q in query_names(["met", "kim", "il", "sung"])] == [(1, 4)]
    assert [(q.start, q.end) for q in query_names(["he", "long"])] == [(0, 2)]
    assert query_names(["park"]) == []
    assert query_names(["meeting", "minutes"]) == []


def test_query_names_capitalised_given_name_joins_the_run():
    got = query_names(["Nikita", "Khrushchev"])
    assert [(q.start, q.end) for q in got] == [(0, 2)]


def test_query_variants_are_readable():
    (q,) = query_names(["Zhou", "Enlai"])
    assert q.variants[0] == "Zhou Enlai"
    assert "Chou En-lai" in q.variants


def test_find_spans_reports_which_variant_matched():
    text = "Premier Chou En-lai met 周恩來 and Zhou Enlai; Zhou Yang was absent."
    spans = find_spans(text, query_names(["Zhou", "Enlai"]))
    assert [s[2] for s in spans] == ["Chou En-lai", "周恩來", "Zhou Enlai"]
    assert all(text[s:e] == t for s, e, t in spans)


def test_find_spans_with_plain_names():
    text = "Talks at Panmunjŏm and at Kaesong; P'yŏngyang agreed."
    spans = find_spans(text, ["Panmunjom", "Kaesŏng"])
    assert [s[2] for s in spans] == ["Panmunjŏm", "Kaesong"]


def test_find_spans_in_korean_text():
    text = "김일성 동지는 평양에서 연설하였다."
    assert [s[2] for s in find_spans(text, ["Kim Il Sung", "Pyongyang"])] == ["김일성", "평양"]


def test_name_phrases_match_streams_of_the_sample_record():
    text = SAMPLE.read_text(encoding="utf-8")
    streams = index_streams(text)
    assert all(isinstance(s, str) for s in streams)
    for name in ("Zhou Enlai", "Chou En-lai"):
        phrases = name_phrases(name)
        assert phrases and all(p.split()[0].split(":")[0] in ("zh", "zhw") for p in phrases)


def test_empty_and_hostile_input():
    assert index_streams("") == ["", "", "", "", ""]
    assert query_names([]) == []
    assert query_names(["", "  ", "!!"]) == []
    assert find_spans("", ["Zhou Enlai"]) == []
    assert variants("") == [Variant("", "input")]
    long_word = "a" * 5000
    assert index_streams("X" + long_word)  # no pathological backtracking
    assert isinstance(variants("Ch'" * 200), list)


def test_pathological_words_stay_fast():
    # Strings that make a naive syllable splitter (or regular expression) backtrack
    # exponentially; no timing assertion, but a regression would hang this test.
    for base in ("eo", "an", "ae", "ngang", "ieie", "yae"):
        for n in (13, 14, 15, 20, 39, 41, 200):
            word = ((base * n)[:n] + "q").capitalize()
            assert isinstance(variants(word), list)
            assert len(index_streams(f"{word} {word}")) == 5
            query_names([word, word])


def test_document_system_decides_unmarked_words_and_zh2_keeps_the_other_reading():
    wg_doc = index_streams("Mao Tse-tung, Chou En-lai and Liu Shao-ch'i received Chang.")
    assert "zh:zhang" in wg_doc[0].split() and "zh:chang" in wg_doc[3].split()
    py_doc = index_streams("Mao Zedong, Zhou Enlai and Liu Shaoqi received Chang.")
    assert "zh:chang" in py_doc[0].split() and "zh:zhang" in py_doc[3].split()
    # either way a query in either system finds it
    for doc in (wg_doc, py_doc):
        for q in (["Zhang"], ["Ch'ang"]):
            phrases = query_names(q)[0].phrases
            assert any(p in " ".join(doc) for p in phrases)
