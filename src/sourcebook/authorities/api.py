"""/api/persons and /api/collections: authorities and volumes as JSON."""

from __future__ import annotations

from django.http import Http404
from ninja import Router

from sourcebook.api import api
from sourcebook.api.paging import window
from sourcebook.archive.models import Agent, Collection, Document

from . import queries
from .models import MergeProposal

router = Router(tags=["authorities"])


@router.get("/persons", summary="List persons with their document counts")
def list_persons(request, page: int = 1, page_size: int = 100):
    page, page_size, offset = window(page, page_size, 500)
    rows = queries.persons_with_counts()
    total = rows.count()
    return {
        "total": total,
        "page": page,
        "page_size": page_size,
        "results": [
            {
                "slug": a.slug,
                "name": a.name,
                "description": a.description,
                "documents": a.doc_count,
                "url": f"/api/persons/{a.slug}",
            }
            for a in rows[offset : offset + page_size]
        ],
    }


@router.get("/persons/{slug}", summary="One person: source ids, documents with roles")
def get_person(request, slug: str):
    agent = Agent.objects.filter(slug=slug).first()
    if agent is None:
        raise Http404(f"No person {slug}")
    proposals = MergeProposal.objects.filter(agent=agent) | MergeProposal.objects.filter(
        other=agent
    )
    return {
        "slug": agent.slug,
        "name": agent.name,
        "kind": agent.kind,
        "description": agent.description,
        "variants": [{"name": v.name, "system": v.system} for v in agent.variants.all()],
        "source_ids": [
            {"volume": s.volume, "xml_id": s.xml_id, "name": s.name, "description": s.description}
            for s in agent.source_ids.all()
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
        "documents": queries.person_documents(agent),
        "url": f"/persons/{agent.slug}/",
    }


@router.get("/collections", summary="List collections (volumes)")
def list_collections(request):
    return {
        "results": [
            {
                "slug": c.slug,
                "title": c.name,
                "documents": c.documents.filter(status=Document.PUBLISHED).count(),
                "url": f"/api/collections/{c.slug}",
            }
            for c in Collection.objects.order_by("name")
        ]
    }


@router.get("/collections/{slug}", summary="One collection: volume data, chapters, documents")
def get_collection(request, slug: str):
    coll = Collection.objects.filter(slug=slug).first()
    if coll is None:
        raise Http404(f"No collection {slug}")
    data = coll.data or {}
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
            for ch in queries.collection_outline(coll)
        ],
        "tei": f"/collections/{coll.slug}.tei.xml",
        "url": f"/collections/{coll.slug}/",
    }


api.add_router("", router)
