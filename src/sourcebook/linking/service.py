"""Link documents to the database's authorities and write what the linker found.

Rules of writing (the data contract of ``archive.models.LinkFields``):

- A document's previous ``automatic`` and ``candidate`` rows are replaced by the new result.
- Rows that are ``encoded`` (the source's own links), ``confirmed`` or ``rejected`` are never
  touched, and an authority that has one for the document gets no new row: a rejected link
  never comes back, and an encoded link is not doubled by an automatic one.
- At or above ``SOURCEBOOK_LINK_THRESHOLD`` a link is ``automatic``; below it ``candidate``.
  Links to candidate authorities (proposed from text, :mod:`.candidates`) stay candidates.
- A document whose links changed gets an index event (its facets and names change).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction

from sourcebook.archive.models import (
    Agent,
    Document,
    DocumentAgent,
    DocumentPlace,
    IndexEvent,
    LinkFields,
)
from sourcebook.authorities.models import Decision
from sourcebook.core import linking

from . import candidates as proposing
from .entries import gazetteer, parse_key

REPLACED = (LinkFields.AUTOMATIC, LinkFields.CANDIDATE)
ROLE = "mentioned"


@dataclass
class Summary:
    documents: int = 0
    automatic: int = 0
    candidate: int = 0
    proposed: int = 0  # new candidate authorities
    changed: int = 0  # documents whose links changed


def threshold() -> float:
    return settings.SOURCEBOOK_LINK_THRESHOLD


def segments(doc: Document) -> list[linking.Segment]:
    """The title, the source note (FRUS), the texts (with their index: mentions keep offsets)
    and the notes."""
    out = [linking.Segment(doc.title or "", None, None)]
    source_note = (doc.extra or {}).get("source_note")
    if isinstance(source_note, str) and source_note:
        out.append(linking.Segment(source_note, None, None))
    notes = []
    for position, text in enumerate(doc.texts.all()):
        out.append(linking.Segment(text.body, text.language, position))
        notes.extend(
            linking.Segment(a.content, text.language, None)
            for a in text.annotations.all()
            if a.type == "note" and a.content
        )
    return out + notes


def scope(doc: Document) -> str | None:
    """The volume a document belongs to, whose persons list the linker prefers."""
    return (doc.extra or {}).get("volume") or None


class Linker:
    """One gazetteer for a run over many documents (rebuilt when authorities are proposed)."""

    def __init__(self) -> None:
        self.reload()

    def reload(self) -> None:
        self.gaz, self.candidate_agents = gazetteer()

    def run(self, doc: Document, summary: Summary, reindex: bool = True) -> None:
        segs = segments(doc)
        result = linking.link(self.gaz, segs, scope(doc))
        if proposing.wanted(doc):
            made = proposing.create(doc, segs, result)
            if made:
                summary.proposed += made
                self.reload()
                result = linking.link(self.gaz, segs, scope(doc))
        write(doc, result, self.candidate_agents, summary, reindex)
        summary.documents += 1


def _rejected_by_decision(doc: Document) -> set[str]:
    """Slugs an editor rejected for this document through a decision record."""
    rows = (
        Decision.objects.filter(action="reject_link")
        .filter(subject=doc.public_id)
        .values_list("object", flat=True)
    )
    back = Decision.objects.filter(action="reject_link", object=doc.public_id).values_list(
        "subject", flat=True
    )
    return set(rows) | set(back)


def write(
    doc: Document, result: linking.Result, candidate_agents: set[int], summary, reindex=True
) -> None:
    """Replace the document's automatic and candidate rows by ``result`` (see module doc).

    ``reindex=False``: the caller's transaction already queued the document's index event
    (ingest and edits write one with the new version), which the indexer applies after commit.
    """
    limit = threshold()
    before = _state(doc)
    DocumentAgent.objects.filter(document=doc, link__in=REPLACED).delete()
    DocumentPlace.objects.filter(document=doc, link__in=REPLACED).delete()
    held_agents = set(DocumentAgent.objects.filter(document=doc).values_list("agent_id", flat=True))
    held_places = set(DocumentPlace.objects.filter(document=doc).values_list("place_id", flat=True))
    refused = _rejected_by_decision(doc)
    if refused:
        held_agents |= set(Agent.objects.filter(slug__in=refused).values_list("id", flat=True))
    agents, places = [], []
    by_key: dict[str, list[dict]] = {}
    for m in result.mentions:
        if m.text is not None:
            by_key.setdefault(m.key, []).append(m.to_json())
    for key, confidence in result.authorities.items():
        kind, pk = parse_key(key)
        mentions = by_key.get(key, [])
        candidate = confidence < limit or (kind == "agent" and pk in candidate_agents)
        fields = {
            "link": LinkFields.CANDIDATE if candidate else LinkFields.AUTOMATIC,
            "confidence": confidence,
            "mentions": mentions,
        }
        if kind == "agent" and pk not in held_agents:
            agents.append(DocumentAgent(document=doc, agent_id=pk, role=ROLE, **fields))
        elif kind == "place" and pk not in held_places:
            places.append(DocumentPlace(document=doc, place_id=pk, **fields))
        else:
            continue
        if candidate:
            summary.candidate += 1
        else:
            summary.automatic += 1
    DocumentAgent.objects.bulk_create(agents, batch_size=500)
    DocumentPlace.objects.bulk_create(places, batch_size=500)
    if _state(doc) != before:
        summary.changed += 1
        if reindex:
            IndexEvent.objects.create(public_id=doc.public_id, action=IndexEvent.UPSERT)


def _state(doc: Document) -> set[tuple]:
    a = DocumentAgent.objects.filter(document=doc, link__in=REPLACED)
    p = DocumentPlace.objects.filter(document=doc, link__in=REPLACED)
    return {
        ("a", x, y, round(c, 3)) for x, y, c in a.values_list("agent_id", "link", "confidence")
    } | {("p", x, y, round(c, 3)) for x, y, c in p.values_list("place_id", "link", "confidence")}


def _documents(ids: Iterable[int]):
    return Document.objects.filter(pk__in=list(ids)).prefetch_related("texts__annotations")


def link_documents(
    docs: Iterable[Document] | None = None,
    *,
    progress: Callable[[Document], None] | None = None,
    linker: Linker | None = None,
) -> Summary:
    """Link ``docs`` (default: every document), each in its own transaction."""
    summary = Summary()
    pks = (
        list(Document.objects.order_by("pk").values_list("pk", flat=True))
        if docs is None
        else [d.pk for d in docs]
    )
    linker = linker or Linker()
    for start in range(0, len(pks), 200):
        for doc in _documents(pks[start : start + 200]):
            with transaction.atomic():
                linker.run(doc, summary)
            if progress:
                progress(doc)
    return summary


def link_in_transaction(public_ids: list[str]) -> Summary:
    """Link these documents inside the caller's transaction (ingest and edit hooks, which
    queued their index events already)."""
    summary = Summary()
    linker = Linker()
    for doc in Document.objects.filter(public_id__in=public_ids).prefetch_related(
        "texts__annotations"
    ):
        linker.run(doc, summary, reindex=False)
    return summary
