"""Editors confirm or reject links between documents and an authority, one or many at once, and
reject a candidate authority (a person the linker proposed from a record text) as a whole, and
take such a rejection back.

Each decision sets the link's state and ``decided_by``, writes a :class:`~.models.Decision`
keyed by stable strings (so a re-ingest or re-link reads it the same), an audit entry, and an
index event for the document (its Person facet changes), all in one transaction.
"""

from __future__ import annotations

from django.db import transaction
from django.db.models import Exists, OuterRef, Q, QuerySet

from sourcebook.archive.models import Agent, DocumentAgent, IndexEvent
from sourcebook.audit import log

from .kinds import Kind
from .models import Decision

ACTIONS = {"confirm": DocumentAgent.CONFIRMED, "reject": DocumentAgent.REJECTED}
MAX_LINKS = 500


class BadReview(ValueError):
    """The form asked for something this review cannot do (the message says what)."""


def parse_ids(values: list[str]) -> list[int]:
    if not values:
        raise BadReview("choose at least one link")
    if len(values) > MAX_LINKS:
        raise BadReview(f"at most {MAX_LINKS} links at once")
    if not all(v.isdigit() and len(v) <= 18 for v in values):  # 18 digits fit every BIGINT
        raise BadReview("link ids are numbers from the review list")
    return sorted({int(v) for v in values})


def decide(kind: Kind, authority, action: str, ids: list[int], actor: str) -> int:
    """Set the links ``ids`` of ``authority`` to confirmed or rejected; returns how many.

    Every id must be a link of this authority (else nothing changes): a form cannot reach
    another authority's links by editing the ids.
    """
    if action not in ACTIONS:
        raise BadReview(f"action must be one of {', '.join(ACTIONS)}")
    state = ACTIONS[action]
    with transaction.atomic():
        rows = list(
            kind.links()
            .select_for_update(of=("self",))
            .filter(**{kind.field: authority}, pk__in=ids)
            .select_related("document")
        )
        if len(rows) != len(ids):
            raise BadReview("some links are not links of this record")
        for row in rows:
            before = {"link": row.link, "confidence": row.confidence}
            row.link, row.decided_by = state, actor
            row.save(update_fields=["link", "decided_by"])
            role = getattr(row, "role", "")
            Decision.objects.create(
                action=f"{action}_link",
                subject=authority.slug,
                object=row.document.public_id,
                data={"kind": kind.name, "role": role, "was": before["link"]},
                actor=actor,
            )
            log.record(
                actor,
                f"{action}_link",
                kind.link_model._meta.label_lower,
                row.pk,
                before=before,
                after={"link": state},
                note=f"{kind.name} {authority.slug} in {row.document.public_id}"
                + (f" ({role})" if role else ""),
            )
        if state == DocumentAgent.CONFIRMED:
            _accept_candidate(authority, actor)
        IndexEvent.upsert_all(row.document.public_id for row in rows)
    return len(rows)


def _accept_candidate(authority, actor: str) -> None:
    """An editor who confirms a link of a candidate authority (a person the linker proposed
    from a record text) vouches for the person: the authority stops being a candidate."""
    data = getattr(authority, "data", None) or {}
    if not data.get("candidate"):
        return
    authority.data = {**data, "candidate": False, "accepted_by": actor}
    authority.save(update_fields=["data"])
    log.record(actor, "accept_candidate", "agent", authority.slug, note=authority.name)


# Agents no editor rejected as proposed persons (a missing key: SQL's JSON NULL tests differ).
NOT_REJECTED = Q(data__rejected_by__isnull=True)


def is_rejected(authority) -> bool:
    """A candidate authority an editor rejected (:func:`reject_candidate`)."""
    return bool((getattr(authority, "data", None) or {}).get("rejected_by"))


