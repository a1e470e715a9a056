"""Search as the site, the API and the CLI use it: one function, one JSON contract.

``search(...)`` reads the index as it is (the background indexer keeps it caught up; a search
never indexes), reports how many changes are not searchable yet (``pending``), and turns hits
into results with snippets, matched name variants and date flags. Facet values come back
with counts over the current query and filters.
"""

from __future__ import annotations

import datetime as dt
import time
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _

from sourcebook.core.dates import parse_bound

from . import freshness, snippet_cache, snippets
from .documents import DEFAULT_FACETS, FACETS
from .engine import SORTS, Request
from .indexer import get_engine, reader_state
from .query import parse, parsed

PAGE_SIZE = 20
MAX_PAGE = 500
UNDATED = ("exclude", "include")


class DateRangeError(ValueError):
    """A date range that cannot mean anything (it ends before it starts): refused, not guessed.

    Why an error where a bad date is only a note: a mistyped date is dropped and the search still
    answers the rest, but swapping or dropping a reversed range would answer a question nobody
    asked. The API answers 400, the CLI exits with the message, the page shows it.
    """


@dataclass
class Results:
    query: str
    total: int
    page: int
    page_size: int
    sort: str
    results: list[dict[str, Any]]
    facets: dict[str, list[dict[str, Any]]]
    filters: dict[str, list[str]]
    date_from: str | None
    date_to: str | None
    notes: list[str] = field(default_factory=list)
    undated: str = "exclude"
    error: str | None = None  # a refused request (reversed range): no results, this message
    took_ms: float = 0.0
    pending: int = 0  # outbox events the index has not applied yet
    sample_rate: int = 0  # facet counts estimated from one document in this many (0: exact)

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.page_size))

    def to_json(self) -> dict[str, Any]:
        return {
            "query": self.query,
            "total": self.total,
            "page": self.page,
            "pages": self.pages,
            "page_size": self.page_size,
            "sort": self.sort,
            "from": self.date_from,
            "to": self.date_to,
            "undated": self.undated,
            "filters": self.filters,
            "results": self.results,
            "facets": self.facets,
            "facets_estimated": bool(self.sample_rate),
            "facet_sample_rate": self.sample_rate or None,
            "notes": self.notes,
            "pending": self.pending,
            "took_ms": round(self.took_ms, 2),
        }


class FacetNameError(ValueError):
    """A ``facets=`` list naming a facet that does not exist: the API and the page answer 400."""


def facet_choice(text: str | None) -> list[str]:
    """The facets a ``facets=`` parameter asks for, in the sidebar's order.

    Absent (None): :data:`~.documents.DEFAULT_FACETS`. Empty (``facets=``) or ``none``: no facet
    is counted. Otherwise a comma list; an unknown name raises :class:`FacetNameError` (a typo
    silently dropped would look like a facet with no values)."""
    if text is None:
        return list(DEFAULT_FACETS)
    names = [n.strip() for n in text.split(",") if n.strip()]
    if names == ["none"]:
        return []
    unknown = [n for n in names if n not in FACETS]
    if unknown:
        raise FacetNameError(
            f"unknown facet {unknown[0]!r} in facets=; use a comma list of: {', '.join(FACETS)}"
        )
    return [n for n in FACETS if n in names]


def filter_problem(filters: dict[str, list[str]]) -> str | None:
    """Why a request's filter values are refused, or None. Each value is repeated in the links
    of the results page, so their number and length bound the page's size
    (``SOURCEBOOK_MAX_FILTER_VALUES``, ``SOURCEBOOK_MAX_FILTER_LENGTH``)."""
    from django.conf import settings

    count = sum(len(values) for values in filters.values())
    if count > settings.SOURCEBOOK_MAX_FILTER_VALUES:
        return (
            f"too many filter values: {count}, at most {settings.SOURCEBOOK_MAX_FILTER_VALUES} "
            "per search; remove some filters"
        )
    longest = max((len(v) for values in filters.values() for v in values), default=0)
    if longest > settings.SOURCEBOOK_MAX_FILTER_LENGTH:
        return (
            f"a filter value is {longest} characters long, at most "
            f"{settings.SOURCEBOOK_MAX_FILTER_LENGTH}; shorten it"
        )
    return None


