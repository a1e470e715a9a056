"""Running the real ``sourcebook`` command against the database a test uses."""

from __future__ import annotations

import json
import os
import subprocess
import sys

from django.db import connection


def run_cli(*args: str, env_extra: dict | None = None) -> subprocess.CompletedProcess:
    """Run ``sourcebook`` in a subprocess against the test database."""
    env = dict(os.environ)
    env.update(_database_env())
    env.update(env_extra or {})
    return subprocess.run(
        [sys.executable, "-m", "sourcebook", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )


def _database_env() -> dict:
    """Point a child process at the database this test uses (pytest-django's test database)."""
    settings = connection.settings_dict
    if connection.vendor == "sqlite":
        return {"DATABASE_URL": f"sqlite:///{settings['NAME']}"}
    url = f"postgres://{settings['USER']}@{settings['HOST']}:{settings['PORT']}/{settings['NAME']}"
    return {"DATABASE_URL": url}


def snapshot() -> dict:
    """Every row of every archive table, to prove a failed ingest changed nothing."""
    from django.apps import apps

    state = {}
    for model in apps.get_app_config("archive").get_models():
        state[model.__name__] = sorted(
            json.dumps(row, sort_keys=True, default=str) for row in model.objects.values()
        )
    return state
