"""Splitting an authority: some of its source ids were someone else.

The chosen source ids move to a new agent with the variants and the document links their
volumes brought; the split is a :class:`~.models.Decision` (so no later ingest merges them
back) and an audit entry. The old agent keeps its slug: its URL still names the person most
of its sources describe.
"""

from __future__ import annotations

from django.db import transaction

from sourcebook.archive.models import Agent, DocumentAgent, IndexEvent, NameVariant
from sourcebook.audit.log import record as audit

from .merge import AuthorityError, taken_slugs
from .models import Decision, SourceId


def parse_source_id(text: str) -> tuple[str, str]:
    volume, sep, xml_id = text.strip().partition("#")
    if not sep or not volume or not xml_id:
        raise AuthorityError(
            f"{text!r} is not a source id (VOLUME#XMLID, e.g. frus1958-60v18#p_AK5)"
        )
    return volume, xml_id


@transaction.atomic
def split(agent: Agent, source_ids: list[str], actor: str = "system") -> Agent:
    """Move ``source_ids`` (``volume#xml_id``) off ``agent`` to a new agent; returns it."""
    from .hooks import _unique_slug

    wanted = [parse_source_id(s) for s in dict.fromkeys(source_ids)]
    if not wanted:
        raise AuthorityError("name at least one source id to split off (--source-id VOL#XMLID)")
    held = {(s.volume, s.xml_id): s for s in agent.source_ids.all()}
    missing = [f"{v}#{x}" for v, x in wanted if (v, x) not in held]
    if missing:
        raise AuthorityError(f"{agent.slug!r} has no source id {', '.join(missing)}")
    moved = [held[key] for key in wanted]
    remaining = [s for key, s in held.items() if key not in set(wanted)]
    if not remaining:
        raise AuthorityError(
            f"splitting off every source id of {agent.slug!r} would leave it empty; keep one"
        )
    first = moved[0]
    new = Agent.objects.create(
        slug=_unique_slug(first.name, taken_slugs()),
        name=first.name[:500],
        description=first.description,
        kind=agent.kind,
        data={"first_source": f"{first.volume}#{first.xml_id}", "split_from": agent.slug},
    )
    SourceId.objects.filter(pk__in=[s.pk for s in moved]).update(agent=new)
    moved_volumes = {s.volume for s in moved} - {s.volume for s in remaining}
    NameVariant.objects.filter(agent=agent, source__in=moved_volumes).update(agent=new)
    names = {s.name for s in moved} - {s.name for s in remaining} - {agent.name}
    NameVariant.objects.filter(agent=agent, name__in=names).update(agent=new)
    collections = {s.collection_id for s in moved if s.collection_id} - {
        s.collection_id for s in remaining
    }
    # Every document of the agent is searched by its names, and some names moved: re-index all.
    linked = list(agent.document_links.values_list("document__public_id", flat=True))
    links = DocumentAgent.objects.filter(agent=agent, document__collection_id__in=collections)
    links.update(agent=new)
    _refresh_from_remaining(agent, moved, remaining)
    moved_keys = [f"{s.volume}#{s.xml_id}" for s in moved]
    remaining_keys = [f"{s.volume}#{s.xml_id}" for s in remaining]
    Decision.objects.create(
        action="split",
        subject=new.slug,
        object=agent.slug,
        data={"source_ids": moved_keys, "remaining": remaining_keys},
        actor=actor,
    )
    audit(
        actor,
        "split",
        "agent",
        agent.slug,
        before={"source_ids": moved_keys + remaining_keys},
        after={"kept": remaining_keys, "new_slug": new.slug, "moved": moved_keys},
    )
    IndexEvent.upsert_all(linked)
    return new


def _refresh_from_remaining(agent: Agent, moved, remaining) -> None:
    """If the agent's name came from a source that moved, take it from one that stayed
    (fields an editor protected are left alone)."""
    first_source = (agent.data or {}).get("first_source")
    if first_source not in {f"{s.volume}#{s.xml_id}" for s in moved}:
        return
    source = remaining[0]
    agent.data = {**(agent.data or {}), "first_source": f"{source.volume}#{source.xml_id}"}
    for field, value in (("name", source.name[:500]), ("description", source.description)):
        if field not in (agent.protected or []):
            setattr(agent, field, value)
    agent.save()
