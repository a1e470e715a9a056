from django.apps import AppConfig


class ArchiveConfig(AppConfig):
    name = "sourcebook.archive"
    verbose_name = "Archive"

    def ready(self) -> None:
        from sourcebook.archive import long_lists

        long_lists.register()
