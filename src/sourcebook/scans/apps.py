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
