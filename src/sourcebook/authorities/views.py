"""Person and collection pages, and a collection as one teiCorpus file."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import Http404, HttpResponse, HttpResponsePermanentRedirect
from django.shortcuts import render
from django.urls import reverse

from sourcebook.archive.models import Agent, Collection
from sourcebook.web.downloads import attach

from . import queries
from .merge import resolve_slug
from .models import MergeProposal


def persons(request):
    page = Paginator(queries.persons_with_counts(), 100).get_page(request.GET.get("page"))
    return render(request, "authorities/persons.html", {"page": page})


def person(request, slug: str):
    agent = Agent.objects.filter(slug=slug).first()
    if agent is None:
        moved = resolve_slug(Agent.PERSON, slug) or resolve_slug(Agent.ORGANIZATION, slug)
        if moved:  # merged into another authority: its old URL stays good
            return HttpResponsePermanentRedirect(reverse("person", args=[moved]))
        raise Http404(f"No person {slug}")
    proposals = list(MergeProposal.objects.filter(agent=agent).select_related("other")) + list(
        MergeProposal.objects.filter(other=agent).select_related("agent")
    )
    context = {
        "agent": agent,
        "documents": queries.person_documents(agent),
        "source_ids": agent.source_ids.all(),
        "variants": agent.variants.all(),
        "proposals": [
            {"proposal": p, "peer": p.other if p.agent_id == agent.id else p.agent}
            for p in proposals
        ],
    }
    return render(request, "authorities/person.html", context)


def collections(request):
    rows = Collection.objects.order_by("name")
    return render(request, "authorities/collections.html", {"collections": rows})


def _collection(slug: str) -> Collection:
    coll = Collection.objects.filter(slug=slug).first()
    if coll is None:
        raise Http404(f"No collection {slug}")
    return coll


def collection(request, slug: str):
    coll = _collection(slug)
    data = coll.data or {}
    context = {
        "collection": coll,
        "data": data,
        "chapters": queries.collection_outline(coll),
        "front_matter": list((data.get("front_matter") or {}).values()),
        "person_count": coll.source_ids.values("agent").distinct().count(),
    }
    return render(request, "authorities/collection.html", context)


def collection_tei(request, slug: str):
    coll = _collection(slug)
    response = HttpResponse(queries.corpus_tei(coll), content_type="application/tei+xml")
    if request.GET.get("download"):
        attach(response, f"{coll.slug}.tei.xml")
    return response
