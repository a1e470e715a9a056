"""The ingest hook for volumes: collection, persons, terms, places and document links.

Runs inside the ingest transaction (``archive.ingest.SOURCE_HOOKS``), after the documents are
written, so a volume is imported with its authorities entirely or not at all.
"""

from __future__ import annotations

import re
import unicodedata

from django.conf import settings
from django.db import transaction
from django.utils.text import slugify

from sourcebook.archive import chunks
from sourcebook.archive.models import (
    Agent,
    Collection,
    Document,
    DocumentAgent,
    DocumentPlace,
    IndexEvent,
    LinkFields,
    NameVariant,
    Place,
)
from sourcebook.archive.protection import note_source_changes
from sourcebook.audit.log import record as audit
from sourcebook.core.authority_match import evidence
from sourcebook.core.errors import RecordError

from . import keyindex, namesearch
from .decisions import agent_source_keys
from .keyindex import block_keys as _block_keys
from .matching import Match, Matcher
from .merge import merge_agents, taken_place_slugs, taken_slugs
from .models import MergeProposal, SourceId, Term


def slug_base(name: str) -> str:
    """The slug a name gets when nobody has it yet (:func:`_unique_slug`)."""
    return (slugify(name) or "person")[:180]


def _unique_slug(base: str, taken: set[str], counters: dict[str, int] | None = None) -> str:
    """``base``, else ``base-2``, ``base-3``…; ``counters`` remembers where each base got to, so
    2,000 people of one name cost 2,000 steps, not 2,000,000."""
    base = slug_base(base)
    counters = {} if counters is None else counters
    slug, n = base, counters.get(base, 2)
    while slug in taken:
        slug = f"{base}-{n}"
        n += 1
    counters[base] = n
    taken.add(slug)
    return slug


def _pinyin_variant(name: str) -> str | None:
    m = re.search(r"\(([^)]+)\)\s*$", name)
    return m.group(1).strip() if m else None


def collection_slug(volume_id: str) -> str:
    """The one slug of a volume id: NFC, trimmed, case-folded (``FRUS1958-60v18`` and
    ``frus1958-60v18`` name one collection)."""
    return slugify(unicodedata.normalize("NFC", volume_id).strip().casefold())[:200]


def _collection(data: dict, source=None) -> Collection:
    """The volume's collection, created or updated.

    Why the clash check: the slug folds case, accents and punctuation, so a second volume whose
    id differs only in those would otherwise take over the first one's title, chapters and OAI
    set. The same id, exactly, is the same volume (a new version of it): an update, as for
    documents. A different id with the same slug is refused.
    """
    slug = collection_slug(data["id"])
    coll = Collection.objects.filter(slug=slug).first() or Collection(slug=slug)
    held = (coll.data or {}).get("id") if coll.pk else None
    if held is not None and unicodedata.normalize("NFC", held) != unicodedata.normalize(
        "NFC", data["id"]
    ):
        raise RecordError(
            f"the volume id {data['id'][:80]!r} clashes with the collection {held[:80]!r} "
            "already in the archive (ids that differ only in case, accents or punctuation name "
            "one collection); give this volume its own id, or use exactly the existing one"
        )
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
    values = {"name": (data.get("title") or data["id"])[:500], "description": description}
    differing = _keep_protected(coll, values)
    coll.data = data
    coll.save()
    note_source_changes("collection", coll.pk, differing, source)
    return coll


def _keep_protected(obj, values: dict[str, str]) -> list[tuple[str, str, str]]:
    """Set ``values`` on an authority record except where an editor protected the field;
    returns the protected fields the source would change, for review."""
    differing = []
    for key, value in values.items():
        if key in (obj.protected or []):
            if getattr(obj, key) != value:
                differing.append((key, value, getattr(obj, key)))
        else:
            setattr(obj, key, value)
    return differing


