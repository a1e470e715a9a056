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
        self._forget_rendered_pages_on_change()
        self._keep_name_keys()
        self._keep_summaries()
        from sourcebook.web import responsecache

        # Kept whole for anonymous readers (editors get the review form, never a kept page).
        responsecache.PAGES.update(
            ["persons", "person", "organizations", "organization", "places", "place"]
            + ["collections", "collection"]
            # Their JSON: a person named in a third of the archive costs a second to count.
            + ["api:list_persons", "api:get_person", "api:list_collections", "api:get_collection"]
        )

    def _forget_rendered_pages_on_change(self) -> None:
        """Rendered TEI texts link persons by slug and show terms: a merge or an edit of either
        makes cached document pages stale (bulk ingest writes no signals, and needs none: its
        documents get new versions)."""
        from django.db.models.signals import post_delete, post_save

        from sourcebook.archive.models import Agent
        from sourcebook.web.models import RenderedPage

        from .models import SourceId, Term

        for model in (Agent, SourceId, Term):
            for signal in (post_save, post_delete):
                signal.connect(
                    RenderedPage.forget_all, sender=model, dispatch_uid=f"rendered-{model.__name__}"
                )

    def _keep_summaries(self) -> None:
        """Much-named authorities' counts (:mod:`.summary`): stored without making a new state
        of the archive, counted again by the job worker."""
        from sourcebook.scans import jobs
        from sourcebook.web import generation

        from . import summary
        from .models import Summary

        generation.exempt(Summary)
        jobs.CALLS[summary.CALL] = summary.recount
        jobs.CALLS[summary.SWEEP] = summary.count_the_much_named
        from sourcebook.cli.documents import AFTER_INGEST

        if summary.sweep_later not in AFTER_INGEST:
            AFTER_INGEST.append(summary.sweep_later)

    def _keep_name_keys(self) -> None:
        """A source id saved may have a new name or description, an agent, place or variant a
        new name: their keys follow (:mod:`.keyindex`, :mod:`.namesearch`; ``bulk_create`` sends
        no signal, and its callers index those)."""
        from django.db.models.signals import post_save

        from sourcebook.archive.models import Agent, NameVariant, Place

        from . import namesearch
        from .keyindex import on_save
        from .models import SourceId

        post_save.connect(on_save, sender=SourceId, dispatch_uid="authorities-source-id-keys")
        # The lists' name search (:mod:`.namesearch`): every name it reads.
        for model in (Agent, Place, NameVariant, SourceId):
            post_save.connect(
                namesearch.on_save, sender=model, dispatch_uid=f"name-keys-{model.__name__}"
            )
