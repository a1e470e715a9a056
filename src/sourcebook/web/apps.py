from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "sourcebook.web"
    verbose_name = "Web pages"

    def ready(self) -> None:
        from axes.models import AccessAttempt, AccessAttemptExpiration, AccessFailureLog, AccessLog
        from django.contrib.sessions.models import Session
        from django.db.backends.signals import connection_created
        from django.db.models.signals import post_migrate, pre_migrate

        from . import generation, responsecache
        from .models import PageGeneration, RenderedPage

        # Every write to the archive makes a new generation (sourcebook.web.generation) but
        # these: caches filled by page views, sessions and login throttling.
        generation.exempt(PageGeneration, RenderedPage, Session)
        generation.exempt(AccessAttempt, AccessAttemptExpiration, AccessLog, AccessFailureLog)
        connection_created.connect(generation.watch_connection, dispatch_uid="sb-generation")
        pre_migrate.connect(generation.migrations_start, dispatch_uid="sb-generation-pre")
        post_migrate.connect(generation.migrations_done, dispatch_uid="sb-generation-post")
        # The API's record JSON and list too: a record's JSON costs its texts and links to read
        # (search is not kept: its answers follow the index, not the database's generation).
        responsecache.PAGES.update(["home", "document", "api:get_document", "api:list_documents"])
        self._text_words()

    def _text_words(self) -> None:
        """TEI page breaks (:mod:`.page_breaks`), the marks' labels and footnote links
        (:mod:`.text_words`) worded in the reader's language on the page, first of the text
        filters: the scans' filter then links the worded marker and gives it its title."""
        from . import views
        from .page_breaks import word_page_breaks
        from .text_words import word_marks

        for position, adjust in enumerate((word_page_breaks, word_marks)):
            if adjust not in views.TEXT_FILTERS:
                views.TEXT_FILTERS.insert(position, adjust)
