"""Persons the linker proposed from record texts and no editor has reviewed: the editors' queue
(``/proposed/``, ``sourcebook authorities candidates``), a page at a time, and rejecting many
at once."""

from __future__ import annotations

import re

from django.db import transaction
from django.db.models import Count, Q, QuerySet

from sourcebook.archive.models import Agent, DocumentAgent

from .review import BadReview, reject_candidate

PAGE = 100
MAX_CHOSEN = 500
# What a slug may be (Django's slug converter, bounded as the column is): anything else, a NUL
# above all (PostgreSQL refuses it in text), is refused before any query.
_SLUG = re.compile(r"[-a-zA-Z0-9_]{1,200}")


def waiting() -> QuerySet:
    """Unreviewed proposed persons, each with ``links``: its links not rejected."""
    rows = Agent.objects.filter(
        kind=Agent.PERSON, data__candidate=True, data__rejected_by__isnull=True
    )
    live = ~Q(document_links__link=DocumentAgent.REJECTED)
    return rows.annotate(links=Count("document_links", filter=live))


def page(after: str = "") -> tuple[list[Agent], str | None]:
    """The queue by slug from just after ``after`` (read on by key, never an OFFSET), and the
    key of the next page (None on the last). :class:`BadReview` for an ``after`` no slug."""
    if after and not _SLUG.fullmatch(after):
        raise BadReview("after must be a slug from the list")
    rows = list(waiting().filter(slug__gt=after).order_by("slug")[: PAGE + 1])
    return rows[:PAGE], (rows[PAGE - 1].slug if len(rows) > PAGE else None)


def parse_slugs(values: list[str]) -> list[str]:
    if not values:
        raise BadReview("choose at least one person")
    if len(values) > MAX_CHOSEN:
        raise BadReview(f"at most {MAX_CHOSEN} persons at once")
    if not all(_SLUG.fullmatch(v) for v in values):
        raise BadReview("person values are slugs from the list")
    return sorted(set(values))


def reject_many(slugs: list[str], actor: str) -> int:
    """Reject each of ``slugs`` (:func:`~.review.reject_candidate`), all or none: one that is
    no person waiting for review (rejected meanwhile, accepted, mistyped) changes nothing."""
    with transaction.atomic():
        found = {a.slug: a for a in Agent.objects.filter(slug__in=slugs, kind=Agent.PERSON)}
        for slug in slugs:
            if slug not in found:
                raise BadReview(f"{slug} is no person waiting for review")
            reject_candidate(found[slug], actor)
    return len(slugs)
