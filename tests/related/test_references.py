"""The reference-number reader on strings as the sources write them: the Wilson Center's PRC
Foreign Ministry cable (the seed) and FRUS telegrams (1955–57 vol. III, 1958–60 vol. XVIII,
1961–63 vol. XXII). Each FRUS case was checked against the volume's own footnote that names
the document answered ("Document 16.", "Supra.")."""

from __future__ import annotations

from pathlib import Path

import pytest

from sourcebook.core.record import Record, Text
from sourcebook.core.references import Ref, read_numbers
from tests.conftest import SAMPLES


def _text(body: str) -> Text:
    return Text(kind="transcript", language="en", label="", body=body)


def _telegram(title: str, place: str | None, body: str) -> Record:
    return Record(id="x", title=title, extra={"place": place}, texts=[_text(body)])


def _keys(refs: list[Ref]) -> list[tuple[str, str | None]]:
    return [(r.label, r.key) for r in refs]


def test_seed_cable_own_number_and_the_letter_it_answers():
    from sourcebook.core import recordtext

    record = recordtext.parse((SAMPLES / "wcda-208190.txt").read_text(encoding="utf-8"))
    numbers = read_numbers(record)
    assert _keys(numbers.own) == [("(59) Korean Consular No. 085", "no:59:korean consular:085")]
    assert _keys(numbers.cites) == [
        ("(59) First Consular Affairs No. 6/48", "no:59:first consular affairs:6/48")
    ]
    assert numbers.own[0].dated and numbers.cites[0].dated


def test_the_receiving_stamp_is_neither_own_number_nor_reference():
    """``[stamp] First Consular Department No. 6/48(6)`` is the department's registration of
    the incoming cable, a different series: it must not link anything."""
    body = (
        "(59) Korean Consular No. 085\n\nTo the Consular Affairs Department:\n\n"
        "Please study these opinions.\n\n[stamp] First Consular Department No. 6/48(6)\n"
    )
    numbers = read_numbers(Record(id="x", title="Cable", texts=[_text(body)]))
    assert [r.label for r in numbers.own] == ["(59) Korean Consular No. 085"]
    assert numbers.cites == []


def test_a_number_in_running_text_is_not_the_documents_own():
    body = "Embassy of the PRC\n\nOn October 9 we discussed the (59) Korean Consular No. 085 draft."
    numbers = read_numbers(Record(id="x", title="Cable", texts=[_text(body)]))
    assert numbers.own == [] and numbers.cites == []


def test_four_digit_year_and_your_letter_phrasing():
    body = "(1960) First Consular Affairs No. 12\n\nIn reply to your letter (1959) Korean Consular No. 085, we agree."
    numbers = read_numbers(Record(id="x", title="Letter", texts=[_text(body)]))
    assert [r.key for r in numbers.own] == ["no:60:first consular affairs:12"]
    assert [r.key for r in numbers.cites] == ["no:59:korean consular:085"]


def test_department_reply_names_the_posts_telegrams():
    # FRUS 1955–57 III, d18; footnotes: "Document 16." and "Supra." (d17).
    numbers = read_numbers(
        _telegram(
            "18. Telegram From the Secretary of State to Ambassador U. Alexis Johnson, at Geneva",
            "Washington",
            "Washington, August 11, 1955—8:30 p.m.\n\n466. Your 402, 403 and 417. Our "
            "objections to Wang’s draft agreement summarized separate telegram.",
        )
    )
    assert _keys(numbers.own) == [("466", "tel:geneva:out:466")]
    assert _keys(numbers.cites) == [
        ("Your 402", "tel:geneva:in:402"),
        ("Your 403", "tel:geneva:in:403"),
        ("Your 417", "tel:geneva:in:417"),
    ]


def test_post_telegram_cites_department_and_own_series_by_the_posts_city():
    # FRUS 1961–63 XXII, d7 (footnote: "Document 5." = Deptel 401 to Taipei).
    numbers = read_numbers(
        _telegram(
            "7. Telegram From the Embassy in the Republic of China to the Department of State",
            "Taipei",
            "Taipei, February 25, 1961, 9 p.m.\n\n513. For Secretary. Deptels 401 and 412 and "
            "Embtel 510. President Chiang summoned me to his residence at 5 p.m.",
        )
    )
    assert _keys(numbers.own) == [("513", "tel:taipei:in:513")]
    assert _keys(numbers.cites) == [
        ("Deptel 401", "tel:taipei:out:401"),
        ("Deptel 412", "tel:taipei:out:412"),
        ("Embtel 510", "tel:taipei:in:510"),
    ]


