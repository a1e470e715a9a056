"""Rows written once for a whole test module, for modules whose tests only read them."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from django.core.management import call_command


@contextmanager
def kept_for_module(django_db_blocker) -> Iterator[None]:
    """Let a module-scoped fixture write rows that every test of its module starts from, and
    empty the database when the module is done.

    Why: an archive ingested again for each test was a large share of the suite's time (three
    FRUS volumes take seconds). Each ``django_db`` test runs in a transaction that is rolled
    back, so what a test writes is undone; what is not undone (files such as a search index,
    or the rows a transactional test leaves) must not be written by the module's tests.

    The module-scoped fixture must be named as an argument (of the tests or of a fixture they
    name), not fetched with ``request.getfixturevalue``: pytest then makes it before the first
    test's transaction begins. Fetched inside a test, its rows went with that test's rollback.
    """
    with django_db_blocker.unblock():
        try:
            yield
        finally:
            call_command("flush", interactive=False, verbosity=0)
