from django.apps import AppConfig


class CurationConfig(AppConfig):
    """Adds the editors' links (Edit, source changes) to the document page."""

    name = "sourcebook.curation"
    label = "curation"
    verbose_name = "Curation"

    def ready(self) -> None:
        from sourcebook.web import views

        section = "curation/document_tools.html"
        if section not in views.DOCUMENT_SECTIONS:
            views.DOCUMENT_SECTIONS.insert(0, section)  # first: right under the metadata
