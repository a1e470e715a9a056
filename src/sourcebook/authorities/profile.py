"""What an authority page (and ``/api/persons/<id>``) shows: names by script with their sources,
roles, external ids, documents by year, co-occurring persons and mentions in context.

Every listing reads only links the public sees (``LinkFields.SHOWN``, published documents), so a
rejected link or a draft never shows; each part is one query or a bounded number of them, never
one per document.
"""

from __future__ import annotations

import re
from collections import defaultdict
from urllib.parse import quote

from django.db.models import Count, F

from sourcebook.archive.models import DocumentAgent, Text
from sourcebook.core.dates import first_year
from sourcebook.core.kwic import kwic
from sourcebook.core.scripts import SCRIPTS, script_of

from .kinds import PERSON, Kind

ROLE_ORDER = ["sender", "recipient", "signer", "participant", "mentioned"]
MAX_DOCUMENTS = 2000  # listed on one page; the count says how many there are in all
MAX_MENTIONS = 40
MAX_PEERS = 30


def role_key(role: str) -> int:
    return ROLE_ORDER.index(role) if role in ROLE_ORDER else len(ROLE_ORDER)


def _filter(kind: Kind, authority) -> dict:
    return {kind.field: authority}


# Names ---------------------------------------------------------------------------------------


def names(authority) -> list[dict]:
    """``[{"script", "names": [{"name", "systems": [...], "sources": [...]}]}]``: the preferred
    name, every variant and every name a volume lists, each once with every system and source
    that gives it (``preferred``, a volume id, ``volume#xml_id``, ``merge``, an editor), grouped
    by script (Latin first, then the order of :data:`SCRIPTS`)."""
    found: dict[str, tuple[set[str], set[str]]] = {}

    def add(name: str, system: str, source: str) -> None:
        name = name.strip()
        if name:
            systems, sources = found.setdefault(name, (set(), set()))
            if system:
                systems.add(system)
            sources.add(source)

    add(authority.name, "", "preferred")
    for v in authority.variants.all():
        add(v.name, v.system, v.source or "unknown")
    for s in source_records(authority):
        add(s["name"], "", s["id"])
    groups: dict[str, list[dict]] = defaultdict(list)
    for name, (systems, sources) in found.items():
        first = sorted(sources, key=lambda s: (s != "preferred", s))
        entry = {"name": name, "systems": sorted(systems), "sources": first}
        groups[script_of(name)].append(entry)
    order = ["Latin", *[s for s in SCRIPTS if s != "Latin"], "Other"]
    preferred = authority.name.strip()
    return [
        {"script": s, "names": sorted(groups[s], key=lambda e: (e["name"] != preferred, e["name"]))}
        for s in order
        if s in groups
    ]


def source_records(authority) -> list[dict]:
    """The volumes' own entries (name, description with dates and offices) by source id."""
    if not hasattr(authority, "source_ids"):
        return []
    return [
        {
            "id": f"{s.volume}#{s.xml_id}",
            "volume": s.volume,
            "xml_id": s.xml_id,
            "name": s.name,
            "description": s.description,
            "collection": s.collection,
        }
        for s in authority.source_ids.select_related("collection")
    ]


_EXTERNAL = (
    ("wikidata", "Wikidata", re.compile(r"^Q[1-9]\d*$"), "https://www.wikidata.org/wiki/{}"),
    ("viaf", "VIAF", re.compile(r"^[1-9]\d{0,21}$"), "https://viaf.org/viaf/{}"),
    (
        "lcnaf",
        "LCNAF",
        re.compile(r"^n[a-z]{0,2}\d{6,12}$"),
        "https://id.loc.gov/authorities/names/{}.html",
    ),
)


def external_ids(authority) -> list[dict]:
    """``[{"key", "label", "id", "url"}]``; ``url`` is None for an id not of its file's form
    (a typo is shown as typed, never turned into a link elsewhere)."""
    out = []
    for key, label, form, url in _EXTERNAL:
        value = (getattr(authority, key, "") or "").strip()
        if value:
            link = url.format(quote(value)) if form.match(value) else None
            out.append({"key": key, "label": label, "id": value, "url": link})
    return out


