from django.apps import AppConfig


class RelatedConfig(AppConfig):
    """Hooks reference reading into ingest and editing, and its section into the document page."""

    name = "sourcebook.related"
    label = "related"
    verbose_name = "Related documents"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from sourcebook.archive import editing, ingest
        from sourcebook.web import views

        from .hooks import relate_edited, relate_ingested, relate_ingested_batch

        if relate_ingested not in ingest.SOURCE_HOOKS:
            ingest.SOURCE_HOOKS.append(relate_ingested)
        ingest.BATCH_HOOKS[relate_ingested] = relate_ingested_batch
        if relate_edited not in editing.EDIT_HOOKS:
            editing.EDIT_HOOKS.append(relate_edited)
        section = "related/document_section.html"
        if section not in views.DOCUMENT_SECTIONS:
            views.DOCUMENT_SECTIONS.append(section)
        from sourcebook.web import responsecache

        responsecache.PAGES.add("archival-file")
