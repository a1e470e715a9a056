"""Reading persons and collections for pages, the API and the CLI (one place for the queries).

Authority pages and lists read :mod:`.profile` and :mod:`.listing`."""

from __future__ import annotations

from dataclasses import dataclass

from sourcebook.archive.models import Collection, Document, DocumentAgent
from sourcebook.web.live_count import kept_count

from .profile import role_key as _role_key


def document_persons(doc: Document) -> list[dict]:
    people: dict[int, dict] = {}
    shown = DocumentAgent.objects.filter(document=doc, link__in=DocumentAgent.SHOWN)
    for link in shown.select_related("agent"):
        entry = people.setdefault(
            link.agent_id,
            {"agent": link.agent, "slug": link.agent.slug, "name": link.agent.name, "roles": []},
        )
        entry["roles"].append(link.role)
    out = list(people.values())
    for entry in out:
        entry["roles"].sort(key=_role_key)
    out.sort(key=lambda e: (_role_key(e["roles"][0]), e["name"]))
    return out


def document_unlinked(doc: Document) -> list[dict]:
    """Names the source tags as persons without saying who (``persName`` without ``@corresp``),
    with the persons of the volume they could be: for an editor to decide, never guessed."""
    from .models import SourceId

    extra = doc.extra or {}
    rows = extra.get("unlinked_persons") or []
    if not rows:
        return []
    ids = {c for row in rows for c in row.get("candidates") or []}
    agents = {
        s.xml_id: s.agent
        for s in SourceId.objects.filter(volume=extra.get("volume"), xml_id__in=ids).select_related(
            "agent"
        )
    }
    return [
        {
            "name": row["name"],
            "count": row.get("count", 1),
            "candidates": [agents[c] for c in row.get("candidates") or [] if c in agents],
        }
        for row in rows
    ]


def document_terms(doc: Document) -> list:
    """The volume's terms this document uses (``gloss/@target``), in order of first use."""
    from .models import Term

    extra = doc.extra or {}
    ids = extra.get("terms") or []
    if not ids or not extra.get("volume"):
        return []
    rows = {t.xml_id: t for t in Term.objects.filter(volume=extra["volume"], xml_id__in=ids)}
    return [rows[i] for i in ids if i in rows]


# Documents a collection page lists (a FRUS volume of up to this many is one page, as before).
OUTLINE_PAGE = 1000
# The largest collection whose teiCorpus the web makes on request (about 1 s of work and a few
# MB); a larger one is exported with ``sourcebook export-collection`` (21 s and 56 MB at 100,000).
WEB_CORPUS_LIMIT = 5000


@dataclass
class Outline:
    """One page of a collection's documents in volume order, under their chapters."""

    chapters: list[dict]
    number: int
    pages: int
    total: int


