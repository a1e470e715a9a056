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

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction

from sourcebook.archive.bulk import insert_values
from sourcebook.archive.mentionsfield import column_json
from sourcebook.archive.models import (
    Agent,
    Annotation,
    Document,
    DocumentAgent,
    DocumentPlace,
    IndexEvent,
    LinkFields,
    Text,
)
from sourcebook.archive.prefetched import ROWS, kept, rows
from sourcebook.authorities.models import Decision
from sourcebook.core import linking

from . import beside
from . import candidates as proposing
from .entries import candidate_entry, gazetteer, parse_key

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
    for position, text in enumerate(rows(doc, "texts")):
        out.append(linking.Segment(text.body, text.language, position))
        notes.extend(
            linking.Segment(a.content, text.language, None)
            for a in rows(text, "annotations")
            if a.type == "note" and a.content
        )
    return out + notes


def scope(doc: Document) -> str | None:
    """The volume a document belongs to, whose persons list the linker prefers."""
    return (doc.extra or {}).get("volume") or None


class Linker:
    """One gazetteer for a run over many documents (extended when authorities are proposed)."""

    def __init__(self) -> None:
        self.reload()

    def reload(self) -> None:
        self.gaz, self.candidate_agents = gazetteer()

    def result(self, doc: Document, summary: Summary, read: tuple | None = None) -> linking.Result:
        """What the linker finds in ``doc``, after proposing candidate authorities for the
        unknown names it meets (which the next documents then find in the gazetteer).
        ``read``: ``(link result, proposals)`` of the document with this linker's gazetteer,
        worked out already (:mod:`.beside`)."""
        segs = segments(doc)
        result, proposals = read if read is not None else (None, None)
        if result is None:
            result = linking.link(self.gaz, segs, scope(doc))
        if proposing.wanted(doc):
            made = proposing.create(doc, segs, result, proposals)
            if made:
                summary.proposed += len(made)
                self._add_candidates(made)
                result = linking.link(self.gaz, segs, scope(doc))
        return result

    def _add_candidates(self, made: list[tuple[Agent, list[str]]]) -> None:
        """The candidate authorities this linker just proposed, added to its gazetteer rather
        than every authority read again (this run wrote nothing else to them; another
        process's changes are read by the next batch's linker)."""
        self.gaz = self.gaz.extended([candidate_entry(a, variants) for a, variants in made])
        self.candidate_agents = self.candidate_agents | {a.pk for a, _ in made}


def _rejected_by_decision(public_ids: list[str]) -> dict[str, set[str]]:
    """Slugs an editor rejected for each of these documents through a decision record."""
    refused: dict[str, set[str]] = defaultdict(set)
    rejections = Decision.objects.filter(action="reject_link")
    for pid, slug in rejections.filter(subject__in=public_ids).values_list("subject", "object"):
        refused[pid].add(slug)
    for slug, pid in rejections.filter(object__in=public_ids).values_list("subject", "object"):
        refused[pid].add(slug)
    return refused


def write_many(
    found: list[tuple[Document, linking.Result, set[int]]], summary, reindex=True
) -> None:
    """Replace each document's automatic and candidate rows by its result (see the module
    doc), for many documents with a few queries in all, each with the candidate agents of the
    gazetteer that linked it.

    ``reindex=False``: the caller's transaction already queued the documents' index events
    (ingest and edits write one with the new version), which the indexer applies after commit.
    """
    if not found:
        return
    limit = threshold()
    pks = [doc.pk for doc, _, _ in found]
    before = _states(pks)
    DocumentAgent.objects.filter(document_id__in=pks, link__in=REPLACED).delete()
    DocumentPlace.objects.filter(document_id__in=pks, link__in=REPLACED).delete()
    held_agents = _held(DocumentAgent, "agent_id", pks)
    held_places = _held(DocumentPlace, "place_id", pks)
    refused = _rejected_by_decision([doc.public_id for doc, _, _ in found])
    slugs = {slug for found_slugs in refused.values() for slug in found_slugs}
    by_slug = dict(Agent.objects.filter(slug__in=slugs).values_list("slug", "id")) if slugs else {}
    agents, places = [], []
    for doc, result, candidate_agents in found:
        held = held_agents[doc.pk] | {
            by_slug[s] for s in refused.get(doc.public_id, ()) if s in by_slug
        }
        by_key: dict[str, list[linking.Mention]] = {}
        for m in result.mentions:
            if m.text is not None:
                by_key.setdefault(m.key, []).append(m)
        for key, confidence in result.authorities.items():
            kind, pk = parse_key(key)
            mentions = by_key.get(key, [])
            candidate = confidence < limit or (kind == "agent" and pk in candidate_agents)
            fields = {
                "link": LinkFields.CANDIDATE if candidate else LinkFields.AUTOMATIC,
                "confidence": confidence,
                "mentions": column_json(mentions),
            }
            if kind == "agent" and pk not in held:
                agents.append({"document_id": doc.pk, "agent_id": pk, "role": ROLE, **fields})
            elif kind == "place" and pk not in held_places[doc.pk]:
                places.append({"document_id": doc.pk, "place_id": pk, **fields})
            else:
                continue
            if candidate:
                summary.candidate += 1
            else:
                summary.automatic += 1
    # A batch's links: thousands of rows (see bulk.py), their mentions as the column holds them.
    insert_values(DocumentAgent, agents, prepared=("mentions",))
    insert_values(DocumentPlace, places, prepared=("mentions",))
    after = _states(pks)
    for doc, _, _ in found:
        if after[doc.pk] != before[doc.pk]:
            summary.changed += 1
            if reindex:
                IndexEvent.objects.create(public_id=doc.public_id, action=IndexEvent.UPSERT)


