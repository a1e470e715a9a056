"""The authority lists (``/persons/``, ``/api/persons``): who has documents, name search in any
script or romanization, and filters by role, period and collection.

Why names are matched in Python: a name's keys (:func:`sourcebook.core.names.name_phrases`)
depend on the whole name, so they cannot be a SQL ``LIKE``. Each stored name's keys are kept in
an indexed table (:mod:`.namesearch`); a search reads the names holding the query's keys and
checks their order in Python, so it costs the names that match, not all names. The plain
substring test (``icontains``) stays in SQL.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import lru_cache

from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.utils.translation import gettext as _

from sourcebook.archive import chunks
from sourcebook.archive.models import Document, NameVariant
from sourcebook.core.names import index_keys

from . import namesearch
from .kinds import Kind
from .models import SourceId

MAX_QUERY = 200
MAX_KEY_MATCHES = 5000  # more ids than this would not fit one SQL IN list on every database
FIRST_YEAR, LAST_YEAR = 1, 9999


class BadFilter(ValueError):
    """A filter value the list cannot use; the message says which and why (a 400)."""


@dataclass(frozen=True)
class Filters:
    q: str = ""
    role: str = ""
    year_from: int | None = None
    year_to: int | None = None
    collection: str = ""
    all: bool = False

    @property
    def narrows_documents(self) -> bool:
        return bool(self.role or self.collection or self.year_from or self.year_to)


def _year(params, key: str) -> int | None:
    value = (params.get(key) or "").strip()
    if not value:
        return None
    if not value.isdigit() or not FIRST_YEAR <= int(value) <= LAST_YEAR:
        raise BadFilter(
            _("%(key)s must be a year from %(first)s to %(last)s, not %(value)s")
            % {"key": key, "first": FIRST_YEAR, "last": LAST_YEAR, "value": repr(value[:20])}
        )
    return int(value)


def parse(params) -> Filters:
    """Filters from a query dict (``q``, ``role``, ``from``, ``to``, ``collection``, ``all``)."""
    for key in ("q", "role", "collection", "from", "to", "all"):
        if "\x00" in (params.get(key) or ""):  # PostgreSQL refuses NUL in text: say so first
            raise BadFilter(_("%(key)s contains a NUL character") % {"key": key})
    q = (params.get("q") or "").strip()
    if len(q) > MAX_QUERY:
        raise BadFilter(_("q is limited to %(n)s characters") % {"n": MAX_QUERY})
    year_from, year_to = _year(params, "from"), _year(params, "to")
    if year_from and year_to and year_from > year_to:
        raise BadFilter(
            _("from (%(start)s) is after to (%(end)s)") % {"start": year_from, "end": year_to}
        )
    return Filters(
        q=q,
        role=(params.get("role") or "").strip()[:50],
        year_from=year_from,
        year_to=year_to,
        collection=(params.get("collection") or "").strip()[:200],
        all=(params.get("all") or "") in ("1", "true", "yes"),
    )


def _links(kind: Kind, f: Filters) -> QuerySet:
    """The links that count: shown, to a published document, within the filters."""
    links = kind.link_model.objects.filter(
        link__in=kind.link_model.SHOWN, document__status=Document.PUBLISHED
    )
    if f.role and kind.field == "agent":
        links = links.filter(role=f.role)
    if f.collection:
        links = links.filter(document__collection__slug=f.collection)
    if f.year_from:
        links = links.filter(document__date_earliest__gte=dt.date(f.year_from, 1, 1))
    if f.year_to:
        links = links.filter(document__date_earliest__lte=dt.date(f.year_to, 12, 31))
    return links


def authorities(kind: Kind, f: Filters) -> QuerySet:
    """The authorities of ``kind`` the list shows, by name; :func:`counted` adds their numbers
    of documents to one page of them.

    Why not one ``Count`` annotation: it counted every link of every authority for each page
    and again for the total (3.3 s a request on SQLite, 1.3 s on PostgreSQL, with 30,000 persons
    and 400,000 links). "Has a document that counts" is an ``EXISTS`` tried name by name along
    the ``(name, slug)`` index, so a page stops after its rows."""
    rows = kind.authorities()
    if not f.all or f.narrows_documents:
        rows = rows.filter(Exists(_links(kind, f).filter(**{kind.field: OuterRef("pk")})))
    if f.q:
        rows = rows.filter(_name_filter(kind, rows, f.q))
    return rows.order_by("name", "slug")


def counted(kind: Kind, f: Filters, page: list) -> list:
    """``page`` (authorities), each with ``doc_count``: its documents that count."""
    column = f"{kind.field}_id"
    ids = [authority.pk for authority in page]
    counts = dict(
        _links(kind, f)
        .filter(**{f"{column}__in": ids})
        .values(column)
        .annotate(n=Count("document", distinct=True))
        .values_list(column, "n")
    )
    for authority in page:
        authority.doc_count = counts.get(authority.pk, 0)
    return page


def _name_filter(kind: Kind, rows, q: str) -> Q:
    text = Q(name__icontains=q) | Q(variants__name__icontains=q)
    if kind.field == "agent":
        text |= Q(source_ids__name__icontains=q)
    ids = matching_ids(kind, rows, q)
    return Q(id__in=ids) | Q(id__in=rows.filter(text).values("id"))


def matching_ids(kind: Kind, rows, q: str) -> list[int]:
    """Ids among ``rows`` whose name, a variant or a volume's name for them reads as ``q`` in
    some romanization or script (Kim Il Sung, Kim Il-sŏng, 김일성), or whose inverted name reads
    as ``q`` in natural order ("Rusk, Dean" as Dean Rusk).

    Only names holding all the keys of one of ``q``'s phrases are read (:mod:`.namesearch`),
    without ``rows``' conditions (links, filters) so that the key index leads; the ids that
    read as ``q`` are then narrowed to ``rows`` by id."""
    natural = kind.field != "place"
    bare = namesearch.query_phrases(q, natural)
    if not bare:
        return []
    owner = "place" if kind.field == "place" else "agent"
    same_kind = {} if kind.field == "place" else {"kind": kind.name}
    pairs = list(
        kind.model.objects.filter(namesearch.having_keys(kind.model, bare), **same_kind)
        .values_list("id", "name")
        .order_by()
    )
    sources = [NameVariant] + ([SourceId] if kind.field == "agent" else [])
    for model in sources:
        of_kind = {f"{owner}__{k}": v for k, v in same_kind.items()} or {f"{owner}__isnull": False}
        pairs += (
            model.objects.filter(namesearch.having_keys(model, bare), **of_kind)
            .values_list(f"{owner}_id", "name")
            .order_by()
        )
    found = sorted({pk for pk, name in pairs if reads_as(name, natural, bare)})
    among = [
        pk
        for part in chunks.parts(found)
        for pk in rows.filter(id__in=part).values_list("id", flat=True).order_by()
    ]
    return sorted(set(among))[:MAX_KEY_MATCHES]


def reads_as(name: str, natural: bool, bare: tuple[str, ...]) -> bool:
    """Does ``name`` read as one of the query's key phrases (``bare``), in order?

    A phrase of one syllable (Rhee, Yi, Kim: one key) is a surname: it must begin a word of the
    name, as the search's index reads it (:func:`sourcebook.core.names.index_keys`: a romanized
    word begins one only when it is a syllable itself). Else "Rhee" (ko:i) found Asakai
    Koichiro and Ishii, whose romanized words hold the syllable i."""
    have = name_phrases(name, natural)
    for phrase in bare:
        if not any(f" {phrase} " in h for h in have):
            continue
        if " " in phrase or phrase in _word_starts(name):
            return True
    return False


@lru_cache(maxsize=100_000)
def _word_starts(name: str) -> frozenset[str]:
    if len(name) > namesearch.LONGEST_NAME:
        return frozenset()
    return frozenset(index_keys(name)[1])


@lru_cache(maxsize=100_000)
def name_phrases(name: str, natural: bool = False) -> tuple[str, ...]:
    """The key phrases of ``name`` (``natural``: an agent's), padded for whole-key containment."""
    return _padded(namesearch.phrases(name, natural))


def _padded(phrases: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(f" {p} " for p in phrases)
