"""The rendered text of document pages, kept per version."""

from __future__ import annotations

from django.db import models


class RenderedPage(models.Model):
    """The text HTML of a document page for one version, cut at one page-size limit.

    Rendering parses the apparatus and the TEI markup of every text; doing it once per version
    instead of once per view keeps an anonymous GET cheap. A new version (ingest or edit), a
    different ``SOURCEBOOK_MAX_PAGE_BYTES`` or an authority change (see ``forget_all``) makes
    the row stale; it is then rendered again on the next view. One row per document.
    """

    document = models.OneToOneField(
        "archive.Document", on_delete=models.CASCADE, related_name="rendered_page"
    )
    version = models.PositiveIntegerField()
    max_bytes = models.BigIntegerField()
    truncated = models.BooleanField(default=False)
    # One entry per text: {"html", "legend", "tei", "truncated"}.
    texts = models.JSONField(default=list)
    rendered_at = models.DateTimeField(auto_now=True)

    @classmethod
    def forget_all(cls, **_signal) -> None:
        """Drop every rendered page (used when person links or terms change)."""
        cls.objects.all().delete()


class PageGeneration(models.Model):
    """Row 1: a random token replaced in every transaction that changes the archive. Other
    rows: the tokens of topics, replaced only when their own tables change (the linker's
    authorities, :func:`sourcebook.web.generation.topic`).

    Whole-page caches key their entries by it (:mod:`sourcebook.web.generation` says who
    replaces it and when, :mod:`sourcebook.web.responsecache` who reads it). A random token,
    not a counter, so a restored or reset database never brings back a value some cache already
    holds pages of another state under.
    """

    token = models.BigIntegerField()
