"""/search/: the search page. Plain links and a GET form, so it works without JavaScript and
the URL always holds the whole state (query, dates, sort, filters, page)."""

from __future__ import annotations

from urllib.parse import urlencode

from django.http import HttpResponseBadRequest, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext, gettext_lazy
from django.views.decorators.http import require_safe

from . import timeline
from .documents import FACETS
from .facet_values import shown
from .sections import SEARCH_SECTIONS
from .service import (
    DateRangeError,
    FacetNameError,
    facet_choice,
    filter_problem,
    refused,
    search,
)

FACET_SHOWN = 10

# The facets' names in the interface language (FACETS keeps the English ones for the API).
FACET_LABELS = {
    "decade": gettext_lazy("Decade"),
    "year": gettext_lazy("Year"),
    "month": gettext_lazy("Month"),
    "doc_type": gettext_lazy("Document type"),
    "language": gettext_lazy("Original language"),
    "repository": gettext_lazy("Repository"),
    "collection": gettext_lazy("Collection"),
    "subject": gettext_lazy("Subject"),
    "place": gettext_lazy("Place"),
    "person": gettext_lazy("Person"),
    "translator": gettext_lazy("Translator"),
    "funder": gettext_lazy("Funder"),
    "apparatus": gettext_lazy("Apparatus"),
    "has": gettext_lazy("Available"),
}


def _pairs(state: dict) -> list[tuple[str, str]]:
    pairs = []
    for key in ("q", "from", "to", "sort", "undated", "facets"):
        if state.get(key) is not None and (state[key] or key == "facets"):
            if (key, state[key]) in (("sort", "relevance"), ("undated", "exclude")):
                continue
            pairs.append((key, state[key]))
    for name in FACETS:
        for value in state["filters"].get(name, []):
            pairs.append((name, value))
    if state.get("exact"):
        pairs.append(("exact", "1"))
    if state.get("page", 1) > 1:
        pairs.append(("page", str(state["page"])))
    return pairs


def _url(state: dict, **changes) -> str:
    new = {**state, "filters": {k: list(v) for k, v in state["filters"].items()}, "page": 1}
    new.update({k: v for k, v in changes.items() if k != "filters"})
    if "filters" in changes:
        new["filters"] = changes["filters"]
    query = urlencode(_pairs(new))
    return "?" + query if query else "?"


def _without(get, filters: dict[str, list[str]], remove: str) -> str:
    """The URL of this search without one filter value (``remove`` is ``name:value``)."""
    name, _, value = remove.partition(":")
    rest = {k: [v for v in vs if not (k == name and v == value)] for k, vs in filters.items()}
    state = {
        "q": get.get("q", ""),
        "from": get.get("from", ""),
        "to": get.get("to", ""),
        "sort": get.get("sort", "relevance"),
        "undated": get.get("undated", ""),
        "facets": get.get("facets"),
        "filters": rest,
    }
    return reverse("search") + _url(state)


def about(count: int) -> int:
    """An estimated count as the page shows it: two significant figures (62,128 → 62,000),
    no more precise than a sample can tell."""
    if count < 100:
        return count
    unit = 10 ** (len(str(count)) - 2)
    return round(count / unit) * unit


@require_safe
def search_page(request):
    get = request.GET
    filters = {name: get.getlist(name) for name in FACETS if get.getlist(name)}
    if problem := filter_problem(filters):
        return HttpResponseBadRequest(f"{problem}\n", content_type="text/plain; charset=utf-8")
    try:  # ?facets=decade,person: only those in the sidebar; absent: the default set
        wanted = facet_choice(get.get("facets"))
    except FacetNameError as exc:
        return HttpResponseBadRequest(f"{exc}\n", content_type="text/plain; charset=utf-8")
    if "remove" in get:
        return redirect(_without(get, filters, get["remove"]))
    try:
        page = int(get.get("page", 1))
    except ValueError:
        page = 1
    state = {
        "q": get.get("q", ""),
        "from": get.get("from", ""),
        "to": get.get("to", ""),
        "sort": get.get("sort", "relevance"),
        "undated": get.get("undated", ""),
        "facets": get.get("facets"),
        "filters": filters,
        "page": page,
        "exact": get.get("exact") == "1",
    }
    try:
        results = search(
            state["q"],
            filters=filters,
            date_from=state["from"],
            date_to=state["to"],
            sort=state["sort"],
            page=page,
            facets=wanted,
            undated=state["undated"] or None,
            exact=state["exact"],
        )
    except DateRangeError as exc:  # the page says why, with no results; nothing is searched
        results = refused(state["q"], filters, str(exc))
    state["sort"] = results.sort
    if results.page > results.pages:  # past the last page (an old link, a typed number)
        return HttpResponseRedirect(request.path + _url(state, page=results.pages))
    facets = []
    for name, label in FACETS.items():
        label = FACET_LABELS.get(name, label)
        active = set(filters.get(name, []))
        values = []
        for item in results.facets.get(name, []):
            value = item["value"]
            chosen = value in active
            if chosen:
                rest = [v for v in filters[name] if v != value]
                href = _url(state, filters={**filters, name: rest})
            else:
                href = _url(state, filters={**filters, name: [*filters.get(name, []), value]})
            count = about(item["count"]) if results.sample_rate else item["count"]
            values.append(
                {
                    "value": value,
                    "label": shown(name, value),
                    "count": count,
                    "active": chosen,
                    "href": href,
                }
            )
        if values:
            facets.append(
                {
                    "name": name,
                    "label": label,
                    "values": values[:FACET_SHOWN]
                    + [v for v in values[FACET_SHOWN:] if v["active"]],
                    "more": values[FACET_SHOWN:],
                }
            )
    # A chip is a button of the search form (whose hidden inputs already hold the filters), not
    # a link repeating every other filter: n chips cost O(n) bytes, not O(n²).
    chips = [
        {
            "label": f"{FACET_LABELS.get(name, FACETS[name])}: {shown(name, value)}",
            "remove": f"{name}:{value}",
        }
        for name, values in filters.items()
        for value in values
    ]
    pages = {
        "prev": _url(state, page=results.page - 1) if results.page > 1 else None,
        "next": _url(state, page=results.page + 1) if results.page < results.pages else None,
    }
    sorts = [
        {"value": v, "label": lab, "href": _url(state, sort=v), "active": results.sort == v}
        for v, lab in (
            ("relevance", gettext("Relevance")),
            ("date", gettext("Oldest first")),
            ("-date", gettext("Newest first")),
        )
    ]
    context = {
        "results": results,
        "state": state,
        "state_query": urlencode(_pairs(state)),
        "facets": facets,
        "chips": chips,
        "pages": pages,
        "sorts": sorts,
        "first": (results.page - 1) * results.page_size + 1,
        "last": (results.page - 1) * results.page_size + len(results.results),
        "search_sections": SEARCH_SECTIONS,
        "filter_items": [(n, v) for n, vs in filters.items() for v in vs],
        "timeline": timeline.search_chart(get, results),
        "dates_href": timeline.browse_href(timeline.State.from_get(get), filters),
        "exact_href": _url(state, exact=True, page=results.page) if results.sample_rate else None,
    }
    return render(request, "sourcebook/search.html", context, status=400 if results.error else 200)
