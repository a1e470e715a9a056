from django.apps import AppConfig


class HistoryConfig(AppConfig):
    name = "sourcebook.history"
    label = "history"
    verbose_name = "Public history"

    def ready(self) -> None:
        from sourcebook import apiroutes
        from sourcebook.web import responsecache

        apiroutes.add(_versions_router)

        responsecache.PAGES.update(["document-history", "document-version", "document-diff"])


def _versions_router():
    """/api/documents/<id>/versions, loaded with the API (see sourcebook.apiroutes)."""
    from .api import router

    return router
