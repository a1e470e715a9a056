"""Linking in running text costs linear time in the text (issue 10, in the style of issue 14).

Hang guards, not timing assertions: each payload of :mod:`tests.hostile.linking_payloads` runs
in a child process killed after ``TIMEOUT`` seconds. A regex per authority over the text, or
every proposal compared with every other, needs many minutes at these sizes; the linker takes a
few seconds.
"""

from __future__ import annotations

from tests.hostile.test_linear import _run


def _linking(payload: str) -> dict:
    return _run(payload, module="linking_payloads")


def test_ten_thousand_authorities_named_in_one_long_text():
    result = _linking("many_names_many_authorities")
    assert result == {"authorities": 10_001, "mentions": 40_000, "kim": 20_000}


def test_an_endless_run_of_name_words():
    assert _linking("one_endless_name") == {"mentions": 1}


def test_thousands_of_unknown_people_and_brackets_are_proposed_in_linear_time():
    assert _linking("many_unknown_people")["proposals"] > 4_000


def test_ten_thousand_names_in_characters_inside_one_long_run():
    assert _linking("long_chinese_text_many_authorities") == {
        "characters": 1_200_000,
        "mentions": 200_000,
    }
