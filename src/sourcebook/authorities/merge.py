"""Merging authorities: one agent keeps the other's volume ids, names, links and old URL.

Every merge leaves three traces, each for its own reader: the audit log (who did what, when),
a :class:`~.models.Redirect` (the merged-away slug answers 301), and, when an editor made it, a
:class:`~.models.Decision` keyed by slugs and source ids (automatic merges are recomputed by the
next ingest and need none). Rejecting a proposal is a decision too: the next ingest reads it
and never merges or proposes the pair again (:mod:`.decisions`).
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction
from django.db.models import Q

from sourcebook.archive import chunks
from sourcebook.archive.models import (
    Agent,
    DocumentAgent,
    IndexEvent,
    LinkFields,
    NameVariant,
    Place,
)
from sourcebook.audit.log import record as audit

from .models import Decision, MergeProposal, Redirect, SourceId


class AuthorityError(ValueError):
    """An editor's operation that cannot be done; ``str()`` is the one-line message."""


# Which of two links of one document, agent and role survives a merge: an editor's decision
# before the source's encoding before the linker's guesses.
_LINK_RANK = {
    LinkFields.CONFIRMED: 4,
    LinkFields.REJECTED: 4,
    LinkFields.ENCODED: 3,
    LinkFields.AUTOMATIC: 2,
    LinkFields.CANDIDATE: 1,
}


def source_keys(agent: Agent) -> list[str]:
    """The agent's stable keys: ``volume#xml_id`` of each of its source ids."""
    return [f"{v}#{x}" for v, x in agent.source_ids.values_list("volume", "xml_id")]


@transaction.atomic
def accept(proposal: MergeProposal, actor: str = "system") -> Agent:
    """Merge ``proposal.other`` into ``proposal.agent`` (an editor's decision)."""
    return merge_agents(proposal.agent, proposal.other, actor, reason=proposal.reason)


@transaction.atomic
def reject(proposal: MergeProposal, actor: str = "system") -> None:
    """Two different persons: the proposal is closed, and no ingest brings it back."""
    proposal.status = MergeProposal.REJECTED
    proposal.save(update_fields=["status"])
    a, b = proposal.agent, proposal.other
    Decision.objects.create(
        action="reject_merge",
        subject=a.slug,
        object=b.slug,
        data={"source_ids": source_keys(a), "other_source_ids": source_keys(b)},
        actor=actor,
    )
    audit(actor, "reject_merge", "agent", a.slug, after={"other": b.slug})


@transaction.atomic
def merge_slugs(slug: str, into_slug: str, actor: str = "system") -> Agent:
    """``sourcebook authorities merge SLUG INTO_SLUG``: an editor merges two authorities."""
    drop = Agent.objects.filter(slug=slug).first()
    keep = Agent.objects.filter(slug=into_slug).first()
    for given, found in ((slug, drop), (into_slug, keep)):
        if found is None:
            raise AuthorityError(f"no authority {given!r}")
    if drop.pk == keep.pk:
        raise AuthorityError(f"{slug!r} cannot be merged into itself")
    if drop.kind != keep.kind:
        raise AuthorityError(f"{slug!r} is a {drop.kind}, {into_slug!r} a {keep.kind}")
    return merge_agents(keep, drop, actor)


@transaction.atomic
def merge_agents(
    keep: Agent, drop: Agent, actor: str = "system", *, automatic: bool = False, reason: str = ""
) -> Agent:
    """Move everything of ``drop`` onto ``keep``, delete ``drop``, and leave its traces.

    ``automatic``: the ingest merged them on strong evidence; logged, but not an editor's
    decision (the next ingest would reach the same result from the sources).
    """
    drop_keys, keep_keys = source_keys(drop), source_keys(keep)
    audit(
        actor,
        "auto_merge" if automatic else "merge",
        "agent",
        keep.slug,
        before={"kept": _summary(keep), "merged": _summary(drop)},
        after={"kept": keep.slug, "merged_slug": drop.slug, "source_ids": drop_keys},
        note=reason,
    )
    if not automatic:
        Decision.objects.create(
            action="merge",
            subject=drop.slug,
            object=keep.slug,
            data={"source_ids": drop_keys, "into_source_ids": keep_keys},
            actor=actor,
        )
    linked = _move_links(keep, drop)
    SourceId.objects.filter(agent=drop).update(agent=keep)
    _move_variants(keep, drop)
    _move_proposals(keep, drop)
    for field in ("wikidata", "viaf", "lcnaf", "description"):
        if not getattr(keep, field) and getattr(drop, field):
            setattr(keep, field, getattr(drop, field))
    keep.data = {
        **(keep.data or {}),
        "merged": [*((keep.data or {}).get("merged") or []), drop.slug],
    }
    keep.save()
    _redirect(drop.kind, drop.slug, keep.slug)
    drop.delete()  # cascades the remaining proposals that involved it
    IndexEvent.upsert_all(linked)
    return keep


