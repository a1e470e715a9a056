from django.apps import AppConfig


class AccountsConfig(AppConfig):
    """Keeps the role groups in step with the code after every migration."""

    name = "sourcebook.accounts"
    label = "accounts"
    verbose_name = "Accounts"

    def ready(self) -> None:
        from django.db.models.signals import post_migrate

        from .roles import sync_after_migrate

        post_migrate.connect(sync_after_migrate, dispatch_uid="sourcebook-accounts-roles")