def _persons(
    coll: Collection, volume: str, persons: list[dict], warn, source=None
) -> dict[str, Agent]:
    """SourceId → Agent for every person of the volume: the agent a source id already points
    at (so merges and splits stay), else the one agent of another volume the person strongly
    matches (:mod:`.matching`), else a new agent with merge proposals for an editor."""
    existing = {s.xml_id: s for s in SourceId.objects.select_related("agent").filter(volume=volume)}
    matcher = Matcher(volume, persons)
    taken = taken_slugs(slug_base(p["name"]) for p in persons if not p.get("see"))
    counters: dict[str, int] = {}
    agents: dict[str, Agent] = {}
    fresh: list[tuple[dict, Agent]] = []
    attached: list[tuple[dict, Agent, Match]] = []
    claimed = {s.agent_id for s in existing.values()}
    for person in [p for p in persons if not p.get("see")]:
        sid = existing.get(person["id"])
        if sid is not None:
            agents[person["id"]] = _update_existing(sid, person, coll, volume, source)
            continue
        match = matcher.strong(person, [f"{volume}#{person['id']}"])
        if match is not None and match.agent_id not in claimed:
            claimed.add(match.agent_id)
            attached.append((person, None, match))
            continue
        agent = Agent(
            slug=_unique_slug(person["name"], taken, counters),
            name=person["name"][:500],
            description=person["description"],
            kind=Agent.PERSON,
            data={"first_source": f"{volume}#{person['id']}"},
        )
        fresh.append((person, agent))
        agents[person["id"]] = agent
    # The agents persons were attached to, in one query.
    found = Agent.objects.in_bulk([m.agent_id for _, _, m in attached])
    attached = [(p, found[m.agent_id], m) for p, _, m in attached]
    agents.update({p["id"]: a for p, a, _ in attached})
    # New persons in a few INSERTs (a volume lists hundreds).
    Agent.objects.bulk_create([a for _, a in fresh], batch_size=500)
    created = SourceId.objects.bulk_create(
        [
            SourceId(
                agent=agent,
                collection=coll,
                volume=volume,
                xml_id=person["id"],
                name=person["name"],
                description=person["description"],
            )
            for person, agent in [*fresh, *((p, a) for p, a, _ in attached)]
        ],
        batch_size=500,
    )
    keyindex.index(created, fresh=True)  # bulk_create sends no post_save
    variants = NameVariant.objects.bulk_create(
        [
            NameVariant(agent=agent, name=variant, system="pinyin", source=volume)
            for person, agent in fresh
            if (variant := _pinyin_variant(person["name"]))
        ],
        batch_size=500,
    )
    namesearch.index([*(a for _, a in fresh), *created, *variants], fresh=True)
    _note_attached(volume, attached)
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
    _merge_earlier_duplicates(volume, persons, existing, agents, matcher)
    _propose_merges(volume, fresh, warn)
    return agents


def _update_existing(sid: SourceId, person: dict, coll: Collection, volume: str, source) -> Agent:
    """A person this volume listed before: the source id keeps its agent (an editor may have
    merged or split it); the agent's name follows the source only where this volume gave it."""
    agent = sid.agent
    if (sid.name, sid.description, sid.collection_id) != (
        person["name"],
        person["description"],
        coll.id,
    ):
        sid.name, sid.description, sid.collection = person["name"], person["description"], coll
        sid.save()
    if agent.name != person["name"] or agent.description != person["description"]:
        if agent.data.get("first_source") == f"{volume}#{person['id']}":
            values = {"name": person["name"][:500], "description": person["description"]}
            differing = _keep_protected(agent, values)
            agent.save()
            note_source_changes("agent", agent.pk, differing, source)
    return agent


