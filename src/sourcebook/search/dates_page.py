"""/dates/: browse a search result by date, decades, then years, then months, with counts.

The page takes the search page's parameters (words, date range, ``undated``, facet filters)
and keeps them in every link; which level it shows follows from the date filters themselves:
none, a ``decade`` (its years) or a ``year`` (its months). So a level is an ordinary search
state, and its links into /search/ find exactly the documents it counts.
"""

from __future__ import annotations

from django.http import HttpResponseBadRequest
from django.shortcuts import render
from django.utils.translation import gettext
from django.views.decorators.http import require_safe

from . import timeline
from .facet_values import shown
from .service import DateRangeError, filter_problem, search
from .views import FACET_LABELS


def _level(filters: dict[str, list[str]]) -> tuple[str, str | None]:
    """``("decade", None)``, ``("year", "1950s")`` or ``("month", "1959")``: which periods
    to list, inside which one."""
    year = next((v for v in filters.get("year", []) if timeline.YEAR.match(v)), None)
    if year:
        return "month", year
    decade = next((v for v in filters.get("decade", []) if timeline.DECADE.match(v)), None)
    if decade:
        return "year", decade
    return "decade", None


def _trail(state: timeline.State, level: str, inside: str | None) -> list[dict]:
    """The way back up: all dates, then the decade (when a year is shown)."""
    rest = {k: v for k, v in state.filters.items() if k not in timeline.DATE_FACETS}
    trail = [{"label": gettext("All dates"), "href": timeline.browse_href(state, rest)}]
    if level == "month":
        decade = f"{int(inside) // 10 * 10}s"
        trail.append(
            {
                "label": timeline.label(decade),
                "href": timeline.browse_href(state, {**rest, "decade": [decade]}),
            }
        )
    trail.append({"label": timeline.label(inside) if inside else "", "href": None})
    return trail if inside else trail[:1]


def _listing(state: timeline.State, level: str, inside: str | None, facets: dict) -> dict:
    buckets = facets.get(level, [])
    if level == "decade":
        return {"periods": timeline.periods(state, "decade", buckets), "spans": []}
    if level == "year":
        start = int(inside[:3] + "0")
        years = [str(y) for y in range(start, start + 10)]
        return {"periods": timeline.periods(state, "year", buckets, years), "spans": []}
    months = [f"{inside}-{m:02d}" for m in range(1, 13)]
    spans = [b for b in buckets if b["value"] not in months]
    return {
        "periods": timeline.periods(state, "month", buckets, months),
        "spans": timeline.periods(state, "month", spans),
    }


def _chips(state: timeline.State) -> list[dict]:
    """The other filters, each with a link to this page without it."""
    chips = []
    for name, values in state.filters.items():
        if name in timeline.DATE_FACETS:
            continue
        for value in values:
            rest = {**state.filters, name: [v for v in values if v != value]}
            chips.append(
                {
                    "label": f"{FACET_LABELS.get(name, name)}: {shown(name, value)}",
                    "href": timeline.browse_href(state, rest),
                }
            )
    return chips


@require_safe
def dates_page(request):
    state = timeline.State.from_get(request.GET)
    if problem := filter_problem(state.filters):
        return HttpResponseBadRequest(f"{problem}\n", content_type="text/plain; charset=utf-8")
    level, inside = _level(state.filters)
    context = {
        "state": state,
        "level": level,
        "inside": inside,
        "inside_label": timeline.label(inside) if inside else "",
        "trail": _trail(state, level, inside),
        "chips": _chips(state),
        "search_href": "/search/" + ("?" + state.query() if state.query() else ""),
        "error": None,
    }
    try:
        results = search(
            state.q,
            filters=state.filters,
            date_from=state.date_from,
            date_to=state.date_to,
            page_size=1,
            facets=[level],
            undated=state.undated or None,
            exact=True,  # one facet, and its counts are the page: never estimated
        )
    except DateRangeError as exc:  # said on the page, nothing counted
        context["error"] = str(exc)
        return render(request, "sourcebook/dates.html", context, status=400)
    listing = _listing(state, level, inside, results.facets)
    counted = sum(p.count for p in listing["periods"] + listing["spans"])
    context.update(
        listing,
        notes=results.notes,
        total=results.total,
        undated=max(0, results.total - counted) if level == "decade" else 0,
        # A year with more spans than the facet lists (200): say how many are not shown.
        unlisted=max(0, results.total - counted) if level == "month" else 0,
    )
    return render(request, "sourcebook/dates.html", context)
