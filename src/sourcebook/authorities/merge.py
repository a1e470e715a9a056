"""Accepting a merge proposal: one agent keeps the other's volume ids, names and links."""

from __future__ import annotations

from django.db import transaction

from sourcebook.archive.models import Agent, DocumentAgent, IndexEvent, NameVariant
from sourcebook.audit.log import record as audit

from .models import MergeProposal, SourceId


@transaction.atomic
def accept(proposal: MergeProposal, actor: str = "system") -> Agent:
    """Merge ``proposal.other`` into ``proposal.agent``; the other's name stays as a variant.

    Recorded in the audit log (who merged which person into which), in the same transaction.
    """
    keep, drop = proposal.agent, proposal.other
    audit(
        actor,
        "merge",
        "agent",
        keep.slug,
        before={"kept": _summary(keep), "merged": _summary(drop)},
        after={"kept": keep.slug, "merged_slug": drop.slug},
    )
    # The documents of both are indexed under the kept agent's names from now on.
    linked = list(
        DocumentAgent.objects.filter(agent__in=[keep, drop]).values_list(
            "document__public_id", flat=True
        )
    )
    existing = set(DocumentAgent.objects.filter(agent=keep).values_list("document_id", "role"))
    for link in DocumentAgent.objects.filter(agent=drop):
        if (link.document_id, link.role) in existing:
            link.delete()
        else:
            link.agent = keep
            link.save(update_fields=["agent"])
    SourceId.objects.filter(agent=drop).update(agent=keep)
    NameVariant.objects.filter(agent=drop).update(agent=keep)
    if drop.name != keep.name and not keep.variants.filter(name=drop.name).exists():
        NameVariant.objects.create(agent=keep, name=drop.name, source="merge")
    # Proposals between the dropped agent and others now concern the kept one.
    for other in MergeProposal.objects.filter(agent=drop).exclude(pk=proposal.pk):
        if (
            other.other_id != keep.id
            and not MergeProposal.objects.filter(agent=keep, other=other.other).exists()
        ):
            other.agent = keep
            other.save(update_fields=["agent"])
    for other in MergeProposal.objects.filter(other=drop).exclude(pk=proposal.pk):
        if (
            other.agent_id != keep.id
            and not MergeProposal.objects.filter(agent=other.agent, other=keep).exists()
        ):
            other.other = keep
            other.save(update_fields=["other"])
    keep.data = {
        **(keep.data or {}),
        "merged": [*((keep.data or {}).get("merged") or []), drop.slug],
    }
    keep.save(update_fields=["data"])
    drop.delete()  # cascades the remaining proposals that involved it, this one included
    IndexEvent.upsert_all(linked)
    return keep


def _summary(agent: Agent) -> dict:
    return {"slug": agent.slug, "name": agent.name, "description": agent.description}
