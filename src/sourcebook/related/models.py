"""Reference numbers as read from each document, the replies resolved from them, and each
document's place in its archival file.

Why stored and not computed per page: a reply is found by looking up its number among every
other document's numbers; kept in indexed rows, a page needs two small queries, and an ingest
resolves the new documents against the archive in both directions (:mod:`.service`).
"""

from __future__ import annotations

from django.db import models

from sourcebook.archive.models import Document


class Number(models.Model):
    """A reference number of a document: its own (``own``) or one it answers (``cites``).

    ``key`` is the number with its series (:mod:`sourcebook.core.references`); empty when the
    series cannot be told, and then only ``label`` (the words as written) is shown."""

    OWN, CITES = "own", "cites"
    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="numbers")
    role = models.CharField(max_length=10, choices=[(OWN, OWN), (CITES, CITES)])
    key = models.CharField(max_length=300, blank=True, db_index=True)
    label = models.CharField(max_length=300)
    dated = models.BooleanField(default=False, help_text="The key carries its year")
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["document", "role", "position"]

    def __str__(self) -> str:
        return f"{self.document_id} {self.role} {self.label}"


class Reply(models.Model):
    """``document`` answers ``target``: ``number`` (one of its ``cites``) is ``target``'s own."""

    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="replies_to")
    target = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="replied_by")
    number = models.ForeignKey(Number, on_delete=models.CASCADE, related_name="replies")

    class Meta:
        unique_together = [("document", "target", "number")]
        ordering = ["id"]


class FilePlace(models.Model):
    """Where a document sits in its archival file: the file (repository or archive, and the
    file reference, normalized) and its first page as a number for ordering."""

    document = models.OneToOneField(Document, on_delete=models.CASCADE, related_name="file_place")
    file_key = models.CharField(max_length=1000, db_index=True)
    page = models.IntegerField(null=True, blank=True)

    class Meta:
        ordering = ["file_key", "page"]
