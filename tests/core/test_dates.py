import datetime as dt

import pytest

from sourcebook.core.dates import parse_bound, parse_date

D = dt.date


@pytest.mark.parametrize(
    "text, edtf, earliest, latest, approximate",
    [
        ("October 11, 1959", "1959-10-11", D(1959, 10, 11), D(1959, 10, 11), False),
        ("Oct. 11, 1959", "1959-10-11", D(1959, 10, 11), D(1959, 10, 11), False),
        ("11 October 1959", "1959-10-11", D(1959, 10, 11), D(1959, 10, 11), False),
        ("October 1959", "1959-10", D(1959, 10, 1), D(1959, 10, 31), False),
        ("February 1960", "1960-02", D(1960, 2, 1), D(1960, 2, 29), False),
        ("1959", "1959", D(1959, 1, 1), D(1959, 12, 31), False),
        ("c. 1959", "1959~", D(1958, 1, 1), D(1960, 12, 31), True),
        ("circa October 1959", "1959-10~", D(1958, 1, 1), D(1960, 12, 31), True),
        ("October 9-11, 1959", "1959-10-09/1959-10-11", D(1959, 10, 9), D(1959, 10, 11), False),
        (
            "October 30 - November 2, 1959",
            "1959-10-30/1959-11-02",
            D(1959, 10, 30),
            D(1959, 11, 2),
            False,
        ),
        ("1959-1960", "1959/1960", D(1959, 1, 1), D(1960, 12, 31), False),
        ("1959-10-11", "1959-10-11", D(1959, 10, 11), D(1959, 10, 11), False),
        ("n.d.", "XXXX", None, None, False),
        ("undated", "XXXX", None, None, False),
    ],
)
def test_archive_dates(text, edtf, earliest, latest, approximate):
    info = parse_date(text)
    assert (info.text, info.edtf, info.earliest, info.latest, info.approximate) == (
        text,
        edtf,
        earliest,
        latest,
        approximate,
    )


@pytest.mark.parametrize(
    "text", ["Octember 3, 1959", "October 32, 1959", "soon", "October 11-9, 1959"]
)
def test_not_dates(text):
    with pytest.raises(ValueError):
        parse_date(text)


def test_search_bounds():
    assert parse_bound("1959", end=False) == D(1959, 1, 1)
    assert parse_bound("1959-10", end=True) == D(1959, 10, 31)
    assert parse_bound("1959-10-11", end=True) == D(1959, 10, 11)