def collection_outline(coll: Collection, page: int = 1) -> Outline:
    """Chapters in volume order with their live documents (id, number, title, date), a page
    of :data:`OUTLINE_PAGE` documents at a time; documents in no chapter come last, by id.

    Why a page: a collection of 100,000 documents made one page of 12 MB in 1.4 s. Only the
    live ids are read for the whole collection (the order is the chapters' lists); titles and
    dates are read for the page's documents alone."""
    chapters = (coll.data or {}).get("chapters") or []
    if not chapters:
        return _unchaptered(coll, page)
    live = set(Document.live.filter(collection=coll).values_list("public_id", flat=True))
    placed: list[tuple[int, str]] = []  # (chapter index, id) in volume order
    for k, ch in enumerate(chapters):
        placed += [(k, i) for i in ch.get("documents", []) if i in live]
    rest = live.difference(i for _, i in placed)
    placed += [(len(chapters), i) for i in sorted(rest)]
    pages = max(1, -(-len(placed) // OUTLINE_PAGE))
    number = min(max(1, page), pages)
    shown = placed[(number - 1) * OUTLINE_PAGE : number * OUTLINE_PAGE]
    # Unordered (the chapters give the order): ordered by date, SQLite read every document
    # through the date index when the statistics took the volume for a large part of the
    # archive (146 ms at 200,000 documents, most of them in no collection).
    rows = Document.live.filter(public_id__in=[i for _, i in shown]).order_by()
    docs = {d["public_id"]: d for d in rows.values("public_id", "title", "date_text", "date_edtf")}
    heads = [*chapters, {"id": "", "title": "Other documents"}]
    # One page: every chapter, as the volume has them (an empty one too); else the page's.
    indexes = range(len(chapters)) if pages == 1 else []
    out = {k: {"id": heads[k].get("id"), "title": heads[k].get("title")} for k in indexes}
    for k, public_id in shown:
        entry = out.setdefault(k, {"id": heads[k].get("id"), "title": heads[k].get("title")})
        if public_id in docs:
            entry.setdefault("documents", []).append(docs[public_id])
    outline = [{"documents": [], **out[k]} for k in sorted(out)]
    return Outline(outline, number, pages, len(placed))


def _unchaptered(coll: Collection, page: int) -> Outline:
    """A collection without chapters (records, not a volume): its documents by id, a page read
    from the database (the count kept until the archive changes)."""
    rows = Document.live.filter(collection=coll).order_by("public_id")
    total = kept_count(("collection", coll.pk), rows)
    pages = max(1, -(-total // OUTLINE_PAGE))
    number = min(max(1, page), pages)
    start = (number - 1) * OUTLINE_PAGE
    shown = list(
        rows.values("public_id", "title", "date_text", "date_edtf")[start : start + OUTLINE_PAGE]
    )
    chapters = [{"id": "", "title": "Other documents", "documents": shown}] if shown else []
    return Outline(chapters, number, pages, total)


def neighbours(doc: Document) -> dict:
    """Previous/next document in the volume and in the chapter, and the chapter itself."""
    coll = doc.collection
    if coll is None:
        return {}
    chapters = (coll.data or {}).get("chapters") or []
    order = [i for ch in chapters for i in ch.get("documents", [])]
    live = set(Document.live.filter(public_id__in=order).values_list("public_id", flat=True))
    order = [i for i in order if i in live]
    out: dict = {"collection": coll}
    if doc.public_id in order:
        k = order.index(doc.public_id)
        out["position"], out["total"] = k + 1, len(order)
        out["prev"] = order[k - 1] if k > 0 else None
        out["next"] = order[k + 1] if k + 1 < len(order) else None
    for ch in chapters:
        ids = [i for i in ch.get("documents", []) if i in live]
        if doc.public_id in ids:
            k = ids.index(doc.public_id)
            out["chapter"] = {
                "id": ch.get("id"),
                "title": ch.get("title"),
                "position": k + 1,
                "total": len(ids),
                "prev": ids[k - 1] if k > 0 else None,
                "next": ids[k + 1] if k + 1 < len(ids) else None,
            }
    titles = dict(
        Document.live.filter(public_id__in=[out.get("prev"), out.get("next")]).values_list(
            "public_id", "title"
        )
    )
    out["prev_title"] = titles.get(out.get("prev"))
    out["next_title"] = titles.get(out.get("next"))
    return out


def collection_records(coll: Collection):
    """The collection's live documents as records, in volume order (for the teiCorpus export)."""
    from sourcebook.archive.serialize import document_queryset

    order = [i for ch in (coll.data or {}).get("chapters") or [] for i in ch.get("documents", [])]
    rank = {i: k for k, i in enumerate(order)}
    docs = list(document_queryset().filter(collection=coll, status=Document.PUBLISHED))
    docs.sort(key=lambda d: (rank.get(d.public_id, len(rank)), d.public_id))
    return [d.to_record() for d in docs]


def corpus_tei(coll: Collection) -> str:
    from sourcebook.core.tei.writer import write_corpus

    data = dict(coll.data or {})
    data.setdefault("id", coll.slug)
    data.setdefault("title", coll.name)
    return write_corpus(data, collection_records(coll))