def _note_attached(volume: str, attached: list[tuple[dict, Agent, Match]]) -> None:
    """Persons of this volume attached to an existing agent: their names become variants, and
    each automatic merge is logged (not an editor's Decision: the next ingest recomputes it)."""
    if not attached:
        return
    have = set(
        NameVariant.objects.filter(agent__in=[a for _, a, _ in attached]).values_list(
            "agent_id", "name"
        )
    )
    variants = []
    for person, agent, match in attached:
        names = [person["name"][:500], _pinyin_variant(person["name"])]
        for name, system in zip(names, ("", "pinyin"), strict=True):
            if name and name != agent.name and (agent.id, name) not in have:
                have.add((agent.id, name))
                variants.append(NameVariant(agent=agent, name=name, system=system, source=volume))
        audit(
            "system",
            "auto_merge",
            "agent",
            agent.slug,
            after={
                "source_id": f"{volume}#{person['id']}",
                "with": f"{match.other.volume}#{match.other.xml_id}",
            },
            note=f"{match.evidence.reason} (description agreement {match.evidence.agreement})",
        )
    namesearch.index(NameVariant.objects.bulk_create(variants, batch_size=500), fresh=True)
    # Their other documents are searched by the agent's names: re-index them with the new ones.
    IndexEvent.upsert_all(
        DocumentAgent.objects.filter(agent__in={v.agent_id for v in variants}).values_list(
            "document__public_id", flat=True
        )
    )


def _merge_earlier_duplicates(volume, persons, existing, agents, matcher) -> int:
    """Re-ingest: a person this volume listed before under an agent of its own, that now
    strongly matches an agent of another volume, is merged into it (an archive ingested before
    automatic merging gets one authority per person by ingesting its volumes again). Agents an
    editor merged, or split off (:class:`~.decisions.KeptApart`), are left as they are.
    Returns the number of merges."""
    solo = [s for s in existing.values() if not s.see]
    if not solo:
        return 0
    keys = agent_source_keys({s.agent_id for s in solo})
    by_id = {p["id"]: p for p in persons if not p.get("see")}
    done: set[int] = set()
    merged: dict[int, Agent] = {}
    for sid in solo:
        own = keys.get(sid.agent_id, [])
        person = by_id.get(sid.xml_id)
        if person is None or sid.agent_id in done or any(k.split("#")[0] != volume for k in own):
            continue
        match = matcher.strong(person, own, sid.agent_id)
        if match is None or match.agent_id in done:
            continue
        # The older agent stays: its slug is the one people have linked to longest.
        keep, drop = sorted(Agent.objects.filter(pk__in=[match.agent_id, sid.agent_id]), key=_pk)
        dropped = drop.id  # delete() clears it
        merge_agents(keep, drop, "system", automatic=True, reason=match.evidence.reason)
        done.update({keep.id, dropped})
        merged[dropped] = keep
    for xml_id, agent in list(agents.items()):
        if agent.id in merged:
            agents[xml_id] = merged[agent.id]
    return len(merged)


def _pk(agent: Agent) -> int:
    return agent.pk


@transaction.atomic
def merge_duplicates() -> int:
    """``sourcebook authorities dedupe``: what re-ingesting every volume would merge, without
    the files (the source ids hold each volume's names and descriptions). Linear in the source
    ids per volume; returns the number of merges."""
    total = 0
    for volume in SourceId.objects.order_by("volume").values_list("volume", flat=True).distinct():
        existing = {s.xml_id: s for s in SourceId.objects.filter(volume=volume)}
        persons = [
            {"id": s.xml_id, "name": s.name, "description": s.description, "see": s.see}
            for s in existing.values()
        ]
        total += _merge_earlier_duplicates(volume, persons, existing, {}, Matcher(volume, persons))
    return total


# Existing agents of one block (same name key) a new person is compared with, at most.
CANDIDATES_PER_PERSON = 5