def test_department_telegram_to_an_embassy_takes_the_capitals_series():
    # FRUS 1961–63 XXII, d5: the Department's 401 is Taipei's "Deptel 401".
    numbers = read_numbers(
        _telegram(
            "5. Telegram From the Department of State to the Embassy in the Republic of China",
            "Washington",
            "Washington, February 22, 1961, 8:07 p.m.\n\n401. For Ambassador from Secretary.",
        )
    )
    assert _keys(numbers.own) == [("401", "tel:taipei:out:401")]


def test_a_consulate_at_a_city_and_its_own_telegrams_share_the_citys_series():
    to_post = read_numbers(
        _telegram(
            "31. Telegram From the Department of State to the Consulate General at Hong Kong",
            "Washington",
            "Washington, June 2, 1958, 6 p.m.\n\n1811. Your 2204. Department concurs.",
        )
    )
    assert _keys(to_post.own) == [("1811", "tel:hong kong:out:1811")]
    assert _keys(to_post.cites) == [("Your 2204", "tel:hong kong:in:2204")]
    from_post = read_numbers(
        _telegram(
            "30. Telegram From the Consulate General at Hong Kong to the Department of State",
            "Hong Kong",
            "Hong Kong, June 1, 1958, 4 p.m.\n\n2204. Refugees continue to arrive.",
        )
    )
    assert _keys(from_post.own) == [("2204", "tel:hong kong:in:2204")]


def test_an_ambassador_to_a_country_is_that_capitals_series():
    """FRUS also writes "the Ambassador to Japan (MacArthur)": two " to " in one title."""
    numbers = read_numbers(
        _telegram(
            "40. Telegram From the Ambassador to Japan (MacArthur) to the Department of State",
            "Tokyo",
            "Tokyo, June 16, 1960, 2 a.m.\n\n4338. Deptel 3090. Kishi told me tonight",
        )
    )
    assert _keys(numbers.own) == [("4338", "tel:tokyo:in:4338")]
    assert _keys(numbers.cites) == [("Deptel 3090", "tel:tokyo:out:3090")]
    to_him = read_numbers(
        _telegram(
            "41. Telegram From the Department of State to the Ambassador to Japan (MacArthur)",
            "Washington",
            "Washington, June 16, 1960, 8 p.m.\n\n3101. Your 4338.",
        )
    )
    assert _keys(to_him.own) == [("3101", "tel:tokyo:out:3101")]


def test_same_digits_in_two_series_are_two_keys():
    """FRUS 1955–57 III: the Department's 745 to Geneva (d58) and Geneva's 745 (d59)."""
    out = read_numbers(
        _telegram(
            "58. Telegram From the Secretary of State to Ambassador U. Alexis Johnson, at Geneva",
            "Washington",
            "Washington, September 19, 1955—3:45 p.m.\n\n745. Instructions for September 20 meeting.",
        )
    )
    back = read_numbers(
        _telegram(
            "59. Telegram From Ambassador U. Alexis Johnson to the Department of State",
            "Geneva",
            "Geneva, September 20, 1955—3 p.m.\n\n745. 1. At today’s meeting two hours ten minutes",
        )
    )
    seoul = read_numbers(
        _telegram(
            "224. Telegram From the Embassy in Korea to the Department of State",
            "Seoul",
            "Seoul, May 23, 1958, 6 p.m.\n\n745. Reference: Deptel 738. Joint Embassy–CINCUNC message.",
        )
    )
    keys = {out.own[0].key, back.own[0].key, seoul.own[0].key}
    assert keys == {"tel:geneva:out:745", "tel:geneva:in:745", "tel:seoul:in:745"}
    assert _keys(seoul.cites) == [("Deptel 738", "tel:seoul:out:738")]


def test_only_references_that_open_a_sentence_are_replies():
    # FRUS 1955–57 III, d28 and d24: "In addition my 520", "As stated my 485" are mentions.
    numbers = read_numbers(
        _telegram(
            "24. Telegram From Ambassador U. Alexis Johnson to the Department of State",
            "Geneva",
            "Geneva, August 16, 1955—5 p.m.\n\n490. As stated my 485 no visible progress made "
            "today on fundamental issue of return of Americans.",
        )
    )
    assert numbers.cites == []
    crossed = read_numbers(
        _telegram(
            "23. Telegram From the Secretary of State to Ambassador U. Alexis Johnson, at Geneva",
            "Washington",
            "Washington, August 14, 1955—9:27 p.m.\n\n495. Your 457 and 458 presumably crossed "
            "our 492 which authorizes you to agree to joint statement.",
        )
    )
    assert [r.label for r in crossed.cites] == ["Your 457", "Your 458"]  # not "our 492"


