from django.apps import AppConfig


class HistoryConfig(AppConfig):
    name = "sourcebook.history"
    label = "history"
    verbose_name = "Public history"

    def ready(self) -> None:
        from sourcebook.web import responsecache

        from . import api  # noqa: F401  (adds /api/documents/<id>/versions)

        responsecache.PAGES.update(["document-history", "document-version", "document-diff"])
