"""/api/search: the search JSON (same contract as ``sourcebook search --json``)."""

from __future__ import annotations

from ninja import Query, Router
from ninja.errors import HttpError

from sourcebook.api import api, schemas
from sourcebook.api.openapi import answers

from .documents import DEFAULT_FACETS, FACETS

router = Router(tags=["search"])

_FACET_HELP = ", ".join(FACETS)
# The facet filters are read from the query string by name (``request.GET.getlist``), so
# django-ninja cannot see them: the schema lists them here, one repeatable parameter each.
_FILTERS = [
    {
        "in": "query",
        "name": name,
        "required": False,
        "description": f"Only documents with this {label.lower()} (a facet value, as `facets` "
        "lists it). Repeat it, or name other facets too: every value given has to hold.",
        "schema": {"type": "array", "items": {"type": "string"}},
        "style": "form",
        "explode": True,
    }
    for name, label in FACETS.items()
]


@router.get(
    "/search",
    summary="Search documents",
    description=(
        'Full-text search with facets. Query syntax: words (all must match), "phrase", OR, '
        "-exclude, prefix*, title:/text:/person:/place:. Filter by facet with "
        f"`<facet>=<value>` (repeatable; facets: {_FACET_HELP}). `from`/`to` take 1959, "
        "1959-10 or 1959-10-11 and match documents whose possible dates overlap the range "
        "(undated documents only with `undated=include`; a range that ends before it starts "
        "is a 400). "
        "Each result has `snippet` with `highlights` ([start, end] offsets into it), "
        "`snippet_html` (escaped, with <mark>), `matched_variants` (name renderings found) and "
        "`matched_readings` (each rendering with the reading that matched it: `mandarin` or "
        "`sino-korean` for Han characters, else `chinese`, `korean`, `russian`). "
        "Facet counts of a search matching very many documents (setting "
        "`SOURCEBOOK_SEARCH_ESTIMATE_ABOVE`, default 200,000) are estimated from a fixed sample "
        "of the index: `facets_estimated` is then true and `facet_sample_rate` says from one "
        "document in how many; `exact=1` always counts exactly. `total` is always exact."
    ),
    openapi_extra={**answers(schemas.SearchResults, 400), "parameters": _FILTERS},
)
def search_documents(
    request,
    q: str = "",
    date_from: str | None = Query(None, alias="from"),
    date_to: str | None = Query(None, alias="to"),
    sort: str = "relevance",
    undated: str = "exclude",
    page: int = 1,
    page_size: int = 20,
    facets: str | None = Query(
        None,
        description=(
            f"Comma-separated facets to count ({_FACET_HELP}). Absent: the default set "
            f"({', '.join(DEFAULT_FACETS)}); empty (`facets=`) or `none`: no facets. An unknown "
            "name is a 400."
        ),
    ),
    exact: bool = Query(False, description="Count facets exactly, however many documents match."),
):
    from .service import DateRangeError, FacetNameError, facet_choice, filter_problem, search

    filters = {name: request.GET.getlist(name) for name in FACETS if request.GET.getlist(name)}
    if problem := filter_problem(filters):
        raise HttpError(400, problem)
    try:
        wanted = facet_choice(facets)
    except FacetNameError as exc:
        raise HttpError(400, str(exc)) from None
    try:
        return search(
            q,
            filters=filters,
            date_from=date_from,
            date_to=date_to,
            sort=sort,
            page=page,
            page_size=page_size,
            facets=wanted,
            undated=undated,
            exact=exact,
        ).to_json()
    except DateRangeError as exc:
        raise HttpError(400, str(exc)) from None


api.add_router("", router)
