from django.apps import AppConfig


class AuthoritiesConfig(AppConfig):
    """Hooks itself into ingest (SOURCE_HOOKS), the document page and the TEI text renderer."""

    name = "sourcebook.authorities"
    label = "authorities"
    verbose_name = "Authorities"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from sourcebook.archive import ingest
        from sourcebook.web import views

        from .hooks import ingest_volume
        from .rendering import render_tei_text

        if ingest_volume not in ingest.SOURCE_HOOKS:
            ingest.SOURCE_HOOKS.append(ingest_volume)
        section = "authorities/document_section.html"
        if section not in views.DOCUMENT_SECTIONS:
            views.DOCUMENT_SECTIONS.append(section)
        views.TEXT_RENDERERS["tei"] = render_tei_text
