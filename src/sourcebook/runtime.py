"""Starting Django from the command line: settings, then the database, migrated on first use.

Why here: no command should ever ask a user to run Django management commands. Every CLI entry
calls :func:`setup`, which creates the data directory and applies any pending migrations.
"""

from __future__ import annotations

import os
import sys


def setup(*, migrate: bool = True) -> None:
    """Settings (which make the data directory private), then the database.

    A setting that cannot be used (say ``SOURCEBOOK_BASE_URL`` with a path) is one line on stderr
    and exit status 2, not a traceback.
    """
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sourcebook.settings")
    import django
    from django.core.exceptions import ImproperlyConfigured

    try:
        django.setup()
    except ImproperlyConfigured as exc:
        print(f"error: {exc}", file=sys.stderr)
        raise SystemExit(2) from None
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
