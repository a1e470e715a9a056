from django.apps import AppConfig


class ScansConfig(AppConfig):
    """Hooks itself into ingest (scans beside a record, kept out of the folder walk) and the
    document page; registers the job handlers."""

    name = "sourcebook.scans"
    label = "scans"
    verbose_name = "Scans"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from django.conf import settings
        from PIL import Image

        from sourcebook.archive import ingest
        from sourcebook.web import views

        from . import derive, ocr  # noqa: F401 (register the derive and ocr jobs)
        from .attaching import is_companion
        from .hooks import attach_beside

        # Pillow refuses images over twice this on its own; ours are checked against it first.
        Image.MAX_IMAGE_PIXELS = settings.SOURCEBOOK_MAX_IMAGE_PIXELS
        if attach_beside not in ingest.SOURCE_HOOKS:
            ingest.SOURCE_HOOKS.append(attach_beside)
        if is_companion not in ingest.COMPANION_FILES:
            ingest.COMPANION_FILES.append(is_companion)
        section = "scans/document_section.html"
        if section not in views.DOCUMENT_SECTIONS:
            views.DOCUMENT_SECTIONS.append(section)
        self._beside_the_text(views)
        self._in_the_index()

    def _in_the_index(self) -> None:
        """A document with scans is found by the facet value "Scan" (Available)."""
        from sourcebook.archive.prefetched import kept
        from sourcebook.search import documents

        from .hooks import has_scan
        from .models import Page

        if has_scan not in documents.HAS_SOURCES:
            documents.HAS_SOURCES.append(has_scan)
            documents.INDEX_PREFETCH.append(
                kept("scan_pages", Page.objects.only("id", "document_id"))
            )

    def _beside_the_text(self, views) -> None:
        """The scan column of the document page, its page markers linked to the scan, and the
        viewer's one inline style allowed there."""
        from .beside import link_page_markers
        from .viewer_style import VIEWER_STYLE

        if "scans/document_beside.html" not in views.DOCUMENT_BESIDE:
            views.DOCUMENT_BESIDE.append("scans/document_beside.html")
        if link_page_markers not in views.TEXT_FILTERS:
            views.TEXT_FILTERS.append(link_page_markers)
        styles = views.DOCUMENT_CSP.setdefault("style-src", [])
        if VIEWER_STYLE not in styles:
            styles.append(VIEWER_STYLE)