# Documents -----------------------------------------------------------------------------------


def roles(kind: Kind, authority) -> list[dict]:
    """``[{"role", "documents"}]``: how the sources link the person, with document counts."""
    if kind.field != "agent":
        return []
    rows = (
        kind.shown_links()
        .filter(agent=authority)
        .values("role")
        .annotate(n=Count("document", distinct=True))
    )
    out = [{"role": r["role"] or "mentioned", "documents": r["n"]} for r in rows]
    return sorted(out, key=lambda r: role_key(r["role"]))


# What the document list reads of a link and its document, in this order.
_DOCUMENT_FIELDS = (
    "document_id",
    "link",
    "document__public_id",
    "document__title",
    "document__date_text",
    "document__date_edtf",
    "document__date_earliest",
)
# What the mentions read of a link and its document (not the document's JSON fields).
_LINK_FIELDS = (
    "link",
    "mentions",
    "document__public_id",
    "document__title",
    "document__date_text",
    "document__date_edtf",
    "document__date_earliest",
)


def documents(kind: Kind, authority, limit: int = MAX_DOCUMENTS, among=None) -> list[dict]:
    """Every document with a shown link, in time order, with the roles and the link state;
    only those of the document ids ``among`` when given (the kept first ones, :mod:`.summary`).
    Read as tuples, not model rows: a list of 2,000 took most of a much-named person's page."""
    rows = kind.shown_links().filter(**_filter(kind, authority))
    if among is not None:
        rows = rows.filter(document_id__in=among)
    rows = rows.order_by(
        F("document__date_earliest").asc(nulls_last=True),
        "document__date_edtf",
        "document__public_id",
    )
    fields = (*_DOCUMENT_FIELDS, "role") if kind.field == "agent" else _DOCUMENT_FIELDS
    docs: dict[int, dict] = {}
    for pk, link, public_id, title, date, edtf, earliest, *role in rows.values_list(
        *fields
    ).iterator():
        if pk not in docs and len(docs) >= limit:
            break
        entry = docs.get(pk)
        if entry is None:
            entry = docs[pk] = {
                "pk": pk,
                "id": public_id,
                "title": title,
                "date": date,
                "date_edtf": edtf,
                "year": first_year(edtf, earliest),
                "url": f"/documents/{public_id}/",
                "roles": [],
                "link": link,
            }
        if role and role[0] and role[0] not in entry["roles"]:  # places have no role
            entry["roles"].append(role[0])
    for entry in docs.values():
        entry["roles"].sort(key=role_key)
    return list(docs.values())


def document_count(kind: Kind, authority) -> int:
    return (
        kind.shown_links().filter(**_filter(kind, authority)).values("document").distinct().count()
    )


def timeline(docs: list[dict]) -> list[dict]:
    """``[{"year", "documents"}]`` by year, undated last; within a year in the order of ``docs``
    (by date). Sorted by year, not by first appearance: "c. 1957" sorts by the start of its
    range (1956) but is listed under 1957, perhaps before a document of 1956."""
    years: dict[int | None, list[dict]] = {}
    for d in docs:
        years.setdefault(d["year"], []).append(d)
    order = sorted(years, key=lambda y: (y is None, y or 0))
    return [{"year": y, "documents": years[y]} for y in order]


def co_occurring(kind: Kind, authority, limit: int = MAX_PEERS) -> list[dict]:
    """Persons linked (shown) in the same published documents, with the number of documents
    they share: one aggregate query over the link table."""
    docs = kind.shown_links().filter(**_filter(kind, authority)).values("document_id")
    rows = (
        PERSON.shown_links()
        .filter(document_id__in=docs)
        .values("agent__slug", "agent__name")
        .annotate(n=Count("document", distinct=True))
        .order_by("-n", "agent__name")
    )
    if kind.field == "agent":
        rows = rows.exclude(agent=authority)
    return [
        {"id": r["agent__slug"], "name": r["agent__name"], "documents": r["n"]}
        for r in rows[:limit]
    ]