def test_a_list_of_numbers_with_commas_and_a_number_with_a_thousands_comma():
    listed = read_numbers(
        _telegram(
            "12. Telegram From the Department of State to the Embassy in Korea",
            "Washington",
            "Washington, May 1, 1958.\n\n812. Your 1201, 1202, 1204 and 1210. Agree.",
        )
    )
    assert [r.label for r in listed.cites] == ["Your 1201", "Your 1202", "Your 1204", "Your 1210"]
    comma = read_numbers(
        _telegram(
            "12. Telegram From the Department of State to the Embassy in Korea",
            "Washington",
            "Washington, May 1, 1958.\n\n812. Your 1,254. Agree.",
        )
    )
    assert comma.cites == []  # not "Your 1"


def test_re_deptel_and_summary_tel_and_date_after_the_number():
    re_deptel = read_numbers(
        _telegram(
            "34. Telegram From the Secretary of State to Ambassador U. Alexis Johnson, at Geneva",
            "Washington",
            "Washington, August 21, 1955—9:23 p.m.\n\n599. Re Deptel 598. Following is text of "
            "draft “Agreed Announcement”.",
        )
    )
    assert _keys(re_deptel.cites) == [("Deptel 598", "tel:geneva:out:598")]
    summary = read_numbers(
        _telegram(
            "41. Telegram From Ambassador U. Alexis Johnson to the Department of State",
            "Geneva",
            "Geneva, August 25, 1955—6 p.m.\n\n623. My summary tel 616 on today’s meeting may "
            "not have made it as clear as I might have.",
        )
    )
    assert _keys(summary.cites) == [("My summary tel 616", "tel:geneva:in:616")]
    dated = read_numbers(
        _telegram(
            "15. Telegram From the Secretary of State to Ambassador U. Alexis Johnson, at Geneva",
            "Washington",
            "Washington, August 10, 1955—6:56 p.m.\n\n440. Your 364 August 9.",
        )
    )
    assert _keys(dated.cites) == [("Your 364", "tel:geneva:in:364")]


def test_telegraphese_urtel_and_mytel():
    urtel = read_numbers(
        _telegram(
            "12. Telegram From the Department of State to the Embassy in Japan",
            "Washington",
            "Washington, May 3, 1960, 7 p.m.\n\n2950. Urtel 3612. Department agrees.",
        )
    )
    assert _keys(urtel.own) == [("2950", "tel:tokyo:out:2950")]
    assert _keys(urtel.cites) == [("Urtel 3612", "tel:tokyo:in:3612")]
    mytel = read_numbers(
        _telegram(
            "13. Telegram From the Embassy in Japan to the Department of State",
            "Tokyo",
            "Tokyo, May 4, 1960, 1 p.m.\n\n3640. Reurtel 2950 and mytel 3612. Kishi agreed.",
        )
    )
    assert _keys(mytel.cites) == [
        ("Reurtel 2950", "tel:tokyo:out:2950"),
        ("mytel 3612", "tel:tokyo:in:3612"),
    ]


def test_military_message_numbers_are_keys_by_themselves():
    # FRUS 1958–60 XVIII, d220 (footnote "Document 219.") and d230 ("Document 220.").
    d220 = read_numbers(
        _telegram(
            "220. Telegram From the Commander in Chief, United Nations Command (Decker) to the "
            "Department of State",
            "Seoul",
            "Seoul, April 4, 1958, 5:15 p.m.\n\nUK 977970 CC. (Joint Ambassador/CINCUNC "
            "message.) Reference: DEF 939246 March 58. This msg in two parts:",
        )
    )
    assert _keys(d220.own) == [("UK 977970 CC", "msg:uk:977970")]
    assert _keys(d220.cites) == [("DEF 939246", "msg:def:939246")]
    d230 = read_numbers(
        _telegram(
            "230. Telegram From the Department of Defense to the Commander in Chief, United "
            "Nations Command (Decker)",
            "Washington",
            "Washington, July 2, 1958, 10:48 p.m.\n\nDEF 944224. This is a joint Senate–Defense "
            "msg from ASD/ISA sgd. Sprague. Ref: UK 977970 CC DTG 040815Z Apr.",
        )
    )
    assert _keys(d230.own) == [("DEF 944224", "msg:def:944224")]
    assert _keys(d230.cites) == [("UK 977970 CC", "msg:uk:977970")]


