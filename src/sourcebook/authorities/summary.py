"""An authority's counts kept between states of the archive, for one named in many documents.

Why: the authority page and ``/api/persons/<id>`` count over every link of the authority: its
documents, its roles, the persons named beside it (one aggregate over the links of all its
documents), and which documents and mentions come first in time order. For a person named in
30,000 of 100,000 documents that is about a second on either database, and it grows with the
archive (about ten at a million). The page cache keeps a page per state of the archive, but
every write (an ingest batch, an editor's correction) makes a new state, and its first reader
paid the whole count.

How: once an authority is counted with at least ``SOURCEBOOK_SUMMARY_FROM`` documents, its
counts are kept in a :class:`~.models.Summary` row with the archive's generation
(:mod:`sourcebook.web.generation`) they were made at. A view of that generation reads them. A
view of a later generation shows them with their date (the page says so, and is kept by no
cache) and asks the job worker to count again, at most once per ``SOURCEBOOK_SUMMARY_EVERY``
seconds whatever the rate of writes; no reader waits. Only the first view of such an authority
counts in the request. An authority with fewer documents is counted on every view, as before:
that is cheap and always current.

What is never kept: the documents and mentions listed are read live for the kept ids, so a
document withdrawn or a link rejected since drops out at once; only the counts and the persons
named beside it can be behind, and by how long is shown.

Why the row's writes are exempt from the generation (``AppConfig.ready``): a count stored is not
a change of the archive; otherwise storing it would make the state it describes old at once.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Count
from django.utils import timezone

from sourcebook.archive.models import Agent, DocumentAgent, DocumentPlace, Place
from sourcebook.web import generation

from . import profile
from .kinds import KINDS, Kind, kind_of
from .models import Summary

log = logging.getLogger(__name__)

CALL = "authority-summary"  # the job worker's name for :func:`recount`
SWEEP = "authority-summary-sweep"  # … and for :func:`count_the_much_named`


@dataclass
class Counts:
    """What an authority page shows that grows with its links."""

    document_count: int
    roles: list[dict]
    peers: list[dict]
    documents: list[dict]
    mentions: list[dict]
    as_of: datetime | None = None  # when the counts shown were made, if the archive changed since


def counts(kind: Kind, authority) -> Counts:
    """The kept counts when there are any (as of their date if the archive has changed since),
    else counted now, and kept when the authority is named in many documents."""
    state = generation.current()  # read before any count, so a write meanwhile is seen as one
    row = Summary.objects.filter(**_key(kind, authority)).first()
    if row is None:
        return _count(kind, authority, state, keep=False)
    stale = state is None or row.token != state[0]
    if stale:
        _ask_again(kind, authority, row)
    data = row.data
    return Counts(
        document_count=data["document_count"],
        roles=data["roles"],
        peers=data["peers"],
        documents=profile.documents(kind, authority, among=data["documents"]),
        mentions=profile.mentions(kind, authority, among=data["mentions"]),
        as_of=row.counted_at if stale else None,
    )


def recount(kind_name: str, pk: int) -> None:
    """The job worker's call: count an authority again and keep the counts, or drop the row
    when it is no longer named in many documents (a split, withdrawals)."""
    kind = KINDS[kind_name]
    authority = kind.authorities().filter(pk=pk).first()
    if authority is not None:
        _count(kind, authority, generation.current(), keep=True)


def count_the_much_named() -> int:
    """Count and keep every authority named in ``SOURCEBOOK_SUMMARY_FROM`` documents or more
    that has no kept counts yet; how many were counted. The job worker runs it after an ingest
    (:data:`SWEEP`), so that not even the first reader of such a page waits for its count
    (about ten seconds for a person in a third of a million documents). Link rows are counted
    first, a bound on the documents, and only those authorities are counted in full."""
    counted = 0
    for link_model, model, field in (
        (DocumentAgent, Agent, "agent"),
        (DocumentPlace, Place, "place"),
    ):
        kept = Summary.objects.filter(**{f"{field}__isnull": False}).values(field)
        many = (
            link_model.objects.values(field)
            .annotate(n=Count("id"))
            .filter(n__gte=settings.SOURCEBOOK_SUMMARY_FROM)
            .exclude(**{f"{field}__in": kept})
            .values_list(field, flat=True)
        )
        for authority in model.objects.filter(pk__in=list(many)).iterator():
            _count(kind_of(authority), authority, generation.current(), keep=False)
            counted += 1
    return counted


def sweep_later() -> None:
    """``AFTER_INGEST``: have the job worker count the much-named (never in the ingest itself:
    it is the worker's time, not the command's)."""
    _queue(SWEEP)  # if the queue is down, the first reader counts, as before


def recount_stale() -> int:
    """Count again, here and now, every kept summary older than the archive; how many. For
    the static edition: no worker will come by its pages, which must not say "being counted"."""
    state = generation.current()
    if state is None:
        return 0
    stale = Summary.objects.exclude(token=state[0]).select_related("agent", "place")
    counted = 0
    for row in stale.iterator():
        authority = row.agent or row.place
        _count(kind_of(authority), authority, state, keep=True)
        counted += 1
    return counted


def _key(kind: Kind, authority) -> dict:
    return {"place" if kind.field == "place" else "agent": authority}


def _count(kind: Kind, authority, state, keep: bool) -> Counts:
    """Count now; keep the counts if there are many documents (drop a kept row if there are
    not and ``keep``: only the recount may write when the row is not worth it)."""
    found = Counts(
        document_count=profile.document_count(kind, authority),
        roles=profile.roles(kind, authority),
        peers=profile.co_occurring(kind, authority),
        documents=profile.documents(kind, authority),
        mentions=profile.mentions(kind, authority),
    )
    if state is not None and found.document_count >= settings.SOURCEBOOK_SUMMARY_FROM:
        _store(kind, authority, state[0], found)
    elif keep:
        Summary.objects.filter(**_key(kind, authority)).delete()
    return found


def _store(kind: Kind, authority, token: int, found: Counts) -> None:
    data = {
        "document_count": found.document_count,
        "roles": found.roles,
        "peers": found.peers,
        "documents": [d["pk"] for d in found.documents],
        "mentions": list(dict.fromkeys(m["link_pk"] for m in found.mentions)),
    }
    values = {"token": token, "counted_at": timezone.now(), "requested_at": None, "data": data}
    try:
        with transaction.atomic():
            Summary.objects.update_or_create(**_key(kind, authority), defaults=values)
    except IntegrityError:  # another process stored its count first: as good as ours
        pass


def _ask_again(kind: Kind, authority, row: Summary) -> None:
    """Queue a recount unless one was asked for, or made, within ``SOURCEBOOK_SUMMARY_EVERY``
    seconds; of several processes seeing the same row, only the one whose update lands asks."""
    now = timezone.now()
    last = max(row.counted_at, row.requested_at or row.counted_at)
    if (now - last).total_seconds() < settings.SOURCEBOOK_SUMMARY_EVERY:
        return
    asked = Summary.objects.filter(pk=row.pk, requested_at=row.requested_at).update(
        requested_at=now
    )
    if asked:
        _queue(CALL, kind.name, authority.pk)  # if the queue is down, asked again later


def _queue(name: str, *args) -> None:
    """Queue a call for the job worker; a queue that is down (Redis) is logged, never raised:
    what asked for it works without it."""
    from sourcebook.scans import jobs

    try:
        jobs.call_later(name, *args)
    except Exception:
        log.warning("could not queue %s%r for the job worker", name, args, exc_info=True)
