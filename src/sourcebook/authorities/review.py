"""Editors confirm or reject links between documents and an authority, one or many at once.

Each decision sets the link's state and ``decided_by``, writes a :class:`~.models.Decision`
keyed by stable strings (so a re-ingest or re-link reads it the same), an audit entry, and an
index event for the document (its Person facet changes), all in one transaction.
"""

from __future__ import annotations

from django.db import transaction

from sourcebook.archive.models import DocumentAgent, IndexEvent
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
