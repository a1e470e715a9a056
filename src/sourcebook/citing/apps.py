from django.apps import AppConfig


class CitingConfig(AppConfig):
    name = "sourcebook.citing"
    label = "citing"
    verbose_name = "Citing and harvesting"

    def ready(self) -> None:
        from sourcebook import apiroutes
        from sourcebook.web import generation, views

        from .models import RenderedCitations

        # The cite box's cache, filled by page views: no change to the archive.
        generation.exempt(RenderedCitations)

        section = "sourcebook/citing/document_section.html"
        if section not in views.DOCUMENT_SECTIONS:
            views.DOCUMENT_SECTIONS.append(section)
        from sourcebook.search.sections import SEARCH_SECTIONS

        downloads = "sourcebook/citing/search_downloads.html"
        if downloads not in SEARCH_SECTIONS:
            SEARCH_SECTIONS.append(downloads)
        apiroutes.add(_citations_router)


def _citations_router():
    """/api/documents/<id>/citations, loaded with the API (see sourcebook.apiroutes)."""
    from .api import router

    return router
