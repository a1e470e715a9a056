"""What the index reads of a batch's links and apparatus, as plain values in a few queries.

Why not ``prefetch_related``: a benchmark document has about eight place links and two person
links, and Django built one model instance for every link row and one for the authority of
each (``select_related``), then compiled an ``IN`` filter of model instances: together a third
of a reindex. The index reads only a link's kind and its authority, and of the annotations
only their types. Here link rows are small tuples, each authority is one instance per batch
(its variants prefetched once), and the apparatus is one set of types per text.

Link rows come in the order they were written (by id), so a document's Person and Place facet
values keep one order on every database.
"""

from __future__ import annotations

from typing import NamedTuple

from sourcebook.archive.prefetched import ROWS, kept, rows


class AgentLink(NamedTuple):
    link: str
    agent: object


class PlaceLink(NamedTuple):
    link: str
    place: object


# Authority columns the index never reads: left in the database (JSON it would decode).
UNREAD_AUTHORITY = ("data", "protected")
APPARATUS = ROWS + "annotation_types"


def attach(docs: list) -> None:
    """Give each of ``docs`` its link rows (``bulk_agent_links``, ``bulk_place_links``) and
    each of their texts its annotation types, read for the whole batch."""
    from sourcebook.archive.models import Agent, DocumentAgent, DocumentPlace, Place

    if not docs:
        return
    by_pk = {d.pk: d for d in docs}
    _links(by_pk, DocumentAgent, Agent, "agent", AgentLink)
    _links(by_pk, DocumentPlace, Place, "place", PlaceLink)
    _apparatus(docs)


def _links(by_pk: dict, link_model, authority_model, column: str, row) -> None:
    from sourcebook.archive.models import NameVariant

    found = list(
        link_model.objects.filter(document_id__in=list(by_pk))
        .order_by("document_id", "id")
        .values_list("document_id", f"{column}_id", "link")
    )
    authorities = (
        authority_model.objects.filter(id__in={a for _, a, _ in found})
        .defer(*UNREAD_AUTHORITY)
        .prefetch_related(kept("variants", NameVariant.objects.all()))
    )
    by_id = {a.pk: a for a in authorities}
    name = f"{ROWS}{column}_links"
    for doc in by_pk.values():
        setattr(doc, name, [])
    for doc_id, authority_id, link in found:
        getattr(by_pk[doc_id], name).append(row(link, by_id[authority_id]))


def _apparatus(docs: list) -> None:
    from sourcebook.archive.models import Annotation

    texts = {t.pk: t for d in docs for t in rows(d, "texts")}
    for text in texts.values():
        setattr(text, APPARATUS, set())
    pairs = (
        Annotation.objects.filter(text_id__in=list(texts)).values_list("text_id", "type").distinct()
    )
    for text_id, kind in pairs:
        getattr(texts[text_id], APPARATUS).add(kind)


def annotation_types(text) -> set[str]:
    """The types of ``text``'s annotations: read for the batch, else asked for."""
    found = getattr(text, APPARATUS, None)
    if found is not None:
        return found
    return set(text.annotations.values_list("type", flat=True))


def link_rows(doc, relation: str) -> list:
    """``doc``'s ``agent_links`` or ``place_links``: read for the batch, else asked for, in
    the order they were written (the batch's order)."""
    return rows(doc, relation, order="id")
