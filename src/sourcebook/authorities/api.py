"""/api/persons and /api/collections: authorities and volumes as JSON."""

from __future__ import annotations

from django.db.models import Count, Q
from django.http import Http404, HttpResponsePermanentRedirect
from django.utils.cache import add_never_cache_headers
from ninja import Query, Router
from ninja.errors import HttpError

from sourcebook.accounts.roles import can_edit
from sourcebook.api import api, schemas
from sourcebook.api.openapi import answers
from sourcebook.api.paging import MAX_PAGE, window
from sourcebook.archive.models import Agent, Collection, Document
from sourcebook.web.live_count import kept_count

from . import listing, profile, queries, review, summary
from .kinds import PERSON
from .merge import resolve_slug
from .models import MergeProposal

router = Router(tags=["authorities"])


@router.get(
    "/persons",
    summary="List persons with documents; search names in any script or romanization",
    description="Persons with at least one public document (`all=1`: every person). `q` finds "
    "a name, a variant or a volume's name in any script or romanization (김일성, Kim Il-sŏng "
    "and Kim Il Sung find the same person); `role`, `from`/`to` (years) and `collection` "
    "count only the documents that match. A bad filter or page is a 400.",
    openapi_extra=answers(schemas.PersonList, 400),
)
def list_persons(
    request,
    page: int = 1,
    page_size: int = 100,
    q: str = "",
    role: str = "",
    collection: str = "",
    year_from: str = Query("", alias="from"),
    year_to: str = Query("", alias="to"),
    all: str = "",  # noqa: A002 - the query parameter's name
):
    page, page_size, offset = window(page, page_size, 500)
    params = {"q": q, "role": role, "collection": collection, "all": all}
    params.update({"from": year_from, "to": year_to})
    try:
        filters = listing.parse(params)
    except listing.BadFilter as exc:
        raise HttpError(400, str(exc)) from None
    rows = listing.authorities(PERSON, filters)
    total = kept_count((PERSON.name, filters), rows)  # until the archive changes
    page_rows = listing.counted(PERSON, filters, list(rows[offset : offset + page_size]))
    return {
        "total": total,
        "page": page,
        "page_size": page_size,
        "results": [
            {
                "id": a.slug,
                "slug": a.slug,
                "name": a.name,
                "description": a.description,
                "documents": a.doc_count,
                "url": f"/api/persons/{a.slug}",
            }
            for a in page_rows
        ],
    }


@router.get(
    "/persons/{slug}",
    summary="One person: names, source ids, documents with roles, co-occurring persons",
    description="A person merged into another answers 301 to the other's URL; a person the "
    "linker proposed and an editor rejected answers 410.",
    openapi_extra=answers(schemas.Person, 404, 410, gone="A proposed person an editor rejected"),
)
def get_person(request, slug: str):
    agent = Agent.objects.filter(slug=slug, kind=Agent.PERSON).first()
    if agent is None:
        moved = resolve_slug(Agent.PERSON, slug)
        if moved:  # merged into another authority: the old URL answers 301, as the page does
            return HttpResponsePermanentRedirect(f"/api/persons/{moved}")
        raise Http404(f"No person {slug}")
    if review.is_rejected(agent) and not can_edit(request.user):
        detail = f"{agent.name} was proposed as a person by the linker and rejected by an editor"
        return api.create_response(request, {"detail": detail}, status=410)
    proposals = MergeProposal.objects.filter(agent=agent) | MergeProposal.objects.filter(
        other=agent
    )
    counted = summary.counts(PERSON, agent)
    data = {
        "id": agent.slug,
        "slug": agent.slug,
        "name": agent.name,
        "kind": agent.kind,
        "description": agent.description,
        "variants": [
            {"name": v.name, "system": v.system, "source": v.source} for v in agent.variants.all()
        ],
        "external_ids": {x["key"]: x["id"] for x in profile.external_ids(agent)},
        "source_ids": [
            {
                "id": s["id"],
                "volume": s["volume"],
                "xml_id": s["xml_id"],
                "name": s["name"],
                "description": s["description"],
            }
            for s in profile.source_records(agent)
        ],
        "merge_proposals": [
            {
                "with": (p.other if p.agent_id == agent.id else p.agent).slug,
                "reason": p.reason,
                "descriptions_agree": p.descriptions_agree,
                "status": p.status,
            }
            for p in proposals.select_related("agent", "other")
        ],
        "roles": counted.roles,
        "document_count": counted.document_count,
        "documents": [
            {k: d[k] for k in ("id", "title", "date", "date_edtf", "url", "roles", "link")}
            for d in counted.documents
        ],
        "co_occurring": counted.peers,
        "counted_as_of": counted.as_of.isoformat() if counted.as_of else None,
        "url": f"/persons/{agent.slug}/",
    }
    if counted.as_of is None:
        return data
    response = api.create_response(request, data, status=200)
    add_never_cache_headers(response)  # new counts are on their way: keep this answer nowhere
    return response


@router.get(
    "/collections",
    summary="List collections (volumes)",
    openapi_extra=answers(schemas.CollectionList),
)
def list_collections(request):
    published = Count("documents", filter=Q(documents__status=Document.PUBLISHED))
    rows = Collection.objects.annotate(published=published).order_by("name")
    return {
        "results": [
            {
                "slug": c.slug,
                "title": c.name,
                "documents": c.published,
                "url": f"/api/collections/{c.slug}",
            }
            for c in rows
        ]
    }


@router.get(
    "/collections/{slug}",
    summary="One collection: volume data, chapters, documents",
    description="The documents in volume order under their chapters, 1,000 a page (`page`; "
    "`pages` and `total` say how many); a chapter that continues on the next page is listed "
    "again there.",
    openapi_extra=answers(schemas.CollectionDetail, 400, 404),
)
def get_collection(request, slug: str, page: int = 1):
    coll = Collection.objects.filter(slug=slug).first()
    if coll is None:
        raise Http404(f"No collection {slug}")
    if not 1 <= page <= MAX_PAGE:
        raise HttpError(400, f"page must be a number from 1 to {MAX_PAGE}")
    data = coll.data or {}
    outline = queries.collection_outline(coll, page)
    return {
        "slug": coll.slug,
        "title": coll.name,
        "description": coll.description,
        "volume_id": data.get("id"),
        "editors": data.get("editors") or [],
        "publication_date": data.get("publication_date"),
        "publisher": data.get("publisher"),
        "permalink": data.get("permalink"),
        "chapters": [
            {
                "id": ch["id"],
                "title": ch["title"],
                "documents": [
                    {
                        "id": d["public_id"],
                        "title": d["title"],
                        "date": {"text": d["date_text"], "edtf": d["date_edtf"]},
                        "url": f"/api/documents/{d['public_id']}",
                    }
                    for d in ch["documents"]
                ],
            }
            for ch in outline.chapters
        ],
        "page": outline.number,
        "pages": outline.pages,
        "total": outline.total,
        "tei": f"/collections/{coll.slug}.tei.xml",
        "url": f"/collections/{coll.slug}/",
    }


api.add_router("", router)
