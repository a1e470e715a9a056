"""Time in a search result: the periods of the date browser (``/dates/``) and the bars of the
small timeline on the search page, both from the engine's facet counts.

Why facet counts and not documents: the counts come from the index in one pass whatever the
size of the result, and they follow the honest-dates rule of the ``decade``, ``year`` and
``month`` facets (each document once, in the period of its earliest date), so every level adds
up: a decade's years sum to the decade, a year's months and spans sum to the year.

A period is named by its facet value: ``1950s`` (decade), ``1959`` (year), ``1959-10`` (a
month) or a span the ``month`` facet holds for a document not dated within one month
(``1959`` as a whole year, ``1958/1960``, ``1959-10/1959-11``, ``1959~``).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.utils import formats
from django.utils.translation import gettext, ngettext, pgettext

from sourcebook.web.templatetags.numbers import grouped

from .documents import FACETS

DECADE = re.compile(r"^(\d{3})0s$")
YEAR = re.compile(r"^\d{4}$")
MONTH = re.compile(r"^(\d{4})-(\d{2})$")
# Up to this many years the search page's timeline has a bar per year, beyond it per decade.
YEARS_SPAN = 40
DATE_FACETS = ("decade", "year", "month")


@dataclass
class Period:
    """One bucket: its facet value, what people read, its count and where its links go."""

    facet: str
    value: str
    label: str
    count: int
    browse: str | None = None  # the date browser one level down (decades and years)
    search: str | None = None  # the search page narrowed to this period
    share: float = 0.0  # count / the largest count shown beside it, for the bar

    @property
    def percent(self) -> int:
        return round(self.share * 100)


@dataclass
class State:
    """What a search or browse request asks for, without sort or page (links keep it)."""

    q: str = ""
    date_from: str = ""
    date_to: str = ""
    undated: str = ""
    filters: dict[str, list[str]] = field(default_factory=dict)
    sort: str = ""  # kept so that narrowing a search keeps its order

    @classmethod
    def from_get(cls, get) -> State:
        return cls(
            q=get.get("q", ""),
            date_from=get.get("from", ""),
            date_to=get.get("to", ""),
            undated=get.get("undated", ""),
            filters={name: get.getlist(name) for name in FACETS if get.getlist(name)},
            sort=get.get("sort", ""),
        )

    def query(self, filters: dict[str, list[str]] | None = None, **dates: str) -> str:
        """The query string of this state with other filters and dates (``date_from``...)."""
        filters = self.filters if filters is None else filters
        pairs = [("q", self.q)] if self.q else []
        for key, name in (("date_from", "from"), ("date_to", "to")):
            value = dates.get(key, getattr(self, key))
            if value:
                pairs.append((name, value))
        if self.undated == "include":
            pairs.append(("undated", "include"))
        if self.sort and self.sort != "relevance":
            pairs.append(("sort", self.sort))
        pairs += [(name, v) for name in FACETS for v in filters.get(name, [])]
        return urlencode(pairs)


def bounds(value: str) -> tuple[str, str]:
    """The first and last date (as a search's ``from``/``to`` take them) a period covers."""
    if m := DECADE.match(value):
        return f"{m.group(1)}0", f"{m.group(1)}9"
    parts = [p.rstrip("~") for p in value.split("/")]
    return parts[0], parts[-1]


def narrowed(state: State, facet: str, value: str) -> tuple[dict[str, list[str]], dict[str, str]]:
    """Filters and dates of ``state`` narrowed to one period: its facet value as a filter (so
    the search finds exactly the documents counted) and, when the state has no date range of
    its own, the period's range as ``from``/``to`` (so the search page shows it and flags the
    approximate matches). A range the state already has is kept: the facet narrows inside it,
    and a period's own range could fall partly outside it and read as reversed."""
    filters = {name: list(values) for name, values in state.filters.items()}
    if value not in filters.get(facet, []):
        filters[facet] = [*filters.get(facet, []), value]
    if state.date_from or state.date_to:
        return filters, {}
    start, end = bounds(value)
    return filters, {"date_from": start, "date_to": end}


def search_href(state: State, facet: str, value: str) -> str:
    filters, dates = narrowed(state, facet, value)
    return "/search/?" + state.query(filters, **dates)


def browse_href(state: State, filters: dict[str, list[str]]) -> str:
    query = state.query(filters)
    return "/dates/" + ("?" + query if query else "")


def label(value: str) -> str:
    """A period as people read it, in the interface language: ``1950s``, ``1959``, ``October
    1959``, ``1958 – 1960``, ``c. 1959``."""
    if m := DECADE.match(value):
        return pgettext("decade", "%(year)ss") % {"year": f"{m.group(1)}0"}
    parts = value.split("/")
    if len(parts) == 2:
        return gettext("%(start)s – %(end)s") % {
            "start": label(parts[0]),
            "end": label(parts[1]),
        }
    if value.endswith("~"):
        return gettext("c. %(date)s") % {"date": label(value[:-1])}
    if m := MONTH.match(value):
        month = dt.date(int(m.group(1)), int(m.group(2)), 1)
        return formats.date_format(month, "YEAR_MONTH_FORMAT")
    return value


def month_name(value: str) -> str:
    """``October`` for ``1959-10``: a year's twelve months need not repeat the year."""
    m = MONTH.match(value)
    return formats.date_format(dt.date(int(m.group(1)), int(m.group(2)), 1), "F")


def _shares(periods: list[Period]) -> list[Period]:
    top = max((p.count for p in periods), default=0)
    for p in periods:
        p.share = p.count / top if top else 0.0
    return periods


def periods(
    state: State, facet: str, buckets: list[dict], values: list[str] | None = None
) -> list[Period]:
    """The periods of one facet with counts and links; ``values`` lists every period to show,
    including those with no documents (a decade's ten years, a year's twelve months)."""
    counts = {b["value"]: b["count"] for b in buckets}
    shown = values if values is not None else list(counts)
    out = []
    for value in shown:
        count = counts.get(value, 0)
        browse = None
        if count and facet in ("decade", "year"):
            browse = browse_href(state, _down(state.filters, facet, value))
        out.append(
            Period(
                facet=facet,
                value=value,
                label=month_name(value) if values and MONTH.match(value) else label(value),
                count=count,
                browse=browse,
                search=search_href(state, facet, value) if count else None,
            )
        )
    return _shares(out)


def _down(filters: dict[str, list[str]], facet: str, value: str) -> dict[str, list[str]]:
    """Filters one level further down the date browser: a decade or a year chosen."""
    rest = {k: v for k, v in filters.items() if k not in DATE_FACETS}
    if facet == "year":
        rest["decade"] = [f"{int(value) // 10 * 10}s"]
    rest[facet] = [value]
    return rest


# The search page's timeline ------------------------------------------------------------------


@dataclass
class Chart:
    """The bars of the search page's timeline, with what to draw and to say for each."""

    unit: str  # "year" or "decade"
    bars: list[dict]
    dated: int
    undated: int
    first: str
    last: str
    width: int
    height: int = 48
    browse: str = "/dates/"

    @property
    def caption(self) -> str:
        if self.unit == "year":
            return gettext("Documents per year, %(first)s to %(last)s") % {
                "first": self.first,
                "last": self.last,
            }
        return gettext("Documents per decade, %(first)s to %(last)s") % {
            "first": self.first,
            "last": self.last,
        }


def documents(count: int) -> str:
    """``1,234 documents``: the count grouped as the interface language writes it."""
    return ngettext("%(n)s document", "%(n)s documents", count) % {"n": grouped(count)}


def _unit(facets: dict[str, list[dict]]) -> tuple[str, list[str], dict[str, int]] | None:
    """``(unit, periods, counts)``: every year from the first to the last when they span at
    most :data:`YEARS_SPAN`, else every decade; None when no document is dated."""
    years = {int(b["value"]): b["count"] for b in facets.get("year", []) if YEAR.match(b["value"])}
    if not years:
        return None
    first, last = min(years), max(years)
    # The year facet lists at most 200 values (the most frequent): then only decades are whole.
    if last - first < YEARS_SPAN and len(years) < 200:
        return (
            "year",
            [str(y) for y in range(first, last + 1)],
            {str(y): c for y, c in years.items()},
        )
    decades = {b["value"]: b["count"] for b in facets.get("decade", []) if DECADE.match(b["value"])}
    if not decades:
        return None
    starts = [int(d[:-1]) for d in decades]
    keys = [f"{d}s" for d in range(min(starts), max(starts) + 1, 10)]
    return "decade", keys, decades


def chart(
    state: State, facets: dict[str, list[dict]], total: int, estimated: bool = False
) -> Chart | None:
    """The timeline of a search result from its ``year`` and ``decade`` facet counts: a bar per
    year or per decade (:func:`_unit`), empty periods kept so the gaps show. None when no
    document of the result is dated. ``estimated``: the counts are estimated from a sample, so
    each bar says "≈" and no number of undated documents is claimed (it would be the exact
    total less estimates)."""
    found = _unit(facets)
    if found is None:
        return None
    unit, keys, counts = found
    top = max(counts.get(k, 0) for k in keys) or 1
    height, step, bars = 48, 10, []
    for i, key in enumerate(keys):
        count = counts.get(key, 0)
        tall = max(2, round(count / top * (height - 2))) if count else 0
        bars.append(
            {
                "key": key,
                "count": count,
                "x": i * step + 1,
                "y": height - tall,
                "height": tall,
                "slot_x": i * step,
                "title": f"{label(key)}: {'≈' if estimated else ''}{documents(count)}",
                "href": search_href(state, unit, key) if count else None,
            }
        )
    dated = sum(counts.get(k, 0) for k in keys)
    return Chart(
        unit=unit,
        bars=bars,
        dated=dated,
        undated=0 if estimated else max(0, total - dated),
        first=label(keys[0]),
        last=label(keys[-1]),
        width=len(keys) * step,
        height=height,
        browse=browse_href(state, state.filters),
    )


def search_chart(get, results) -> Chart | None:
    """:func:`chart` for the search page's request and results (None for a refused search)."""
    if results.error or not results.total:
        return None
    return chart(State.from_get(get), results.facets, results.total, bool(results.sample_rate))
