"""Person, organization, place and collection pages, editors' link review, and a collection as
one teiCorpus file."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import (
    Http404,
    HttpResponse,
    HttpResponseBadRequest,
    HttpResponseForbidden,
    HttpResponsePermanentRedirect,
)
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from sourcebook.accounts.access import editors_only
from sourcebook.accounts.roles import can_edit
from sourcebook.archive.models import Agent, Collection, Document, Place
from sourcebook.web.downloads import attach
from sourcebook.web.live_count import kept_count

from . import listing, profile, proposed, queries, review, summary
from .kinds import ORGANIZATION, PERSON, PLACE, Kind, kind_of
from .merge import resolve_slug
from .models import MergeProposal


@require_safe
def persons(request):
    return authority_list(request, PERSON)


@require_safe
def person(request, slug: str):
    agent = Agent.objects.filter(slug=slug).first()
    if agent is None:
        moved = resolve_slug(Agent.PERSON, slug) or resolve_slug(Agent.ORGANIZATION, slug)
        if moved:  # merged into another authority: its old URL stays good
            return HttpResponsePermanentRedirect(reverse("person", args=[moved]))
        raise Http404(f"No person {slug}")
    if agent.kind != Agent.PERSON:
        return HttpResponsePermanentRedirect(kind_of(agent).url(agent.slug))
    if review.is_rejected(agent) and not can_edit(request.user):
        return render(request, "authorities/rejected.html", {"agent": agent}, status=410)
    return authority_page(request, PERSON, agent)


@require_safe
def organizations(request):
    return authority_list(request, ORGANIZATION)


@require_safe
def organization(request, slug: str):
    agent = Agent.objects.filter(slug=slug, kind=Agent.ORGANIZATION).first()
    if agent is None:
        moved = resolve_slug(Agent.ORGANIZATION, slug)
        if moved:  # merged into another authority: its old URL stays good
            return HttpResponsePermanentRedirect(reverse("organization", args=[moved]))
        raise Http404(f"No organization {slug}")
    return authority_page(request, ORGANIZATION, agent)


@require_safe
def places(request):
    return authority_list(request, PLACE)


@require_safe
def place(request, slug: str):
    row = Place.objects.filter(slug=slug).first()
    if row is None:
        raise Http404(f"No place {slug}")
    return authority_page(request, PLACE, row)


def authority_list(request, kind: Kind):
    """``/persons/`` and its siblings: who has documents, with name search and filters."""
    try:
        filters = listing.parse(request.GET)
    except listing.BadFilter as exc:
        return HttpResponseBadRequest(f"{exc}\n", content_type="text/plain; charset=utf-8")
    rows = listing.authorities(kind, filters)
    paginator = Paginator(rows, 100)
    paginator.count = kept_count((kind.name, filters), rows)  # until the archive changes
    page = paginator.get_page(request.GET.get("page"))
    page.object_list = listing.counted(kind, filters, list(page.object_list))
    keep = request.GET.copy()
    keep.pop("page", None)
    context = {
        "kind": kind,
        "page": page,
        "filters": filters,
        "query": keep.urlencode(),
        "roles": profile.ROLE_ORDER if kind.field == "agent" else [],
        "collections": Collection.objects.order_by("name").values_list("slug", "name"),
    }
    return render(request, "authorities/persons.html", context)


def authority_page(request, kind: Kind, authority):
    """A person, organization or place: names, sources, documents by year, co-occurring
    persons, mentions in context; and for editors the links waiting for review."""
    counted = summary.counts(kind, authority)
    context = {
        "kind": kind,
        "agent": authority,
        "names": profile.names(authority),
        "source_records": profile.source_records(authority),
        "roles": counted.roles,
        "external_ids": profile.external_ids(authority),
        "documents": counted.documents,
        "document_count": counted.document_count,
        "counted_as_of": counted.as_of,
        "timeline": profile.timeline(counted.documents),
        "peers": counted.peers,
        "mentions": counted.mentions,
        "proposals": _proposals(authority) if kind.field == "agent" else [],
        "editor": can_edit(request.user),
        "rejected": review.is_rejected(authority),
    }
    if context["editor"]:
        context["review"] = profile.review_links(kind, authority)
        context["reviewed"] = _count_param(request, "reviewed")
        context["restored"] = _count_param(request, "restored")
    response = render(request, "authorities/person.html", context)
    if context["editor"]:
        add_never_cache_headers(response)
        response["Cache-Control"] += ", private"
    elif counted.as_of:  # new counts are on their way: keep this page nowhere
        add_never_cache_headers(response)
    return response


def _proposals(agent) -> list[dict]:
    proposals = list(MergeProposal.objects.filter(agent=agent).select_related("other")) + list(
        MergeProposal.objects.filter(other=agent).select_related("agent")
    )
    return [
        {"proposal": p, "peer": p.other if p.agent_id == agent.id else p.agent} for p in proposals
    ]


def _count_param(request, name: str) -> int | None:
    """A count a redirect after a decision carries in the URL (shown as "3 links decided"):
    None when missing or not a small number."""
    value = request.GET.get(name, "")
    return int(value) if value.isdigit() and len(value) < 6 else None


@require_POST
def review_person(request, slug: str):
    return _review(request, PERSON, Agent.objects.filter(slug=slug, kind=Agent.PERSON).first())


@require_POST
def reject_person(request, slug: str):
    """Reject a person the linker proposed (a candidate) as a whole, then back to its page; a
    reader gets 403 and anything but an unreviewed candidate 400, changing nothing."""
    return _decide_proposal(request, slug, review.reject_candidate, "reject", "reviewed")


@require_POST
def restore_person(request, slug: str):
    """Take back the rejection of a proposed person, then back to its page (reviewable again);
    a reader gets 403 and anything but a rejected proposal 400, changing nothing."""
    return _decide_proposal(request, slug, review.restore_candidate, "restore", "restored")


def _decide_proposal(request, slug: str, decide, verb: str, shown_as: str):
    """``decide(agent, editor)`` on a person the linker proposed; back to its page with the
    count of links it changed in ``shown_as``."""
    agent = Agent.objects.filter(slug=slug, kind=Agent.PERSON).first()
    if agent is None:
        raise Http404("No person")
    if not can_edit(request.user):
        return HttpResponseForbidden(
            f"Only editors {verb} proposed persons.\n", content_type="text/plain"
        )
    try:
        count = decide(agent, request.user.get_username())
    except review.BadReview as exc:
        return HttpResponseBadRequest(f"{exc}\n", content_type="text/plain; charset=utf-8")
    return redirect(f"{PERSON.url(agent.slug)}?{shown_as}={count}#review")


@editors_only
@require_http_methods(["GET", "HEAD", "POST"])
def proposed_persons(request):
    """The persons the linker proposed and no editor reviewed, 100 a page; a POST rejects the
    chosen ones (``person`` slugs), all or none: a bad choice is a 400 that changes nothing."""
    try:
        if request.method == "POST":
            slugs = proposed.parse_slugs(request.POST.getlist("person"))
            count = proposed.reject_many(slugs, request.user.get_username())
            return redirect(f"{reverse('proposed')}?rejected={count}")
        rows, after = proposed.page(request.GET.get("after", ""))
    except review.BadReview as exc:
        return HttpResponseBadRequest(f"{exc}\n", content_type="text/plain; charset=utf-8")
    context = {
        "rows": rows,
        "after": after,
        "total": proposed.waiting().count(),
        "rejected_lately": proposed.rejected_lately(),
        "rejected": _count_param(request, "rejected"),
    }
    return render(request, "authorities/proposed.html", context)


@require_POST
def review_organization(request, slug: str):
    agent = Agent.objects.filter(slug=slug, kind=Agent.ORGANIZATION).first()
    return _review(request, ORGANIZATION, agent)


@require_POST
def review_place(request, slug: str):
    return _review(request, PLACE, Place.objects.filter(slug=slug).first())


def _review(request, kind: Kind, authority):
    """Confirm or reject the checked links (``link`` ids, ``action`` confirm|reject), then back
    to the page; a reader gets 403 and a bad form 400, changing nothing."""
    if authority is None:
        raise Http404(f"No {kind.name}")
    if not can_edit(request.user):
        return HttpResponseForbidden("Only editors review links.\n", content_type="text/plain")
    try:
        ids = review.parse_ids(request.POST.getlist("link"))
        count = review.decide(
            kind, authority, request.POST.get("action", ""), ids, request.user.get_username()
        )
    except review.BadReview as exc:
        return HttpResponseBadRequest(f"{exc}\n", content_type="text/plain; charset=utf-8")
    return redirect(f"{kind.url(authority.slug)}?reviewed={count}#review")


@require_safe
def collections(request):
    rows = Collection.objects.order_by("name")
    return render(request, "authorities/collections.html", {"collections": rows})


def _collection(slug: str) -> Collection:
    coll = Collection.objects.filter(slug=slug).first()
    if coll is None:
        raise Http404(f"No collection {slug}")
    return coll


@require_safe
def collection(request, slug: str):
    coll = _collection(slug)
    data = coll.data or {}
    outline = queries.collection_outline(coll, _page_number(request))
    context = {
        "collection": coll,
        "data": data,
        "outline": outline,
        "corpus_limit": queries.WEB_CORPUS_LIMIT,
        "front_matter": list((data.get("front_matter") or {}).values()),
        "person_count": coll.source_ids.values("agent").distinct().count(),
    }
    return render(request, "authorities/collection.html", context)


def _page_number(request) -> int:
    """``?page=``; anything but a number is the first page (as Django's ``get_page``)."""
    text = request.GET.get("page") or "1"
    return int(text) if text.isdecimal() and len(text) < 9 else 1


@require_safe
def collection_tei(request, slug: str):
    coll = _collection(slug)
    size = Document.live.filter(collection=coll).count()
    if size > queries.WEB_CORPUS_LIMIT:
        message = (
            f"{coll.slug} holds {size:,} documents; its TEI corpus is made on request only up to "
            f"{queries.WEB_CORPUS_LIMIT:,}. Export it with: sourcebook export-collection "
            f"{coll.slug} -o {coll.slug}.tei.xml\n"
        )
        return HttpResponseForbidden(message, content_type="text/plain; charset=utf-8")
    response = HttpResponse(queries.corpus_tei(coll), content_type="application/tei+xml")
    if request.GET.get("download"):
        attach(response, f"{coll.slug}.tei.xml")
    return response
