from django.db import models


class RenderedCitations(models.Model):
    """The rendered styles of the Cite box for one version of a document at one page URL.

    citeproc-py takes about half a second of CPU per document; an in-process cache helps one
    process only, while ``serve --workers`` and ``export-site`` each rendered every document
    again. A row is keyed by everything the citations depend on besides the code: the version
    (an edit makes a new one), whether the version is pinned (a version page names it) and the
    page URL the citations link to. ``format`` is the citation code's shape
    (:data:`sourcebook.citing.cache.FORMAT`); a row of another format is rendered again.
    """

    document = models.ForeignKey(
        "archive.Document", on_delete=models.CASCADE, related_name="rendered_citations"
    )
    version = models.PositiveIntegerField()
    pinned = models.BooleanField(default=False)
    page_url = models.TextField()
    format = models.PositiveIntegerField()
    # [{"key": style, "text": plain text, "html": safe HTML}] in the Cite box's order
    styles = models.JSONField()
    created_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["document", "version", "pinned", "page_url"],
                name="citing_rendered_citations_unique",
            )
        ]