@pytest.mark.parametrize(
    ("title", "place", "body", "cites"),
    [
        # d64: the Secretary cabling from New York numbers in New York's series: no key at all.
        (
            "64. Telegram From the Secretary of State to Ambassador U. Alexis Johnson, at Geneva",
            "New York",
            "New York, September 26, 1955—11 p.m.\n\n4. Your 770. Following instructions",
            [("Your 770", None)],
        ),
        # d65: "New York’s 4" names a series we cannot key: shown, unresolved.
        (
            "65. Telegram From the Acting Secretary of State to Ambassador U. Alexis Johnson, at "
            "Geneva",
            "Washington",
            "Washington, September 27, 1955—10:36 a.m.\n\n789. New York’s 4, paragraph 5. "
            "Following is text of statement on renunciation use of force:",
            [("New York’s 4", None)],
        ),
        (
            "12. Telegram From the Embassy in Japan to the Department of State",
            "Tokyo",
            "Tokyo, May 2, 1960, 6 p.m.\n\n3612. Reftel. Kishi told me this morning",
            [("Reftel", None)],
        ),
        (
            "12. Telegram From the Embassy in Japan to the Department of State",
            "Tokyo",
            "Tokyo, May 2, 1960, 6 p.m.\n\n3612. Reference telegram 2931. Kishi told me",
            [("Reference telegram 2931", None)],
        ),
    ],
)
def test_references_without_a_series_are_kept_without_a_key(title, place, body, cites):
    assert _keys(read_numbers(_telegram(title, place, body)).cites) == cites


def test_circular_and_unknown_country_get_no_own_key():
    circular = read_numbers(
        _telegram(
            "54. Circular Telegram From the Acting Secretary of State to All Diplomatic and "
            "Consular Missions",
            "Washington",
            "Washington, September 12, 1955.\n\n163. For personal attention Chief of Mission.",
        )
    )
    assert circular.own == []
    unknown = read_numbers(
        _telegram(
            "9. Telegram From the Department of State to the Embassy in Ruritania",
            "Washington",
            "Washington, May 1, 1960.\n\n77. Your 12.",
        )
    )
    assert unknown.own == [] and _keys(unknown.cites) == [("Your 12", None)]


def test_a_memorandum_with_numbered_paragraphs_has_no_number():
    numbers = read_numbers(
        _telegram(
            "207. Memorandum on the Substance of Discussion at a Department of State-Joint "
            "Chiefs of Staff Meeting",
            "Washington",
            "Washington, January 10, 1958.\n\n2. Republic of Korea Force Level Reductions",
        )
    )
    assert numbers.own == [] and numbers.cites == []


def test_every_frus_reply_found_agrees_with_the_volumes_footnotes():
    """Across the three FRUS volumes, the replies the reader finds (keys owned by exactly one
    document) are those the editors' footnotes name, and none else."""
    from sourcebook.core.tei import frus_reader

    records = []
    for path in sorted(Path(__file__).resolve().parents[2].parent.glob("shared/corpus/frus/*.xml")):
        records += frus_reader.read_tei(path.read_bytes(), path.name).records
    assert len(records) > 100
    owners: dict[str, list[str]] = {}
    for r in records:
        for ref in read_numbers(r).own:
            owners.setdefault(ref.key, []).append(r.id)
    found = set()
    for r in records:
        for ref in read_numbers(r).cites:
            if len(owners.get(ref.key, [])) == 1:
                found.add((r.id.split("-d")[-1], owners[ref.key][0].split("-d")[-1]))
    # d18→d16 ("Document 16."), d18→d17 ("Supra."), d23→d22, d30→d27/d28 ("Documents 27 and
    # 28."), d39→d38 ("See telegram 586, supra"), d41→d40 ("Supra."), d220→d219, d230→d220,
    # 1961–63 d7→d5 ("Document 5.").
    assert found == {
        ("18", "16"),
        ("18", "17"),
        ("23", "22"),
        ("30", "27"),
        ("30", "28"),
        ("39", "38"),
        ("41", "40"),
        ("220", "219"),
        ("230", "220"),
        ("7", "5"),
    }


def test_the_no_shortcut_holds_for_both_letter_patterns():
    """``_letter_numbers`` skips a text without "No.": right only while both patterns need that
    exact string (no case folding)."""
    import re

    from sourcebook.core import references

    for pattern in (references._OWN_LETTER, references._CITED_LETTER):
        assert r"\s+No\.\s*" in pattern.pattern and not pattern.flags & re.IGNORECASE
