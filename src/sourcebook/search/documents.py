"""From an archive document to what the index holds: searchable text, facet values, display data.

Why store display data in the index: a results page must not make one database query per hit,
so the title, date and texts a snippet is cut from travel with the index entry.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any

from sourcebook.archive.prefetched import kept, rows
from sourcebook.core.apparatus import LABELS as APPARATUS_LABELS
from sourcebook.core.dates import first_year
from sourcebook.core.name_order import natural_forms

from . import batch_rows, person_facet
from .batch_rows import UNREAD_AUTHORITY, annotation_types, link_rows

# Facet name -> label shown to people. The order is the sidebar's order.
FACETS: dict[str, str] = {
    "decade": "Decade",
    "year": "Year",
    "month": "Month",
    "doc_type": "Document type",
    "language": "Original language",
    "repository": "Repository",
    "collection": "Collection",
    "subject": "Subject",
    "place": "Place",
    "person": "Person",
    "translator": "Translator",
    "funder": "Funder",
    "apparatus": "Apparatus",
    "has": "Available",
}
# What a search counts when it does not say (``facets=`` absent): the sidebar's facets. Counting
# is cheap since counts are kept per index generation; asking for fewer still saves the first
# (cold) count after each commit. ``month`` is left out: only the date browser (``/dates/``)
# asks for it, and every other search would pay for counting it.
DEFAULT_FACETS: tuple[str, ...] = tuple(name for name in FACETS if name != "month")

# Apparatus types worth filtering by ("has handwritten notes"); page breaks are everywhere.
APPARATUS_FACET = {
    "handwritten": "Handwritten notes",
    "seal": "Seal",
    "stamp": "Stamp",
    "signature": "Signature",
    "illegible": "Illegible passages",
    "uncertain": "Uncertain readings",
    "deletion": "Deletions",
    "omission": "Omissions",
    "gap": "Gaps",
    "rendition": "Notes on appearance",
    "original_term": "Original-language terms",
    "alternate_form": "Alternate name forms",
    "translator_note": "Translator's notes",
    "editor_note": "Editor's notes",
    "sic": "Sic",
}
HAS = {"translation": "Translation", "transcript": "Transcript", "scan": "Scan", "ocr": "OCR"}

# What other apps know a document has, for the facet "Available": functions (document ->
# iterable of HAS keys), and the prefetches they need so bulk indexing asks once per batch
# (scans: "scan" once pages are attached, whatever the record's Contents say).
HAS_SOURCES: list = []
INDEX_PREFETCH: list = []


@dataclass
class IndexDoc:
    """One document as the engine indexes it (plain data; engines map it to their own shape)."""

    id: str
    title: str
    summary: str
    texts: list[dict[str, Any]]  # {"kind", "language", "label", "body"}
    earliest: dt.date | None
    latest: dt.date | None
    approximate: bool
    date_text: str
    date_edtf: str | None
    facets: dict[str, list[str]] = field(default_factory=dict)
    persons: list[str] = field(default_factory=list)
    places: list[str] = field(default_factory=list)
    version: int = 1
    citation: str = ""
    # Other names of the document's people and places from their authority records, and the
    # natural order of people's names listed surname first ("Rusk, Dean": Dean Rusk, so that
    # person:"Dean Rusk" finds him): searched, never shown as facet values.
    person_variants: list[str] = field(default_factory=list)
    place_variants: list[str] = field(default_factory=list)
    # The database row's primary key: `check` walks the index and the database in its order.
    pk: int = 0

    def display(self) -> dict[str, Any]:
        """What a result needs to show, stored with the index entry."""
        return {
            "id": self.id,
            "title": self.title,
            "summary": self.summary,
            "date": {
                "text": self.date_text,
                "edtf": self.date_edtf,
                "earliest": self.earliest.isoformat() if self.earliest else None,
                "latest": self.latest.isoformat() if self.latest else None,
                "approximate": self.approximate,
            },
            "doc_type": (self.facets.get("doc_type") or [None])[0],
            "version": self.version,
            "texts": self.texts,
        }


_HONORIFICS = re.compile(
    r"^(?:(?:Premier|Prime Minister|Chairman|President|Comrade|Ambassador|General|Marshal|"
    r"Minister|Foreign Minister|Secretary|General Secretary|First Secretary|Vice Premier|"
    r"Mr\.?|Mrs\.?|Dr\.?|Sir)\s+)+"
)
_NOT_A_PERSON = re.compile(
    r"\b(?:Embassy|Ministry|Department|Committee|Government|Party|Officials|Ambassador|"
    r"Delegation|Council|Office|Bureau|Conference|Consulate|Army|Republic|Union|Central|"
    r"Foreign|Affairs|People|Chinese|Soviet|Korean|American)\b"
)


def _person(name: str | None) -> str | None:
    """A person's name from a title's suggested sender/recipient, or None for organizations.

    Titles name organizations as often as people ("Chinese Embassy in North Korea"), and the
    suggestion is only a reading of the title; the facet takes what reads as a personal name.
    """
    if not name:
        return None
    name = _HONORIFICS.sub("", name.strip())
    words = name.split()
    if not words or len(words) > 5 or _NOT_A_PERSON.search(name):
        return None
    if any(w[:1].islower() for w in words if w not in ("van", "von", "de", "del", "la", "bin")):
        return None
    return name


_EDTF_PART = re.compile(r"^(\d{4})(?:-(\d{2}))?")


def month_period(edtf: str | None, earliest: dt.date | None, latest: dt.date | None) -> str | None:
    """The document's date to the month, as the ``month`` facet holds it: ``1959-10`` when the
    date lies within one calendar month, otherwise the span as written (``1959``, ``1958/1960``,
    ``1959-10/1959-11``, ``1959~``, ``1959-10~``).

    Why a span and not a month: a document dated "1958–1960" or "c. 1959" was not written in
    any one month; the date browser lists it as its range, and the value, used as a filter,
    finds exactly the documents it counts. The first year is always :func:`first_year`, so the
    months and spans of a year add up to the year's count.
    """
    if earliest is None:
        return None
    parts = []
    for part in (edtf or "").split("/"):
        m = _EDTF_PART.match(part)
        if not m:
            parts = []
            break
        month = f"-{m.group(2)}" if m.group(2) else ""
        parts.append(f"{m.group(1)}{month}{'~' if part.endswith('~') else ''}")
    if not parts:  # no EDTF to read: the span of the dates themselves
        parts = [f"{earliest:%Y-%m}", f"{(latest or earliest):%Y-%m}"]
    if len(parts) == 2 and parts[0] == parts[1]:
        parts = parts[:1]
    return "/".join(parts)


def _uniq(values) -> list[str]:
    seen: dict[str, None] = {}
    for v in values:
        v = (v or "").strip()
        if v:
            seen.setdefault(v, None)
    return list(seen)


# JSON columns the index never reads: left in the database, so a batch decodes none of them (a
# document and its links, authorities and annotations have a dozen; the index reads five).
_UNREAD_DOCUMENT = ("title_lines", "languages", "protected")


def documents_queryset():
    """Documents with what :func:`index_doc` reads, each relation prefetched into a plain list
    (:func:`rows`); :func:`index_docs` adds the links and annotation types
    (:mod:`.batch_rows`)."""
    from sourcebook.archive.models import Document, Subject, Text

    collection = tuple(f"collection__{name}" for name in UNREAD_AUTHORITY)
    return (
        Document.objects.select_related("collection")
        .defer(*_UNREAD_DOCUMENT, *collection)
        .prefetch_related(
            kept("texts", Text.objects.all()),
            kept("subjects", Subject.objects.defer(*UNREAD_AUTHORITY)),
            *INDEX_PREFETCH,
        )
    )


def suggested_persons(doc) -> list[str]:
    """Persons named by the document's title (sender, recipient, participants) or its extra data:
    readings of the text, not links to authorities."""
    suggested = doc.suggested or {}
    extra = doc.extra or {}
    return _uniq(
        [
            _person(n)
            for n in [suggested.get("sender"), suggested.get("recipient")]
            + list(suggested.get("participants") or [])
        ]
        + [p for p in extra.get("persons", []) if isinstance(p, str)]
    )


def index_docs(docs) -> list[IndexDoc]:
    """:func:`index_doc` for a batch, with suggested persons folded to the authorities they name
    (one database query for the batch: :class:`person_facet.Canonical`)."""
    docs = list(docs)
    batch_rows.attach(docs)
    canonical = person_facet.Canonical(n for d in docs for n in suggested_persons(d))
    return [index_doc(d, canonical) for d in docs]


def _shown_places(doc) -> list:
    from sourcebook.archive.models import LinkFields

    return [link.place for link in link_rows(doc, "place_links") if link.link in LinkFields.SHOWN]


def _person_variants(persons: list[str], linked: list) -> list[str]:
    """The linked persons' variant names, then every person name's natural-order forms."""
    variants = [v.name for p in linked for v in rows(p, "variants")]
    return _uniq(variants + [f for n in persons + variants for f in natural_forms(n)])


def index_doc(doc, canonical: person_facet.Canonical | None = None) -> IndexDoc:
    """Map a Document (fetched with :func:`documents_queryset`) to an :class:`IndexDoc`.

    ``canonical`` folds suggested person names to authorities' preferred names; without it they
    are kept as written unless a linked authority of the document already names the person.
    """
    texts = []
    apparatus: set[str] = set()
    has: set[str] = set()
    for text in rows(doc, "texts"):
        texts.append(
            {"kind": text.kind, "language": text.language, "label": text.label, "body": text.body}
        )
        if text.kind in HAS:
            has.add(text.kind)
        elif text.kind == "original":
            has.add("transcript")
        apparatus.update(t for t in annotation_types(text) if t in APPARATUS_FACET)
    for entry in doc.contents or []:
        kind = entry.get("kind")
        if kind in HAS:
            has.add(kind)
    for source in HAS_SOURCES:
        has.update(k for k in source(doc) if k in HAS)
    suggested = doc.suggested or {}
    extra = doc.extra or {}
    persons = _uniq(person_facet.facet_values(doc, suggested_persons(doc), canonical))
    linked_persons = person_facet.shown_persons(doc)
    linked_places = _shown_places(doc)
    places = _uniq(
        [p.name for p in linked_places]
        + ([extra["place"]] if isinstance(extra.get("place"), str) else [])
    )
    year = first_year(doc.date_edtf, doc.date_earliest)
    facets = {
        "year": [str(year)] if year is not None else [],
        "decade": [f"{year // 10 * 10}s"] if year is not None else [],
        "month": _uniq([month_period(doc.date_edtf, doc.date_earliest, doc.date_latest)]),
        "doc_type": _uniq([doc.doc_type or suggested.get("doc_type")]),
        "language": _uniq([doc.original_language]),
        "repository": _uniq([doc.repository or doc.archive]),
        "collection": _uniq([doc.collection.name if doc.collection else None]),
        "subject": _uniq(s.name for s in rows(doc, "subjects")),
        "place": places,
        "person": persons,
        "translator": _uniq(doc.translators or []),
        "funder": _uniq(doc.funders or []),
        "apparatus": [APPARATUS_FACET[t] for t in sorted(apparatus)],
        "has": [HAS[k] for k in HAS if k in has],
    }
    return IndexDoc(
        id=doc.public_id,
        title=doc.title,
        summary=doc.summary or "",
        texts=texts,
        earliest=doc.date_earliest,
        latest=doc.date_latest,
        approximate=bool(doc.date_approximate),
        date_text=doc.date_text or "",
        date_edtf=doc.date_edtf,
        facets=facets,
        persons=persons,
        places=places,
        version=doc.version,
        citation=" ".join([doc.citation or "", doc.credits or "", doc.reference or ""]),
        person_variants=_person_variants(persons, linked_persons),
        place_variants=_uniq(v.name for p in linked_places for v in rows(p, "variants")),
        pk=doc.pk,
    )


__all__ = [
    "FACETS",
    "DEFAULT_FACETS",
    "IndexDoc",
    "index_doc",
    "index_docs",
    "documents_queryset",
    "APPARATUS_LABELS",
]
