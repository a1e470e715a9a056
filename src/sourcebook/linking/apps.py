from django.apps import AppConfig


class LinkingConfig(AppConfig):
    """Hooks the linker into ingest (after the volume hook, which writes encoded links) and
    into editing (an edited text is linked again)."""

    name = "sourcebook.linking"
    label = "linking"
    verbose_name = "Linking"

    def ready(self) -> None:
        from sourcebook.archive import editing, ingest
        from sourcebook.authorities.models import Decision
        from sourcebook.web import generation

        from .candidates import REFUSALS_TOKEN
        from .entries import READ_FROM, TOKEN
        from .hooks import link_edited, link_ingested, link_ingested_batch, relink_run

        if link_ingested not in ingest.SOURCE_HOOKS:
            ingest.SOURCE_HOOKS.append(link_ingested)
        ingest.BATCH_HOOKS[link_ingested] = link_ingested_batch
        if relink_run not in ingest.RUN_HOOKS:
            ingest.RUN_HOOKS.append(relink_run)
        if link_edited not in editing.EDIT_HOOKS:
            editing.EDIT_HOOKS.append(link_edited)
        generation.topic(TOKEN, *READ_FROM)
        generation.topic(REFUSALS_TOKEN, Decision)