def _checked(
    filters: dict[str, list[str]] | None,
    date_from: str | None,
    date_to: str | None,
    sort: str,
    notes: list[str],
) -> tuple[dict[str, list[str]], dict[str, dt.date | None], str]:
    """Filters, date bounds and sort a search can use; what it cannot becomes a note."""
    clean_filters = {
        name: [v for v in dict.fromkeys(values) if v]
        for name, values in (filters or {}).items()
        if name in FACETS and values
    }
    clean_filters = {name: values for name, values in clean_filters.items() if values}
    for name in filters or {}:
        if name not in FACETS:
            notes.append(
                _("unknown filter %(name)s ignored (facets: %(facets)s)")
                % {"name": repr(name), "facets": ", ".join(FACETS)}
            )
    bounds: dict[str, dt.date | None] = {}
    for key, text, end in (("from", date_from, False), ("to", date_to, True)):
        try:
            bounds[key] = parse_bound(text, end=end)
        except ValueError:  # core.dates' words, in the reader's language (the CLI's: English)
            notes.append(
                _("%(text)s is not a date: use 1959, 1959-10 or 1959-10-11") % {"text": repr(text)}
            )
            bounds[key] = None
    if bounds["from"] and bounds["to"] and bounds["from"] > bounds["to"]:
        raise DateRangeError(
            _("the date range ends before it starts (from %(start)s to %(end)s); swap the dates")
            % {"start": date_from, "end": date_to}
        )
    if sort not in SORTS:
        notes.append(_("unknown sort %(sort)s; sorted by relevance") % {"sort": repr(sort)})
        sort = "relevance"
    return clean_filters, bounds, sort


def undated_choice(value: str | None, notes: list[str]) -> str:
    """``include`` or ``exclude`` (the default): whether a date range also lists undated
    documents. Anything else is a note, and the default."""
    value = (value or "exclude").strip().lower()
    if value not in UNDATED:
        notes.append(
            _("undated=%(value)s ignored: use undated=include or undated=exclude")
            % {"value": repr(value)}
        )
        return "exclude"
    return value


def search(
    q: str = "",
    *,
    filters: dict[str, list[str]] | None = None,
    date_from: str | None = None,
    date_to: str | None = None,
    sort: str = "relevance",
    page: int = 1,
    page_size: int = PAGE_SIZE,
    facets: list[str] | None = None,
    undated: str | None = None,
    exact: bool = False,
) -> Results:
    """Run a search. Bad dates, sorts, pages or filter names become notes; a reversed date
    range raises :class:`DateRangeError`. ``facets`` (see :func:`facet_choice`): None counts
    the default set, ``[]`` none. Facet counts of a search matching very many documents are
    estimated from a sample (``SOURCEBOOK_SEARCH_ESTIMATE_ABOVE``) unless ``exact``.

    Undated documents are left out of a date range unless ``undated="include"``."""
    started = time.perf_counter()
    notes: list[str] = []
    clean_filters, bounds, sort = _checked(filters, date_from, date_to, sort, notes)
    undated = undated_choice(undated, notes)
    page = max(1, min(int(page or 1), MAX_PAGE))
    page_size = max(1, min(int(page_size or PAGE_SIZE), 100))

    plan = parsed(q or "")
    request = Request(
        plan=plan,
        filters=clean_filters,
        date_from=bounds["from"],
        date_to=bounds["to"],
        sort=sort,
        offset=(page - 1) * page_size,
        limit=page_size,
        facets=list(DEFAULT_FACETS) if facets is None else facets,
        undated=undated == "include",
        estimate_above=0 if exact else _estimate_above(),
    )
    found = get_engine().search(request)  # reads the newest commit (a search never indexes)
    waiting, shown = _fresh(found)
    snippet_of = _snippets(plan)
    results = []
    for hit in shown:
        d = hit.display
        snip = snippet_of(hit)
        date = d["date"]
        results.append(
            {
                "id": hit.id,
                "title": d["title"],
                "date": date["text"],
                "date_edtf": date["edtf"],
                "date_earliest": date["earliest"],
                "date_latest": date["latest"],
                "date_approximate": bool(date["approximate"]),
                "date_match_approximate": _approximate_match(date, bounds["from"], bounds["to"]),
                "doc_type": d.get("doc_type"),
                "url": f"/documents/{hit.id}/",
                "score": round(hit.score, 4),
                **snip,
            }
        )
    facet_json = {
        name: [{"value": v, "count": c} for v, c in _ordered(name, buckets)]
        for name, buckets in found.facets.items()
    }
    return Results(
        query=q or "",
        total=found.total,
        page=page,
        page_size=page_size,
        sort=sort,
        results=results,
        facets=facet_json,
        filters=clean_filters,
        date_from=bounds["from"].isoformat() if bounds["from"] else None,
        date_to=bounds["to"].isoformat() if bounds["to"] else None,
        notes=notes + found.notes,
        took_ms=(time.perf_counter() - started) * 1000,
        pending=waiting,
        undated=undated,
        sample_rate=found.sample_rate,
    )


