"""Persons the linker proposed from record texts and no editor has reviewed: the editors' queue
(``/proposed/``, ``sourcebook authorities candidates``), a page at a time, rejecting many at
once, and the ones rejected last (to take a wrong rejection back)."""

from __future__ import annotations

from django.core.validators import slug_re
from django.db import transaction
from django.db.models import Count, Q, QuerySet

from sourcebook.archive.models import Agent, DocumentAgent

from .review import NOT_REJECTED, BadReview, is_rejected, reject_candidate, standing_refusals

PAGE = 100
RECENT = 10
MAX_CHOSEN = 500
SLUG_LENGTH = 200  # the column's


def _is_slug(value: str) -> bool:
    """A slug as Django's URLs take it, no longer than the column: anything else (a NUL above
    all, which PostgreSQL refuses in text) is refused before any query."""
    return 0 < len(value) <= SLUG_LENGTH and slug_re.match(value) is not None


def waiting() -> QuerySet:
    """Unreviewed proposed persons, each with ``links``: its links not rejected."""
    rows = Agent.objects.filter(NOT_REJECTED, kind=Agent.PERSON, data__candidate=True)
    live = ~Q(document_links__link=DocumentAgent.REJECTED)
    return rows.annotate(links=Count("document_links", filter=live))


def page(after: str = "") -> tuple[list[Agent], str | None]:
    """The queue by slug from just after ``after`` (read on by key, never an OFFSET), and the
    key of the next page (None on the last). :class:`BadReview` for an ``after`` no slug."""
    if after and not _is_slug(after):
        raise BadReview("after must be a slug from the list")
    rows = list(waiting().filter(slug__gt=after).order_by("slug")[: PAGE + 1])
    return rows[:PAGE], (rows[PAGE - 1].slug if len(rows) > PAGE else None)


def parse_slugs(values: list[str]) -> list[str]:
    if not values:
        raise BadReview("choose at least one person")
    if len(values) > MAX_CHOSEN:
        raise BadReview(f"at most {MAX_CHOSEN} persons at once")
    if not all(_is_slug(v) for v in values):
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


def rejected_lately(limit: int = RECENT) -> list[Agent]:
    """The proposed persons rejected last, newest first (each once, still rejected)."""
    slugs: list[str] = []
    for slug in standing_refusals().order_by("-pk").values_list("object", flat=True).iterator():
        if slug and slug not in slugs:
            slugs.append(slug)
            if len(slugs) == limit:
                break
    found = {a.slug: a for a in Agent.objects.filter(slug__in=slugs, kind=Agent.PERSON)}
    return [found[s] for s in slugs if s in found and is_rejected(found[s])]
