"""The ingest hook for volumes: collection, persons, terms, places and document links.

Runs inside the ingest transaction (``archive.ingest.SOURCE_HOOKS``), after the documents are
written, so a volume is imported with its authorities entirely or not at all.
"""

from __future__ import annotations

import re
import unicodedata

from django.utils.text import slugify

from sourcebook.archive.models import Agent, Collection, Document, DocumentAgent, NameVariant, Place

from .models import MergeProposal, SourceId, Term

_STOP = {"the", "of", "and", "for", "to", "in", "on", "at", "a", "an"}


def name_key(name: str) -> str:
    """Names compared across volumes: parenthesised forms, accents, case and punctuation ignored."""
    name = re.sub(r"\([^)]*\)", " ", name)
    name = unicodedata.normalize("NFKD", name)
    name = "".join(c for c in name if not unicodedata.combining(c)).lower()
    return " ".join(re.findall(r"[a-z0-9]+", name))


def _words(text: str) -> set[str]:
    return {w for w in re.findall(r"[a-z]+", text.lower()) if w not in _STOP and len(w) > 2}


def description_agreement(a: str, b: str) -> float:
    """Share of content words two descriptions have in common (0 to 1)."""
    wa, wb = _words(a), _words(b)
    if not wa or not wb:
        return 0.0
    return len(wa & wb) / min(len(wa), len(wb))


def _unique_slug(base: str, taken: set[str]) -> str:
    base = (slugify(base) or "person")[:180]
    slug, n = base, 2
    while slug in taken:
        slug = f"{base}-{n}"
        n += 1
    taken.add(slug)
    return slug


def _pinyin_variant(name: str) -> str | None:
    m = re.search(r"\(([^)]+)\)\s*$", name)
    return m.group(1).strip() if m else None


def _collection(data: dict) -> Collection:
    slug = slugify(data["id"])[:200]
    editors = ", ".join(e["name"] for e in data.get("editors") or [])
    description = "; ".join(
        x
        for x in (
            f"Edited by {editors}" if editors else "",
            data.get("publisher") or "",
            data.get("publication_date") or "",
        )
        if x
    )
    coll = Collection.objects.filter(slug=slug).first() or Collection(slug=slug)
    coll.name = (data.get("title") or data["id"])[:500]
    coll.description = description
    coll.data = data
    coll.save()
    return coll


def _persons(coll: Collection, volume: str, persons: list[dict]) -> dict[str, Agent]:
    """SourceId → Agent for every person of the volume; new agents for new people."""
    existing = {s.xml_id: s for s in SourceId.objects.select_related("agent").filter(volume=volume)}
    taken = set(Agent.objects.values_list("slug", flat=True))
    # Agents of other volumes by name, to propose merges.
    others: dict[str, list[SourceId]] = {}
    for sid in SourceId.objects.exclude(volume=volume).select_related("agent"):
        others.setdefault(name_key(sid.name), []).append(sid)
    agents: dict[str, Agent] = {}
    proposals: list[tuple[Agent, Agent, SourceId, float, bool]] = []
    fresh: list[tuple[dict, Agent]] = []
    for person in [p for p in persons if not p.get("see")]:
        sid = existing.get(person["id"])
        if sid is not None:
            agent = sid.agent
            if (sid.name, sid.description, sid.collection_id) != (
                person["name"],
                person["description"],
                coll.id,
            ):
                sid.name, sid.description, sid.collection = (
                    person["name"],
                    person["description"],
                    coll,
                )
                sid.save()
            if agent.name != person["name"] or agent.description != person["description"]:
                # Only overwrite what this volume gave the agent in the first place.
                if agent.data.get("first_source") == f"{volume}#{person['id']}":
                    agent.name, agent.description = person["name"][:500], person["description"]
                    agent.save()
            agents[person["id"]] = agent
            continue
        agent = Agent(
            slug=_unique_slug(person["name"], taken),
            name=person["name"][:500],
            description=person["description"],
            kind=Agent.PERSON,
            data={"first_source": f"{volume}#{person['id']}"},
        )
        fresh.append((person, agent))
        agents[person["id"]] = agent
    # New persons in a few INSERTs (a volume lists hundreds).
    Agent.objects.bulk_create([a for _, a in fresh], batch_size=500)
    SourceId.objects.bulk_create(
        [
            SourceId(
                agent=agent,
                collection=coll,
                volume=volume,
                xml_id=person["id"],
                name=person["name"],
                description=person["description"],
            )
            for person, agent in fresh
        ],
        batch_size=500,
    )
    NameVariant.objects.bulk_create(
        [
            NameVariant(agent=agent, name=variant, system="pinyin", source=volume)
            for person, agent in fresh
            if (variant := _pinyin_variant(person["name"]))
        ],
        batch_size=500,
    )
    for person, agent in fresh:
        for other in others.get(name_key(person["name"]), []):
            if other.agent_id == agent.id:
                continue
            score = description_agreement(person["description"], other.description)
            proposals.append((other.agent, agent, other, score, score >= 0.5))
    for person in [p for p in persons if p.get("see")]:
        target = agents.get(person["see"])
        if target is None:
            continue
        sid, _ = SourceId.objects.update_or_create(
            volume=volume,
            xml_id=person["id"],
            defaults={
                "agent": target,
                "collection": coll,
                "name": person["name"],
                "description": person["description"],
                "see": person["see"],
            },
        )
        if not target.variants.filter(name=person["name"]).exists():
            NameVariant.objects.create(agent=target, name=person["name"], source=volume)
        agents[person["id"]] = target
    rows = []
    for old, new, other, score, agree in proposals:
        reason = (
            f"Same name in {other.volume} ({other.xml_id}: {other.name}) and {volume}; "
            + ("descriptions agree" if agree else "descriptions differ")
            + f": “{other.description}” / “{new.description}”"
        )
        rows.append(
            MergeProposal(
                agent=old,
                other=new,
                reason=reason,
                score=round(score, 3),
                descriptions_agree=agree,
            )
        )
    MergeProposal.objects.bulk_create(rows, batch_size=500, ignore_conflicts=True)
    return agents


