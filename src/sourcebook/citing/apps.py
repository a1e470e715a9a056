from django.apps import AppConfig


class CitingConfig(AppConfig):
    name = "sourcebook.citing"
    label = "citing"
    verbose_name = "Citing and harvesting"

    def ready(self) -> None:
        from sourcebook.web import generation, views

        from .models import RenderedCitations

        # The cite box's cache, filled by page views: no change to the archive.
        generation.exempt(RenderedCitations)

        section = "sourcebook/citing/document_section.html"
        if section not in views.DOCUMENT_SECTIONS:
            views.DOCUMENT_SECTIONS.append(section)
        from sourcebook.search import views as search_views

        downloads = "sourcebook/citing/search_downloads.html"
        if downloads not in search_views.SEARCH_SECTIONS:
            search_views.SEARCH_SECTIONS.append(downloads)
        from . import api  # noqa: F401  (adds /api/documents/<id>/citations)
