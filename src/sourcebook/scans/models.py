"""Scans of a document: the exact files, their pages (one IIIF canvas each), and jobs.

The bytes of a scan live in the data directory under their SHA-256 (``scans/originals``), not in
the database: page images and PDFs run to megabytes each. A row is written only after its file
is complete, in the same transaction as its pages, so a failed attach leaves no row.
"""

from __future__ import annotations

from django.db import models

from sourcebook.archive.models import Document


class Scan(models.Model):
    """One attached file (a PDF, or an image of one or more pages)."""

    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="scans")
    position = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64, db_index=True)
    kind = models.CharField(max_length=10)  # "pdf" or "image"
    media_type = models.CharField(max_length=60)
    filename = models.TextField()
    size = models.BigIntegerField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["document", "position"]
        constraints = [
            models.UniqueConstraint(fields=["document", "position"], name="scan_position"),
            models.UniqueConstraint(fields=["document", "sha256"], name="scan_once_per_document"),
        ]

    def __str__(self) -> str:
        return f"{self.filename} ({self.sha256[:12]})"


class Page(models.Model):
    """One page of a document's scans: ``number`` counts from 1 across all its scans."""

    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="scan_pages")
    scan = models.ForeignKey(Scan, on_delete=models.CASCADE, related_name="pages")
    number = models.PositiveIntegerField()
    index = models.PositiveIntegerField()  # 0-based page or frame in the scan file
    width = models.PositiveIntegerField()
    height = models.PositiveIntegerField()
    derived = models.BooleanField(default=False)  # page image and pyramid written
    # OCR words of this page: [text, confidence 0-100, x0, y0, x1, y1] (hOCR kept on disk).
    ocr_words = models.JSONField(default=list, blank=True)
    ocr_languages = models.CharField(max_length=100, blank=True)

    class Meta:
        ordering = ["document", "number"]
        constraints = [
            models.UniqueConstraint(fields=["document", "number"], name="scan_page_number"),
        ]


class Job(models.Model):
    """Background work (page derivatives) and its progress, as ``sourcebook jobs`` lists it.

    The queue (Huey) carries only the job's id; this row is the truth. A job whose worker died
    (``running`` with a dead process) is queued again when a worker starts.
    """

    QUEUED, RUNNING, DONE, FAILED = "queued", "running", "done", "failed"
    STATUSES = [(s, s) for s in (QUEUED, RUNNING, DONE, FAILED)]

    kind = models.CharField(max_length=20)
    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="scan_jobs")
    scan = models.ForeignKey(Scan, on_delete=models.CASCADE, null=True, related_name="jobs")
    status = models.CharField(max_length=10, choices=STATUSES, default=QUEUED, db_index=True)
    done = models.PositiveIntegerField(default=0)
    total = models.PositiveIntegerField(default=0)
    attempts = models.PositiveIntegerField(default=0)
    worker = models.CharField(max_length=200, blank=True)
    error = models.TextField(blank=True)
    note = models.TextField(blank=True)  # what the job did, when worth saying
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.kind} {self.document_id} {self.status} {self.done}/{self.total}"