def _blocks(volume: str, fresh: list[tuple[dict, Agent]]) -> dict[str, dict]:
    """Agents of other volumes by blocking key (:func:`.keyindex.block_keys`) of the ``fresh``
    persons: for each key, the first :data:`CANDIDATES_PER_PERSON` distinct agents, and the
    same by description alike (:func:`.keyindex.described`), each with its first source id of
    the block.

    Why blocks with a few representatives: comparing every new person with every person of
    the same name is a cross product (2,000 namesakes in two volumes made 2,000,000 proposals).
    A few agents per block, preferring those described alike, find the real matches (FRUS
    persons recur in a handful of volumes) and keep the work linear in the persons. Read from
    the key index: only the volume's own keys, a few rows each, not every other volume's
    source ids (which made an ingest of N volumes read N² of them).
    """
    keys = {k for person, _ in fresh for k in _block_keys(person["name"])}
    first = keyindex.first_agents(keys, volume, CANDIDATES_PER_PERSON)
    alike = keyindex.first_agents(keys, volume, CANDIDATES_PER_PERSON, by_description=True)
    pks = sorted({pk for found in [*first.values(), *alike.values()] for _, pk in found})
    sids: dict[int, SourceId] = {}
    for part in chunks.parts(pks):
        sids.update(SourceId.objects.select_related("agent").in_bulk(part))
    blocks: dict[str, dict] = {}
    for key, found in first.items():
        block = blocks.setdefault(key, {"first": {}, "described": {}})
        block["first"] = {agent_id: sids[pk] for agent_id, pk in found}
    for (key, desc), found in alike.items():
        block = blocks.setdefault(key, {"first": {}, "described": {}})
        block["described"][desc] = {agent_id: sids[pk] for agent_id, pk in found}
    return blocks


def _candidates(blocks: list[dict], description: str) -> list[SourceId]:
    """At most :data:`CANDIDATES_PER_PERSON` agents of the person's blocks, those described
    alike first."""
    picked: dict[int, SourceId] = {}
    for block in blocks:
        for agent_id, sid in block["described"].get(keyindex.described(description), {}).items():
            picked.setdefault(agent_id, sid)
    for block in blocks:
        for agent_id, sid in block["first"].items():
            if len(picked) >= CANDIDATES_PER_PERSON:
                break
            picked.setdefault(agent_id, sid)
    return list(picked.values())[:CANDIDATES_PER_PERSON]


def _propose_merges(volume: str, fresh: list[tuple[dict, Agent]], warn) -> None:
    """One proposal per new person and candidate of its block, up to the per-ingest cap."""
    blocks = _blocks(volume, fresh) if fresh else {}
    cap = settings.MAX_MERGE_PROPOSALS
    rows: list[MergeProposal] = []
    for person, agent in fresh:
        found = [blocks[k] for k in sorted(_block_keys(person["name"])) if k in blocks]
        for other in _candidates(found, person["description"]):
            if len(rows) >= cap:
                warn(
                    f"{volume}: merge proposals stopped at {cap:,} for this ingest "
                    "(SOURCEBOOK_MAX_MERGE_PROPOSALS); later persons were not compared"
                )
                MergeProposal.objects.bulk_create(rows, batch_size=500, ignore_conflicts=True)
                return
            rows.append(_proposal(volume, other, agent, person))
    MergeProposal.objects.bulk_create(rows, batch_size=500, ignore_conflicts=True)


def _proposal(volume: str, other: SourceId, new: Agent, person: dict) -> MergeProposal:
    found = evidence(other.name, other.description, person["name"], person["description"])
    score = found.agreement
    agree = score >= 0.5 and found.strong
    why = "descriptions agree" if agree else "descriptions differ"
    if not found.strong and found.reason != "the names differ":
        why += f" ({found.reason})"
    reason = (
        f"Same name in {other.volume} ({other.xml_id}: {other.name}) and {volume}; {why}"
        + f": “{other.description}” / “{new.description}”"
    )
    return MergeProposal(
        agent=other.agent,
        other=new,
        reason=reason,
        score=round(score, 3),
        descriptions_agree=agree,
    )


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


def _warner(outcomes):
    """Warnings of the volume go on its first outcome (the CLI prints them, --json lists them)."""

    def warn(message: str) -> None:
        if outcomes and message not in outcomes[0].warnings:
            outcomes[0].warnings.append(message)

    return warn


