"""Starting Django from the command line: settings, then the database, migrated on first use.

Why here: no command should ever ask a user to run Django management commands. Every CLI entry
calls :func:`setup`, which creates the data directory and applies any pending migrations.
"""

from __future__ import annotations

import os


def setup(*, migrate: bool = True) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sourcebook.settings")
    import django

    django.setup()
    if migrate:
        migrate_if_needed()


def migrate_if_needed() -> bool:
    """Apply pending migrations; returns whether anything was applied."""
    from django.core.management import call_command
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connection)
    plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    if not plan:
        return False
    call_command("migrate", verbosity=0, interactive=False)
    return True
