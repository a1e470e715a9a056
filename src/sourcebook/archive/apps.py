from django.apps import AppConfig


class ArchiveConfig(AppConfig):
    name = "sourcebook.archive"
    verbose_name = "Archive"