def _terms(coll: Collection, volume: str, terms: list[dict]) -> None:
    existing = {t.xml_id: t for t in Term.objects.filter(volume=volume)}
    new = []
    for term in terms:
        row = existing.get(term["id"])
        if row is None:
            new.append(
                Term(
                    collection=coll,
                    volume=volume,
                    xml_id=term["id"],
                    term=term["name"][:500],
                    description=term["description"],
                )
            )
        elif (row.term, row.description) != (term["name"], term["description"]):
            row.term, row.description, row.collection = term["name"], term["description"], coll
            row.save()
    Term.objects.bulk_create(new, batch_size=500)


def ingest_volume(parsed, source, outcomes) -> None:
    """SOURCE_HOOK: for a parsed volume, write its collection, authorities and links."""
    if not parsed.collection:
        return
    if outcomes and all(o.status == "unchanged" for o in outcomes):
        return
    volume = parsed.collection["id"]
    coll = _collection(parsed.collection)
    agents = _persons(coll, volume, parsed.authorities.get("persons") or [])
    _terms(coll, volume, parsed.authorities.get("terms") or [])

    ids = [r.id for r in parsed.records]
    docs = {
        d.public_id: d for d in Document.objects.filter(public_id__in=ids).only("id", "public_id")
    }
    Document.objects.filter(public_id__in=ids).update(collection=coll)
    DocumentAgent.objects.filter(document__in=docs.values()).delete()
    PlaceLink = Document.places.through
    PlaceLink.objects.filter(document_id__in=[d.id for d in docs.values()]).delete()
    places = {p.name: p for p in Place.objects.all()}
    taken_places = set(Place.objects.values_list("slug", flat=True))
    links, place_links = [], []
    for record in parsed.records:
        doc = docs.get(record.id)
        if doc is None:
            continue
        for person in record.extra.get("persons") or []:
            agent = agents.get(person["id"])
            if agent is None:
                continue
            for role in person.get("roles") or ["mentioned"]:
                links.append(DocumentAgent(document=doc, agent=agent, role=role))
        place = record.extra.get("place")
        if place:
            if place not in places:
                places[place] = Place.objects.create(
                    slug=_unique_slug(place, taken_places), name=place[:500]
                )
            place_links.append(PlaceLink(document_id=doc.id, place_id=places[place].id))
    DocumentAgent.objects.bulk_create(links, batch_size=1000, ignore_conflicts=True)
    PlaceLink.objects.bulk_create(place_links, batch_size=1000, ignore_conflicts=True)
