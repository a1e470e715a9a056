"""Archive dates as written, turned into EDTF and a range of days.

Why a range: historians write ``October 1959`` or ``c. 1959`` and mean every day that could be
meant. Search and sorting need the earliest and latest possible day, while the page must keep
showing the words the archive used. ``c.`` widens the range by a year on either side and marks the
date approximate (EDTF ``~``), so a range filter finds the document and says it rests on a guess.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re

from .record import DateInfo

MONTHS = {name.lower(): i for i, name in enumerate(calendar.month_name) if name}
MONTHS.update({name.lower(): i for i, name in enumerate(calendar.month_abbr) if name})
MONTHS["sept"] = 9

_MONTH = r"(?P<month>[A-Za-z]{3,9})\.?"
_YEAR = r"(?P<year>\d{4})"
_UNDATED = {"n.d.", "n.d", "nd", "undated", "no date", "date unknown", "unknown"}
_APPROX = re.compile(r"^(?:c\.|ca\.|circa|approx\.|approximately|about)\s*", re.I)

_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    # October 11, 1959 / Oct. 11, 1959
    ("mdy", re.compile(rf"^{_MONTH}\s+(?P<day>\d{{1,2}}),?\s+{_YEAR}$")),
    # 11 October 1959
    ("dmy", re.compile(rf"^(?P<day>\d{{1,2}})\s+{_MONTH},?\s+{_YEAR}$")),
    # October 9-11, 1959
    (
        "mdd",
        re.compile(rf"^{_MONTH}\s+(?P<day>\d{{1,2}})\s*[-–—]\s*(?P<day2>\d{{1,2}}),?\s+{_YEAR}$"),
    ),
    # October 30 - November 2, 1959
    (
        "mdmd",
        re.compile(
            rf"^{_MONTH}\s+(?P<day>\d{{1,2}})\s*[-–—]\s*(?P<month2>[A-Za-z]{{3,9}})\.?\s+"
            rf"(?P<day2>\d{{1,2}}),?\s+{_YEAR}$"
        ),
    ),
    # October 1959
    ("my", re.compile(rf"^{_MONTH},?\s+{_YEAR}$")),
    # 1959-10-11, 1959-10, 1959
    ("iso", re.compile(r"^(?P<year>\d{4})(?:-(?P<month>\d{2})(?:-(?P<day>\d{2}))?)?$")),
    # 1959-1960
    ("yy", re.compile(r"^(?P<year>\d{4})\s*[-–—/]\s*(?P<year2>\d{4})$")),
]


def _month(name: str) -> int:
    number = MONTHS.get(name.lower().rstrip("."))
    if number is None:
        raise ValueError(f"unknown month {name!r}")
    return number


def _month_end(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def parse_date(text: str) -> DateInfo:
    """Parse a date as archives write it; raise ``ValueError`` when it is not a date at all."""
    written = text.strip()
    value = re.sub(r"\s+", " ", written)
    if value.lower() in _UNDATED:
        return DateInfo(text=written, edtf="XXXX", earliest=None, latest=None)

    approx_match = _APPROX.match(value)
    approximate = bool(approx_match)
    if approx_match:
        value = value[approx_match.end() :]

    for kind, pattern in _PATTERNS:
        m = pattern.match(value)
        if not m:
            continue
        g = m.groupdict()
        year = int(g["year"])
        if kind == "yy":
            year2 = int(g["year2"])
            edtf = f"{year}/{year2}"
            earliest, latest = dt.date(year, 1, 1), dt.date(year2, 12, 31)
        elif kind == "iso":
            if g["day"]:
                earliest = latest = dt.date(year, int(g["month"]), int(g["day"]))
                edtf = earliest.isoformat()
            elif g["month"]:
                month = int(g["month"])
                earliest, latest = dt.date(year, month, 1), _month_end(year, month)
                edtf = f"{year:04d}-{month:02d}"
            else:
                earliest, latest = dt.date(year, 1, 1), dt.date(year, 12, 31)
                edtf = f"{year:04d}"
        elif kind in ("mdy", "dmy"):
            earliest = latest = dt.date(year, _month(g["month"]), int(g["day"]))
            edtf = earliest.isoformat()
        elif kind == "mdd":
            month = _month(g["month"])
            earliest = dt.date(year, month, int(g["day"]))
            latest = dt.date(year, month, int(g["day2"]))
            edtf = f"{earliest.isoformat()}/{latest.isoformat()}"
        elif kind == "mdmd":
            earliest = dt.date(year, _month(g["month"]), int(g["day"]))
            latest = dt.date(year, _month(g["month2"]), int(g["day2"]))
            edtf = f"{earliest.isoformat()}/{latest.isoformat()}"
        else:  # "my"
            month = _month(g["month"])
            earliest, latest = dt.date(year, month, 1), _month_end(year, month)
            edtf = f"{year:04d}-{month:02d}"
        if latest < earliest:
            raise ValueError(f"date range ends before it starts: {written!r}")
        if approximate:
            edtf = "/".join(part + "~" for part in edtf.split("/"))
            earliest = earliest.replace(year=earliest.year - 1, month=1, day=1)
            latest = latest.replace(year=latest.year + 1, month=12, day=31)
        return DateInfo(
            text=written, edtf=edtf, earliest=earliest, latest=latest, approximate=approximate
        )
    raise ValueError(f"not a date: {written!r}")


def looks_like_date(text: str) -> bool:
    try:
        parse_date(text)
    except ValueError:
        return False
    return True


_BOUND = re.compile(r"^\s*(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?\s*$")


def parse_bound(text: str | None, *, end: bool) -> dt.date | None:
    """A date-range bound (search and set exports): ``1959``, ``1959-10`` or ``1959-10-11`` as
    the first (or, with ``end``, last) day it covers; ``None`` for a blank bound.

    Stricter than :func:`parse_date` on purpose: a bound typed in a form or a URL should mean one
    thing, so only ISO year, month or day is taken. Raises ``ValueError`` with a one-line
    message that says what to type.
    """
    if text is None or not str(text).strip():
        return None
    m = _BOUND.match(str(text))
    problem = f"{text!r} is not a date: use 1959, 1959-10 or 1959-10-11"
    if not m:
        raise ValueError(problem)
    year = int(m.group(1))
    month = int(m.group(2)) if m.group(2) else None
    day = int(m.group(3)) if m.group(3) else None
    try:
        if month is None:
            return dt.date(year, 12, 31) if end else dt.date(year, 1, 1)
        if day is None:
            last = calendar.monthrange(year, month)[1]
            return dt.date(year, month, last if end else 1)
        return dt.date(year, month, day)
    except ValueError:
        raise ValueError(problem) from None


def first_year(edtf: str | None, earliest: dt.date | None) -> int | None:
    """The year a document is counted and listed in: that of its earliest date.

    Why one year: a facet that counted a document in every year its range spans added up to
    more than the results. An approximate date (``1959~``) counts in the year written, not in
    the year before, where its widened search range starts (the search's facets, the dates page
    and a person's timeline all place it here).
    """
    if earliest is None:
        return None
    m = re.match(r"(\d{4})", edtf or "")
    return int(m.group(1)) if m else earliest.year
