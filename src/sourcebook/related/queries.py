"""What the document page, the file page and the API show: only published documents, so a
draft or withdrawn document never appears in another document's related lists."""

from __future__ import annotations

from django.db.models import F
from django.db.models.fields.json import KT

from sourcebook.archive.models import Collection, Document

from . import collection_orders
from .models import FilePlace, Number, Reply

PUBLISHED = Document.PUBLISHED
# Documents of the file shown around the current one on its page (the rest on the file page).
FILE_WINDOW = 4


def replies(doc: Document) -> dict:
    """``replies_to`` and ``replied_by`` as {id, title, date, label}, and the references that
    found no published document (``unresolved``, as written).

    Why columns and not rows: the page shows three fields of each document; selecting whole
    documents made these three queries a fifth of the page's time (every column compiled into
    the query, each row's JSON fields decoded)."""
    to = list(
        Reply.objects.filter(document=doc, target__status=PUBLISHED).values_list(
            "number_id", *_item_fields("target")
        )
    )
    by = Reply.objects.filter(target=doc, document__status=PUBLISHED).values_list(
        "number_id", *_item_fields("document")
    )
    resolved = {row[0] for row in to}
    unresolved = [
        label
        for pk, label in Number.objects.filter(document=doc, role=Number.CITES).values_list(
            "pk", "label"
        )
        if pk not in resolved
    ]
    return {
        "replies_to": _unique(_item(*row[1:]) for row in to),
        "replied_by": _unique(_item(*row[1:]) for row in by),
        "unresolved": list(dict.fromkeys(unresolved)),
    }


def _item_fields(side: str) -> tuple[str, ...]:
    return (f"{side}__public_id", f"{side}__title", f"{side}__date_text", "number__label")


def _item(public_id: str, title: str, date_text: str, label: str) -> dict:
    return {"id": public_id, "title": title, "date": date_text, "label": label}


def _unique(items) -> list[dict]:
    """One entry per document: a document named by two of the numbers (its own number given
    twice, or in two texts) is listed once, with both labels."""
    out: dict[str, dict] = {}
    for item in items:
        if item["id"] in out:
            out[item["id"]]["label"] += ", " + item["label"]
        else:
            out[item["id"]] = item
    return list(out.values())


def file_documents(doc: Document) -> list[dict]:
    """Every published document of ``doc``'s archival file in page order (the document itself
    included, even when an editor looks at a draft), or ``[]`` when it names no file."""
    place = FilePlace.objects.filter(document=doc).first()
    if place is None:
        return []
    rows = (
        FilePlace.objects.filter(file_key=place.file_key).filter(document__status=PUBLISHED)
        | FilePlace.objects.filter(document=doc)
    ).order_by(
        F("page").asc(nulls_last=True),
        "document__locator",
        F("document__date_earliest").asc(nulls_last=True),
        "document__public_id",
    )
    return [
        {
            "id": public_id,
            "title": title,
            "date": date_text,
            "locator": locator,
            "current": public_id == doc.public_id,
        }
        for public_id, title, date_text, locator in rows.values_list(
            "document__public_id", "document__title", "document__date_text", "document__locator"
        )
    ]


def file_window(doc: Document) -> dict:
    """The file's documents around ``doc`` for its page, and how many the file holds; empty
    when the file holds no other published document."""
    files = file_documents(doc)
    if len(files) < 2:
        return {}
    at = next(i for i, f in enumerate(files) if f["current"])
    start = max(0, at - FILE_WINDOW)
    return {
        "documents": files[start : at + FILE_WINDOW + 1],
        "total": len(files),
        "more": len(files) > 2 * FILE_WINDOW + 1,
    }


def collection_chain(doc: Document) -> list[Collection]:
    """The document's collection and the collections that hold it, innermost first."""
    chain, coll, seen = [], doc.collection, set()
    while coll is not None and coll.pk not in seen:
        chain.append(coll)
        seen.add(coll.pk)
        coll = coll.parent
    return chain


def _members(coll: Collection) -> list[int]:
    """The collection and every collection below it (a series holds its volumes' documents)."""
    found, frontier = {coll.pk}, [coll.pk]
    while frontier:
        frontier = list(
            Collection.objects.filter(parent_id__in=frontier)
            .exclude(pk__in=found)
            .values_list("pk", flat=True)
        )
        found.update(frontier)
    return list(found)


def collection_order(coll: Collection) -> list[str]:
    """The public ids of the collection's published documents in its own order: the order its
    data lists them in (a FRUS volume's chapters), then by document number, then by date."""
    listed = [i for ch in (coll.data or {}).get("chapters") or [] for i in ch.get("documents", [])]
    rank = {public_id: k for k, public_id in enumerate(listed)}
    rows = Document.live.filter(collection_id__in=_members(coll)).values_list(
        "public_id", "date_earliest", "date_edtf", KT("extra__sequence")
    )

    def order(row: tuple):
        public_id, earliest, edtf, sequence = row
        seq = str(sequence or "")
        return (
            rank.get(public_id, len(rank)),
            int(seq) if seq.isdigit() else float("inf"),
            earliest is None,
            earliest or "",
            edtf or "",
            public_id,
        )

    return [row[0] for row in sorted(rows, key=order)]


def collection_neighbours(doc: Document) -> list[dict]:
    """Previous and next document in every collection holding ``doc``. The document's own
    volume, when its chapters list the document, is left out: the volume navigation of the
    authorities section already shows it there."""
    out = []
    for coll in collection_chain(doc):
        if coll == doc.collection and _volume_nav_shows(coll, doc):
            continue
        ids, at = collection_orders.order(coll, collection_order)
        k = at.get(doc.public_id)
        if k is None:
            continue
        around = _titles([ids[k - 1] if k > 0 else None, ids[k + 1] if k + 1 < len(ids) else None])
        out.append(
            {
                "collection": coll,
                "position": k + 1,
                "total": len(ids),
                "prev": around.get(ids[k - 1]) if k > 0 else None,
                "next": around.get(ids[k + 1]) if k + 1 < len(ids) else None,
            }
        )
    return out


def _titles(public_ids: list[str | None]) -> dict[str, dict]:
    wanted = [i for i in public_ids if i is not None]
    if not wanted:
        return {}
    rows = Document.live.filter(public_id__in=wanted).values("public_id", "title")
    return {row["public_id"]: row for row in rows}


def _volume_nav_shows(coll: Collection, doc: Document) -> bool:
    chapters = (coll.data or {}).get("chapters") or []
    return any(doc.public_id in ch.get("documents", []) for ch in chapters)


def related_json(doc: Document) -> list[dict]:
    """The API's ``related``: {id, relation} for replies (both ways) and the archival file."""
    thread = replies(doc)
    out = [{"id": r["id"], "relation": "replies_to"} for r in thread["replies_to"]]
    out += [{"id": r["id"], "relation": "replied_by"} for r in thread["replied_by"]]
    out += [
        {"id": f["id"], "relation": "same_file"} for f in file_documents(doc) if not f["current"]
    ]
    return out