# Mentions in context ---------------------------------------------------------------------------


def mention_anchor(text: int, start: int) -> str:
    """The id the document page gives a mention it was asked to show (``?hl=``)."""
    return f"m-{text}-{start}"


def mention_url(public_id: str, text: int, start: int, end: int) -> str:
    return (
        f"/documents/{quote(public_id, safe='')}/?hl={text}-{start}-{end}"
        f"#{mention_anchor(text, start)}"
    )


def mentions(kind: Kind, authority, limit: int = MAX_MENTIONS, among=None) -> list[dict]:
    """Keyword-in-context lines for the first ``limit`` mentions (documents in time order),
    each with the URL of that place in the document and its link row (``link_pk``); only of the
    link ids ``among`` when given (the kept first ones, :mod:`.summary`). Bodies are read for
    those documents only."""
    links = kind.shown_links().filter(**_filter(kind, authority))
    if among is not None:
        links = links.filter(id__in=among)
    links = (
        links.exclude(mentions=[])
        .select_related("document")
        .only(*_LINK_FIELDS)
        .order_by(F("document__date_earliest").asc(nulls_last=True), "document__public_id", "id")
    )
    wanted: list[tuple] = []
    for link in links.iterator():
        for m in link.mentions or []:
            if len(wanted) >= limit:
                break
            wanted.append((link, m))
        if len(wanted) >= limit:
            break
    bodies = _bodies({link.document_id for link, _ in wanted})
    out, seen = [], set()
    for link, m in wanted:
        doc = link.document
        try:
            i, start, end = int(m["text"]), int(m["start"]), int(m["end"])
        except (KeyError, TypeError, ValueError):
            continue
        texts = bodies.get(doc.id, [])
        line = kwic(texts[i], start, end) if 0 <= i < len(texts) else None
        if line is None or (doc.id, i, start) in seen:
            continue
        seen.add((doc.id, i, start))
        out.append(
            {
                "document": doc.public_id,
                "title": doc.title,
                "date": doc.date_text,
                "line": line,
                "url": mention_url(doc.public_id, i, start, end),
                "link_pk": link.pk,
            }
        )
    return out


def _bodies(document_ids: set[int]) -> dict[int, list[str]]:
    """Each document's text bodies in text order (the index a mention's ``text`` counts in)."""
    out: dict[int, list[str]] = defaultdict(list)
    rows = Text.objects.filter(document_id__in=document_ids).order_by("document_id", "position")
    for doc_id, body in rows.values_list("document_id", "body"):
        out[doc_id].append(body)
    return out


# Review ----------------------------------------------------------------------------------------

REVIEWABLE = (DocumentAgent.CANDIDATE, DocumentAgent.AUTOMATIC)


def review_links(kind: Kind, authority, limit: int = 200) -> list[dict]:
    """Links an editor may confirm or reject: candidates first, then automatic, least sure
    first; drafts included (editors see them)."""
    rows = (
        kind.links()
        .filter(**_filter(kind, authority), link__in=REVIEWABLE)
        .select_related("document")
        .only(
            "link",
            "confidence",
            "mentions",
            "document__public_id",
            "document__title",
            "document__status",
            *(["role"] if kind.field == "agent" else []),
        )
        .order_by("-link", "confidence", "document__public_id")[:limit]
    )
    bodies = _bodies({r.document_id for r in rows})
    out = []
    for r in rows:
        first = (r.mentions or [None])[0]
        line = None
        if first:
            texts = bodies.get(r.document_id, [])
            i = first.get("text", 0)
            if isinstance(i, int) and 0 <= i < len(texts):
                line = kwic(texts[i], first.get("start", 0), first.get("end", 0))
        out.append(
            {
                "pk": r.pk,
                "document": r.document.public_id,
                "title": r.document.title,
                "status": r.document.status,
                "link": r.link,
                "confidence": r.confidence,
                "role": getattr(r, "role", ""),
                "mentions": len(r.mentions or []),
                "line": line,
            }
        )
    return out