def reject_candidate(authority: Agent, actor: str) -> int:
    """An editor says a person the linker proposed from a record text is nobody ("Item I
    could", a place taken for a name): returns how many of its links were rejected.

    In one transaction: its name and variants are refused (``reject_candidate`` decisions, so
    no later run proposes them again, :mod:`sourcebook.linking.candidates`), its candidate
    links become rejected, and it leaves the linker's gazetteer. The row stays, marked
    ``rejected_by``: nothing is deleted from the web, and its page answers 410.
    """
    with transaction.atomic():
        agent = Agent.objects.select_for_update().filter(pk=authority.pk).first()
        data = (agent.data or {}) if agent else {}
        if agent is None or not data.get("candidate"):
            raise BadReview(
                "only a person proposed by the linker and not yet reviewed can be "
                "rejected; merge or split an established record instead"
            )
        if is_rejected(agent):
            raise BadReview("this proposed person was rejected already")
        refused = dict.fromkeys([agent.name, *agent.variants.values_list("name", flat=True)])
        Decision.objects.bulk_create(
            Decision(
                action=Decision.REJECT_CANDIDATE, subject=name[:400], object=agent.slug, actor=actor
            )
            for name in refused
        )
        # The linker's links only: an editor's decisions stay as they are.
        linker_made = (DocumentAgent.AUTOMATIC, DocumentAgent.CANDIDATE)
        links = DocumentAgent.objects.filter(agent=agent, link__in=linker_made)
        documents = list(links.values_list("document__public_id", flat=True).distinct())
        count = links.update(link=DocumentAgent.REJECTED, decided_by=actor)
        agent.data = {**data, "rejected_by": actor}
        agent.save(update_fields=["data"])
        log.record(
            actor,
            Decision.REJECT_CANDIDATE,
            "agent",
            agent.slug,
            before={"candidate": True},
            after={"rejected_by": actor, "links_rejected": count},
            note=agent.name,
        )
        IndexEvent.upsert_all(documents)
    authority.data = agent.data
    return count


def standing_refusals() -> QuerySet:
    """The ``reject_candidate`` decisions no later ``restore_candidate`` of the same slug took
    back: the names the linker must not propose (a rejection after a restore counts again)."""
    taken_back = Decision.objects.filter(
        action=Decision.RESTORE_CANDIDATE, object=OuterRef("object"), pk__gt=OuterRef("pk")
    )
    return Decision.objects.filter(action=Decision.REJECT_CANDIDATE).exclude(Exists(taken_back))


def _rejected_one_by_one(slug: str) -> set[str]:
    """Documents whose link to ``slug`` an editor rejected on its own (``reject_link``)."""
    by_hand = Decision.objects.filter(action="reject_link")
    return set(by_hand.filter(subject=slug).values_list("object", flat=True)) | set(
        by_hand.filter(object=slug).values_list("subject", flat=True)
    )


def restore_candidate(authority: Agent, actor: str) -> int:
    """Take back the rejection of a proposed person (a wrong click in the queue must be
    mendable): returns how many of its links are candidates again.

    In one transaction: a ``restore_candidate`` decision lifts the refusal of its names, the
    links the rejection closed become candidates (links an editor rejected one by one stay
    rejected), and the person is an unreviewed proposal again: back in the gazetteer, its page
    public. Documents ingested while it was rejected are linked to it by the next ``link``.
    """
    with transaction.atomic():
        agent = Agent.objects.select_for_update().filter(pk=authority.pk).first()
        if agent is None or not is_rejected(agent):
            raise BadReview("only a proposed person that was rejected can be restored")
        data = dict(agent.data)
        rejected_by = data.pop("rejected_by")
        links = DocumentAgent.objects.filter(agent=agent, link=DocumentAgent.REJECTED).exclude(
            document__public_id__in=_rejected_one_by_one(agent.slug)
        )
        documents = list(links.values_list("document__public_id", flat=True).distinct())
        count = links.update(link=DocumentAgent.CANDIDATE, decided_by="")
        Decision.objects.create(
            action=Decision.RESTORE_CANDIDATE,
            subject=agent.name[:400],
            object=agent.slug,
            actor=actor,
        )
        agent.data = data
        agent.save(update_fields=["data"])
        log.record(
            actor,
            Decision.RESTORE_CANDIDATE,
            "agent",
            agent.slug,
            before={"rejected_by": rejected_by},
            after={"candidate": True, "links_restored": count},
            note=agent.name,
        )
        IndexEvent.upsert_all(documents)
    authority.data = agent.data
    return count