def _estimate_above() -> int:
    from django.conf import settings

    return int(settings.SOURCEBOOK_SEARCH_ESTIMATE_ABOVE)


def refused(q: str, filters: dict[str, list[str]], message: str) -> Results:
    """The empty result of a refused search, ``message`` as its one note (for the page)."""
    return Results(
        query=q or "",
        total=0,
        page=1,
        page_size=PAGE_SIZE,
        sort="relevance",
        results=[],
        facets={},
        filters=filters,
        date_from=None,
        date_to=None,
        notes=[message],
        error=message,
    )


def matching_ids(
    q: str = "",
    *,
    filters: dict[str, list[str]] | None = None,
    date_from: str | None = None,
    date_to: str | None = None,
    sort: str = "relevance",
    limit: int = 1000,
    undated: str | None = None,
) -> tuple[list[str], int]:
    """``(ids, total)``: the first ``limit`` documents a search finds, in its order, no facets.

    For exporting a whole result (citations of up to 1,000 documents); bad dates or sorts are
    ignored as in :func:`search`, a reversed range raises :class:`DateRangeError`.
    """
    clean_filters, bounds, sort = _checked(filters, date_from, date_to, sort, [])
    get_engine().refresh()
    request = Request(
        plan=parse(q),
        filters=clean_filters,
        date_from=bounds["from"],
        date_to=bounds["to"],
        sort=sort,
        offset=0,
        limit=limit,
        facets=[],
        undated=undated_choice(undated, []) == "include",
    )
    found = get_engine().search(request)
    return [hit.id for hit in found.hits], found.total


def _fresh(found) -> tuple[int, list]:
    """``(pending, hits)``: how many outbox events the index these results came from has not
    applied yet (the page's "changes not yet searchable"), and the hits whose documents are
    still published (the index drops withdrawn documents as soon as the indexer applies their
    outbox event; until then this keeps them off the page). One statement, asked every time."""
    if found.position is None:  # an engine that does not say: ask it
        waiting, live = reader_state(), freshness.published([h.id for h in found.hits])
    else:
        waiting, live = freshness.check(found.position, [h.id for h in found.hits], found.gaps)
    return waiting, [h for h in found.hits if h.id in live]


def _snippets(plan):
    """``hit -> snippet``: kept by the query's text (as parsed: ``plan.text``) and the digest of
    the hit's stored display (:mod:`.snippet_cache` says why that can never be stale); the
    matcher is built only when a snippet is missing."""
    matcher = None

    def make(display: dict) -> dict:
        nonlocal matcher
        if matcher is None:
            matcher = snippets.Matcher(plan)
        return snippets.make(display, matcher)

    def snippet_of(hit) -> dict:
        if not hit.digest:  # an engine that gives no digest: made every time
            return make(hit.display)
        return snippet_cache.CACHE.get_or_make((plan.text, hit.digest), lambda: make(hit.display))

    return snippet_of


def _ordered(name: str, buckets: list[tuple[str, int]]) -> list[tuple[str, int]]:
    """Years, decades and months in time order; everything else by count, then name."""
    if name in ("year", "decade", "month"):
        return sorted(buckets)
    return sorted(buckets, key=lambda b: (-b[1], b[0]))


def _approximate_match(date: dict, start: dt.date | None, end: dt.date | None) -> bool:
    """Whether a date-filtered match rests on an approximate or partly-overlapping date."""
    if start is None and end is None:
        return False
    if date.get("approximate"):
        return True
    earliest = dt.date.fromisoformat(date["earliest"]) if date.get("earliest") else None
    latest = dt.date.fromisoformat(date["latest"]) if date.get("latest") else None
    if earliest is None or latest is None:
        return True
    inside_start = start is None or earliest >= start
    inside_end = end is None or latest <= end
    return not (inside_start and inside_end)


def engine_info() -> dict[str, Any]:
    engine = get_engine()
    return {"path": str(engine.path), "documents": engine.count(), "position": engine.position()}