def _held(model, column: str, pks: list[int]) -> dict[int, set[int]]:
    held: dict[int, set[int]] = defaultdict(set)
    for doc_id, other in model.objects.filter(document_id__in=pks).values_list(
        "document_id", column
    ):
        held[doc_id].add(other)
    return held


def _states(pks: list[int]) -> dict[int, set[tuple]]:
    """Each document's automatic and candidate links (what a re-link may change)."""
    states: dict[int, set[tuple]] = defaultdict(set)
    a = DocumentAgent.objects.filter(document_id__in=pks, link__in=REPLACED)
    for d, x, y, c in a.values_list("document_id", "agent_id", "link", "confidence"):
        states[d].add(("a", x, y, round(c, 3)))
    p = DocumentPlace.objects.filter(document_id__in=pks, link__in=REPLACED)
    for d, x, y, c in p.values_list("document_id", "place_id", "link", "confidence"):
        states[d].add(("p", x, y, round(c, 3)))
    return states


def _documents(ids: Iterable[int]):
    return _with_notes(Document.objects.filter(pk__in=list(ids)))


# What linking reads of a document and its texts (:func:`segments`, proposing, writing): the
# other columns (seven JSON fields, a TEI text's markup) cost a batch of 200 more than linking.
_LINKED_FIELDS = ("id", "public_id", "title", "extra")
_TEXT_FIELDS = ("id", "document_id", "position", "body", "language")


def _with_notes(docs):
    """Documents with their texts and the texts' notes, the one apparatus :func:`segments`
    reads (a volume's other annotations are thousands of rows read for nothing)."""
    texts = Text.objects.only(*_TEXT_FIELDS)
    notes = Annotation.objects.filter(type="note").only("id", "text_id", "type", "content")
    return docs.only(*_LINKED_FIELDS).prefetch_related(
        kept("texts", texts), kept(ROWS + "texts__annotations", notes)
    )


def link_documents(
    docs: Iterable[Document] | None = None,
    *,
    progress: Callable[[Document], None] | None = None,
    linker: Linker | None = None,
) -> Summary:
    """Link ``docs`` (default: every document), :data:`LINK_BATCH` to a transaction.

    Why batches: each document in its own transaction wrote its rows with eight queries and a
    commit of its own; a batch's rows are written together (:func:`write_many`, as an ingest
    batch's are) and committed once. No document's links depend on another's rows. Another
    writer waits for a batch at most (as for an ingest batch), not for one document.
    ``progress`` is called for each document once its batch is in.
    """
    summary = Summary()
    pks = (
        list(Document.objects.order_by("pk").values_list("pk", flat=True))
        if docs is None
        else [d.pk for d in docs]
    )
    linker = linker or Linker()
    for start in range(0, len(pks), LINK_BATCH):
        batch = list(_documents(pks[start : start + LINK_BATCH]))
        with transaction.atomic():
            found = [(doc, linker.result(doc, summary), linker.candidate_agents) for doc in batch]
            summary.documents += len(found)
            write_many(found, summary)
        for doc in batch if progress else ():
            progress(doc)
    return summary


LINK_BATCH = 200


def link_in_transaction(public_ids: list[str]) -> Summary:
    """Link these documents inside the caller's transaction (ingest and edit hooks, which
    queued their index events already)."""
    return link_groups_in_transaction([public_ids])


def link_groups_in_transaction(
    groups: list[list[str]], written: dict[str, Document] | None = None
) -> Summary:
    """:func:`link_in_transaction` for the files of an ingest batch, one group of ids per file:
    the documents are linked in the order of the groups and of the ids within each (file
    order, so a candidate authority one proposes is known to the next), with one gazetteer and
    their rows written together at the end (no document's links depend on another's rows).

    ``written``: the documents by id as the ingest wrote them, their texts and notes held on
    them (:func:`~sourcebook.archive.prefetched.keep`), not read back from the database."""
    summary = Summary()
    order = {pid: n for n, pid in enumerate(pid for ids in groups for pid in ids)}
    if not order:
        return summary
    if written is None:
        found = _with_notes(Document.objects.filter(public_id__in=list(order)))
        written = {d.public_id: d for d in found}
    docs = [written[pid] for pid in order if pid in written]
    linker = Linker()
    first_gaz = linker.gaz
    first, ahead = _read_beside(first_gaz, docs)
    found = []
    for k, doc in enumerate(docs):
        read = None
        if k >= first and linker.gaz is first_gaz:  # no proposal changed the gazetteer yet
            got = ahead()
            read = None if got is None else got[k - first]
        found.append((doc, linker.result(doc, summary, read), linker.candidate_agents))
        summary.documents += 1
    write_many(found, summary, reindex=False)
    return summary


def _read_beside(gaz: linking.Gazetteer, docs: list[Document]) -> tuple[int, Callable]:
    """``(first, results)``: documents from ``first`` on are read with ``gaz`` in the worker
    process (:mod:`.beside`), ``results()`` gives their ``(result, proposals)`` (None if the
    worker failed). The last 45 % of a large batch; ``first`` is past the end otherwise."""
    if not beside.wanted(len(docs)):
        return len(docs), lambda: None
    # A little less than half: the worker starts after the texts are sent, and reads each
    # document a little slower than the ingest (its results come back as pickles).
    first = len(docs) - len(docs) * 9 // 20
    results = beside.start(gaz, [(segments(d), scope(d), d.title) for d in docs[first:]])
    return (first, results) if results is not None else (len(docs), lambda: None)
