"""A curated authority file that is broken or hostile: one ``file:line: reason`` line each, and
nothing read from it (no Django: the checks are :mod:`sourcebook.core.authority_file`'s)."""

from __future__ import annotations

import pytest

from sourcebook.core.authority_file import read_csv

HEADER = "id,name,kind,description,variants\n"


@pytest.mark.parametrize(
    ("body", "line", "reason"),
    [
        # An unclosed quote: before, the rest of the file became one name.
        ('ok,Good,person,,\nx,"Kim Il-sung,person,,\nnext,Next,person,,\n', 3, "unexpected end"),
        # Longer than the csv module reads: before, a traceback.
        ("x,Kim,person," + "a" * 200_000 + ",\n", 2, "field larger than field limit"),
        ("x,Ki\x00m,person,,\n", 2, "U+0000 in column 'name'"),  # PostgreSQL refuses NUL
        ('x,"Kim\nIl-sung",person,,\n', 2, "U+000A in column 'name'"),
        ("x,Kim,person,,Kim\tIl\n", 2, "U+0009 in column 'variants'"),
        ("x,Kim,person,Premier\x1b[2J,\n", 2, "U+001B in column 'description'"),
        ("x,Kim\x85Il-sung,person,,\n", 2, "U+0085 in column 'name'"),
        ('ok,Good,person,,\n\n"y","Pak\r\nHon-\nyong",person,,\n', 4, "U+000D in column 'name'"),
    ],
)
def test_refused_with_file_line_and_reason(body, line, reason):
    rows, errors = read_csv((HEADER + body).encode(), "persons.csv")
    assert rows == []
    assert len(errors) == 1
    assert errors[0].startswith(f"persons.csv:{line}: ")
    assert reason in errors[0]


def test_a_description_may_span_lines():
    body = 'x,Kim Il-sung,person,"Premier.\nChairman of the party.",Kim Il Sung\n'
    rows, errors = read_csv((HEADER + body).encode(), "persons.csv")
    assert errors == []
    assert rows[0].description == "Premier.\nChairman of the party."
    assert rows[0].variants == ["Kim Il Sung"]