def ingest_volume(parsed, source, outcomes) -> None:
    """SOURCE_HOOK: for a parsed volume, write its collection, authorities and links."""
    if not parsed.collection:
        return
    if outcomes and all(o.status == "unchanged" for o in outcomes):
        return
    volume = parsed.collection["id"]
    coll = _collection(parsed.collection, source)
    persons = parsed.authorities.get("persons") or []
    agents = _persons(coll, volume, persons, _warner(outcomes), source)
    _terms(coll, volume, parsed.authorities.get("terms") or [])

    ids = [r.id for r in parsed.records]
    docs = {
        d.public_id: d for d in Document.objects.filter(public_id__in=ids).only("id", "public_id")
    }
    Document.objects.filter(public_id__in=ids).update(collection=coll)
    _encoded_links(parsed, docs, agents)


def _encoded_links(parsed, docs: dict[str, Document], agents: dict[str, Agent]) -> None:
    """The volume's own links (``persName/@corresp``, the dateline's place), rewritten as
    ``encoded`` on every ingest. What an editor confirmed or rejected is never touched, and a
    rejected link is not written again; the linker's guesses for the same document, person and
    role give way to the source's encoding."""
    doc_ids = [d.id for d in docs.values()]
    kept = set(
        DocumentAgent.objects.filter(
            document_id__in=doc_ids, link__in=LinkFields.EDITORIAL
        ).values_list("document_id", "agent_id", "role")
    )
    refused = {(d, a) for d, a, _ in kept}
    DocumentAgent.objects.filter(document_id__in=doc_ids, link=LinkFields.ENCODED).delete()
    kept_places = set(
        DocumentPlace.objects.filter(
            document_id__in=doc_ids, link__in=LinkFields.EDITORIAL
        ).values_list("document_id", "place_id")
    )
    DocumentPlace.objects.filter(document_id__in=doc_ids, link=LinkFields.ENCODED).delete()
    places = {p.name: p for p in Place.objects.all()}
    taken_places = taken_place_slugs()
    links: dict[tuple[int, int, str], DocumentAgent] = {}
    place_links: dict[tuple[int, int], DocumentPlace] = {}
    for record in parsed.records:
        doc = docs.get(record.id)
        if doc is None:
            continue
        for person in record.extra.get("persons") or []:
            agent = agents.get(person["id"])
            if agent is None or (doc.id, agent.id) in refused:
                continue
            for role in person.get("roles") or ["mentioned"]:
                links[(doc.id, agent.id, role)] = DocumentAgent(
                    document=doc, agent=agent, role=role, link=LinkFields.ENCODED
                )
        place = record.extra.get("place")
        if place:
            if place not in places:
                places[place] = Place.objects.create(
                    slug=_unique_slug(place, taken_places), name=place[:500]
                )
            key = (doc.id, places[place].id)
            if key not in kept_places:
                place_links[key] = DocumentPlace(
                    document_id=doc.id, place_id=key[1], link=LinkFields.ENCODED
                )
    guesses = DocumentAgent.objects.filter(
        document_id__in=doc_ids, link__in=[LinkFields.AUTOMATIC, LinkFields.CANDIDATE]
    ).values_list("id", "document_id", "agent_id", "role")
    DocumentAgent.objects.filter(id__in=[i for i, *key in guesses if tuple(key) in links]).delete()
    place_guesses = DocumentPlace.objects.filter(
        document_id__in=doc_ids, link__in=[LinkFields.AUTOMATIC, LinkFields.CANDIDATE]
    ).values_list("id", "document_id", "place_id")
    DocumentPlace.objects.filter(
        id__in=[i for i, *key in place_guesses if tuple(key) in place_links]
    ).delete()
    DocumentAgent.objects.bulk_create(links.values(), batch_size=1000, ignore_conflicts=True)
    DocumentPlace.objects.bulk_create(place_links.values(), batch_size=1000, ignore_conflicts=True)