def _move_links(keep: Agent, drop: Agent) -> list[str]:
    """Document links of ``drop`` go to ``keep``; where both have one for a document and role,
    the stronger stays (:data:`_LINK_RANK`). Returns the documents to re-index."""
    rows = list(DocumentAgent.objects.filter(agent__in=[keep, drop]).select_related("document"))
    kept = {(r.document_id, r.role): r for r in rows if r.agent_id == keep.id}
    for row in [r for r in rows if r.agent_id == drop.id]:
        other = kept.get((row.document_id, row.role))
        if other is None:
            row.agent = keep
            row.save(update_fields=["agent"])
        elif _LINK_RANK.get(row.link, 0) > _LINK_RANK.get(other.link, 0):
            other.delete()
            row.agent = keep
            row.save(update_fields=["agent"])
        else:
            row.delete()
    return [r.document.public_id for r in rows]


def _move_variants(keep: Agent, drop: Agent) -> None:
    names = {keep.name, *keep.variants.values_list("name", flat=True)}
    for variant in NameVariant.objects.filter(agent=drop):
        if variant.name in names:
            variant.delete()
        else:
            names.add(variant.name)
            variant.agent = keep
            variant.save(update_fields=["agent"])
    if drop.name not in names:
        NameVariant.objects.create(agent=keep, name=drop.name, source="merge")


def _move_proposals(keep: Agent, drop: Agent) -> None:
    """Proposals between the dropped agent and others now concern the kept one."""
    for other in MergeProposal.objects.filter(agent=drop):
        if (
            other.other_id != keep.id
            and not MergeProposal.objects.filter(agent=keep, other=other.other).exists()
        ):
            other.agent = keep
            other.save(update_fields=["agent"])
    for other in MergeProposal.objects.filter(other=drop):
        if (
            other.agent_id != keep.id
            and not MergeProposal.objects.filter(agent=other.agent, other=keep).exists()
        ):
            other.other = keep
            other.save(update_fields=["other"])


def _redirect(kind: str, old: str, new: str) -> None:
    """``old`` answers 301 to ``new``; so do the slugs that pointed at ``old`` (chains stay
    one hop long, and are followed at lookup anyway)."""
    Redirect.objects.filter(kind=kind, new_slug=old).update(new_slug=new)
    Redirect.objects.filter(kind=kind, old_slug=new).delete()  # the target lives again
    Redirect.objects.update_or_create(kind=kind, old_slug=old, defaults={"new_slug": new})


def resolve_slug(kind: str, slug: str) -> str | None:
    """Where a merged-away ``slug`` of that ``kind`` lives now, following chains; ``None`` when
    it never moved or its chain leads nowhere (a loop, or an authority deleted since)."""
    seen = {slug}
    current = slug
    for _ in range(50):
        row = Redirect.objects.filter(kind=kind, old_slug=current).first()
        if row is None:
            break
        current = row.new_slug
        if current in seen:
            return None
        seen.add(current)
    if current == slug:
        return None
    return current if Agent.objects.filter(slug=current).exists() else None


def taken_slugs(bases: Iterable[str] | None = None) -> set[str]:
    """Slugs a new agent may not take: live ones and merged-away ones (their URLs redirect).

    ``bases``: only those a slug made from these bases could meet (the base itself and
    ``base-…``, all that ``hooks._unique_slug`` tries). Why: an ingest asks once per volume,
    and reading every slug of the archive each time made N volumes read N² slugs."""
    agents = Agent.objects.order_by()
    redirects = Redirect.objects.filter(kind__in=[Agent.PERSON, Agent.ORGANIZATION])
    if bases is None:
        return set(agents.values_list("slug", flat=True)) | set(
            redirects.values_list("old_slug", flat=True)
        )
    taken: set[str] = set()
    for part in chunks.parts(sorted(set(bases)), 100):
        agents_q, redirects_q = Q(slug__in=part), Q(old_slug__in=part)
        for base in part:
            agents_q |= Q(slug__startswith=f"{base}-")
            redirects_q |= Q(old_slug__startswith=f"{base}-")
        taken.update(agents.filter(agents_q).values_list("slug", flat=True))
        taken.update(redirects.filter(redirects_q).values_list("old_slug", flat=True))
    return taken


def taken_place_slugs() -> set[str]:
    """Slugs a new place may not take: live ones and merged-away ones."""
    return set(Place.objects.order_by().values_list("slug", flat=True)) | set(
        Redirect.objects.filter(kind="place").values_list("old_slug", flat=True)
    )


def _summary(agent: Agent) -> dict:
    return {"slug": agent.slug, "name": agent.name, "description": agent.description}
