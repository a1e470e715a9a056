"""Running the real ``sourcebook`` command against the database a test uses.

:func:`run_cli` runs the command in this process when that is the same as starting it: the
command's settings are the ones this test session loaded (no ``env_extra``, no variable they are
read from changed since), and the test is not inside a transaction that a new process could not
see. Everything else, and every call with ``process=True``, starts ``python -m sourcebook``.

Why: a new process spends about half a second starting Python and Django, and the suite runs the
command several hundred times. Tests about the process itself (signals, exit on a real
interpreter, streams, environment) pass ``process=True`` or start it with ``subprocess``.
"""

from __future__ import annotations

import json
import logging
import os
import subprocess
import sys
import traceback

from django.db import connection

# The environment the settings of this session were read from (this module is imported while
# tests are collected, before any test changes a variable).
_SESSION_ENV = dict(os.environ)
# Read at run time, not by the settings: a test may change them and still run in this process.
# DJANGO_ALLOW_ASYNC_UNSAFE changes no setting (only Django's guard against database access
# from an event loop); tests/support/browser.py sets it while the browser tests are collected,
# after this module, and counting it sent every command of the suite to a new process.
_READ_AT_RUN_TIME = {"SOURCEBOOK_INDEX", "DJANGO_ALLOW_ASYNC_UNSAFE"}


def run_cli(
    *args: str, env_extra: dict | None = None, process: bool = False
) -> subprocess.CompletedProcess:
    """Run ``sourcebook`` against the test database (stdout and stderr as text)."""
    if process or env_extra or not _same_as_a_new_process():
        return run_process(*args, env_extra=env_extra)
    return _run_here(args)


def run_process(*args: str, env_extra: dict | None = None) -> subprocess.CompletedProcess:
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


def _same_as_a_new_process() -> bool:
    """Whether a new process would load the settings this one has and see the same rows."""
    if connection.in_atomic_block:  # pytest-django's rollback: a new process sees none of it
        return False
    names = (set(_SESSION_ENV) | set(os.environ)) - _READ_AT_RUN_TIME
    names = {name for name in names if not name.startswith("PYTEST_")}  # PYTEST_CURRENT_TEST
    return all(_SESSION_ENV.get(name) == os.environ.get(name) for name in names)


def _run_here(args: tuple[str, ...]) -> subprocess.CompletedProcess:
    """``main`` with ``args``, as ``python -m sourcebook`` would run it, in this process.

    An uncaught exception ends as the interpreter ends it (traceback on stderr, status 1); the
    logging set up by the command's Django start-up and the environment are put back after.
    """
    from click.testing import CliRunner

    from sourcebook.cli import main

    environ, loggers = dict(os.environ), _logging_state()
    try:
        result = CliRunner().invoke(main, list(args), prog_name="python -m sourcebook")
    finally:
        os.environ.clear()
        os.environ.update(environ)
        _restore_logging(loggers)
    stderr = result.stderr
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        stderr += "".join(traceback.format_exception(*result.exc_info))
    return subprocess.CompletedProcess(
        ["sourcebook", *args], result.exit_code, result.stdout, stderr
    )


def _logging_state() -> dict:
    manager = logging.Logger.manager
    loggers = [logging.getLogger()] + [
        lg for lg in manager.loggerDict.values() if isinstance(lg, logging.Logger)
    ]
    return {lg: (lg.handlers[:], lg.level, lg.propagate, lg.disabled) for lg in loggers}


def _restore_logging(state: dict) -> None:
    for lg, (handlers, level, propagate, disabled) in state.items():
        lg.handlers[:] = handlers
        lg.level, lg.propagate, lg.disabled = level, propagate, disabled


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
